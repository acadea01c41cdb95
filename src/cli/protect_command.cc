// `xborder protect --policy POLICY.yaml IN OUT`: de-identify and anonymise a table before export
// (DESIGN.md §8, docs/protect.md), print the risk report, and with --verify re-check the privacy
// model on the written file. `--auto` derives a policy from the classifier and prints it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "protect/policy.h"
#include "protect/protect.h"
#include "protect/risk.h"
#include "protect/table_io.h"

namespace xb::cli {
namespace {

struct ProtectArgs {
  std::string policy;
  std::string input;
  std::string output;
  std::string report;
  bool verify = false;
  bool auto_policy = false;
};

std::string Fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string RenderTable(const protect::ProtectReport& r, const protect::VerifyResult* verify) {
  std::string out = "protect: " + std::to_string(r.rows) + " rows\n\ncolumns:\n";
  for (const auto& c : r.columns) out += "  " + c.column + ": " + c.action + "\n";
  if (r.quasi_identifiers.empty()) return out + "\nno quasi-identifiers: no anonymisation\n";
  out += "\nprivacy model: k=" + std::to_string(r.model.k);
  if (r.model.l_diversity) {
    out += ", l=" + std::to_string(r.model.l_diversity->l) + " (" +
           (r.model.l_diversity->variant == protect::LDiversityVariant::kRecursive ? "recursive"
                                                                                   : "distinct") +
           ") on " + r.sensitive_column;
  }
  if (r.model.t_closeness) {
    out += ", t=" + Fixed(r.model.t_closeness->t, 3) + " on " + r.sensitive_column;
  }
  out += ", suppression limit " + Fixed(100 * r.model.suppression_limit, 2) + "%\n";
  out += "levels (chosen/most general):\n";
  for (size_t i = 0; i < r.quasi_identifiers.size(); ++i) {
    out += "  " + r.quasi_identifiers[i] + ": " + std::to_string(r.levels[i]) + "/" +
           std::to_string(r.heights[i] - 1) + "\n";
  }
  out += std::string("metric ") + protect::MetricName(r.metric) + ": " + Fixed(r.metric_value) +
         "\nsuppressed rows: " + std::to_string(r.suppressed_rows) +
         "\nequivalence classes: " + std::to_string(r.classes) +
         "\nsearch: " + std::to_string(r.nodes_evaluated) + " of " +
         std::to_string(r.lattice_size) + " lattice nodes evaluated, " +
         Fixed(r.search_seconds, 3) + " s\n\n";
  char line[160];
  auto row = [&](const char* name, const std::string& a, const std::string& b) {
    std::snprintf(line, sizeof line, "  %-34s %12s %12s\n", name, a.c_str(), b.c_str());
    out += line;
  };
  const auto& b = r.risk_before;
  const auto& a = r.risk_after;
  row("risk", "before", "after");
  row("equivalence classes", std::to_string(b.classes), std::to_string(a.classes));
  row("smallest class", std::to_string(b.smallest_class), std::to_string(a.smallest_class));
  row("sample uniques", std::to_string(b.sample_uniques), std::to_string(a.sample_uniques));
  row("prosecutor risk, max", Fixed(b.prosecutor_max), Fixed(a.prosecutor_max));
  row("prosecutor risk, average", Fixed(b.prosecutor_average), Fixed(a.prosecutor_average));
  std::string at_risk = "records above risk " + Fixed(b.threshold, 2);
  row(at_risk.c_str(), Fixed(b.records_at_risk), Fixed(a.records_at_risk));
  row("journalist risk, max", Fixed(b.journalist_max), Fixed(a.journalist_max));
  row("marketer risk", Fixed(b.marketer), Fixed(a.marketer));
  if (verify != nullptr) {
    out += std::string("\nverify: ") +
           (verify->satisfied ? "satisfied" : "FAILED: " + verify->failure) + " (" +
           std::to_string(verify->classes) + " classes, smallest " +
           std::to_string(verify->smallest_class) + ", " + std::to_string(verify->suppressed_rows) +
           " rows suppressed)\n";
  }
  return out;
}

int RunAuto(const ProtectArgs& args, const GlobalOptions& global);

int RunProtect(const ProtectArgs& args, const GlobalOptions& global) {
  if (args.auto_policy) return RunAuto(args, global);
  if (args.policy.empty() || args.output.empty()) {
    std::fprintf(stderr, "xborder protect: --policy POLICY.yaml IN OUT are required\n");
    return kExitBadInput;
  }
  auto policy = protect::LoadPolicy(args.policy);
  if (!policy.ok()) return ReportError(policy.error());
  auto table = protect::LoadTable(args.input);
  if (!table.ok()) return ReportError(table.error());

  protect::ProtectOptions options;
  options.input_name = args.input;
  if (protect::PolicyNeedsKey(*policy)) {
    auto key = LoadOrCreateKey(global.ResolvedKeyFile());
    if (!key.ok()) return ReportError(key.error());
    options.keys.token = DeriveSubKey(*key, "token");
    options.keys.ff1 = DeriveSubKey(*key, "ff1");
    options.keys.date_shift = DeriveSubKey(*key, "date-shift");
  }
  auto outcome = protect::Protect(*table, *policy, options);
  if (!outcome.ok()) return ReportError(outcome.error());
  Status written = protect::WriteTableCsv(outcome->table, args.output);
  if (!written.ok()) return ReportError(written.error());

  protect::VerifyResult verify;
  const bool verified = args.verify && !outcome->report.quasi_identifiers.empty();
  if (verified) {
    // Independent of the search: read the file back and count classes by their texts.
    auto published = protect::LoadTable(args.output);
    if (!published.ok()) return ReportError(published.error());
    auto v = protect::VerifyPrivacy(*published, outcome->report.quasi_identifiers,
                                    policy->sensitive_column, policy->model);
    if (!v.ok()) return ReportError(v.error());
    verify = *v;
    if (!verify.satisfied) {
      std::remove(args.output.c_str());  // never leave a non-compliant release behind
      std::fprintf(stderr, "xborder: verification failed: %s; %s removed\n", verify.failure.c_str(),
                   args.output.c_str());
      return kExitNonCompliant;
    }
  }
  const std::string json = protect::ReportToJson(outcome->report, verified ? &verify : nullptr);
  if (!args.report.empty()) {
    Status s = WriteFileAtomically(args.report, json);
    if (!s.ok()) return ReportError(s.error());
  }
  if (global.ResolvedFormat() == OutputFormat::kJson) return EmitResult(global, json);
  return EmitResult(global, RenderTable(outcome->report, verified ? &verify : nullptr));
}

// The transform --auto proposes for a column the classifier recognised, with the reason.
struct Proposal {
  std::string transform;  // YAML value
  std::string comment;
};

Proposal Propose(EntityType type) {
  const std::string name(EntityTypeName(type));
  if (name == "CN_RESIDENT_ID" || name == "CN_PASSPORT" || name == "PASSPORT" ||
      name == "CN_HMT_PERMIT" || name == "EMAIL_ADDRESS" || name == "IMEI" ||
      name == "MAC_ADDRESS" || name == "IP_ADDRESS" || name == "CN_LICENSE_PLATE" ||
      name == "IBAN") {
    return {"tokenize", name + ": keyed token, joins survive"};
  }
  if (name == "PERSON_NAME") return {"redact", name};
  if (name == "CN_MOBILE" || name == "PHONE_NUMBER") {
    return {"{mask: {keep_first: 3, keep_last: 4}}", name};
  }
  if (name == "BANK_CARD")
    return {"{fpe: {alphabet: digits}}", name + ": FF1, reversible by the key holder"};
  if (name == "ADDRESS") return {"{generalize: cn_region, level: city}", name};
  if (name == "DATE_OF_BIRTH") return {"{generalize: year}", name};
  if (name == "HEALTH" || name == "RELIGION" || name == "ETHNICITY" || name == "BIOMETRIC" ||
      name == "GPS_COORDINATE") {
    return {"drop",
            name + ": sensitive (PIPL Art. 28); change to keep only if the purpose needs it"};
  }
  if (name == "GENDER" || name == "AGE") {
    return {"keep", name + ": a quasi-identifier; consider listing it under quasi_identifiers"};
  }
  return {"keep", name};
}

int RunAuto(const ProtectArgs& args, const GlobalOptions& global) {
  auto classifier = ColumnClassifier::Create();
  if (!classifier.ok()) return ReportError(classifier.error());
  auto reader = io::OpenTable(args.input);
  if (!reader.ok()) return ReportError(reader.error());
  const auto columns = (*reader)->columns();
  std::vector<ColumnStats> stats(columns.size());
  io::Row row;
  while (true) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) return ReportError(more.error());
    if (!*more) break;
    for (size_t c = 0; c < columns.size() && c < row.fields.size(); ++c) {
      (*classifier)->AddCell(row.fields[c], &stats[c]);
    }
  }
  std::string yaml = "# Policy derived by `xborder protect --auto` from " + args.input +
                     ". Review it before use:\n# columns not listed are kept as they are.\n"
                     "columns:\n";
  int listed = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    ColumnVerdict v = (*classifier)->Decide(columns[c], stats[c]);
    if (!v.type) continue;
    Proposal p = Propose(*v.type);
    yaml += "  \"" + columns[c] + "\": " + p.transform + "    # " + p.comment + "\n";
    ++listed;
  }
  if (listed == 0) yaml += "  {}\n";
  yaml +=
      "# To anonymise, name the quasi-identifiers and a privacy model, for example:\n"
      "# quasi_identifiers:\n#   age: {generalize: age}\n"
      "# privacy: {k_anonymity: 5, suppression_limit: 0.02}\n";
  if (listed == 0) yaml.replace(yaml.find("columns:\n  {}\n"), 14, "columns: {}\n");
  return EmitResult(global, yaml);
}

CommandRunner MakeProtectCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ProtectArgs>();
  CLI::App* sub = app.add_subcommand(
      "protect", "De-identify and anonymise a table under a policy; print the risk report");
  sub->add_option("--policy", args->policy, "Protection policy (YAML, docs/protect.md)");
  sub->add_option("input", args->input, "Input table (CSV, TSV, JSON Lines)")->required();
  sub->add_option("output", args->output, "Protected CSV to write (all or nothing)");
  sub->add_option("--report", args->report, "Also write the JSON report to FILE");
  sub->add_flag("--verify", args->verify,
                "Re-check the privacy model on the written output, independently of the search");
  sub->add_flag("--auto", args->auto_policy,
                "Derive a policy from the column classifier and print it for review");
  sub->fallthrough();  // global options (--format, --key-file) may follow the subcommand
  return [args, &global] { return RunProtect(*args, global); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("protect", xb::cli::MakeProtectCommand);
