// Quality regression test (issue 7): the detector must keep precision and recall >= 0.99 on the
// validated identifiers of the held-out test splits of the labelled evaluation set
// (bench/quality/*_test.jsonl), and its exact-span PERSON_NAME F1 on the held-out split of the
// name-dense hand-written set above a floor. Not a speed test.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/locations.h"
#include "detect/text/quality_score.h"
#include "detect/text/text_detector.h"

namespace xb::text {
namespace {

QualityScore ScoreFile(const TextDetector& detector, const std::string& path) {
  QualityScore score;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::string line;
  std::vector<TextFinding> findings;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    std::vector<LabelledSpan> gold;
    for (const auto& s : j.at("spans")) {
      gold.push_back({s.at(0).get<int>(), s.at(1).get<int>(), s.at(2).get<std::string>()});
    }
    Status detected = detector.Detect(j.at("text").get<std::string>(), &findings);
    EXPECT_TRUE(detected.ok()) << detected.error().ToString();
    score.Add(gold, ToLabelledSpans(findings));
  }
  return score;
}

QualityScore ScoreHeldOut(const std::string& file) {
  TextDetectorOptions options;
  options.today = CivilDate::FromYmd(2026, 11, 23);
  auto detector = TextDetector::Create(options);
  EXPECT_TRUE(detector.ok()) << detector.error().ToString();
  if (!detector.ok()) return QualityScore();
  return ScoreFile(**detector, xb::SourceTreeDir() + "/bench/quality/" + file);
}

class QualityRegression : public ::testing::TestWithParam<const char*> {};

TEST_P(QualityRegression, ValidatedIdentifiersKeepPrecisionAndRecallAbove099) {
  TextDetectorOptions options;
  options.today = CivilDate::FromYmd(2026, 11, 23);
  auto detector = TextDetector::Create(options);
  ASSERT_TRUE(detector.ok()) << detector.error().ToString();
  QualityScore score = ScoreFile(**detector, xb::SourceTreeDir() + "/bench/quality/" + GetParam());
  TypeScore validated = score.Validated();
  ASSERT_GT(validated.gold, 20);
  EXPECT_GE(validated.ExactPrecision(), 0.99);
  EXPECT_GE(validated.ExactRecall(), 0.99);
}

INSTANTIATE_TEST_SUITE_P(HeldOut, QualityRegression,
                         ::testing::Values("synthetic_test.jsonl", "handwritten_test.jsonl"));

// PERSON_NAME exact-span F1 on held-out hand-written sets dense in names. Measured when the
// floor was set: handwritten_names_test 0.96 (scored once after tuning), handwritten_final_test
// 0.96 (written after all tuning, scored once); issue 7 target 0.9. The margin below the
// measurement absorbs a sentence or two when rules change, not a trend.
class QualityRegressionNames : public ::testing::TestWithParam<const char*> {};

TEST_P(QualityRegressionNames, HeldOutPersonNameF1StaysAboveFloor) {
  QualityScore score = ScoreHeldOut(GetParam());
  ASSERT_TRUE(score.by_type().count("PERSON_NAME"));
  const TypeScore& names = score.by_type().at("PERSON_NAME");
  ASSERT_GT(names.gold, 50);
  EXPECT_GE(TypeScore::F1(names.ExactPrecision(), names.ExactRecall()), 0.90);
}

INSTANTIATE_TEST_SUITE_P(HeldOut, QualityRegressionNames,
                         ::testing::Values("handwritten_names_test.jsonl",
                                           "handwritten_final_test.jsonl"));

TEST(QualityScore, ExactAndOverlapMatching) {
  QualityScore score;
  score.Add({{0, 3, "PERSON_NAME"}, {5, 16, "CN_MOBILE"}},
            {{0, 2, "PERSON_NAME"}, {5, 16, "CN_MOBILE"}, {20, 22, "AGE"}});
  const auto& t = score.by_type();
  EXPECT_EQ(t.at("PERSON_NAME").exact, 0);
  EXPECT_EQ(t.at("PERSON_NAME").overlap_gold, 1);
  EXPECT_EQ(t.at("CN_MOBILE").exact, 1);
  EXPECT_EQ(t.at("AGE").predicted, 1);
  EXPECT_DOUBLE_EQ(score.Validated().ExactPrecision(), 1.0);
  EXPECT_DOUBLE_EQ(score.All().ExactRecall(), 0.5);
}

}  // namespace
}  // namespace xb::text
