#include "protect/protect.h"

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/locations.h"
#include "core/out_of_memory.h"
#include "protect/generalizer.h"
#include "protect/hierarchy.h"
#include "protect/lattice_search.h"
#include "protect/region_gazetteer.h"

namespace xb::protect {
namespace {

bool UsesRegions(const Policy& policy) {
  for (const auto& c : policy.columns) {
    if (c.transform.kind == TransformKind::kGeneralize &&
        c.transform.generalizer.kind == "cn_region") {
      return true;
    }
  }
  for (const auto& q : policy.quasi_identifiers) {
    if (q.hierarchy_file.empty() && q.builtin.kind == "cn_region") return true;
  }
  return false;
}

Status CheckColumn(const Table& table, const std::string& column, const Policy& policy,
                   int64_t line, const std::string& field, const std::string& input) {
  if (table.FindColumn(column) >= 0) return Status::Ok();
  return InvalidArgument("column '" + column + "' is not in the data (" + input + ")",
                         Location(policy.path, line, field));
}

nlohmann::json RiskJson(const RiskSummary& r) {
  return {{"rows", r.rows},
          {"equivalence_classes", r.classes},
          {"smallest_class", r.smallest_class},
          {"sample_uniques", r.sample_uniques},
          {"prosecutor",
           {{"max", r.prosecutor_max},
            {"average", r.prosecutor_average},
            {"records_at_risk", r.records_at_risk},
            {"threshold", r.threshold}}},
          {"journalist", {{"max", r.journalist_max}, {"average", r.journalist_average}}},
          {"marketer", r.marketer}};
}

}  // namespace

bool PolicyNeedsKey(const Policy& policy) {
  for (const auto& c : policy.columns) {
    switch (c.transform.kind) {
      case TransformKind::kTokenize:
      case TransformKind::kFpe:
      case TransformKind::kDateShift:
        return true;
      default:
        break;
    }
  }
  return false;
}

namespace {

// Protect, except that memory exhaustion throws std::bad_alloc.
Result<ProtectOutcome> ProtectOrThrow(const Table& input, const Policy& policy,
                                      const ProtectOptions& options) {
  const std::string input_name = options.input_name.empty() ? "input" : options.input_name;
  // Every column the policy names must exist.
  for (const auto& c : policy.columns) {
    XB_RETURN_IF_ERROR(
        CheckColumn(input, c.column, policy, c.line, "columns." + c.column, input_name));
    if (c.transform.kind == TransformKind::kDateShift) {
      XB_RETURN_IF_ERROR(CheckColumn(input, c.transform.subject_column, policy, c.line,
                                     "columns." + c.column + ".date_shift.by", input_name));
    }
  }
  for (const auto& q : policy.quasi_identifiers) {
    XB_RETURN_IF_ERROR(
        CheckColumn(input, q.column, policy, q.line, "quasi_identifiers." + q.column, input_name));
  }
  if (!policy.sensitive_column.empty()) {
    XB_RETURN_IF_ERROR(CheckColumn(input, policy.sensitive_column, policy, policy.privacy_line,
                                   "privacy", input_name));
  }

  std::unique_ptr<RegionGazetteer> regions;
  if (UsesRegions(policy)) {
    std::string dir = options.data_dir.empty() ? LocateDataDir() : options.data_dir;
    XB_ASSIGN_OR_RETURN(regions, RegionGazetteer::Load(dir + "/cn-admin-divisions"));
  }

  ProtectOutcome out;
  ProtectReport& report = out.report;
  report.rows = input.row_count();
  report.model = policy.model;
  report.metric = policy.metric;
  report.sensitive_column = policy.sensitive_column;

  // Quasi-identifiers: hierarchies, leaves, search.
  std::vector<std::unique_ptr<Hierarchy>> hierarchies;
  std::vector<size_t> qi_columns;
  SearchProblem problem;
  problem.model = policy.model;
  problem.metric = policy.metric;
  for (const auto& q : policy.quasi_identifiers) {
    const size_t col = static_cast<size_t>(input.FindColumn(q.column));
    const Column& column = input.column(col);
    std::string source;
    std::unique_ptr<Hierarchy> h;
    if (!q.hierarchy_file.empty()) {
      source = q.hierarchy_file;
      XB_ASSIGN_OR_RETURN(std::string text, ReadFile(q.hierarchy_file));
      XB_ASSIGN_OR_RETURN(Hierarchy parsed, Hierarchy::ParseCsv(text, q.hierarchy_file));
      h = std::make_unique<Hierarchy>(std::move(parsed));
    } else {
      source = "built-in " + q.builtin.kind;
      auto g = MakeGeneralizer(q.builtin, regions.get());
      if (!g.ok()) {
        return InvalidArgument(g.error().message,
                               Location(policy.path, q.line, "quasi_identifiers." + q.column));
      }
      auto built = BuildHierarchy(**g, column.dictionary());
      if (!built.ok()) {
        // Find a row with the offending value to point at it.
        for (size_t code = 0; code < column.dictionary().size(); ++code) {
          if ((*g)->Generalize(column.dictionary()[code], 1).ok()) continue;
          for (size_t r = 0; r < input.row_count(); ++r) {
            if (column.codes()[r] == code) {
              return InvalidArgument(built.error().message,
                                     Location(input_name, input.line(r), q.column));
            }
          }
        }
        return std::move(built).error();
      }
      h = std::make_unique<Hierarchy>(std::move(built).value());
    }
    QuasiIdentifierCodes codes;
    codes.hierarchy = h.get();
    std::vector<uint32_t> leaf_of_code(column.dictionary().size());
    for (size_t code = 0; code < leaf_of_code.size(); ++code) {
      auto leaf = h->FindLeaf(column.dictionary()[code]);
      if (!leaf) {
        size_t row = 0;
        while (column.codes()[row] != code) ++row;
        return InvalidArgument("value (" + DescribeShape(column.dictionary()[code]) +
                                   ") is not in the hierarchy " + source +
                                   "; every value of a quasi-identifier needs a row there",
                               Location(input_name, input.line(row), q.column));
      }
      leaf_of_code[code] = *leaf;
    }
    codes.leaves.reserve(input.row_count());
    for (uint32_t code : column.codes()) codes.leaves.push_back(leaf_of_code[code]);
    problem.quasi_identifiers.push_back(std::move(codes));
    hierarchies.push_back(std::move(h));
    qi_columns.push_back(col);
    report.quasi_identifiers.push_back(q.column);
    report.heights.push_back(hierarchies.back()->height());
  }
  if (!policy.sensitive_column.empty()) {
    const Column& s = input.column(static_cast<size_t>(input.FindColumn(policy.sensitive_column)));
    std::vector<uint32_t> rank = RankSensitiveValues(s.dictionary());
    uint32_t values = 0;
    for (uint32_t r : rank) values = std::max(values, r + 1);
    problem.sensitive_values = values;
    problem.sensitive.reserve(input.row_count());
    for (uint32_t code : s.codes()) problem.sensitive.push_back(rank[code]);
  }

  std::vector<uint8_t> suppressed;
  std::vector<int> levels;
  if (!problem.quasi_identifiers.empty()) {
    if (policy.model.k > input.row_count()) {
      return InvalidArgument("k = " + std::to_string(policy.model.k) + " is larger than the " +
                                 std::to_string(input.row_count()) + " rows of " + input_name,
                             Location(policy.path, policy.privacy_line, "privacy.k_anonymity"));
    }
    report.risk_before = ComputeRisk(input, qi_columns, policy.risk_threshold);
    auto start = std::chrono::steady_clock::now();
    auto result = FindOptimalGeneralization(problem);
    if (!result.ok()) {
      Error e = std::move(result).error();
      if (e.where.file.empty()) e.where = Location(policy.path, policy.privacy_line, "privacy");
      return e;
    }
    report.search_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    levels = result->optimum.levels;
    suppressed = std::move(result->suppressed);
    report.levels = levels;
    report.attribute_loss = result->optimum.attribute_loss;
    report.metric_value = result->optimum.metric;
    report.suppressed_rows = result->optimum.suppressed_rows;
    report.classes = result->optimum.classes;
    report.lattice_size = result->lattice_size;
    report.nodes_evaluated = result->nodes_evaluated;
  }

  // Transforms run on the input's values (a date shift keys on the original subject).
  std::vector<Column> columns;
  std::vector<bool> keep(input.column_count(), !policy.drop_unlisted);
  std::vector<std::string> actions(input.column_count(), policy.drop_unlisted ? "drop" : "keep");
  for (size_t c = 0; c < input.column_count(); ++c) columns.push_back(input.column(c));
  for (const auto& c : policy.columns) {
    const size_t col = static_cast<size_t>(input.FindColumn(c.column));
    XB_ASSIGN_OR_RETURN(columns[col], ApplyTransform(input, col, c.transform, options.keys,
                                                     regions.get(), input_name));
    keep[col] = c.transform.kind != TransformKind::kDrop;
    actions[col] = TransformName(c.transform.kind);
  }
  for (size_t i = 0; i < qi_columns.size(); ++i) {
    const size_t col = qi_columns[i];
    const Hierarchy& h = *hierarchies[i];
    const auto& leaves = problem.quasi_identifiers[i].leaves;
    Column generalized;
    generalized.Reserve(input.row_count());
    std::vector<uint32_t> label_code(h.label_count(levels[i]), UINT32_MAX);
    const uint32_t star = generalized.Intern("*");
    for (size_t r = 0; r < input.row_count(); ++r) {
      if (suppressed[r]) {
        generalized.AppendCode(star);
        continue;
      }
      const uint32_t label = h.LabelOf(levels[i], leaves[r]);
      if (label_code[label] == UINT32_MAX) {
        label_code[label] = generalized.Intern(h.label_text(levels[i], label));
      }
      generalized.AppendCode(label_code[label]);
    }
    columns[col] = std::move(generalized);
    keep[col] = true;
    actions[col] = "quasi-identifier";
  }
  if (!policy.sensitive_column.empty()) {
    const size_t col = static_cast<size_t>(input.FindColumn(policy.sensitive_column));
    keep[col] = true;
    actions[col] = "sensitive";
  }
  {
    Table t;
    for (size_t c = 0; c < input.column_count(); ++c) {
      t.AddColumn(input.column_names()[c], std::move(columns[c]));
    }
    t.CopyLines(input);
    t.KeepColumns(keep);
    out.table = std::move(t);
  }
  for (size_t c = 0; c < input.column_count(); ++c) {
    report.columns.push_back({input.column_names()[c], actions[c]});
  }
  if (!qi_columns.empty()) {
    std::vector<size_t> out_qis;
    for (const auto& name : report.quasi_identifiers) {
      out_qis.push_back(static_cast<size_t>(out.table.FindColumn(name)));
    }
    report.risk_after = ComputeRisk(out.table, out_qis, policy.risk_threshold, &suppressed);
  }
  return out;
}

}  // namespace

Result<ProtectOutcome> Protect(const Table& input, const Policy& policy,
                               const ProtectOptions& options) {
  return CatchOutOfMemory([&] { return ProtectOrThrow(input, policy, options); },
                          [] { return "protecting the table"; },
                          [&] { return Location(options.input_name); });
}

std::string ReportToJson(const ProtectReport& r, const VerifyResult* verify) {
  nlohmann::json j;
  j["rows"] = r.rows;
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : r.columns) cols.push_back({{"column", c.column}, {"action", c.action}});
  j["columns"] = cols;
  if (r.quasi_identifiers.empty()) {
    j["anonymization"] = nullptr;
    return j.dump(2) + "\n";
  }
  nlohmann::json a;
  nlohmann::json levels = nlohmann::json::array();
  for (size_t i = 0; i < r.quasi_identifiers.size(); ++i) {
    nlohmann::json l = {
        {"column", r.quasi_identifiers[i]}, {"level", r.levels[i]}, {"height", r.heights[i]}};
    if (i < r.attribute_loss.size()) l["loss"] = r.attribute_loss[i];
    levels.push_back(l);
  }
  a["levels"] = levels;
  nlohmann::json model = {{"k_anonymity", r.model.k},
                          {"suppression_limit", r.model.suppression_limit}};
  if (r.model.l_diversity) {
    model["l_diversity"] = {
        {"column", r.sensitive_column},
        {"l", r.model.l_diversity->l},
        {"variant",
         r.model.l_diversity->variant == LDiversityVariant::kRecursive ? "recursive" : "distinct"}};
    if (r.model.l_diversity->variant == LDiversityVariant::kRecursive) {
      model["l_diversity"]["c"] = r.model.l_diversity->c;
    }
  }
  if (r.model.t_closeness) {
    model["t_closeness"] = {
        {"column", r.sensitive_column},
        {"t", r.model.t_closeness->t},
        {"distance", r.model.t_closeness->distance == EmdDistance::kOrdered ? "ordered" : "equal"}};
  }
  a["privacy"] = model;
  a["metric"] = {{"name", MetricName(r.metric)}, {"value", r.metric_value}};
  a["suppressed_rows"] = r.suppressed_rows;
  a["equivalence_classes"] = r.classes;
  a["search"] = {{"lattice_nodes", r.lattice_size},
                 {"nodes_evaluated", r.nodes_evaluated},
                 {"seconds", r.search_seconds}};
  j["anonymization"] = a;
  j["risk"] = {{"before", RiskJson(r.risk_before)}, {"after", RiskJson(r.risk_after)}};
  if (verify != nullptr) {
    j["verify"] = {{"satisfied", verify->satisfied},
                   {"classes", verify->classes},
                   {"smallest_class", verify->smallest_class},
                   {"suppressed_rows", verify->suppressed_rows},
                   {"violating_classes", verify->violating_classes},
                   {"failure", verify->failure}};
  }
  return j.dump(2) + "\n";
}

}  // namespace xb::protect
