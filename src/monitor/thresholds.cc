#include "monitor/thresholds.h"

#include <algorithm>
#include <tuple>

namespace xb::monitor {
namespace {

constexpr uint64_t Bit(int fact) { return uint64_t{1} << fact; }
constexpr uint64_t kIndividuals = Bit(rules::kHistoryIndividualsYtd) | Bit(rules::kDataIndividuals);
constexpr uint64_t kSensitive =
    Bit(rules::kHistorySensitiveIndividualsYtd) | Bit(rules::kDataSensitiveIndividuals);

// The smallest count at which `sum op value` changes truth; nullopt for == and !=.
std::optional<int64_t> Boundary(rules::Condition::Op op, int64_t value) {
  using Op = rules::Condition::Op;
  switch (op) {
    case Op::kGe:
    case Op::kLt:
      return value;
    case Op::kGt:
    case Op::kLe:
      return value + 1;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::vector<VolumeThreshold> ThresholdsInForce(const rules::RuleSet& rules,
                                               std::string_view jurisdiction, CivilDate date) {
  std::vector<VolumeThreshold> out;
  auto j = rules.model().SymbolIndex(rules::kJurisdiction, jurisdiction);
  if (!j) return out;
  // rules() is sorted by jurisdiction, kind and precedence: the first rule met for a value is
  // the one that decides at it.
  for (size_t rank = 0; rank < rules.rules().size(); ++rank) {
    const rules::Rule& r = rules.rules()[rank];
    if (r.kind != rules::RuleKind::kDecision || r.jurisdiction != *j || !r.InForce(date)) continue;
    for (const auto& bound : r.when.CountBounds()) {
      if (bound.facts != kIndividuals && bound.facts != kSensitive) continue;
      std::optional<int64_t> at = Boundary(bound.op, bound.value);
      if (!at || *at <= 0) continue;
      const bool sensitive = bound.facts == kSensitive;
      bool known = std::any_of(out.begin(), out.end(), [&](const VolumeThreshold& t) {
        return t.sensitive == sensitive && t.value == *at;
      });
      if (known) continue;
      std::vector<std::string> mechanisms;
      if (r.then.outcome == rules::Outcome::kMechanismRequired) {
        mechanisms = rules::MechanismNames(rules.model(), r.then.mechanisms);
      }
      out.push_back({sensitive, *at, r.id, r.citation, rank, std::move(mechanisms)});
    }
  }
  std::sort(out.begin(), out.end(), [](const VolumeThreshold& a, const VolumeThreshold& b) {
    return std::tie(a.sensitive, a.value) < std::tie(b.sensitive, b.value);
  });
  return out;
}

const VolumeThreshold* MechanismsNeeded(const std::vector<VolumeThreshold>& thresholds,
                                        int64_t individuals, int64_t sensitive_individuals) {
  const VolumeThreshold* first = nullptr;
  for (const VolumeThreshold& t : thresholds) {
    if (t.mechanisms.empty()) continue;
    if ((t.sensitive ? sensitive_individuals : individuals) < t.value) continue;
    if (!first || t.rank < first->rank) first = &t;
  }
  return first;
}

}  // namespace xb::monitor
