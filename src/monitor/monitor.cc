#include "monitor/monitor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xb::monitor {
namespace {

constexpr std::string_view kTransferType = "\"type\":\"transfer\"";
constexpr char kBaselineMark[] = "baseline|";

std::string WithCommas(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The event's categories whose data is sensitive in `j`: every kind of PI in them is (the
// taxonomy's kEveryKind reading; an event does not say which kinds it carried).
uint32_t SensitiveCategories(const Taxonomy& taxonomy, Jurisdiction j) {
  uint32_t out = 0;
  for (const std::string& c :
       taxonomy.SensitiveCategories(j, SensitiveCategoryReading::kEveryKind)) {
    out |= CategoryBit(c);
  }
  return out;
}

}  // namespace

Monitor::Monitor(const MonitorInputs& inputs, const MonitorOptions& options)
    : in_(inputs), options_(options) {}

Result<std::unique_ptr<Monitor>> Monitor::Create(const MonitorInputs& inputs,
                                                 const MonitorOptions& options) {
  if (!inputs.ledger || !inputs.rules || !inputs.taxonomy || !inputs.hasher ||
      !inputs.exporter_keys) {
    return Internal(
        "a monitor needs a ledger, rules, a taxonomy, a subject hasher and exporter keys");
  }
  std::unique_ptr<Monitor> m(new Monitor(inputs, options));
  m->sensitive_cn_ = SensitiveCategories(*inputs.taxonomy, Jurisdiction::kCN);
  m->sensitive_eu_ = SensitiveCategories(*inputs.taxonomy, Jurisdiction::kEU);
  XB_RETURN_IF_ERROR(m->ReadLedgerFrom(0));
  if (inputs.registry) m->index_.SetRecipients(inputs.registry->List(true));
  return m;
}

Status Monitor::ReadLedgerFrom(uint64_t from) {
  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, in_.ledger->Head());
  std::vector<uint64_t> transfers;
  auto visit = [&](uint64_t index, std::string_view entry) -> Status {
    // Most entries are neither: they are not parsed.
    if (entry.find(ledger::kSubjectSetField) == std::string_view::npos &&
        entry.find(kTransferType) == std::string_view::npos) {
      return Status::Ok();
    }
    LedgerEntryFacts facts = ReadLedgerEntry(index, entry);
    if (!facts.subject_set_exporter.empty()) {
      index_.AddTransferExporter(facts.subject_set_exporter);
    }
    std::optional<RecordedTransfer>& t = facts.transfer;
    if (!t) return Status::Ok();
    // Counted by the entry's decision, not the ledger group's flag: ledgers written before
    // small-volume transfers counted hold them as exempt.
    if (t->counted) transfers.push_back(index);
    index_.AddTransfer(std::move(*t));
    return Status::Ok();
  };
  if (from == 0) {
    XB_RETURN_IF_ERROR(in_.ledger->Export(visit));
  } else {
    for (uint64_t i = from; i < head.size; ++i) {
      XB_ASSIGN_OR_RETURN(std::string entry, in_.ledger->Entry(i));
      XB_RETURN_IF_ERROR(visit(i, entry));
    }
  }
  for (uint64_t index : transfers) {
    if (index >= head.size) continue;  // appended after the head was read: next refresh
    auto group = in_.ledger->store().ReadEntryGroup(index);
    if (!group.ok()) {
      if (group.error().code == ErrorCode::kNotFound) continue;
      return std::move(group).error();
    }
    if (group->key_id != in_.hasher->key_id()) continue;
    ExporterYearKey key{ExporterKey(group->exporter), group->year};
    counted_entries_[key].push_back(index);
    auto loaded = years_.find(key);
    if (loaded == years_.end() || !loaded->second.ledger_loaded) continue;
    // A transfer recorded while we run: its individuals join the exporter's count. Its
    // decision already took them into account, so the levels they reach are not news.
    for (auto kind : {ledger::SubjectKind::kIndividual, ledger::SubjectKind::kSensitive}) {
      XB_ASSIGN_OR_RETURN(auto hashes, in_.ledger->store().ReadEntrySubjects(index, kind));
      DigestSet& set = kind == ledger::SubjectKind::kSensitive ? loaded->second.sensitive
                                                               : loaded->second.individuals;
      for (const Digest& d : hashes) set.Insert(d);
    }
  }
  ledger_size_ = std::max(ledger_size_, head.size);
  return Status::Ok();
}

Status Monitor::Refresh() {
  XB_RETURN_IF_ERROR(ReadLedgerFrom(ledger_size_));
  if (in_.registry) {
    XB_RETURN_IF_ERROR(in_.registry->Refresh());
    index_.SetRecipients(in_.registry->List(true));
  }
  return Status::Ok();
}

Status Monitor::Restore(MonitorStateStore& store, std::string_view consumer) {
  XB_RETURN_IF_ERROR(store.ForEachSubject(
      consumer, [&](std::string_view exporter, int year, bool sensitive, const Digest& d) {
        YearSets& sets = years_[ExporterYearKey{std::string(exporter), year}];
        (sensitive ? sets.sensitive : sets.individuals).Insert(d);
      }));
  XB_ASSIGN_OR_RETURN(auto marks, store.LoadMarks(consumer));
  for (auto& [key, value] : marks) {
    if (key.rfind(kBaselineMark, 0) == 0) {
      auto j = nlohmann::json::parse(value, nullptr, false);
      XB_ASSIGN_OR_RETURN(VolumeBaseline b, VolumeBaseline::FromJson(j, options_.baseline));
      baselines_.insert_or_assign(key.substr(sizeof(kBaselineMark) - 1), std::move(b));
    } else {
      marks_.insert(key);
    }
  }
  return Status::Ok();
}

Status Monitor::LoadLedgerSubjects(const ExporterYearKey& key, YearSets* sets) {
  sets->ledger_loaded = true;
  auto entries = counted_entries_.find(key);
  if (entries == counted_entries_.end()) return Status::Ok();
  for (uint64_t index : entries->second) {
    for (auto kind : {ledger::SubjectKind::kIndividual, ledger::SubjectKind::kSensitive}) {
      XB_ASSIGN_OR_RETURN(auto hashes, in_.ledger->store().ReadEntrySubjects(index, kind));
      DigestSet& set =
          kind == ledger::SubjectKind::kSensitive ? sets->sensitive : sets->individuals;
      for (const Digest& d : hashes) set.Insert(d);
    }
  }
  return Status::Ok();
}

const std::vector<VolumeThreshold>& Monitor::Thresholds(const std::string& jurisdiction,
                                                        CivilDate date) {
  auto key = std::make_pair(jurisdiction, date.days_since_epoch());
  auto it = thresholds_.find(key);
  if (it == thresholds_.end()) {
    it = thresholds_.emplace(key, ThresholdsInForce(*in_.rules, jurisdiction, date)).first;
  }
  return it->second;
}

void Monitor::Mark(std::string key, std::string value) {
  pending_.marks.emplace_back(std::move(key), std::move(value));
}

void Monitor::Raise(Alert alert, const std::string& key, CivilDate date, std::vector<Alert>* out) {
  std::string mark = alert.kind + "|" + applying_exporter_ + "|" + alert.recipient + "|" +
                     alert.purpose + "|" + key + "|" + date.ToString();
  if (!marks_.insert(mark).second) return;
  Mark(std::move(mark), "");
  out->push_back(std::move(alert));
}

Status Monitor::Apply(const EgressEvent& e, std::string_view event_ref, std::vector<Alert>* out) {
  const CivilDate date = e.time.PrcDate();
  const registry::Recipient* recipient = index_.FindRecipient(e.recipient);
  std::optional<Digest> name_hash;  // made only for names no index knows as they are
  if (!recipient && index_.has_individuals()) {
    // An individual registered before a subject-key rotation keeps the name hash of its
    // ledger entry, made under an earlier prefix of the chain.
    const std::vector<Digest> hashes = in_.hasher->HashUnderEveryKey(e.recipient, std::nullopt);
    name_hash = hashes.back();
    for (auto h = hashes.rbegin(); !recipient && h != hashes.rend(); ++h) {
      recipient = index_.FindIndividual(ToHex(*h));
    }
  }
  const Coverage c = index_.Match(e, recipient);
  Alert base;
  base.time = e.time.ToString();
  applying_exporter_ = ExporterKey(e.exporter);  // what every check below keys its state by
  base.exporter = ExporterLabel(e.exporter, applying_exporter_);
  base.recipient = RecipientLabel(e, c, name_hash);
  base.purpose = e.purpose;
  base.country = e.country;
  base.event_ref = std::string(event_ref);
  CheckRecipient(e, c, date, base, out);
  CheckMechanism(c, date, base, out);
  XB_RETURN_IF_ERROR(CountSubjects(e, c, date, base, out));
  CheckFlowMechanism(e, c, date, base, out);
  CheckVolume(e, c, base, out);
  return Status::Ok();
}

std::string Monitor::RecipientLabel(const EgressEvent& e, const Coverage& c,
                                    std::optional<Digest> name_hash) const {
  if (c.recipient) return c.recipient->Label();
  if (index_.IsTransferRecipient(e.recipient)) return e.recipient;
  if (!name_hash) name_hash = in_.hasher->Hash(e.recipient, std::nullopt);
  return UnvettedLabel("recipient", ToHex(*name_hash));
}

std::string Monitor::ExporterKey(const std::string& name) {
  std::string key = in_.exporter_keys->Of(name);
  names_.try_emplace(key, name);
  return key;
}

std::string Monitor::ExporterLabel(std::string_view name, std::string_view key) const {
  return ExporterKeys::Label(key,
                             index_.IsKnownExporter(name) ? std::optional(name) : std::nullopt);
}

void Monitor::CheckRecipient(const EgressEvent& e, const Coverage& c, CivilDate date, Alert base,
                             std::vector<Alert>* out) {
  if (c.recipient && c.recipient->restricted_list) {
    Alert a = base;
    a.kind = "restricted_recipient";
    a.severity = "critical";
    a.detail =
        "the recipient is registered as on the restricted or prohibited list; no personal "
        "information may be provided to it";
    a.citation = "PIPL Art. 42";
    Raise(std::move(a), "", date, out);
  }
  if (c.recipient && c.recipient->retired && *c.recipient->retired <= date) {
    Alert a = base;
    a.kind = "unplanned_flow";
    a.severity = "high";
    a.detail = "the recipient was retired from the registry on " + c.recipient->retired->ToString();
    Raise(std::move(a), "retired", date, out);
  }
  if (!c.covered()) {
    Alert a = base;
    a.kind = "unplanned_flow";
    a.severity = "high";
    a.detail =
        "no completed transfer or registered flow covers this exporter, recipient and "
        "purpose";
    Raise(std::move(a), "", date, out);
    return;
  }
  if (!e.country.empty() && !c.country.empty() && e.country != c.country) {
    Alert a = base;
    a.kind = "unplanned_flow";
    a.severity = "high";
    a.detail =
        "data went to " + e.country + "; the transfers and flows covering it go to " + c.country;
    Raise(std::move(a), "country " + e.country, date, out);
  }
  const uint32_t beyond = e.categories & ~c.categories;
  if (beyond != 0) {
    Alert a = base;
    a.kind = "categories_beyond_plan";
    a.severity = "high";
    const bool one = (beyond & (beyond - 1)) == 0;
    a.detail = (one ? "category " : "categories ") + CategoryList(beyond) + (one ? " is" : " are") +
               " beyond what the covering transfers and flows include (" +
               (c.categories ? CategoryList(c.categories) : "none") + ")";
    a.citation = "PIPL Art. 6; PIPL Art. 39";
    Raise(std::move(a), CategoryList(beyond), date, out);
  }
}

namespace {

// Whether the matched transfers' decisions speak for the event: one of them required a
// mechanism (CheckMechanism holds the event against it), or they carried every category the
// event does. An exempt transfer of contact data says nothing about health data sent later on
// a registered flow (issue #15 review 15b, finding 2).
bool TransfersDecideFor(const EgressEvent& e, const Coverage& c) {
  if (c.transfers.empty()) return false;
  uint32_t carried = 0;
  for (const RecordedTransfer* t : c.transfers) {
    if (t->mechanism_required) return true;
    carried |= t->categories;
  }
  return (e.categories & ~carried) == 0;
}

}  // namespace

void Monitor::CheckFlowMechanism(const EgressEvent& e, const Coverage& c, CivilDate date,
                                 Alert base, std::vector<Alert>* out) {
  if (c.flows.empty() || TransfersDecideFor(e, c)) return;
  const YearSets* sets = Sets({applying_exporter_, date.year()});  // loaded by CountSubjects
  int64_t individuals = static_cast<int64_t>(sets->individuals.size());
  int64_t sensitive = static_cast<int64_t>(sets->sensitive.size());
  // An event that carries sensitive PI sends it of one individual at least, named or not.
  if ((e.categories & (c.jurisdiction == "EU" ? sensitive_eu_ : sensitive_cn_)) != 0) {
    individuals = std::max<int64_t>(individuals, 1);
    sensitive = std::max<int64_t>(sensitive, 1);
  }
  const VolumeThreshold* need =
      MechanismsNeeded(Thresholds(c.jurisdiction, date), individuals, sensitive);
  if (need == nullptr) return;
  Coverage needed = c;
  needed.mechanism_required = true;
  needed.accepted_mechanisms = need->mechanisms;
  CheckMechanism(needed, date, std::move(base), out, need);
}

void Monitor::CheckMechanism(const Coverage& c, CivilDate date, Alert base, std::vector<Alert>* out,
                             const VolumeThreshold* because) {
  if (!c.mechanism_required) return;
  auto accepted = [&](const std::string& type) {
    return std::find(c.accepted_mechanisms.begin(), c.accepted_mechanisms.end(), type) !=
           c.accepted_mechanisms.end();
  };
  std::vector<registry::HeldMechanism> candidates;
  if (c.recipient) {
    for (const auto& m : c.recipient->mechanisms)
      if (accepted(m.type)) candidates.push_back(m);
  }
  // A transfer's recorded mechanism counts when the registry does not hold it (by reference):
  // the registry knows its dates.
  const size_t registered = candidates.size();
  for (const RecordedTransfer* t : c.transfers) {
    if (!t->mechanism || !accepted(t->mechanism->type)) continue;
    bool known = std::any_of(
        candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(registered),
        [&](const registry::HeldMechanism& m) { return m.reference == t->mechanism->reference; });
    if (!known) candidates.push_back(*t->mechanism);
  }
  const registry::HeldMechanism* expired = nullptr;
  std::optional<CivilDate> expired_on;
  const registry::HeldMechanism* early = nullptr;
  for (const auto& m : candidates) {
    std::optional<CivilDate> expiry = m.expires;
    if (!expiry && m.effective && options_.expiry) expiry = options_.expiry(m, date);
    const bool started = !m.effective || *m.effective <= date;
    const bool ended = expiry && *expiry < date;
    if (started && !ended) return;  // one mechanism in force is enough
    if (!started && (!early || *m.effective < *early->effective)) early = &m;
    if (ended && (!expired_on || *expiry > *expired_on)) {
      expired = &m;
      expired_on = expiry;
    }
  }
  Alert a = base;
  a.kind = "mechanism_invalid";
  a.severity = "high";
  std::string key;
  if (candidates.empty()) {
    a.detail = std::string(because ? "the registered flow needs " : "the flow's transfer needs ") +
               Join(c.accepted_mechanisms, " or ") +
               ", and none is held with the recipient (missing)";
    key = "missing";
  } else if (expired) {
    a.detail = expired->type + " " + expired->reference + " expired on " + expired_on->ToString();
    key = "expired " + expired->reference;
  } else {
    a.detail = early->type + " " + early->reference + " is not yet effective (from " +
               early->effective->ToString() + ")";
    key = "not yet effective " + early->reference;
  }
  a.citation = "PIPL Art. 38";
  if (because) {
    // No decision says why a mechanism is needed: the rule and threshold that do.
    a.detail += " (the flow has no completed transfer; this year's figures reach the " +
                WithCommas(static_cast<uint64_t>(because->value)) +
                (because->sensitive ? " individuals with sensitive PI" : " individuals") +
                " threshold of " + because->rule + ")";
    a.rule = because->rule;
    a.citation += "; " + because->citation;
  }
  Raise(std::move(a), key, date, out);
}

Monitor::YearSets* Monitor::Sets(const ExporterYearKey& key) { return &years_[key]; }

Status Monitor::CountSubjects(const EgressEvent& e, const Coverage& c, CivilDate date, Alert base,
                              std::vector<Alert>* out) {
  if (c.covered() && !c.counted) return Status::Ok();  // an exempt path does not count
  const std::string& jurisdiction = c.covered() ? c.jurisdiction : options_.default_jurisdiction;
  const ExporterYearKey key{applying_exporter_, date.year()};
  YearSets* sets = Sets(key);
  const auto& thresholds = Thresholds(jurisdiction, date);
  auto level_mark = [&](const VolumeThreshold& t, int percent) {
    return "level|" + key.exporter + "|" + std::to_string(key.year) + "|" +
           (t.sensitive ? "sensitive" : "individuals") + "|" + std::to_string(t.value) + "|" +
           std::to_string(percent);
  };
  auto levels = [&](const VolumeThreshold& t) {
    std::vector<std::pair<int, int64_t>> out_levels;  // percent, count that reaches it
    if (t.value >= options_.approaching_from) {
      for (double f : options_.approaching) {
        out_levels.emplace_back(static_cast<int>(std::lround(f * 100)),
                                static_cast<int64_t>(std::ceil(f * static_cast<double>(t.value))));
      }
    }
    out_levels.emplace_back(100, t.value);
    return out_levels;
  };
  if (!sets->ledger_loaded) {
    XB_RETURN_IF_ERROR(LoadLedgerSubjects(key, sets));
    // Levels the ledger (and what we restored) already reached are not news.
    for (const VolumeThreshold& t : thresholds) {
      const int64_t n =
          static_cast<int64_t>(t.sensitive ? sets->sensitive.size() : sets->individuals.size());
      for (auto [percent, at] : levels(t))
        if (n >= at) marks_.insert(level_mark(t, percent));
    }
  }
  if (e.subjects.empty()) return Status::Ok();
  const bool sensitive =
      (e.categories & (jurisdiction == "EU" ? sensitive_eu_ : sensitive_cn_)) != 0;
  for (const std::string& s : e.subjects) {
    Digest d;
    if (LooksLikeKeyedHash(s)) {
      auto parsed = DigestFromHex(s);
      d = parsed.ok() ? *parsed : in_.hasher->Hash(s, std::nullopt);
    } else {
      d = in_.hasher->Hash(s, in_.hasher->Recognise(s));
    }
    if (sets->individuals.Insert(d))
      pending_.subjects.push_back({key.exporter, key.year, false, d});
    if (sensitive && sets->sensitive.Insert(d))
      pending_.subjects.push_back({key.exporter, key.year, true, d});
  }
  for (const VolumeThreshold& t : thresholds) {
    const int64_t n =
        static_cast<int64_t>(t.sensitive ? sets->sensitive.size() : sets->individuals.size());
    // The highest level newly reached is raised; the lower ones it passed are marked with it.
    int raised = 0;
    for (auto [percent, at] : levels(t)) {
      if (n < at) break;
      std::string mark = level_mark(t, percent);
      if (!marks_.insert(mark).second) continue;
      Mark(std::move(mark), "");
      raised = percent;
    }
    if (raised == 0) continue;
    Alert a = base;
    a.kind = raised == 100 ? "threshold_crossed" : "threshold_approaching";
    a.severity = raised == 100 ? "high" : "medium";
    a.detail = "this calendar year the exporter has sent " +
               std::string(t.sensitive ? "sensitive PI of " : "PI of ") + WithCommas(n) +
               " distinct individuals (counted paths, ledger and observed flows): " +
               (raised == 100 ? "at or above" : std::to_string(raised) + "% of") + " the " +
               WithCommas(static_cast<uint64_t>(t.value)) + " threshold";
    a.rule = t.rule;
    a.citation = t.citation;
    out->push_back(std::move(a));
  }
  return Status::Ok();
}

void Monitor::CheckVolume(const EgressEvent& e, const Coverage& c, Alert base,
                          std::vector<Alert>* out) {
  const int64_t records = e.records > 0 ? e.records : static_cast<int64_t>(e.subjects.size());
  if (records == 0) return;
  const std::string key = applying_exporter_ + "|" + base.recipient + "|" + e.purpose;
  auto it = baselines_.find(key);
  if (it == baselines_.end()) it = baselines_.emplace(key, VolumeBaseline(options_.baseline)).first;
  const int64_t minutes = e.time.UtcMinutes();
  const int64_t hour = minutes >= 0 ? minutes / 60 : (minutes - 59) / 60;
  std::optional<VolumeAnomaly> anomaly = it->second.Add(hour, records);
  baselines_changed_.insert(key);
  if (!anomaly) return;
  (void)c;
  char detail[256];
  std::snprintf(detail, sizeof detail,
                "%lld records in one hour; the flow's baseline for that hour of day is a median "
                "of %.0f (MAD %.0f, %d past hours), limit %.0f",
                static_cast<long long>(anomaly->observed), anomaly->median, anomaly->mad,
                anomaly->samples, anomaly->limit);
  Alert a = base;
  a.kind = "volume_anomaly";
  a.severity = "medium";
  a.detail = detail;
  const int64_t hour_of_day = ((hour % 24) + 24) % 24;
  Raise(std::move(a), "hour " + std::to_string(hour_of_day), e.time.PrcDate(), out);
}

void Monitor::TakeChanges(StateDelta* delta) {
  delta->key_id = in_.hasher->key_id();
  for (auto& s : pending_.subjects) delta->subjects.push_back(std::move(s));
  for (auto& m : pending_.marks) delta->marks.push_back(std::move(m));
  pending_.subjects.clear();
  pending_.marks.clear();
  for (const std::string& key : baselines_changed_) {
    delta->marks.emplace_back(kBaselineMark + key, baselines_.at(key).ToJson().dump());
  }
  baselines_changed_.clear();
}

std::vector<ExporterYear> Monitor::Counts() const {
  std::vector<ExporterYear> out;
  for (const auto& [key, sets] : years_) {
    auto name = names_.find(key.exporter);
    out.push_back({name == names_.end() ? ExporterKeys::Label(key.exporter, std::nullopt)
                                        : ExporterLabel(name->second, key.exporter),
                   key.year, sets.individuals.size(), sets.sensitive.size()});
  }
  return out;
}

uint64_t Monitor::distinct_bytes() const {
  uint64_t bytes = 0;
  for (const auto& [key, sets] : years_) {
    bytes += sets.individuals.memory_bytes() + sets.sensitive.memory_bytes();
  }
  return bytes;
}

}  // namespace xb::monitor
