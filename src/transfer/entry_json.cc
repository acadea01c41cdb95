#include "transfer/entry_json.h"

#include <filesystem>

namespace xb::transfer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json ConsentJson(const ConsentOutcome& c, ConsentMode mode) {
  json by = json::object();
  for (int i = 0; i < kCoverageCount; ++i) {
    if (c.individuals[static_cast<size_t>(i)] > 0) {
      by[std::string(consent::CoverageName(static_cast<consent::Coverage>(i)))] =
          c.individuals[static_cast<size_t>(i)];
    }
  }
  return {{"mode", std::string(ConsentModeName(mode))},
          {"individuals", by},
          {"rows_removed", c.rows_removed},
          {"unidentified_rows", c.unidentified_rows}};
}

}  // namespace

RecordedRecipient RecipientForLedger(const rules::Plan& plan,
                                     const std::optional<registry::Recipient>& registered,
                                     const SubjectHasher& hasher) {
  if (registered && registered->individual()) {
    return {registered->Label(), registered->name_hmac};
  }
  const std::string name = plan.recipient_name.value_or("");
  if (plan.recipient_kind.value_or("") != "individual") return {name, ""};
  std::string hmac = NameHmac(hasher, name);
  return {"individual " + hmac.substr(0, 12), std::move(hmac)};
}

json DecisionSummaryJson(const rules::Decision& d) {
  json basis = json::array();
  for (const auto& b : d.basis) basis.push_back({{"rule", b.rule}, {"citation", b.citation}});
  return {{"decision", std::string(rules::OutcomeName(d.outcome))},
          {"mechanisms", d.mechanisms},
          {"exemption", d.exemption ? json(*d.exemption) : json(nullptr)},
          {"basis", basis},
          {"missing_facts", d.missing_facts}};
}

json EntryJson(const TransferOutcome& o, const rules::Plan& plan,
               const RecordedRecipient& recipient, const std::optional<Mechanism>& mechanism,
               const MechanismTerms& terms, const std::string& policy_sha256) {
  json datasets = json::array();
  for (const auto& d : o.datasets) {
    json ds = {{"source", d.name},
               {"source_sha256", d.source_sha256},
               {"rows_in", d.rows_in},
               {"rows_out", d.rows_out},
               {"consent", ConsentJson(d.consent, o.consent_mode)}};
    if (!d.output.empty()) ds["output"] = d.output;
    datasets.push_back(ds);
  }
  json entry = {{"type", o.status == TransferStatus::kCompleted ? "transfer" : "transfer_refused"},
                {"as_of", o.as_of.ToString()},
                {"jurisdiction", plan.jurisdiction.value_or("CN")},
                {"exporter", plan.exporter_name.value_or("")},
                {"recipient", recipient.label},
                {"country", plan.recipient_country.value_or("")},
                {"purpose", plan.purpose.value_or("")},
                {"decision", DecisionSummaryJson(o.decision)},
                {"categories", o.categories},
                {"counts",
                 {{"individuals", o.individuals},
                  {"sensitive_individuals", o.sensitive_individuals},
                  {"minors_under_14", o.minors_under_14}}},
                {"datasets", datasets},
                {"plan_sha256", o.plan_sha256}};
  if (!policy_sha256.empty()) entry["policy_sha256"] = policy_sha256;
  if (mechanism) {
    entry["mechanism"] = {{"type", mechanism->type}, {"reference", mechanism->reference}};
    // The dates let the monitor tell, from the ledger alone, whether it is still in force.
    if (mechanism->effective) entry["mechanism"]["effective"] = mechanism->effective->ToString();
    if (terms.expiry) entry["mechanism"]["expires"] = terms.expiry->ToString();
  }
  if (plan.recipient_id) entry["recipient_id"] = *plan.recipient_id;
  if (!recipient.name_hmac.empty()) entry["recipient_name_hmac"] = recipient.name_hmac;
  if (!o.refusal_reasons.empty()) entry["reasons"] = o.refusal_reasons;
  if (!o.package_dir.empty()) entry["package"] = fs::path(o.package_dir).filename().string();
  return entry;
}

json ManifestJson(const TransferOutcome& o, const json& entry,
                  const std::optional<Mechanism>& mechanism, const std::string& policy_sha256,
                  uint64_t ledger_index) {
  json manifest = {
      {"format", "xborder-package-v1"},
      {"plan_sha256", o.plan_sha256},
      {"as_of", o.as_of.ToString()},
      {"decision", DecisionSummaryJson(o.decision)},
      {"mechanism",
       mechanism ? json{{"type", mechanism->type},
                        {"reference", mechanism->reference},
                        {"effective", mechanism->effective ? mechanism->effective->ToString() : ""}}
                 : json(nullptr)},
      {"counts", entry["counts"]},
      {"categories", o.categories},
      {"datasets", entry["datasets"]},
      {"policy_sha256", policy_sha256},
      {"files", entry["files"]},
      {"ledger", {{"index", ledger_index}, {"tree_size", ledger_index + 1}}}};
  if (entry.contains("sealed_to")) manifest["sealed_to"] = entry["sealed_to"];
  return manifest;
}

}  // namespace xb::transfer
