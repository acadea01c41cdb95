#include "transfer/transfer.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "consent/consent_store.h"
#include "core/atomic_file.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "detect/text/text_detector.h"
#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "protect/policy.h"
#include "protect/protect.h"
#include "protect/table_io.h"
#include "registry/plan_recipient.h"
#include "rules/decision_render.h"
#include "rules/locate.h"
#include "rules/plan.h"
#include "scan/dataset_scanner.h"
#include "taxonomy/taxonomy.h"
#include "transfer/ledger_history.h"
#include "transfer/mechanism.h"
#include "transfer/subject_pass.h"

namespace xb::transfer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string ResolveAgainst(const std::string& base_file, const std::string& path) {
  fs::path p(path);
  if (p.is_absolute()) return p.string();
  return (fs::path(base_file).parent_path() / p).lexically_normal().string();
}

bool RemovesContent(protect::TransformKind kind) {
  return kind == protect::TransformKind::kDrop || kind == protect::TransformKind::kRedact ||
         kind == protect::TransformKind::kSuppress;
}

// The plan's `policy:` is a path (every dataset), an inline policy (a mapping with `columns`,
// `quasi_identifiers` or `privacy`), or a mapping from dataset file name to a path.
Result<std::optional<protect::Policy>> PolicyFor(const rules::Plan& plan,
                                                 const std::string& dataset) {
  if (!plan.policy) return std::optional<protect::Policy>();
  YAML::Node node;
  try {
    node = YAML::Load(plan.policy->yaml);
  } catch (const YAML::Exception& e) {
    return ParseError(std::string("malformed policy: ") + e.what(),
                      {plan.file, plan.policy->line, "policy"});
  }
  auto load_path = [&](const std::string& path) -> Result<std::optional<protect::Policy>> {
    XB_ASSIGN_OR_RETURN(protect::Policy p, protect::LoadPolicy(ResolveAgainst(plan.file, path)));
    return std::optional<protect::Policy>(std::move(p));
  };
  if (node.IsScalar()) return load_path(node.as<std::string>());
  if (node.IsMap() && (node["columns"] || node["quasi_identifiers"] || node["privacy"])) {
    XB_ASSIGN_OR_RETURN(protect::Policy p, protect::ParsePolicy(plan.policy->yaml, plan.file));
    return std::optional<protect::Policy>(std::move(p));
  }
  if (node.IsMap()) {
    std::string name = fs::path(dataset).filename().string();
    for (const auto& kv : node) {
      if (kv.first.as<std::string>() == name || kv.first.as<std::string>() == dataset) {
        if (!kv.second.IsScalar()) {
          return InvalidArgument("expected a policy file path",
                                 {plan.file, plan.policy->line, "policy." + name});
        }
        return load_path(kv.second.as<std::string>());
      }
    }
    return std::optional<protect::Policy>();
  }
  return InvalidArgument(
      "expected a policy file path, an inline policy, or a map from dataset to policy",
      {plan.file, plan.policy->line, "policy"});
}

std::vector<ColumnFate> ColumnFates(const scan::DatasetProfile& profile,
                                    const std::optional<protect::Policy>& policy,
                                    const std::set<std::string>& needed) {
  std::vector<ColumnFate> fates;
  for (const scan::ColumnProfile& c : profile.columns) {
    ColumnFate f;
    f.name = c.name;
    if (c.verdict.type) f.type = std::string(EntityTypeName(*c.verdict.type));
    if (c.text) {
      for (const scan::TextEntityCount& e : c.text->entities) {
        f.text_entities.emplace_back(EntityTypeName(e.type));
      }
    }
    f.category = c.category.value_or("");
    f.sensitive = c.sensitive_cn;
    f.action = "keep";
    if (policy) {
      if (policy->drop_unlisted) {
        f.action = "drop";
        f.sent = false;
      }
      for (const auto& cp : policy->columns) {
        if (cp.column == c.name) {
          f.action = protect::TransformName(cp.transform.kind);
          f.sent = !RemovesContent(cp.transform.kind);
        }
      }
      for (const auto& qi : policy->quasi_identifiers) {
        if (qi.column == c.name) {
          f.action = "generalize (quasi-identifier)";
          f.sent = true;
        }
      }
    }
    // PIPL Art. 6: only what the purpose needs. `needed` empty means the plan did not say.
    f.unnecessary =
        f.sent && !f.category.empty() && !needed.empty() && needed.count(f.category) == 0;
    fates.push_back(std::move(f));
  }
  return fates;
}

// Adds the wall time since the last Lap() (or construction) to a stage; stages met again
// (one scan per dataset) accumulate.
class StageClock {
 public:
  explicit StageClock(std::vector<std::pair<std::string, double>>* timings)
      : timings_(timings), last_(std::chrono::steady_clock::now()) {}
  void Lap(std::string_view stage) {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    for (auto& [name, total] : *timings_) {
      if (name == stage) {
        total += seconds;
        return;
      }
    }
    timings_->emplace_back(stage, seconds);
  }

 private:
  std::vector<std::pair<std::string, double>>* timings_;
  std::chrono::steady_clock::time_point last_;
};

json DecisionSummaryJson(const rules::Decision& d) {
  json basis = json::array();
  for (const auto& b : d.basis) basis.push_back({{"rule", b.rule}, {"citation", b.citation}});
  return {{"decision", std::string(rules::OutcomeName(d.outcome))},
          {"mechanisms", d.mechanisms},
          {"exemption", d.exemption ? json(*d.exemption) : json(nullptr)},
          {"basis", basis},
          {"missing_facts", d.missing_facts}};
}

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

// The ledger entry: facts and digests only, never a raw value (DESIGN.md §7).
json EntryJson(const TransferOutcome& o, const rules::Plan& plan,
               const std::optional<Mechanism>& mechanism, const std::string& policy_sha256) {
  json datasets = json::array();
  for (const auto& d : o.datasets) {
    json ds = {{"source", fs::path(d.source).filename().string()},
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
                {"recipient", plan.recipient_name.value_or("")},
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
    if (auto expiry = mechanism->EffectiveExpiry())
      entry["mechanism"]["expires"] = expiry->ToString();
  }
  if (plan.recipient_id) entry["recipient_id"] = *plan.recipient_id;
  if (!o.refusal_reasons.empty()) entry["reasons"] = o.refusal_reasons;
  if (!o.package_dir.empty()) entry["package"] = fs::path(o.package_dir).filename().string();
  return entry;
}

Status RecordRefusal(ledger::Ledger& ledger, TransferOutcome& o, const rules::Plan& plan,
                     const std::optional<Mechanism>& mechanism) {
  o.status = TransferStatus::kRefused;
  std::vector<std::string> entry = {EntryJson(o, plan, mechanism, "").dump()};
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ledger.Append(entry));
  o.ledger_index = appended.first_index;
  o.ledger_size = appended.size;
  o.ledger_root = appended.root;
  return Status::Ok();
}

}  // namespace

std::string DefaultPackageDir(const std::string& plan_path, CivilDate as_of) {
  fs::path plan(plan_path);
  return (plan.parent_path() / "out" / (plan.stem().string() + "-" + as_of.ToString())).string();
}

Result<TransferOutcome> RunTransfer(const TransferOptions& options) {
  TransferOutcome o;
  StageClock clock(&o.timings);

  // --- Inputs: rules, plan, policy, mechanism, consent mode. Bad input stops here (exit 2).
  XB_ASSIGN_OR_RETURN(auto rules_ctx, rules::LoadRulesContext(options.rules_dir));
  std::vector<rules::PlanWarning> plan_warnings;
  XB_ASSIGN_OR_RETURN(rules::Plan plan, rules::LoadPlanFile(options.plan_path,
                                                            &rules_ctx->countries, &plan_warnings));
  for (const auto& w : plan_warnings) {
    o.warnings.push_back(plan.file + ":" + std::to_string(w.line) + ": " + w.message);
  }
  XB_ASSIGN_OR_RETURN(std::string plan_text, ReadFile(options.plan_path));
  o.plan_sha256 = ToHex(Sha256(plan_text));
  o.as_of = options.as_of ? *options.as_of : plan.as_of.value_or(CivilDate::TodayInChina());
  // `recipient: {id: R}`: the registry fills in the recipient facts the plan leaves out.
  XB_ASSIGN_OR_RETURN(
      std::optional<registry::Recipient> registered,
      registry::ResolvePlanRecipient(&plan, options.db_path, options.key_path, o.as_of));
  if (plan.datasets.empty()) {
    return InvalidArgument("the plan lists no datasets to transfer (data.datasets)",
                           {plan.file, plan.LineOf("data"), "data.datasets"});
  }
  if (plan.consent) {
    XB_ASSIGN_OR_RETURN(o.consent_mode,
                        ParseConsentMode(plan.consent->yaml, plan.file, plan.consent->line));
  }
  if (options.consent_override) o.consent_mode = *options.consent_override;
  std::optional<Mechanism> mechanism;
  if (plan.mechanism) {
    XB_ASSIGN_OR_RETURN(Mechanism m,
                        ParseMechanism(plan.mechanism->yaml, plan.file, plan.mechanism->line));
    mechanism = std::move(m);
  }
  std::set<std::string> needed(plan.categories_needed.begin(), plan.categories_needed.end());
  if (needed.empty() && plan.categories)
    needed.insert(plan.categories->begin(), plan.categories->end());

  XB_ASSIGN_OR_RETURN(SecretKey key, LoadOrCreateKey(options.key_path));

  ClassifierOptions classifier_options;
  classifier_options.data_dir = rules_ctx->data_dir;
  XB_ASSIGN_OR_RETURN(auto classifier, ColumnClassifier::Create(classifier_options));
  const SubjectHasher subject_hasher(key, *classifier);
  // Grades columns into the categories and sensitivity the decision rests on.
  XB_ASSIGN_OR_RETURN(Taxonomy taxonomy, Taxonomy::LoadDefault(rules_ctx->data_dir));
  // Finds what free-text columns hold (a diagnosis in a remark is sensitive PI).
  TextDetectorOptions detector_options;
  detector_options.data_dir = rules_ctx->data_dir;
  detector_options.today = o.as_of;
  XB_ASSIGN_OR_RETURN(auto text_detector, TextDetector::Create(detector_options));
  std::vector<EntityType> sensitive_text_types;
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (taxonomy.IsSensitive(EntityTypeName(static_cast<EntityType>(t)), Jurisdiction::kCN)) {
      sensitive_text_types.push_back(static_cast<EntityType>(t));
    }
  }

  // --- The ledger: refuse to build on a damaged log before doing any work.
  XB_ASSIGN_OR_RETURN(auto ledger, ledger::OpenLedgerFile(options.db_path, options.key_path,
                                                          ledger::LedgerAccess::kAppend));
  XB_RETURN_IF_ERROR(ledger->CheckTail());

  std::unique_ptr<consent::ConsentStore> consent_store;
  consent::ConsentIndex consent_index;
  clock.Lap("setup");
  if (o.consent_mode != ConsentMode::kNone) {
    XB_ASSIGN_OR_RETURN(consent_store, consent::ConsentStore::Open(options.db_path));
    XB_ASSIGN_OR_RETURN(consent_index, consent_store->LoadAll(key.id));
  }
  clock.Lap("consent");

  // --- Discover, identify, filter by consent, per dataset.
  struct Loaded {
    protect::Table table;
    std::optional<protect::Policy> policy;
    std::vector<RowSubject> rows;
  };
  std::vector<Loaded> loaded;
  std::vector<RowSubject> all_rows;
  std::vector<bool> all_keep;
  std::set<std::string> categories;
  bool any_pi_column = false;
  for (const std::string& listed : plan.datasets) {
    std::string path = ResolveAgainst(plan.file, listed);
    scan::ScanOptions scan_options;
    scan_options.threads = options.threads;
    scan_options.as_of = o.as_of;
    scan_options.key = key;
    scan_options.taxonomy = &taxonomy;
    scan_options.text_detector = text_detector.get();
    XB_ASSIGN_OR_RETURN(scan::DatasetProfile profile,
                        scan::ScanDataset(path, *classifier, scan_options));
    clock.Lap("scan");
    Loaded l;
    XB_ASSIGN_OR_RETURN(l.policy, PolicyFor(plan, listed));
    XB_ASSIGN_OR_RETURN(l.table, protect::LoadTable(path));
    if (l.policy) {
      // A policy naming a column the data lacks is bad input, whatever the decision would be.
      auto check = [&](const std::string& column, int64_t line) -> Status {
        if (l.table.FindColumn(column) >= 0) return Status::Ok();
        return InvalidArgument(
            "the policy names column '" + column + "', which " + listed + " does not have",
            {l.policy->path, line, column});
      };
      for (const auto& c : l.policy->columns) XB_RETURN_IF_ERROR(check(c.column, c.line));
      for (const auto& q : l.policy->quasi_identifiers) XB_RETURN_IF_ERROR(check(q.column, q.line));
    }

    clock.Lap("load");
    DatasetReport report;
    report.source = listed;
    XB_ASSIGN_OR_RETURN(report.source_sha256, Sha256OfFile(path));
    report.rows_in = l.table.row_count();
    report.columns = ColumnFates(profile, l.policy, needed);

    SubjectPassInput pass;
    pass.table = &l.table;
    pass.profile = &profile;
    pass.classifier = classifier.get();
    pass.subject_hasher = &subject_hasher;
    pass.as_of = o.as_of;
    pass.text_detector = text_detector.get();
    pass.sensitive_text_types = sensitive_text_types;
    for (const ColumnFate& f : report.columns) {
      if (f.sent && f.sensitive) {
        (f.text_entities.empty() ? pass.sensitive_sent_columns : pass.sensitive_text_columns)
            .push_back(f.name);
      }
      if (f.sent && !f.category.empty()) {
        categories.insert(f.category);
        any_pi_column = true;
      }
    }
    XB_ASSIGN_OR_RETURN(l.rows, IdentifyRows(pass));
    report.individuals_in = CollectSubjects(l.rows, {}).individuals.size();
    clock.Lap("identify");

    consent::ConsentRequest request{plan.recipient_name.value_or(""),
                                    plan.purpose.value_or(""),
                                    {categories.begin(), categories.end()},
                                    o.as_of};
    report.consent = ApplyConsent(o.consent_mode, l.rows, consent_index, request);
    report.rows_out = report.rows_in - report.consent.rows_removed;
    clock.Lap("consent");
    all_rows.insert(all_rows.end(), l.rows.begin(), l.rows.end());
    all_keep.insert(all_keep.end(), report.consent.keep.begin(), report.consent.keep.end());
    o.datasets.push_back(std::move(report));
    loaded.push_back(std::move(l));
  }

  // --- What leaves, counted exactly from keyed hashes across all datasets.
  SubjectSets sent = CollectSubjects(all_rows, all_keep);
  // Peak memory: what is no longer needed goes before the tables are copied and protected.
  consent_index = {};
  all_rows = {};
  o.individuals = sent.individuals.size();
  o.sensitive_individuals = sent.sensitive.size();
  o.minors_under_14 = sent.minors;
  o.categories.assign(categories.begin(), categories.end());
  if (sent.minors > 0 && !categories.count("minors")) o.categories.push_back("minors");

  // --- Decide, with these counts and the ledger's exact history.
  rules::Plan facts = plan;
  facts.as_of = o.as_of;
  facts.individuals = static_cast<int64_t>(o.individuals);
  facts.sensitive_individuals = static_cast<int64_t>(o.sensitive_individuals);
  facts.categories = o.categories;
  if (!facts.personal_information) facts.personal_information = any_pi_column || o.individuals > 0;
  LedgerHistorySource history(*ledger, key.id, sent.individuals, sent.sensitive);
  rules::Engine engine(rules_ctx->rules, rules_ctx->calendar);
  XB_ASSIGN_OR_RETURN(o.decision, engine.Assess(facts, history, rules::AssessOptions{}, o.as_of));
  clock.Lap("decide");

  // --- Refusals: the registry, the law, the mechanism, minimum necessity, consent.
  if (registered) {
    for (auto& reason : registry::PlanConflicts(*registered, facts, o.as_of))
      o.refusal_reasons.push_back(std::move(reason));
  }
  switch (o.decision.outcome) {
    case rules::Outcome::kProhibited:
      o.refusal_reasons.push_back("the transfer is prohibited: " +
                                  rules::DecisionHeadline(o.decision));
      break;
    case rules::Outcome::kUndetermined: {
      std::string facts_list;
      for (const auto& f : o.decision.missing_facts)
        facts_list += (facts_list.empty() ? "" : ", ") + f;
      o.refusal_reasons.push_back("the decision is undetermined; state these facts in the plan: " +
                                  facts_list);
      break;
    }
    case rules::Outcome::kMechanismRequired:
      for (auto& p : MechanismProblems(mechanism, o.decision.mechanisms, o.as_of)) {
        o.refusal_reasons.push_back(p);
      }
      break;
    default:
      break;
  }
  if (mechanism && o.decision.outcome == rules::Outcome::kMechanismRequired) {
    std::optional<CivilDate> deadline;
    if (mechanism->effective)
      deadline = rules_ctx->calendar.AddWorkingDays(*mechanism->effective, 10);
    for (auto& w : MechanismWarnings(*mechanism, deadline)) o.warnings.push_back(w);
  }
  for (const DatasetReport& d : o.datasets) {
    for (const ColumnFate& f : d.columns) {
      if (!f.unnecessary) continue;
      std::string msg = d.source + ": column '" + f.name + "' (" + f.category +
                        ") is beyond the categories the purpose needs (PIPL Art. 6)";
      if (options.strict) {
        o.refusal_reasons.push_back(msg);
      } else {
        o.warnings.push_back(msg + "; drop it in the policy, or list the category");
      }
    }
    if (o.consent_mode == ConsentMode::kStrict && d.consent.without_valid_consent() > 0) {
      o.refusal_reasons.push_back(
          d.source + ": " + std::to_string(d.consent.without_valid_consent()) +
          " individuals lack valid consent (consent: strict; PIPL Art. 39)");
    }
    if (o.consent_mode == ConsentMode::kStrict && d.consent.unidentified_rows > 0) {
      o.refusal_reasons.push_back(
          d.source + ": " + std::to_string(d.consent.unidentified_rows) +
          " rows name no identifiable individual, so consent cannot be checked");
    }
  }
  uint64_t rows_in = 0, rows_out = 0;
  for (const DatasetReport& d : o.datasets) {
    rows_in += d.rows_in;
    rows_out += d.rows_out;
  }
  if (rows_in > 0 && rows_out == 0) {
    o.refusal_reasons.push_back(
        "no row is left to send: no individual in the datasets has valid "
        "consent for this recipient, purpose and categories (PIPL Art. 39)");
  }
  if (o.consent_mode == ConsentMode::kNone && o.individuals > 0) {
    o.warnings.push_back(
        "consent was not checked (consent: none): PIPL Art. 39 separate consent "
        "must rest on another record or legal basis");
  }

  if (options.dry_run) {
    o.status = TransferStatus::kDryRun;
    return o;
  }
  if (!o.refusal_reasons.empty()) {
    XB_RETURN_IF_ERROR(RecordRefusal(*ledger, o, plan, mechanism));
    clock.Lap("ledger");
    return o;
  }

  // --- Protect and package in staging; the move into place happens inside the ledger append.
  std::string package_dir =
      options.out_dir.empty() ? DefaultPackageDir(options.plan_path, o.as_of) : options.out_dir;
  XB_ASSIGN_OR_RETURN(PackageBuilder package, PackageBuilder::Begin(package_dir, options.fault));
  protect::ProtectOptions protect_options;
  protect_options.keys.token = DeriveSubKey(key, "token");
  protect_options.keys.ff1 = DeriveSubKey(key, "ff1");
  protect_options.keys.date_shift = DeriveSubKey(key, "date-shift");
  protect_options.data_dir = rules_ctx->data_dir;
  Sha256Hasher policy_hasher;
  bool any_policy = false;
  json protect_reports = json::array();
  for (size_t i = 0; i < loaded.size(); ++i) {
    Loaded& l = loaded[i];
    DatasetReport& d = o.datasets[i];
    protect::Table kept = l.table.SelectRows(d.consent.keep);
    l.table = protect::Table();
    protect::Table output;
    if (l.policy) {
      protect_options.input_name = d.source;
      XB_ASSIGN_OR_RETURN(protect::ProtectOutcome protected_data,
                          protect::Protect(kept, *l.policy, protect_options));
      d.suppressed_rows = protected_data.report.suppressed_rows;
      protect_reports.push_back(json::parse(protect::ReportToJson(protected_data.report)));
      XB_ASSIGN_OR_RETURN(std::string policy_text,
                          ReadFile(l.policy->path.empty() ? plan.file : l.policy->path));
      policy_hasher.Update(policy_text);
      any_policy = true;
      output = std::move(protected_data.table);
    } else {
      output = std::move(kept);
    }
    d.output = "data/" + fs::path(d.source).stem().string() + ".csv";
    XB_ASSIGN_OR_RETURN(std::string staged, package.PrepareFile(d.output));
    XB_RETURN_IF_ERROR(protect::WriteTableCsv(output, staged));
    XB_RETURN_IF_ERROR(package.RecordFile(d.output));
  }
  std::string policy_sha256 = any_policy ? ToHex(policy_hasher.Finish()) : "";
  if (!protect_reports.empty()) {
    XB_RETURN_IF_ERROR(package.AddFile("protection-report.json", protect_reports.dump(2) + "\n"));
  }
  XB_RETURN_IF_ERROR(package.AddFile("decision.json", rules::DecisionToJson(o.decision)));
  clock.Lap("protect");
  o.package_dir = package.final_dir();
  o.status = TransferStatus::kCompleted;

  // The entry names every data file's digest, so package and entry can be matched.
  json entry = EntryJson(o, plan, mechanism, policy_sha256);
  json files = json::object();
  for (const PackageFile& f : package.files()) files[f.name] = f.sha256;
  entry["files"] = files;

  ledger::TransferRecord record;
  record.entry_json = entry.dump();
  record.group = {key.id, plan.exporter_name.value_or(""), o.as_of.year(),
                  o.decision.outcome != rules::Outcome::kExempt};
  record.individuals = sent.individuals;
  record.sensitive = sent.sensitive;

  auto finish_package = [&](const ledger::AppendResult& appended) -> Status {
    o.ledger_index = appended.first_index;
    o.ledger_size = appended.size;
    o.ledger_root = appended.root;
    json manifest = {
        {"format", "xborder-package-v1"},
        {"plan_sha256", o.plan_sha256},
        {"as_of", o.as_of.ToString()},
        {"decision", DecisionSummaryJson(o.decision)},
        {"mechanism",
         mechanism
             ? json{{"type", mechanism->type},
                    {"reference", mechanism->reference},
                    {"effective", mechanism->effective ? mechanism->effective->ToString() : ""}}
             : json(nullptr)},
        {"counts", entry["counts"]},
        {"categories", o.categories},
        {"datasets", entry["datasets"]},
        {"policy_sha256", policy_sha256},
        {"files", files},
        {"ledger",
         {{"index", appended.first_index},
          {"tree_size", appended.size},
          {"root", ToHex(appended.root)}}}};
    XB_RETURN_IF_ERROR(package.AddFile("manifest.json", manifest.dump(2) + "\n"));
    XB_RETURN_IF_ERROR(package.AddFile("SUMMARY.txt", OutcomeToText(o)));
    return package.Commit();
  };
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended,
                      ledger->AppendTransfer(record, finish_package));
  (void)appended;
  clock.Lap("ledger");
  return o;
}

}  // namespace xb::transfer
