#include "server/ledger_snapshot.h"

#include <nlohmann/json.hpp>

namespace xb::server {
namespace {

using Json = nlohmann::json;

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Int(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

EntrySummary SummariseEntry(uint64_t index, std::string_view canonical) {
  EntrySummary s;
  s.index = index;
  Json j = Json::parse(canonical, nullptr, false);
  if (!j.is_object()) return s;
  s.type = Str(j, "type");
  s.as_of = Str(j, "as_of");
  s.exporter = Str(j, "exporter");
  s.recipient = Str(j, "recipient");
  s.country = Str(j, "country");
  s.purpose = Str(j, "purpose");
  s.package = Str(j, "package");
  s.plan_sha256 = Str(j, "plan_sha256");
  if (s.type == "report") {
    s.report_kind = Str(j, "kind");
    s.made_on = Str(j, "made_on");
    if (auto f = j.find("files"); f != j.end() && f->is_object()) {
      for (auto it = f->begin(); it != f->end(); ++it) s.files.push_back(it.key());
    }
    if (auto l = j.find("languages"); l != j.end() && l->is_array()) {
      for (const Json& lang : *l) {
        if (lang.is_string()) s.languages.push_back(lang.get<std::string>());
      }
    }
    if (auto subject = j.find("subject"); subject != j.end() && subject->is_object()) {
      s.exporter = Str(*subject, "exporter");
    }
  }
  if (s.type == "alert") {
    s.alert_kind = Str(j, "kind");
    s.severity = Str(j, "severity");
    s.time = Str(j, "time");
    s.detail = Str(j, "detail");
    s.event_ref = Str(j, "event_ref");
  }
  if (auto d = j.find("decision"); d != j.end() && d->is_object()) s.decision = Str(*d, "decision");
  if (auto m = j.find("mechanism"); m != j.end() && m->is_object()) {
    s.mechanism_type = Str(*m, "type");
    s.mechanism_reference = Str(*m, "reference");
  }
  if (auto c = j.find("counts"); c != j.end() && c->is_object()) {
    s.individuals = Int(*c, "individuals");
    s.sensitive_individuals = Int(*c, "sensitive_individuals");
  }
  if (auto ds = j.find("datasets"); ds != j.end() && ds->is_array()) {
    for (const Json& d : *ds) {
      if (s.type == "transfer" && d.is_object() && !Str(d, "source_sha256").empty()) {
        s.sources.emplace_back(Str(d, "source"), Str(d, "source_sha256"));
      }
      auto consent = d.find("consent");
      if (consent == d.end() || !consent->is_object()) continue;
      auto by = consent->find("individuals");
      if (by == consent->end() || !by->is_object()) continue;
      for (auto it = by->begin(); it != by->end(); ++it) {
        if (it.value().is_number_integer()) s.consent[it.key()] += it.value().get<int64_t>();
      }
    }
  }
  return s;
}

Result<std::shared_ptr<const LedgerSnapshot>> SnapshotCache::Current(ledger::Ledger& ledger) {
  std::lock_guard<std::mutex> lock(mu_);
  std::shared_ptr<const LedgerSnapshot> result;
  // One read snapshot: the head, its note and the entries belong to the same tree.
  Status s = ledger.store().WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger.Head());
    if (last_ && last_->size == head.size && last_->root == head.root) {
      result = last_;
      return Status::Ok();
    }
    auto next = std::make_shared<LedgerSnapshot>();
    uint64_t from = 0;
    if (last_ && last_->size <= head.size) {
      next->entries = last_->entries;
      next->transfers = last_->transfers;
      next->reports = last_->reports;
      next->alerts = last_->alerts;
      from = last_->size;
    }
    XB_ASSIGN_OR_RETURN(next->checkpoint_note, ledger.CheckpointNote());
    next->size = head.size;
    next->root = head.root;
    auto add = [&](uint64_t i, std::string_view entry) {
      next->entries.push_back(SummariseEntry(i, entry));
      if (next->entries.back().is_transfer()) next->transfers.push_back(i);
      if (next->entries.back().is_report()) next->reports.push_back(i);
      if (next->entries.back().is_alert()) next->alerts.push_back(i);
    };
    if (from == 0 && head.size > 0) {
      // The first read of a large ledger: one scan instead of a lookup per entry.
      next->entries.reserve(head.size);
      XB_RETURN_IF_ERROR(
          ledger.store().ScanEntries([&](uint64_t i, std::string_view entry) -> Status {
            if (i != next->entries.size()) {
              return i < head.size ? Corruption("the ledger's entries are not contiguous")
                                   : Status::Ok();
            }
            if (i < head.size) add(i, entry);
            return Status::Ok();
          }));
      if (next->entries.size() != head.size)
        return Corruption("the ledger lacks entries below its head");
    } else {
      for (uint64_t i = from; i < head.size; ++i) {
        XB_ASSIGN_OR_RETURN(std::string entry, ledger.Entry(i));
        add(i, entry);
      }
    }
    last_ = next;
    result = next;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return result;
}

}  // namespace xb::server
