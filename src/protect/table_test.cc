#include "protect/table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace xb::protect {
namespace {

TEST(Column, InternGivesOneCodePerDistinctValueAcrossGrowth) {
  Column column;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 10000; ++i) {
      // Short values (inline strings) and long ones (heap strings) alike.
      std::string value = (i % 2 ? "v" : "a much longer value that is not stored inline ") +
                          std::to_string(i);
      EXPECT_EQ(column.Intern(value), static_cast<uint32_t>(i)) << value;
    }
  }
  EXPECT_EQ(column.dictionary().size(), 10000u);
  EXPECT_EQ(column.Intern(""), 10000u);
  EXPECT_EQ(column.Intern(""), 10000u);
  EXPECT_EQ(column.dictionary()[1], "v1");
}

TEST(Column, AppendStoresRowsByCode) {
  Column column;
  for (const char* v : {"x", "y", "x", "z", "y"}) column.Append(v);
  EXPECT_EQ(column.codes(), (std::vector<uint32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(column.Value(3), "z");
}

// SelectRows must give exactly the table that appending the kept rows builds.
TEST(Table, SelectRowsEqualsAppendingTheKeptRows) {
  std::mt19937 rng(7);
  Table all({"id", "city", "note"});
  std::vector<bool> keep;
  for (int r = 0; r < 5000; ++r) {
    std::string id = "ID" + std::to_string(r);
    std::string city = "city" + std::to_string(rng() % 40);
    std::string note = rng() % 3 ? "" : "note " + std::to_string(rng() % 500);
    std::vector<std::string_view> fields = {id, city, note};
    all.AppendRow(fields, r + 2);
    keep.push_back(rng() % 4 != 0);
  }
  Table expected(all.column_names());
  std::vector<std::string_view> fields(3);
  for (size_t r = 0; r < all.row_count(); ++r) {
    if (!keep[r]) continue;
    for (size_t c = 0; c < 3; ++c) fields[c] = all.cell(r, c);
    expected.AppendRow(fields, all.line(r));
  }
  Table selected = all.SelectRows(keep);
  ASSERT_EQ(selected.row_count(), expected.row_count());
  for (size_t r = 0; r < selected.row_count(); ++r) EXPECT_EQ(selected.line(r), expected.line(r));
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(selected.column(c).dictionary(), expected.column(c).dictionary()) << c;
    EXPECT_EQ(selected.column(c).codes(), expected.column(c).codes()) << c;
  }
  // The selected table keeps interning consistently.
  EXPECT_EQ(selected.mutable_column(1).Intern(std::string(selected.cell(0, 1))),
            selected.column(1).codes()[0]);
}

}  // namespace
}  // namespace xb::protect
