#include "scan/cell_memo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xb::scan {
namespace {

const ColumnClassifier& Classifier() {
  static auto classifier = ColumnClassifier::Create();
  EXPECT_TRUE(classifier.ok());
  return **classifier;
}

// Classifies `cells` through the memo exactly as the scanner does.
ColumnStats ThroughMemo(const std::vector<std::string>& cells, CellMemo* memo) {
  ColumnStats stats;
  for (const std::string& cell : cells) {
    if (const CellMemo::Effect* seen = memo->Find(cell)) {
      CellMemo::Apply(*seen, &stats);
      continue;
    }
    const CellMemo::Counts before = CellMemo::Snapshot(stats);
    Classifier().AddCell(cell, &stats);
    CellMemo::Effect effect;
    if (CellMemo::Diff(before, stats, &effect)) memo->Remember(cell, std::move(effect));
  }
  return stats;
}

void ExpectSameCounts(const ColumnStats& a, const ColumnStats& b) {
  EXPECT_EQ(a.cells, b.cells);
  EXPECT_EQ(a.non_empty, b.non_empty);
  EXPECT_EQ(a.matches, b.matches);
  EXPECT_EQ(a.weak, b.weak);
  EXPECT_EQ(a.resident_ids_unknown_region, b.resident_ids_unknown_region);
  EXPECT_EQ(a.masked_samples, b.masked_samples);
}

TEST(CellMemoTest, ReplayedCellsCountExactlyAsTheClassifierCountsThem) {
  // Repeated values of every path: dictionary words, places, names, identifiers (which add
  // masked samples first), dates (weak shapes), blanks, a remark holding a mobile, a resident ID
  // with an unknown region.
  const std::vector<std::string> kinds = {"男",
                                          "深圳市",
                                          "张伟",
                                          "13800138000",
                                          "zhang@example.com",
                                          "2020-01-05",
                                          "",
                                          "  ",
                                          "客户要求回电 13912345678",
                                          "11010519491231002X",
                                          "99010519491231002X",
                                          "42",
                                          "汉族"};
  std::vector<std::string> cells;
  for (int round = 0; round < 50; ++round) {
    for (size_t k = 0; k < kinds.size(); ++k) cells.push_back(kinds[(k + round) % kinds.size()]);
  }
  ColumnStats direct;
  for (const std::string& cell : cells) Classifier().AddCell(cell, &direct);
  CellMemo memo;
  ExpectSameCounts(ThroughMemo(cells, &memo), direct);
  EXPECT_TRUE(memo.active());
}

TEST(CellMemoTest, SwitchesItselfOffWhenValuesDoNotRepeat) {
  std::vector<std::string> cells;
  for (uint64_t i = 0; i < CellMemo::kTrialLookups + 100; ++i) {
    cells.push_back("order " + std::to_string(i));
  }
  ColumnStats direct;
  for (const std::string& cell : cells) Classifier().AddCell(cell, &direct);
  CellMemo memo;
  ExpectSameCounts(ThroughMemo(cells, &memo), direct);
  EXPECT_FALSE(memo.active());
}

TEST(CellMemoTest, DiffRefusesSamplesAndIncrementsAboveOne) {
  ColumnStats stats;
  const CellMemo::Counts before = CellMemo::Snapshot(stats);
  CellMemo::Effect effect;
  stats.masked_samples.push_back("138****8000");
  ++stats.matches[static_cast<size_t>(EntityType::kCnMobile)];
  EXPECT_FALSE(CellMemo::Diff(before, stats, &effect));
  stats.masked_samples.clear();
  ++stats.matches[static_cast<size_t>(EntityType::kCnMobile)];
  EXPECT_FALSE(CellMemo::Diff(before, stats, &effect));  // +2: not one cell's change
  --stats.matches[static_cast<size_t>(EntityType::kCnMobile)];
  EXPECT_TRUE(CellMemo::Diff(before, stats, &effect));
  EXPECT_EQ(effect.change_count, 1);
}

}  // namespace
}  // namespace xb::scan
