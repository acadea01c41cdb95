// IdentifyDatasets, FilterByConsent and CountWhatLeaves (transfer_stages.h): what each
// dataset holds, who each row is about, which rows may leave, and how many people that is.
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "protect/table_io.h"
#include "scan/dataset_scanner.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
namespace fs = std::filesystem;

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

// A policy naming a column the data lacks is bad input, whatever the decision would be.
Status CheckPolicyColumns(const protect::Policy& policy, const protect::Table& table,
                          const std::string& listed) {
  auto check = [&](const std::string& column, int64_t line) -> Status {
    if (table.FindColumn(column) >= 0) return Status::Ok();
    return InvalidArgument(
        "the policy names column '" + column + "', which " + listed + " does not have",
        {policy.path, line, column});
  };
  for (const auto& c : policy.columns) XB_RETURN_IF_ERROR(check(c.column, c.line));
  for (const auto& q : policy.quasi_identifiers) XB_RETURN_IF_ERROR(check(q.column, q.line));
  return Status::Ok();
}

std::vector<ColumnFate> ColumnFates(const scan::DatasetProfile& profile,
                                    const std::optional<protect::Policy>& policy,
                                    const std::set<std::string>& needed, Jurisdiction j) {
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
    // Sensitive under the plan's law: PIPL Art. 28 for CN, a GDPR Art. 9 special category for EU.
    f.sensitive = j == Jurisdiction::kCN ? c.sensitive_cn : c.sensitive_eu;
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

// Profiles the dataset. A person's record in place of the header is read as data, with the
// columns named column_1 ... column_N (scan::ScanDataset decides, as for `scan`); the table is
// then loaded the same way.
Status ScanOne(TransferContext& ctx, DatasetWork& w, io::ReadOptions* read) {
  scan::ScanOptions scan_options;
  scan_options.threads = ctx.options.threads;
  scan_options.as_of = ctx.outcome.as_of;
  scan_options.key = ctx.key;
  scan_options.taxonomy = &ctx.taxonomy;
  scan_options.text_detector = ctx.text_detector.get();
  XB_ASSIGN_OR_RETURN(w.profile, scan::ScanDataset(w.path, *ctx.classifier, scan_options));
  w.header_is_data = w.profile.first_record_is_data;
  if (w.header_is_data) scan_options.read.has_header = false;
  for (const std::string& warning : w.profile.warnings) {
    ctx.outcome.warnings.push_back(w.shown + ": " + warning);
  }
  *read = scan_options.read;
  ctx.Lap("scan");
  return Status::Ok();
}

// What happens to each column, and how messages may name it.
std::vector<ColumnFate> FatesOf(const TransferContext& ctx, const DatasetWork& w) {
  std::vector<ColumnFate> fates = ColumnFates(w.profile, w.policy, ctx.needed, ctx.jurisdiction);
  for (size_t i = 0; i < fates.size(); ++i) {
    ColumnFate& f = fates[i];
    f.position = i + 1;
    f.name_generated = w.header_is_data;
    f.name_holds_data = w.profile.columns[i].name_holds_data;  // false for generated names
  }
  return fates;
}

// Who each row is about, whether they are minors, whether the row sends sensitive PI; and the
// categories the dataset sends.
Status IdentifyRowsOf(TransferContext& ctx, DatasetWork& w, DatasetReport& report) {
  SubjectPassInput pass;
  pass.table = &w.table;
  pass.profile = &w.profile;
  pass.classifier = ctx.classifier.get();
  pass.subject_hasher = ctx.subject_hasher.get();
  pass.as_of = ctx.outcome.as_of;
  pass.minor_age_limit = ctx.taxonomy.minor_age_limit();
  pass.text_detector = ctx.text_detector.get();
  pass.sensitive_text_types = ctx.sensitive_text_types;
  for (const ColumnFate& f : report.columns) {
    if (f.sent && f.sensitive) {
      (f.text_entities.empty() ? pass.sensitive_sent_columns : pass.sensitive_text_columns)
          .push_back(f.name);
    }
    if (f.sent && !f.category.empty()) {
      w.categories.insert(f.category);
      ctx.any_pi_column = true;
    }
  }
  ctx.categories.insert(w.categories.begin(), w.categories.end());
  XB_ASSIGN_OR_RETURN(w.rows, IdentifyRows(pass));
  report.individuals_in = CollectSubjects(w.rows, {}, false).individuals.size();
  return Status::Ok();
}

// Scans, loads and identifies one dataset.
Status IdentifyDataset(TransferContext& ctx, DatasetWork& w, DatasetReport& report) {
  io::ReadOptions read;
  XB_RETURN_IF_ERROR(ScanOne(ctx, w, &read));
  XB_ASSIGN_OR_RETURN(w.policy, PolicyFor(ctx.plan, w.listed));
  XB_ASSIGN_OR_RETURN(w.table, protect::LoadTable(w.path, read));
  if (w.policy) XB_RETURN_IF_ERROR(CheckPolicyColumns(*w.policy, w.table, w.listed));
  ctx.Lap("load");

  report.source = w.listed;
  XB_ASSIGN_OR_RETURN(report.source_sha256, Sha256OfFile(w.path));
  report.rows_in = w.table.row_count();
  report.columns = FatesOf(ctx, w);
  XB_RETURN_IF_ERROR(IdentifyRowsOf(ctx, w, report));
  ctx.Lap("identify");
  return Status::Ok();
}

}  // namespace

Status IdentifyDatasets(TransferContext& ctx) {
  for (size_t i = 0; i < ctx.plan.datasets.size(); ++i) {
    DatasetWork& w = ctx.datasets.emplace_back();
    w.listed = ctx.plan.datasets[i];
    w.path = ResolveAgainst(ctx.plan.file, w.listed);
    DatasetReport& report = ctx.outcome.datasets.emplace_back();
    report.name = ctx.dataset_names[i].relative;
    w.shown = ctx.dataset_names[i].withheld ? report.name : w.listed;
    if (ctx.where != nullptr) ctx.where->file = w.shown;
    XB_RETURN_IF_ERROR(IdentifyDataset(ctx, w, report));
    // A path holding personal data is not repeated in what the transfer writes (refusal
    // reasons, SUMMARY.txt): the dataset goes by its position there too.
    if (ctx.dataset_names[i].withheld) report.source = report.name;
  }
  if (ctx.where != nullptr) ctx.where->file.clear();
  return Status::Ok();
}

void FilterByConsent(TransferContext& ctx) {
  for (size_t i = 0; i < ctx.datasets.size(); ++i) {
    DatasetWork& w = ctx.datasets[i];
    DatasetReport& report = ctx.outcome.datasets[i];
    // A row's consent must cover what its own dataset sends: neither less (a dataset listed
    // later adding categories) nor more (one listed earlier) than that.
    consent::ConsentRequest request{ctx.plan.recipient_name.value_or(""),
                                    ctx.plan.purpose.value_or(""),
                                    {w.categories.begin(), w.categories.end()},
                                    ctx.outcome.as_of};
    report.consent = ApplyConsent(ctx.outcome.consent_mode, w.rows, ctx.consent_index, request);
    report.rows_out = report.rows_in - report.consent.rows_removed;
  }
  // Peak memory: what is no longer needed goes before the tables are copied and protected.
  ctx.consent_index = {};
  ctx.Lap("consent");
}

void CountWhatLeaves(TransferContext& ctx) {
  std::vector<RowSubject> all_rows;
  std::vector<bool> all_keep;
  for (size_t i = 0; i < ctx.datasets.size(); ++i) {
    DatasetWork& w = ctx.datasets[i];
    const std::vector<bool>& keep = ctx.outcome.datasets[i].consent.keep;
    all_rows.insert(all_rows.end(), w.rows.begin(), w.rows.end());
    all_keep.insert(all_keep.end(), keep.begin(), keep.end());
    w.rows = {};
  }
  ctx.sent = CollectSubjects(all_rows, all_keep, ctx.taxonomy.MinorsSensitive(ctx.jurisdiction));
  TransferOutcome& o = ctx.outcome;
  o.individuals = ctx.sent.individuals.size();
  o.sensitive_individuals = ctx.sent.sensitive.size();
  o.minors_under_14 = ctx.sent.minors;
  o.categories.assign(ctx.categories.begin(), ctx.categories.end());
  if (ctx.sent.minors > 0 && !ctx.categories.count("minors")) o.categories.push_back("minors");
}

}  // namespace xb::transfer
