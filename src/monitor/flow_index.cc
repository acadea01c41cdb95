#include "monitor/flow_index.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ledger/ledger.h"
#include "rules/history_source.h"

namespace xb::monitor {
namespace {

using nlohmann::json;

std::string Text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::optional<CivilDate> Date(const json& j, const char* key) {
  std::string s = Text(j, key);
  return s.empty() ? std::nullopt : CivilDate::Parse(s);
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string SubjectSetExporterOf(const json& e) {
  auto set = e.find(std::string(ledger::kSubjectSetField));
  return set == e.end() ? "" : Text(*set, "exporter");
}

std::optional<RecordedTransfer> TransferOf(uint64_t index, const json& e);

}  // namespace

std::optional<RecordedTransfer> ReadRecordedTransfer(uint64_t index, std::string_view entry) {
  json e = json::parse(entry, nullptr, false);
  if (!e.is_object()) return std::nullopt;
  return TransferOf(index, e);
}

std::string SubjectSetExporter(std::string_view entry) {
  json e = json::parse(entry, nullptr, false);
  return e.is_object() ? SubjectSetExporterOf(e) : "";
}

LedgerEntryFacts ReadLedgerEntry(uint64_t index, std::string_view entry) {
  json e = json::parse(entry, nullptr, false);
  if (!e.is_object()) return {};
  return {SubjectSetExporterOf(e), TransferOf(index, e)};
}

namespace {

std::optional<RecordedTransfer> TransferOf(uint64_t index, const json& e) {
  if (Text(e, "type") != "transfer") return std::nullopt;
  RecordedTransfer t;
  t.index = index;
  t.exporter = Text(e, "exporter");
  t.recipient = Text(e, "recipient");
  t.recipient_id = Text(e, "recipient_id");
  t.country = Text(e, "country");
  t.purpose = Text(e, "purpose");
  if (std::string j = Text(e, "jurisdiction"); !j.empty()) t.jurisdiction = j;
  if (e.contains("categories") && e["categories"].is_array()) {
    for (const auto& c : e["categories"]) {
      if (c.is_string()) t.categories |= CategoryBit(c.get<std::string>());
    }
  }
  if (e.contains("decision") && e["decision"].is_object()) {
    const json& d = e["decision"];
    const std::string outcome = Text(d, "decision");
    t.counted = rules::CountsTowardThresholds(outcome, Text(d, "exemption"));
    t.mechanism_required = outcome == "mechanism_required";
    if (d.contains("mechanisms") && d["mechanisms"].is_array()) {
      for (const auto& m : d["mechanisms"])
        if (m.is_string()) t.accepted_mechanisms.push_back(m.get<std::string>());
    }
  }
  if (e.contains("mechanism") && e["mechanism"].is_object()) {
    const json& m = e["mechanism"];
    registry::HeldMechanism held;
    held.type = Text(m, "type");
    held.reference = Text(m, "reference");
    held.effective = Date(m, "effective");
    held.expires = Date(m, "expires");
    t.mechanism = held;
  }
  return t;
}

}  // namespace

std::string FlowIndex::Key(std::string_view exporter, std::string_view recipient,
                           std::string_view purpose) {
  std::string key;
  key.reserve(exporter.size() + recipient.size() + purpose.size() + 2);
  key.append(exporter).push_back('\0');
  key.append(recipient).push_back('\0');
  key.append(purpose);
  return key;
}

void FlowIndex::AddTransfer(RecordedTransfer t) {
  transfers_.push_back(std::move(t));
  const RecordedTransfer* p = &transfers_.back();
  by_key_[Key(p->exporter, p->recipient, p->purpose)].push_back(p);
  ++transfer_recipients_[p->recipient];
  transfer_exporters_.insert(p->exporter);
  if (!p->recipient_id.empty() && p->recipient_id != p->recipient) {
    by_key_[Key(p->exporter, p->recipient_id, p->purpose)].push_back(p);
  }
}

void FlowIndex::SetRecipients(std::vector<registry::Recipient> recipients) {
  recipients_ = std::move(recipients);
  recipient_by_name_.clear();
  individual_by_hmac_.clear();
  flow_exporters_.clear();
  for (size_t i = 0; i < recipients_.size(); ++i) {
    const registry::Recipient& r = recipients_[i];
    for (const registry::RegisteredFlow& f : r.flows) flow_exporters_.insert(f.exporter);
    recipient_by_name_[r.id] = i;
    if (!r.individual()) {
      recipient_by_name_.emplace(r.name, i);
    } else if (!r.name_hmac.empty()) {
      individual_by_hmac_.emplace(r.name_hmac, i);
    }
  }
}

const registry::Recipient* FlowIndex::FindIndividual(std::string_view name_hmac) const {
  auto it = individual_by_hmac_.find(std::string(name_hmac));
  return it == individual_by_hmac_.end() ? nullptr : &recipients_[it->second];
}

bool FlowIndex::IsTransferRecipient(std::string_view name) const {
  return transfer_recipients_.count(std::string(name)) != 0;
}

bool FlowIndex::IsKnownExporter(std::string_view name) const {
  const std::string key(name);
  return transfer_exporters_.count(key) != 0 || flow_exporters_.count(key) != 0;
}

const registry::Recipient* FlowIndex::FindRecipient(std::string_view name_or_id) const {
  auto it = recipient_by_name_.find(std::string(name_or_id));
  return it == recipient_by_name_.end() ? nullptr : &recipients_[it->second];
}

Coverage FlowIndex::Match(const EgressEvent& e, const registry::Recipient* recipient) const {
  Coverage c;
  c.recipient = recipient;
  // The names the transfers may use for this recipient.
  std::vector<std::string_view> names = {e.recipient};
  if (c.recipient) {
    names.push_back(c.recipient->id);
    if (!c.recipient->individual()) names.push_back(c.recipient->name);
  }
  for (std::string_view name : names) {
    auto it = by_key_.find(Key(e.exporter, name, e.purpose));
    if (it == by_key_.end()) continue;
    for (const RecordedTransfer* t : it->second) {
      if (std::find(c.transfers.begin(), c.transfers.end(), t) == c.transfers.end())
        c.transfers.push_back(t);
    }
  }
  if (c.recipient) {
    for (const registry::RegisteredFlow& f : c.recipient->flows) {
      if (!e.flow.empty() && f.id != e.flow) continue;
      if (f.exporter != e.exporter || f.purpose != e.purpose) continue;
      if (!f.systems.empty() && !Contains(f.systems, e.system)) continue;
      c.flows.push_back(&f);
    }
  }
  for (const RecordedTransfer* t : c.transfers) {
    c.categories |= t->categories;
    c.counted = c.counted || t->counted;
    if (c.country.empty()) c.country = t->country;
    c.jurisdiction = t->jurisdiction;
    if (t->mechanism_required) {
      c.mechanism_required = true;
      for (const auto& m : t->accepted_mechanisms) {
        if (!Contains(c.accepted_mechanisms, m)) c.accepted_mechanisms.push_back(m);
      }
    }
  }
  for (const registry::RegisteredFlow* f : c.flows) {
    for (const auto& name : f->categories) c.categories |= CategoryBit(name);
  }
  // A flow with no transfer behind it has no decision to say it is exempt: counted.
  if (c.transfers.empty() && !c.flows.empty()) c.counted = true;
  if (c.country.empty() && c.recipient) c.country = c.recipient->country;
  return c;
}

}  // namespace xb::monitor
