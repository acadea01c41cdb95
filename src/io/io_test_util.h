// Helpers for the io tests: temporary files with given bytes.
#ifndef XBORDER_IO_IO_TEST_UTIL_H_
#define XBORDER_IO_IO_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <string>
#include <string_view>

namespace xb::io::testing {

// Writes `bytes` to a fresh file under the test temp dir and returns its path.
inline std::string WriteTemp(std::string_view bytes, const std::string& suffix = ".csv") {
  static std::atomic<int> counter{0};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string path = ::testing::TempDir() + "xb_io_" + info->test_suite_name() + "_" +
                     info->name() + "_" + std::to_string(counter++) + suffix;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace xb::io::testing

#endif  // XBORDER_IO_IO_TEST_UTIL_H_
