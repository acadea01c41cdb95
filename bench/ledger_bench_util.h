// What the ledger benchmarks append (ledger_bench.cc on SQLite, ledger_postgres_bench.cc on
// PostgreSQL): the same signing key and the same transfer-record-sized entries, so their figures
// compare.
#ifndef XBORDER_BENCH_LEDGER_BENCH_UTIL_H_
#define XBORDER_BENCH_LEDGER_BENCH_UTIL_H_

#include <array>
#include <cstdint>
#include <string>

#include "ledger/signing_key.h"

namespace xb::bench {

inline ledger::SigningKey BenchKey() {
  std::array<uint8_t, 32> seed;
  seed.fill(0x5a);
  return ledger::SigningKey::FromSeed(seed);
}

// A transfer-record-sized entry (about 300 bytes), distinct per index.
inline std::string Entry(uint64_t i) {
  return "{\"time\":\"2026-11-22T10:00:00Z\",\"exporter\":\"Example Trading Co., Ltd.\","
         "\"recipient\":\"Example GmbH\",\"country\":\"DE\",\"purpose\":\"hr_management\","
         "\"mechanism\":\"standard_contract\",\"reference\":\"SC-2026-" +
         std::to_string(i) +
         "\",\"categories\":[\"identity\",\"contact\"],\"individuals\":12000,"
         "\"datasets\":[{\"name\":\"employees.csv\",\"sha256\":"
         "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}]}";
}

}  // namespace xb::bench

#endif  // XBORDER_BENCH_LEDGER_BENCH_UTIL_H_
