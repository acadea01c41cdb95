// ColumnClassifier::AddCell throughput on realistic cells (the hot path of `xborder scan`).
//
// Each benchmark feeds pre-generated cells of one kind (or a 20-column mix resembling an HR /
// customer table) and reports bytes of cell content per second. CSV parsing is not included:
// bench/scan_bench.cc measures the whole scan.
//
//   build/bench/classifier_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/locations.h"
#include "detect/column_classifier.h"
#include "detect/validators.h"

namespace {

using Generator = std::string (*)(std::mt19937_64&);

std::string Digits(std::mt19937_64& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

std::string Pick(std::mt19937_64& rng, const std::vector<std::string>& options) {
  return options[rng() % options.size()];
}

std::string ResidentId(std::mt19937_64& rng) {
  static const std::vector<std::string> kRegions = {"110101", "310115", "440304", "510104",
                                                    "330106", "420102", "320102", "370102"};
  char body[32];
  std::snprintf(body, sizeof(body), "%s%04d%02d%02d%03d", Pick(rng, kRegions).c_str(),
                1950 + static_cast<int>(rng() % 70), 1 + static_cast<int>(rng() % 12),
                1 + static_cast<int>(rng() % 28), static_cast<int>(rng() % 1000));
  std::string s(body, 17);
  return s + xb::CnResidentIdCheckChar(s);
}

std::string Mobile(std::mt19937_64& rng) {
  return "1" + std::string(1, static_cast<char>('3' + rng() % 7)) + Digits(rng, 9);
}

std::string Card(std::mt19937_64& rng) {
  std::string p = "6222" + Digits(rng, 11);
  for (char c = '0'; c <= '9'; ++c) {
    if (xb::LuhnValid(p + c)) return p + c;
  }
  return p;
}

std::string Name(std::mt19937_64& rng) {
  static const std::vector<std::string> kSurnames = {"王", "李", "张", "刘",   "陈",
                                                     "杨", "黄", "赵", "欧阳", "周"};
  static const std::vector<std::string> kGiven = {"伟", "芳", "娜", "秀英", "敏", "静",
                                                  "丽", "强", "磊", "军",   "洋", "艳"};
  return Pick(rng, kSurnames) + Pick(rng, kGiven) + (rng() % 2 ? Pick(rng, kGiven) : "");
}

std::string Email(std::mt19937_64& rng) {
  return "user" + Digits(rng, 6) + "@" + Pick(rng, {"example.com", "mail.example.cn", "qq.com"});
}

std::string Date(std::mt19937_64& rng) {
  char b[16];
  std::snprintf(b, sizeof(b), "%04d-%02d-%02d", 1950 + static_cast<int>(rng() % 70),
                1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
  return b;
}

std::string Gender(std::mt19937_64& rng) { return rng() % 2 ? "男" : "女"; }
std::string Ethnic(std::mt19937_64& rng) { return Pick(rng, {"汉族", "回族", "满族", "壮族"}); }
std::string Address(std::mt19937_64& rng) {
  return Pick(rng, {"北京市朝阳区", "上海市浦东新区", "广东省深圳市南山区"}) +
         Pick(rng, {"建国路", "世纪大道", "科技园路"}) + std::to_string(rng() % 300) + "号";
}
std::string Amount(std::mt19937_64& rng) {
  return Digits(rng, 1 + rng() % 5) + "." + Digits(rng, 2);
}
std::string OrderNo(std::mt19937_64& rng) { return "1" + Digits(rng, 17); }
std::string Timestamp(std::mt19937_64& rng) { return Date(rng) + " 12:" + Digits(rng, 2) + ":00"; }
std::string Plate(std::mt19937_64& rng) {
  return Pick(rng, {"京A", "沪B", "粤B"}) + Digits(rng, 5);
}
std::string Ip(std::mt19937_64& rng) {
  return std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
         std::to_string(rng() % 256) + "." + std::to_string(rng() % 256);
}
std::string Status(std::mt19937_64& rng) { return Pick(rng, {"active", "closed", "pending"}); }
std::string SmallInt(std::mt19937_64& rng) { return std::to_string(rng() % 100); }
std::string Remark(std::mt19937_64& rng) {
  return Pick(rng, {"客户要求周末送货", "已电话确认，联系" + Mobile(rng), "无", "VIP customer"});
}
std::string Uuid(std::mt19937_64& rng) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) s.push_back(kHex[rng() % 16]);
  return s.substr(0, 8) + "-" + s.substr(8, 4) + "-" + s.substr(12, 4) + "-" + s.substr(16, 4) +
         "-" + s.substr(20);
}

// The 20 columns of the mixed table.
const std::vector<Generator> kMixedColumns = {
    ResidentId, Name,      Mobile, Email, Date,   Gender,   Ethnic, Address, Card,   Amount,
    OrderNo,    Timestamp, Plate,  Ip,    Status, SmallInt, Remark, Uuid,    Mobile, Amount};

const xb::ColumnClassifier& Classifier() {
  static const auto* classifier = [] {
    xb::ClassifierOptions options;
    options.data_dir = xb::SourceTreeDir() + "/data";
    return xb::ColumnClassifier::Create(options).value().release();
  }();
  return *classifier;
}

void RunCells(benchmark::State& state, const std::vector<std::vector<std::string>>& columns) {
  const xb::ColumnClassifier& classifier = Classifier();
  const size_t rows = columns[0].size();
  int64_t bytes_per_pass = 0;
  for (const auto& col : columns) {
    for (const auto& cell : col) bytes_per_pass += static_cast<int64_t>(cell.size()) + 1;
  }
  std::vector<xb::ColumnStats> stats(columns.size());
  for (auto _ : state) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < columns.size(); ++c) classifier.AddCell(columns[c][r], &stats[c]);
    }
  }
  benchmark::DoNotOptimize(stats.data());
  // +1 per cell for the delimiter, so the figure compares with CSV bytes.
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes_per_pass);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(rows * columns.size()));
}

std::vector<std::vector<std::string>> Generate(const std::vector<Generator>& gens, size_t rows) {
  std::mt19937_64 rng(7);
  std::vector<std::vector<std::string>> columns(gens.size());
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < gens.size(); ++c) columns[c].push_back(gens[c](rng));
  }
  return columns;
}

// The floor: touch every byte of every cell (a sum), no classification. Compare AddCell with
// this on the same machine and load.
void BM_Baseline_ByteSum(benchmark::State& state) {
  static const auto columns = Generate(kMixedColumns, 5000);
  int64_t bytes = 0;
  for (const auto& col : columns) {
    for (const auto& cell : col) bytes += static_cast<int64_t>(cell.size()) + 1;
  }
  for (auto _ : state) {
    uint64_t sum = 0;
    for (size_t r = 0; r < columns[0].size(); ++r) {
      for (const auto& col : columns) {
        for (char ch : col[r]) sum += static_cast<unsigned char>(ch);
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes);
}
BENCHMARK(BM_Baseline_ByteSum);

void BM_AddCell_MixedTable(benchmark::State& state) {
  static const auto columns = Generate(kMixedColumns, 5000);
  RunCells(state, columns);
}
BENCHMARK(BM_AddCell_MixedTable);

template <Generator G>
void BM_AddCell(benchmark::State& state) {
  static const auto columns = Generate({G}, 50000);
  RunCells(state, columns);
}
BENCHMARK(BM_AddCell<ResidentId>)->Name("BM_AddCell/resident_id");
BENCHMARK(BM_AddCell<Mobile>)->Name("BM_AddCell/mobile");
BENCHMARK(BM_AddCell<Card>)->Name("BM_AddCell/bank_card");
BENCHMARK(BM_AddCell<OrderNo>)->Name("BM_AddCell/order_no_decoy");
BENCHMARK(BM_AddCell<Name>)->Name("BM_AddCell/chinese_name");
BENCHMARK(BM_AddCell<Email>)->Name("BM_AddCell/email");
BENCHMARK(BM_AddCell<Date>)->Name("BM_AddCell/date");
BENCHMARK(BM_AddCell<Amount>)->Name("BM_AddCell/amount");
BENCHMARK(BM_AddCell<Address>)->Name("BM_AddCell/address");
BENCHMARK(BM_AddCell<Remark>)->Name("BM_AddCell/remark_text");
BENCHMARK(BM_AddCell<Uuid>)->Name("BM_AddCell/uuid");

}  // namespace

BENCHMARK_MAIN();
