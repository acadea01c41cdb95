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
    if (!memo->Consult(cell)) {
      Classifier().AddCell(cell, &stats);
      continue;
    }
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
  for (int round = 0; round < 200; ++round) {
    for (size_t k = 0; k < kinds.size(); ++k) cells.push_back(kinds[(k + round) % kinds.size()]);
  }
  ColumnStats direct;
  for (const std::string& cell : cells) Classifier().AddCell(cell, &direct);
  MemoryBudget budget(1 << 20);
  CellMemo memo(&budget);
  ExpectSameCounts(ThroughMemo(cells, &memo), direct);
  EXPECT_TRUE(memo.replaying());
  EXPECT_EQ(budget.used(), CellMemo::TableBytes());
}

TEST(CellMemoTest, SwitchesItselfOffWhenValuesDoNotRepeat) {
  std::vector<std::string> cells;
  for (uint64_t i = 0; i < CellMemo::kProbeLookups + 100; ++i) {
    cells.push_back("order " + std::to_string(i));
  }
  ColumnStats direct;
  for (const std::string& cell : cells) Classifier().AddCell(cell, &direct);
  MemoryBudget budget(1 << 20);
  CellMemo memo(&budget);
  ExpectSameCounts(ThroughMemo(cells, &memo), direct);
  EXPECT_TRUE(memo.off());
  EXPECT_EQ(memo.bytes(), 0u);
  EXPECT_EQ(budget.used(), 0u);
}

// Feeds `memo` one column of repeated values the way the scanner does, without classifying.
void FeedRepeats(uint64_t cells, CellMemo* memo) {
  for (uint64_t i = 0; i < cells; ++i) {
    const std::string cell = "city " + std::to_string(i % 50);
    if (memo->Consult(cell) && memo->Find(cell) == nullptr) memo->Remember(cell, {});
  }
}

TEST(CellMemoTest, ThousandsOfColumnsStayWithinTheirBudget) {
  // A budget for three tables: the first columns to show repetition get them, later ones run
  // without a memo, and probing columns (a wide file's many short columns) count too.
  const uint64_t limit = 3 * CellMemo::TableBytes() + 2 * CellMemo::kProbeBytes;
  MemoryBudget budget(limit);
  std::vector<CellMemo> memos;
  for (int i = 0; i < 5000; ++i) memos.emplace_back(&budget);  // moved as the vector grows
  size_t replaying = 0;
  for (size_t i = 0; i < memos.size(); ++i) {
    FeedRepeats(i < 100 ? CellMemo::kProbeLookups + 10 : 3, &memos[i]);
    replaying += memos[i].replaying();
    ASSERT_LE(budget.used(), limit);
  }
  EXPECT_EQ(replaying, 3u);
  size_t held = 0;
  for (const CellMemo& memo : memos) held += memo.bytes();
  EXPECT_EQ(held, budget.used());
  EXPECT_LE(budget.peak(), limit);
  memos.clear();
  EXPECT_EQ(budget.used(), 0u);  // every table was given back once
}

TEST(CellMemoTest, WithoutABudgetItIsOff) {
  CellMemo memo;
  FeedRepeats(CellMemo::kProbeLookups + 10, &memo);
  EXPECT_TRUE(memo.off());
  EXPECT_EQ(memo.bytes(), 0u);
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
