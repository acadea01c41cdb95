// Request bodies the pipeline reads as files: where they go and that they go away.
#include "server/request_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace xb::server {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Issue #14: a plan sent to POST /v1/transfers is kept in a folder of its own that only this
// user can enter, never in the data root, and removed with the request.
TEST(RequestFile, APrivateFileLivesInAFolderOnlyItsUserCanEnterAndGoesWithIt) {
  std::string path, folder;
  {
    auto file = RequestFile::WritePrivate("plan", "as_of: 2026-11-01\n");
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    path = (*file)->path();
    folder = fs::path(path).parent_path().string();
    EXPECT_EQ(ReadAll(path), "as_of: 2026-11-01\n");
    EXPECT_EQ(fs::path(path).filename().string(), "plan-" + (*file)->id() + ".yaml");
    struct stat st {};
    ASSERT_EQ(::stat(folder.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    auto other = RequestFile::WritePrivate("plan", "x: 1\n");
    ASSERT_TRUE(other.ok());
    EXPECT_NE(fs::path((*other)->path()).parent_path().string(), folder) << "one folder each";
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(folder));
}

}  // namespace
}  // namespace xb::server
