#include "core/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace xb {
namespace {

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("xb_key_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(KeyFile, CreatedOnceWithMode0600AndStable) {
  std::string path = TempDir() + "/sub/xborder.key";
  auto first = LoadOrCreateKey(path);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = LoadOrCreateKey(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->bytes, second->bytes);
  EXPECT_EQ(first->id.size(), 16u);
}

TEST(KeyFile, RefusesAWorldReadableKey) {
  std::string path = TempDir() + "/open.key";
  ASSERT_TRUE(LoadOrCreateKey(path).ok());
  ::chmod(path.c_str(), 0644);
  auto r = LoadKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyFile, RejectsMalformedKey) {
  std::string path = TempDir() + "/bad.key";
  { std::ofstream(path) << "not hex\n"; }
  ::chmod(path.c_str(), 0600);
  auto r = LoadKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyFile, SubKeysDifferByPurpose) {
  std::array<uint8_t, 32> raw{};
  raw[0] = 1;
  SecretKey key = KeyFromBytes(raw);
  EXPECT_NE(DeriveSubKey(key, "subject"), DeriveSubKey(key, "token"));
  EXPECT_EQ(DeriveSubKey(key, "subject"), DeriveSubKey(key, "subject"));
}

}  // namespace
}  // namespace xb
