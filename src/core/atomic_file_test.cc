#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace xb {
namespace {

std::filesystem::path Dir() {
  auto dir = std::filesystem::temp_directory_path() / ("xb_atomic_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(AtomicFile, NothingAppearsUntilCommit) {
  auto path = (Dir() / "out.csv").string();
  std::filesystem::remove(path);
  {
    auto f = AtomicFile::Create(path);
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE(f->Write("a,b\n").ok());
    EXPECT_FALSE(std::filesystem::exists(path));
    ASSERT_TRUE(f->Commit().ok());
  }
  EXPECT_EQ(*ReadFile(path), "a,b\n");
}

TEST(AtomicFile, AbandonedFileLeavesNoTrace) {
  auto dir = Dir() / "abandon";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto f = AtomicFile::Create((dir / "x").string());
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE(f->Write("partial").ok());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(AtomicFile, ReadMissingFileIsNotFound) {
  auto r = ReadFile("/nonexistent/xb/file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().where.file, "/nonexistent/xb/file");
}

}  // namespace
}  // namespace xb
