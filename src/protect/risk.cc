#include "protect/risk.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <unordered_map>

namespace xb::protect {
namespace {

// Groups rows by the dictionary codes of `columns` (equal texts have equal codes within a
// column). Returns the class of every row not skipped (UINT32_MAX for skipped rows).
size_t GroupRows(const Table& table, const std::vector<size_t>& columns,
                 const std::vector<uint8_t>* skip, std::vector<uint32_t>* class_of) {
  std::unordered_map<std::string, uint32_t> ids;
  class_of->assign(table.row_count(), UINT32_MAX);
  std::string key;
  for (size_t r = 0; r < table.row_count(); ++r) {
    if (skip != nullptr && (*skip)[r]) continue;
    key.clear();
    for (size_t c : columns) {
      uint32_t code = table.column(c).codes()[r];
      key.append(reinterpret_cast<const char*>(&code), sizeof code);
    }
    auto [it, inserted] = ids.emplace(key, static_cast<uint32_t>(ids.size()));
    (*class_of)[r] = it->second;
  }
  return ids.size();
}

}  // namespace

RiskSummary ComputeRisk(const Table& table, const std::vector<size_t>& columns, double threshold,
                        const std::vector<uint8_t>* skip) {
  RiskSummary s;
  s.threshold = threshold;
  std::vector<uint32_t> class_of;
  const size_t classes = GroupRows(table, columns, skip, &class_of);
  std::vector<uint64_t> size(classes, 0);
  for (uint32_t c : class_of) {
    if (c != UINT32_MAX) ++size[c];
  }
  s.classes = classes;
  uint64_t at_risk = 0;
  for (uint64_t n : size) {
    s.rows += n;
    s.smallest_class = s.smallest_class == 0 ? n : std::min(s.smallest_class, n);
    if (n == 1) ++s.sample_uniques;
    if (1.0 / static_cast<double>(n) > threshold) at_risk += n;
  }
  if (s.rows == 0) return s;
  const double rows = static_cast<double>(s.rows);
  s.prosecutor_max = 1.0 / static_cast<double>(s.smallest_class);
  s.prosecutor_average = static_cast<double>(classes) / rows;
  s.records_at_risk = static_cast<double>(at_risk) / rows;
  s.journalist_max = s.prosecutor_max;
  s.journalist_average = s.prosecutor_average;
  s.marketer = s.prosecutor_average;
  return s;
}

Result<VerifyResult> VerifyPrivacy(const Table& table, const std::vector<std::string>& qi_columns,
                                   const std::string& sensitive_column, const PrivacyModel& model) {
  std::vector<size_t> qis;
  for (const auto& name : qi_columns) {
    int c = table.FindColumn(name);
    if (c < 0) return InvalidArgument("column '" + name + "' is not in the published table");
    qis.push_back(static_cast<size_t>(c));
  }
  int sensitive = -1;
  if (model.l_diversity || model.t_closeness) {
    sensitive = table.FindColumn(sensitive_column);
    if (sensitive < 0) {
      return InvalidArgument("column '" + sensitive_column + "' is not in the published table");
    }
  }
  const size_t n = table.row_count();
  // Per class: rows, and the count of each sensitive text.
  struct Class {
    uint64_t rows = 0;
    std::map<std::string_view, uint64_t> values;
    bool all_stars = false;
  };
  std::unordered_map<std::string, Class> classes;
  std::map<std::string_view, uint64_t> global;
  std::string key;
  for (size_t r = 0; r < n; ++r) {
    key.clear();
    bool stars = true;
    for (size_t c : qis) {
      std::string_view v = table.cell(r, c);
      stars = stars && v == "*";
      key.append(v);
      key.push_back('\x1f');
      key.append(std::to_string(v.size()));
      key.push_back('\x1e');
    }
    Class& cls = classes[key];
    cls.all_stars = stars;
    ++cls.rows;
    if (sensitive >= 0) {
      std::string_view s = table.cell(r, static_cast<size_t>(sensitive));
      ++cls.values[s];
      ++global[s];
    }
  }
  // Ranks of sensitive values for ordered EMD.
  std::vector<std::string> distinct;
  for (const auto& [v, c] : global) distinct.emplace_back(v);
  std::vector<uint32_t> rank = RankSensitiveValues(distinct);
  std::map<std::string_view, uint32_t> rank_of;
  for (size_t i = 0; i < distinct.size(); ++i) rank_of[std::string_view(distinct[i])] = rank[i];
  uint32_t ranks = 0;
  for (uint32_t r : rank) ranks = std::max(ranks, r + 1);
  std::vector<double> global_by_rank(ranks, 0);
  for (const auto& [v, c] : global) global_by_rank[rank_of[v]] += static_cast<double>(c) / n;

  auto violation = [&](const Class& cls) -> std::string {
    if (cls.rows < model.k) return "k-anonymity";
    if (model.l_diversity) {
      const auto& ld = *model.l_diversity;
      if (cls.values.size() < static_cast<size_t>(ld.l)) return "l-diversity";
      if (ld.variant == LDiversityVariant::kRecursive) {
        std::vector<uint64_t> counts;
        for (const auto& [v, c] : cls.values) counts.push_back(c);
        std::sort(counts.begin(), counts.end(), std::greater<>());
        double tail = 0;
        for (size_t j = static_cast<size_t>(ld.l) - 1; j < counts.size(); ++j) tail += counts[j];
        if (!(static_cast<double>(counts[0]) < ld.c * tail)) return "recursive l-diversity";
      }
    }
    if (model.t_closeness) {
      std::vector<double> p(ranks, 0);
      for (const auto& [v, c] : cls.values) p[rank_of[v]] += static_cast<double>(c) / cls.rows;
      double emd = 0;
      if (model.t_closeness->distance == EmdDistance::kEqual) {
        for (uint32_t i = 0; i < ranks; ++i) emd += std::fabs(p[i] - global_by_rank[i]);
        emd /= 2;
      } else if (ranks > 1) {
        double cumulative = 0;
        for (uint32_t i = 0; i + 1 < ranks; ++i) {
          cumulative += p[i] - global_by_rank[i];
          emd += std::fabs(cumulative);
        }
        emd /= ranks - 1;
      }
      if (emd > model.t_closeness->t + 1e-9) return "t-closeness";
    }
    return "";
  };

  VerifyResult v;
  v.rows = n;
  std::string first_failure;
  for (const auto& [k, cls] : classes) {
    std::string failed = violation(cls);
    if (cls.all_stars && !failed.empty()) {
      v.suppressed_rows += cls.rows;
      continue;
    }
    ++v.classes;
    v.smallest_class = v.classes == 1 ? cls.rows : std::min(v.smallest_class, cls.rows);
    if (!failed.empty()) {
      ++v.violating_classes;
      if (first_failure.empty()) first_failure = failed;
    }
  }
  const uint64_t limit =
      static_cast<uint64_t>(std::floor(model.suppression_limit * static_cast<double>(n) + 1e-9));
  if (v.violating_classes > 0) {
    v.failure = std::to_string(v.violating_classes) + " classes violate " + first_failure;
  } else if (v.suppressed_rows > limit) {
    v.failure = std::to_string(v.suppressed_rows) + " rows suppressed, above the limit of " +
                std::to_string(limit);
  }
  v.satisfied = v.failure.empty();
  return v;
}

}  // namespace xb::protect
