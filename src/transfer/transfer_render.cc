// Renders a TransferOutcome: text for the privacy officer, JSON for scripts. Counts, categories,
// column names (ColumnFate::DisplayName: never a name that holds data) and digests only; no
// cell value ever reaches these strings.
#include <cmath>
#include <nlohmann/json.hpp>

#include "rules/decision_render.h"
#include "transfer/transfer.h"

namespace xb::transfer {
namespace {

using nlohmann::json;

const char* StatusWord(TransferStatus s) {
  switch (s) {
    case TransferStatus::kCompleted:
      return "completed";
    case TransferStatus::kRefused:
      return "refused";
    case TransferStatus::kDryRun:
      return "dry_run";
  }
  return "refused";
}

std::string ConsentLine(const ConsentOutcome& c) {
  std::string line;
  for (int i = 0; i < kCoverageCount; ++i) {
    uint64_t n = c.individuals[static_cast<size_t>(i)];
    if (n == 0) continue;
    if (!line.empty()) line += ", ";
    line += std::to_string(n) + " " +
            std::string(consent::CoverageName(static_cast<consent::Coverage>(i)));
  }
  return line.empty() ? "no individuals" : line;
}

}  // namespace

std::string OutcomeToText(const TransferOutcome& o) {
  std::string t;
  switch (o.status) {
    case TransferStatus::kCompleted:
      t += "TRANSFER COMPLETED";
      break;
    case TransferStatus::kRefused:
      t += "TRANSFER REFUSED";
      break;
    case TransferStatus::kDryRun:
      t += "DRY RUN (nothing written)";
      break;
  }
  t += " — as of " + o.as_of.ToString() + "\n";
  t += "Decision: " + rules::DecisionHeadline(o.decision) + "\n";
  for (const auto& b : o.decision.basis) t += "  because " + b.citation + " [" + b.rule + "]\n";

  if (!o.refusal_reasons.empty()) {
    t += "\nRefused because:\n";
    for (const auto& r : o.refusal_reasons) t += "  - " + r + "\n";
  }

  t += "\nData:\n";
  for (const DatasetReport& d : o.datasets) {
    t += "  " + d.source + ": " + std::to_string(d.rows_in) + " rows, " +
         std::to_string(d.individuals_in) + " individuals";
    if (o.consent_mode != ConsentMode::kNone) {
      t += "; consent (" + std::string(ConsentModeName(o.consent_mode)) +
           "): " + ConsentLine(d.consent);
      if (d.consent.rows_removed > 0)
        t += "; " + std::to_string(d.consent.rows_removed) + " rows removed";
    }
    t += "\n";
    std::string changed;
    for (const ColumnFate& f : d.columns) {
      if (f.action == "keep") continue;
      changed += (changed.empty() ? "" : ", ") + f.DisplayName() + " " + f.action;
    }
    if (!changed.empty()) t += "    protected: " + changed + "\n";
    if (d.suppressed_rows > 0) {
      t += "    suppressed by the privacy model: " + std::to_string(d.suppressed_rows) + " rows\n";
    }
  }
  t += "What leaves: " + std::to_string(o.individuals) + " individuals (" +
       std::to_string(o.sensitive_individuals) + " with sensitive PI, " +
       std::to_string(o.minors_under_14) + " under 14); categories:";
  for (const auto& c : o.categories) t += " " + c;
  t += "\n";

  if (!o.decision.obligations.empty()) {
    t += "\nObligations:\n";
    for (const auto& ob : o.decision.obligations) {
      t += "  - " + (ob.title.empty() ? ob.id : ob.title);
      if (ob.due) t += " — due " + ob.due->ToString();
      t += " (" + ob.citation + ")\n";
    }
  }
  if (!o.warnings.empty()) {
    t += "\nWarnings:\n";
    for (const auto& w : o.warnings) t += "  - " + w + "\n";
  }
  t += "\n";
  if (!o.package_dir.empty()) t += "Package: " + o.package_dir + "\n";
  if (o.ledger_index) {
    t += "Ledger: entry " + std::to_string(*o.ledger_index) + ", tree size " +
         std::to_string(o.ledger_size) + ", root " + ToHex(o.ledger_root) + "\n";
  }
  return t;
}

std::string OutcomeToJson(const TransferOutcome& o) {
  json datasets = json::array();
  for (const DatasetReport& d : o.datasets) {
    json columns = json::array();
    for (const ColumnFate& f : d.columns) {
      json column = {{"name", f.DisplayName()},
                     {"position", f.position},
                     {"type", f.type.empty() ? json(nullptr) : json(f.type)},
                     {"category", f.category.empty() ? json(nullptr) : json(f.category)},
                     {"sensitive", f.sensitive},
                     {"action", f.action},
                     {"sent", f.sent},
                     {"unnecessary", f.unnecessary}};
      if (!f.text_entities.empty()) column["text_entities"] = f.text_entities;
      columns.push_back(std::move(column));
    }
    json consent = json::object();
    for (int i = 0; i < kCoverageCount; ++i) {
      consent[std::string(consent::CoverageName(static_cast<consent::Coverage>(i)))] =
          d.consent.individuals[static_cast<size_t>(i)];
    }
    datasets.push_back({{"source", d.source},
                        {"source_sha256", d.source_sha256},
                        {"output", d.output.empty() ? json(nullptr) : json(d.output)},
                        {"rows_in", d.rows_in},
                        {"rows_out", d.rows_out},
                        {"individuals_in", d.individuals_in},
                        {"consent", consent},
                        {"rows_removed_for_consent", d.consent.rows_removed},
                        {"suppressed_rows", d.suppressed_rows},
                        {"columns", columns}});
  }
  json out = {{"status", StatusWord(o.status)},
              {"as_of", o.as_of.ToString()},
              {"decision", json::parse(rules::DecisionToJson(o.decision))},
              {"refusal_reasons", o.refusal_reasons},
              {"warnings", o.warnings},
              {"consent_mode", std::string(ConsentModeName(o.consent_mode))},
              {"datasets", datasets},
              {"individuals", o.individuals},
              {"sensitive_individuals", o.sensitive_individuals},
              {"minors_under_14", o.minors_under_14},
              {"categories", o.categories},
              {"plan_sha256", o.plan_sha256},
              {"package", o.package_dir.empty() ? json(nullptr) : json(o.package_dir)},
              {"ledger", o.ledger_index ? json{{"index", *o.ledger_index},
                                               {"size", o.ledger_size},
                                               {"root", ToHex(o.ledger_root)}}
                                        : json(nullptr)}};
  json timings = json::object();
  for (const auto& [stage, seconds] : o.timings) timings[stage] = std::round(seconds * 1e3) / 1e3;
  out["timings"] = std::move(timings);
  return out.dump(2) + "\n";
}

}  // namespace xb::transfer
