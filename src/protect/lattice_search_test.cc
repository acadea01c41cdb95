#include "protect/lattice_search.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>

#include "protect/adult_test_util.h"

namespace xb::protect {
namespace {

using testing::AdultProblem;
using testing::LoadAdult;
using testing::LoadAdultHierarchies;

// Counts classes from the published labels, independently of the search code. Returns the
// smallest class among rows not suppressed (0 if none).
uint64_t SmallestClass(const SearchProblem& p, const std::vector<int>& levels,
                       const std::vector<uint8_t>& suppressed, size_t* classes = nullptr) {
  std::map<std::vector<std::string>, uint64_t> count;
  const size_t n = p.quasi_identifiers[0].leaves.size();
  for (size_t r = 0; r < n; ++r) {
    if (suppressed[r]) continue;
    std::vector<std::string> key;
    for (size_t i = 0; i < levels.size(); ++i) {
      const Hierarchy& h = *p.quasi_identifiers[i].hierarchy;
      key.push_back(
          h.label_text(levels[i], h.LabelOf(levels[i], p.quasi_identifiers[i].leaves[r])));
    }
    ++count[key];
  }
  uint64_t smallest = 0;
  for (const auto& [key, c] : count) smallest = smallest == 0 ? c : std::min(smallest, c);
  if (classes != nullptr) *classes = count.size();
  return smallest;
}

uint64_t CountSuppressed(const std::vector<uint8_t>& flags) {
  uint64_t s = 0;
  for (uint8_t f : flags) s += f;
  return s;
}

class AdultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = LoadAdult();
    hierarchies_ = LoadAdultHierarchies();
    ASSERT_EQ(table_.row_count(), 30162u);
    ASSERT_EQ(hierarchies_.size(), 9u);
  }
  Table table_;
  std::vector<std::unique_ptr<Hierarchy>> hierarchies_;
};

TEST_F(AdultTest, ArxOptimumWithoutSuppressionHasArxLoss) {
  PrivacyModel model;
  model.k = 5;
  SearchProblem p = AdultProblem(table_, hierarchies_, model);
  auto node = EvaluateGeneralization(p, {0, 4, 1, 1, 3, 2, 2, 1, 0});
  ASSERT_TRUE(node.ok()) << node.error().ToString();
  EXPECT_TRUE(node->anonymous);
  EXPECT_NEAR(node->metric, 0.5732, 5e-5);
  EXPECT_EQ(node->classes, 24u);
}

TEST_F(AdultTest, OptimumWithoutSuppressionIsAtLeastAsGoodAsArx) {
  PrivacyModel model;
  model.k = 5;
  SearchProblem p = AdultProblem(table_, hierarchies_, model);
  auto result = FindOptimalGeneralization(p);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_LE(result->optimum.metric, 0.5732 + 5e-5);
  EXPECT_EQ(result->optimum.suppressed_rows, 0u);
  size_t classes = 0;
  EXPECT_GE(SmallestClass(p, result->optimum.levels, result->suppressed, &classes), 5u);
  EXPECT_EQ(classes, result->optimum.classes);
  EXPECT_EQ(result->lattice_size, 12960u);
  EXPECT_LT(result->nodes_evaluated, result->lattice_size);
}

TEST_F(AdultTest, ArxOptimumWithSuppressionHasArxLoss) {
  PrivacyModel model;
  model.k = 5;
  model.suppression_limit = 0.05;
  SearchProblem p = AdultProblem(table_, hierarchies_, model);
  std::vector<uint8_t> flags;
  auto node = EvaluateGeneralization(p, {0, 3, 0, 0, 2, 1, 1, 2, 0}, &flags);
  ASSERT_TRUE(node.ok());
  EXPECT_TRUE(node->anonymous);
  EXPECT_EQ(node->suppressed_rows, 1346u);
  EXPECT_EQ(CountSuppressed(flags), 1346u);
  EXPECT_NEAR(node->metric, 0.2419, 5e-5);
}

TEST_F(AdultTest, OptimumWithSuppressionIsAtLeastAsGoodAsArx) {
  PrivacyModel model;
  model.k = 5;
  model.suppression_limit = 0.05;
  SearchProblem p = AdultProblem(table_, hierarchies_, model);
  auto result = FindOptimalGeneralization(p);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_LE(result->optimum.metric, 0.2419 + 5e-5);
  const uint64_t suppressed = CountSuppressed(result->suppressed);
  EXPECT_EQ(suppressed, result->optimum.suppressed_rows);
  EXPECT_LE(suppressed, static_cast<uint64_t>(0.05 * 30162));
  EXPECT_GE(SmallestClass(p, result->optimum.levels, result->suppressed), 5u);
}

// A small random problem: three attributes with hierarchies of heights 4, 3 and 2.
struct Small {
  std::vector<std::unique_ptr<Hierarchy>> hierarchies;
  SearchProblem problem;
};

Small MakeSmall(uint32_t seed, size_t rows) {
  Small s;
  std::vector<std::vector<std::string>> a, b, c;
  for (int v = 0; v < 12; ++v) {
    a.push_back({std::to_string(v), "p" + std::to_string(v / 3), "q" + std::to_string(v / 6), "*"});
  }
  for (int v = 0; v < 6; ++v)
    b.push_back({"b" + std::to_string(v), "h" + std::to_string(v % 2), "*"});
  for (int v = 0; v < 3; ++v) c.push_back({"c" + std::to_string(v), "*"});
  for (auto* rowsets : {&a, &b, &c}) {
    s.hierarchies.push_back(
        std::make_unique<Hierarchy>(Hierarchy::FromRows(*rowsets, "t").value()));
  }
  std::mt19937 rng(seed);
  for (size_t i = 0; i < 3; ++i) {
    QuasiIdentifierCodes qi;
    qi.hierarchy = s.hierarchies[i].get();
    // Skewed values, so that some classes are small.
    std::geometric_distribution<uint32_t> dist(0.35);
    for (size_t r = 0; r < rows; ++r) {
      qi.leaves.push_back(std::min<uint32_t>(dist(rng), qi.hierarchy->domain_size() - 1));
    }
    s.problem.quasi_identifiers.push_back(std::move(qi));
  }
  s.problem.sensitive_values = 4;
  std::uniform_int_distribution<uint32_t> sens(0, 3);
  for (size_t r = 0; r < rows; ++r) s.problem.sensitive.push_back(sens(rng));
  return s;
}

// The exhaustive optimum: evaluate every node from scratch.
double ExhaustiveOptimum(const SearchProblem& p) {
  double best = INFINITY;
  for (int x = 0; x < 4; ++x) {
    for (int y = 0; y < 3; ++y) {
      for (int z = 0; z < 2; ++z) {
        auto node = EvaluateGeneralization(p, {x, y, z});
        if (node.ok() && node->anonymous) best = std::min(best, node->metric);
      }
    }
  }
  return best;
}

struct ModelCase {
  const char* name;
  PrivacyModel model;
  Metric metric;
};

std::vector<ModelCase> Cases() {
  std::vector<ModelCase> cases;
  for (Metric metric :
       {Metric::kLoss, Metric::kDiscernibility, Metric::kAecs, Metric::kPrecision}) {
    for (double limit : {0.0, 0.1}) {
      PrivacyModel k;
      k.k = 4;
      k.suppression_limit = limit;
      cases.push_back({"k", k, metric});
      PrivacyModel dl = k;
      dl.l_diversity = LDiversity{LDiversityVariant::kDistinct, 3, 1};
      cases.push_back({"distinct-l", dl, metric});
      PrivacyModel rl = k;
      rl.l_diversity = LDiversity{LDiversityVariant::kRecursive, 2, 2.0};
      cases.push_back({"recursive-l", rl, metric});
      PrivacyModel te = k;
      te.t_closeness = TCloseness{EmdDistance::kEqual, 0.15};
      cases.push_back({"t-equal", te, metric});
      PrivacyModel to = k;
      to.t_closeness = TCloseness{EmdDistance::kOrdered, 0.1};
      cases.push_back({"t-ordered", to, metric});
    }
  }
  return cases;
}

TEST(LatticeSearch, MatchesExhaustiveSearchOnRandomProblems) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    for (const auto& c : Cases()) {
      Small s = MakeSmall(seed, 150);
      s.problem.model = c.model;
      s.problem.metric = c.metric;
      const double expected = ExhaustiveOptimum(s.problem);
      auto result = FindOptimalGeneralization(s.problem);
      SCOPED_TRACE(std::string(c.name) + " " + MetricName(c.metric) + " seed " +
                   std::to_string(seed) + " limit " + std::to_string(c.model.suppression_limit));
      if (std::isinf(expected)) {
        EXPECT_FALSE(result.ok());
        continue;
      }
      ASSERT_TRUE(result.ok()) << result.error().ToString();
      EXPECT_NEAR(result->optimum.metric, expected, 1e-9);
      EXPECT_GE(SmallestClass(s.problem, result->optimum.levels, result->suppressed), c.model.k);
    }
  }
}

// Distinct l-diversity checked by counting sensitive values per published class.
TEST(LatticeSearch, DistinctLDiversityHoldsInEveryClass) {
  Small s = MakeSmall(7, 300);
  s.problem.model.k = 2;
  s.problem.model.l_diversity = LDiversity{LDiversityVariant::kDistinct, 3, 1};
  s.problem.model.suppression_limit = 0.05;
  auto result = FindOptimalGeneralization(s.problem);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  std::map<std::vector<uint32_t>, std::set<uint32_t>> values;
  for (size_t r = 0; r < 300; ++r) {
    if (result->suppressed[r]) continue;
    std::vector<uint32_t> key;
    for (size_t i = 0; i < 3; ++i) {
      key.push_back(s.hierarchies[i]->LabelOf(result->optimum.levels[i],
                                              s.problem.quasi_identifiers[i].leaves[r]));
    }
    values[key].insert(s.problem.sensitive[r]);
  }
  ASSERT_FALSE(values.empty());
  for (const auto& [key, v] : values) EXPECT_GE(v.size(), 3u);
}

TEST(LatticeSearch, RejectsKLargerThanRows) {
  Small s = MakeSmall(1, 10);
  s.problem.model.k = 11;
  auto result = FindOptimalGeneralization(s.problem);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST(LatticeSearch, ReportsWhenNothingSatisfiesTheModel) {
  Small s = MakeSmall(1, 50);
  s.problem.model.k = 2;
  s.problem.model.l_diversity = LDiversity{LDiversityVariant::kDistinct, 5, 1};  // 4 values
  auto result = FindOptimalGeneralization(s.problem);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace xb::protect
