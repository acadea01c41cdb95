#include "transfer/package_builder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"

namespace xb::transfer {
namespace {
namespace fs = std::filesystem;

fs::path FreshDir() {
  auto dir =
      fs::temp_directory_path() / ("xb_pkg_" + std::to_string(::getpid()) + "_" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(PackageBuilder, NothingUnderTheFinalNameUntilCommit) {
  auto root = FreshDir();
  auto pkg = PackageBuilder::Begin((root / "pkg").string());
  ASSERT_TRUE(pkg.ok()) << pkg.error().ToString();
  ASSERT_TRUE(pkg->AddFile("manifest.json", "{}").ok());
  { std::ofstream(pkg->StagingPath("data.csv")) << "a\n1\n"; }
  ASSERT_TRUE(pkg->RecordFile("data.csv").ok());
  EXPECT_TRUE(fs::is_empty(root / "pkg")) << "only the claim on the name, empty";
  ASSERT_TRUE(pkg->Commit().ok());
  EXPECT_TRUE(fs::exists(root / "pkg" / "manifest.json"));
  EXPECT_EQ(*ReadFile((root / "pkg" / "data.csv").string()), "a\n1\n");
  ASSERT_EQ(pkg->files().size(), 2u);
  EXPECT_EQ(pkg->files()[0].sha256,
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");  // SHA-256("{}")
  EXPECT_EQ(pkg->files()[1].bytes, 4u);
  // Only the package remains: no staging directory left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 1);
}

// Review F9 of issue #11: the folders holding the files are synced before the entry commits.
TEST(PackageBuilder, SyncsEveryStagingFolderAndReportsAMissingOne) {
  auto root = FreshDir();
  auto pkg = PackageBuilder::Begin((root / "pkg").string());
  ASSERT_TRUE(pkg.ok()) << pkg.error().ToString();
  ASSERT_TRUE(pkg->AddFile("data/hr/people.csv", "a\n1\n").ok());
  ASSERT_TRUE(pkg->AddFile("data/crm/people.csv", "a\n2\n").ok());
  EXPECT_TRUE(pkg->SyncStaging().ok());
  const std::string staging = pkg->staging_dir();
  fs::remove_all(staging);
  Status gone = pkg->SyncStaging();
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kIo) << gone.error().ToString();
}

TEST(PackageBuilder, InjectedFaultLeavesNoTrace) {
  auto root = FreshDir();
  {
    auto pkg = PackageBuilder::Begin((root / "pkg").string(), [](std::string_view step) -> Status {
      if (step == "write:summary.txt") return IoError("No space left on device");
      return Status::Ok();
    });
    ASSERT_TRUE(pkg.ok());
    ASSERT_TRUE(pkg->AddFile("manifest.json", "{}").ok());
    Status s = pkg->AddFile("summary.txt", "hello");
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kIo);
  }
  EXPECT_TRUE(fs::is_empty(root));
}

TEST(PackageBuilder, FaultAtCommitLeavesNoTrace) {
  auto root = FreshDir();
  {
    auto pkg = PackageBuilder::Begin((root / "pkg").string(), [](std::string_view step) -> Status {
      return step == "commit" ? IoError("disk full") : Status::Ok();
    });
    ASSERT_TRUE(pkg->AddFile("a.txt", "x").ok());
    EXPECT_FALSE(pkg->Commit().ok());
  }
  EXPECT_TRUE(fs::is_empty(root));
}

TEST(PackageBuilder, RefusesAnExistingTargetAndUnsafeNames) {
  auto root = FreshDir();
  fs::create_directories(root / "taken");
  auto taken = PackageBuilder::Begin((root / "taken").string());
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kFailedPrecondition);

  auto pkg = PackageBuilder::Begin((root / "pkg").string());
  ASSERT_TRUE(pkg.ok());
  EXPECT_FALSE(pkg->AddFile("../escape.txt", "x").ok());
  EXPECT_FALSE(pkg->AddFile("/etc/passwd", "x").ok());
}

// The final name is claimed at Begin (issue #11 review F2): a second builder for it is refused
// while the first is open, and the claim goes with an abandoned package.
TEST(PackageBuilder, ClaimsTheFinalNameUntilCommittedOrAbandoned) {
  auto root = FreshDir();
  const std::string target = (root / "pkg").string();
  {
    auto first = PackageBuilder::Begin(target);
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    auto second = PackageBuilder::Begin(target);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
  }
  EXPECT_TRUE(fs::is_empty(root)) << "abandoned: neither staging folder nor claim is left";
  auto third = PackageBuilder::Begin(target);
  ASSERT_TRUE(third.ok()) << third.error().ToString();
  ASSERT_TRUE(third->AddFile("manifest.json", "{}").ok());
  ASSERT_TRUE(third->Commit().ok());
  EXPECT_TRUE(fs::exists(root / "pkg" / "manifest.json"));
}

// Two datasets with the same file name must not overwrite each other (issue #11 defect 4).
TEST(PackageBuilder, RefusesADuplicateName) {
  auto root = FreshDir();
  auto pkg = PackageBuilder::Begin((root / "pkg").string());
  ASSERT_TRUE(pkg.ok());
  ASSERT_TRUE(pkg->AddFile("data/people.csv", "a\n1\n").ok());
  auto again = pkg->AddFile("data/people.csv", "a\n2\n");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(again.error().message.find("data/people.csv"), std::string::npos);
  EXPECT_FALSE(pkg->PrepareFile("data/people.csv").ok());
  EXPECT_FALSE(pkg->RecordFile("data/people.csv").ok());
  ASSERT_TRUE(pkg->AddFile("data/hr/people.csv", "a\n2\n").ok());
  EXPECT_EQ(pkg->files().size(), 2u);
  ASSERT_TRUE(pkg->Commit().ok());
  EXPECT_EQ(*ReadFile((root / "pkg" / "data" / "people.csv").string()), "a\n1\n");
}

}  // namespace
}  // namespace xb::transfer
