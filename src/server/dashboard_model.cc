#include "server/dashboard_model.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "consent/consent_store.h"
#include "core/atomic_file.h"
#include "transfer/withdrawals.h"

namespace xb::server {
namespace fs = std::filesystem;

const std::array<Threshold, 3> kThresholds = {{
    {"individuals", 100'000, "cn.provisions-2024.art8.volume", "Provisions 2024, Art. 8",
     "100,000: standard contract or certification", "10万：标准合同或认证"},
    {"individuals", 1'000'000, "cn.provisions-2024.art7.2.volume", "Provisions 2024, Art. 7(2)",
     "1,000,000: security assessment", "100万：安全评估"},
    {"sensitive", 10'000, "cn.provisions-2024.art7.2.volume", "Provisions 2024, Art. 7(2)",
     "10,000 sensitive: security assessment", "1万（敏感）：安全评估"},
}};

bool IsMechanismWindow(const std::string& rule_id) {
  for (const char* word : {"validity", "extension", "expiry", "refiling", "redeclare"}) {
    if (rule_id.find(word) != std::string::npos) return true;
  }
  return false;
}

namespace {

int MonthOf(const std::string& as_of) {
  auto d = CivilDate::Parse(as_of);
  return d ? d->month() : 0;
}
int YearOf(const std::string& as_of) {
  auto d = CivilDate::Parse(as_of);
  return d ? d->year() : 0;
}

}  // namespace

int DashboardBuilder::WorkingDaysBetween(CivilDate from, CivilDate to) const {
  int n = 0;
  for (CivilDate d = from.AddDays(1); d <= to; d = d.AddDays(1)) {
    if (calendar_ == nullptr || calendar_->IsWorkingDay(d)) ++n;
  }
  return n;
}

const DashboardBuilder::PackageFacts& DashboardBuilder::FactsFor(const EntrySummary& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = facts_.find(entry.index);
  if (it != facts_.end()) return it->second;
  PackageFacts facts;
  if (entry.has_package_folder() && !packages_dir_.empty()) {
    auto text = ReadFile((fs::path(packages_dir_) / entry.package / "decision.json").string());
    nlohmann::json d = text.ok() ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (d.is_object() && d.contains("obligations") && d["obligations"].is_array()) {
      for (const auto& o : d["obligations"]) {
        if (!o.is_object() || !o.contains("due") || !o["due"].is_string()) continue;
        DueItem item;
        item.due = o["due"].get<std::string>();
        item.title = o.value("title", "");
        item.citation = o.value("citation", "");
        item.rule = o.value("rule", "");
        item.provisional = o.value("due_provisional", false);
        item.exporter = entry.exporter;
        item.recipient = entry.recipient;
        item.index = entry.index;
        facts.dues.push_back(std::move(item));
      }
    }
  }
  return facts_.emplace(entry.index, std::move(facts)).first->second;
}

Result<DashboardModel> DashboardBuilder::Build(const LedgerSnapshot& snapshot,
                                               ledger::Ledger& ledger, CivilDate today) {
  DashboardModel m;
  m.today = today;
  m.year = today.year();
  m.size = snapshot.size;
  m.root_hex = ToHex(snapshot.root);
  m.checkpoint_note = snapshot.checkpoint_note;

  std::map<std::string, bool> exporters;
  std::map<std::pair<std::string, std::string>, PlaceRow> places;
  std::map<std::pair<std::string, std::string>, MechanismRow> mechanisms;
  for (uint64_t i : snapshot.transfers) {
    const EntrySummary& e = snapshot.entries[i];
    const bool completed = e.type == "transfer";
    const int year = YearOf(e.as_of);
    const int month = MonthOf(e.as_of);
    if (year == m.year && month >= 1) {
      (completed ? m.transfers_by_month : m.refusals_by_month)[month - 1]++;
      (completed ? m.transfers_this_year : m.refusals_this_year)++;
      if (completed) {
        exporters[e.exporter] = true;
        for (const auto& [coverage, n] : e.consent) m.consent[coverage] += n;
      }
    }
    if (!completed) continue;
    PlaceRow& place = places[{e.recipient, e.country}];
    place.recipient = e.recipient;
    place.country = e.country;
    place.transfers++;
    place.individuals += e.individuals;
    place.last_as_of = std::max(place.last_as_of, e.as_of);
    m.countries[e.country]++;
    const PackageFacts& facts = FactsFor(e);
    if (!e.mechanism_type.empty()) {
      MechanismRow& mech = mechanisms[{e.mechanism_type, e.mechanism_reference}];
      mech.type = e.mechanism_type;
      mech.reference = e.mechanism_reference;
      mech.transfers++;
      if (mech.first_as_of.empty() || e.as_of < mech.first_as_of) mech.first_as_of = e.as_of;
      mech.last_as_of = std::max(mech.last_as_of, e.as_of);
      for (const DueItem& d : facts.dues) {
        if (IsMechanismWindow(d.rule)) mech.windows.push_back(d);
      }
    }
    for (const DueItem& d : facts.dues) {
      auto due = CivilDate::Parse(d.due);
      if (!due || *due < today) continue;
      DueItem item = d;
      item.working_days_left = WorkingDaysBetween(today, *due);
      m.obligations.push_back(std::move(item));
    }
  }
  for (auto& [key, place] : places) m.recipients.push_back(std::move(place));
  std::stable_sort(m.recipients.begin(), m.recipients.end(),
                   [](const PlaceRow& a, const PlaceRow& b) { return a.transfers > b.transfers; });
  for (auto& [key, mech] : mechanisms) {
    std::sort(mech.windows.begin(), mech.windows.end(),
              [](const DueItem& a, const DueItem& b) { return a.due < b.due; });
    auto same = [](const DueItem& a, const DueItem& b) {
      return a.due == b.due && a.rule == b.rule;
    };
    mech.windows.erase(std::unique(mech.windows.begin(), mech.windows.end(), same),
                       mech.windows.end());
    m.mechanisms.push_back(std::move(mech));
  }
  std::stable_sort(m.obligations.begin(), m.obligations.end(),
                   [](const DueItem& a, const DueItem& b) { return a.due < b.due; });
  if (m.obligations.size() > 50) m.obligations.resize(50);

  for (const auto& [name, unused] : exporters) {
    XB_ASSIGN_OR_RETURN(ledger::YearToDateCounts ytd, ledger.YearToDate(name, m.year, key_id_));
    ExporterYear row;
    row.exporter = name;
    row.individuals = ytd.year_to_date.counted.individuals;
    row.sensitive_individuals = ytd.year_to_date.counted.sensitive_individuals;
    row.exempt_individuals = ytd.year_to_date.exempt.individuals;
    m.exporters.push_back(std::move(row));
  }

  // Withdrawals whose individuals were already sent: the recipients must be asked to delete.
  // Opened for writing, as the server's own ledger handles are: on SQLite such a connection
  // always reads the write-ahead log the server's appends keep growing.
  auto consents = consent::ConsentStore::Open(db_);
  if (!consents.ok() || key_id_.empty()) {
    m.withdrawals_note = "no consent registry";
  } else {
    auto impact = transfer::FindWithdrawalImpact(ledger, **consents, key_id_,
                                                 *CivilDate::FromYmd(m.year - 1, 1, 1));
    if (!impact.ok()) {
      m.withdrawals_note = "the consent registry could not be read";
    } else {
      for (const auto& w : *impact) {
        m.withdrawals.push_back({w.index, w.as_of, w.recipient, w.country, w.individuals});
      }
    }
  }

  for (auto it = snapshot.reports.rbegin(); it != snapshot.reports.rend(); ++it) {
    if (m.documents.size() >= 50) break;
    const EntrySummary& e = snapshot.entries[*it];
    DocumentRow row{e.index, e.report_kind, e.made_on, e.exporter, e.languages, {}};
    for (const std::string& name : e.files) {
      std::error_code ec;
      const bool here =
          !reports_dir_.empty() &&
          fs::is_regular_file(fs::path(reports_dir_) / std::to_string(e.index) / name, ec);
      row.files.push_back({name, here});
    }
    m.documents.push_back(std::move(row));
  }
  return m;
}

}  // namespace xb::server
