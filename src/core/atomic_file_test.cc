#include "core/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

std::filesystem::path EmptyDir(const std::string& name) {
  auto dir = Dir() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

size_t EntriesIn(const std::filesystem::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

// Named temporaries (file systems without O_TMPFILE) for the lifetime of a test.
class NamedTemporaries {
 public:
  NamedTemporaries() { internal::ForceNamedTemporariesForTesting(true); }
  ~NamedTemporaries() { internal::ForceNamedTemporariesForTesting(false); }
};

TEST(AtomicFile, WhileWritingTheTemporaryHasNoName) {
  // What a killed process leaves is what is visible while it writes: here, nothing at all.
  auto dir = EmptyDir("unnamed");
  auto f = AtomicFile::Create((dir / "plain.csv").string());
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->Write("secret,row\n").ok());
  EXPECT_EQ(EntriesIn(dir), 0u);
  ASSERT_TRUE(f->Commit().ok());
  EXPECT_EQ(EntriesIn(dir), 1u);
  EXPECT_EQ(*ReadFile((dir / "plain.csv").string()), "secret,row\n");
}

TEST(AtomicFile, SignalRemovesANamedTemporary) {
  NamedTemporaries named;
  auto dir = EmptyDir("signal");
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    RemoveTemporariesOnSignals();
    auto f = AtomicFile::Create((dir / "plain.csv").string());
    if (!f.ok() || !f->Write("secret,row\n").ok() || EntriesIn(dir) != 1) ::_exit(3);
    ::raise(SIGTERM);
    ::_exit(4);  // not reached: SIGTERM's default action ends the process
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exit " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(EntriesIn(dir), 0u);
}

TEST(AtomicFile, CommitIfAbsentNeverReplaces) {
  for (bool force_named : {false, true}) {
    internal::ForceNamedTemporariesForTesting(force_named);
    auto dir = EmptyDir("noreplace");
    std::string path = (dir / "out").string();
    auto first = AtomicFile::Create(path);
    auto second = AtomicFile::Create(path);
    ASSERT_TRUE(first.ok() && second.ok());
    ASSERT_TRUE(first->Write("first").ok());
    ASSERT_TRUE(second->Write("second").ok());
    // Both were started before either finished: the race the CLI's "never replaced" is about.
    auto won = first->CommitIfAbsent();
    auto lost = second->CommitIfAbsent();
    ASSERT_TRUE(won.ok() && lost.ok());
    EXPECT_TRUE(*won);
    EXPECT_FALSE(*lost);
    EXPECT_EQ(*ReadFile(path), "first") << force_named;
    EXPECT_EQ(EntriesIn(dir), 1u) << force_named;
  }
  internal::ForceNamedTemporariesForTesting(false);
}

TEST(AtomicFile, CommitReplaces) {
  for (bool force_named : {false, true}) {
    internal::ForceNamedTemporariesForTesting(force_named);
    auto dir = EmptyDir("replace");
    std::string path = (dir / "out").string();
    ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
    ASSERT_TRUE(WriteFileAtomically(path, "new").ok());
    EXPECT_EQ(*ReadFile(path), "new") << force_named;
    EXPECT_EQ(EntriesIn(dir), 1u) << force_named;
  }
  internal::ForceNamedTemporariesForTesting(false);
}

TEST(AtomicFile, PrivateByDefaultPublicOnRequest) {
  for (bool force_named : {false, true}) {
    internal::ForceNamedTemporariesForTesting(force_named);
    auto dir = EmptyDir("modes");
    ASSERT_TRUE(WriteFileAtomically((dir / "data").string(), "x").ok());
    ASSERT_TRUE(WriteFileAtomically((dir / "sig").string(), "x", FilePermissions::kPublic).ok());
    EXPECT_EQ(ModeOf((dir / "data").string()), 0600u);
    EXPECT_EQ(ModeOf((dir / "sig").string()), 0644u);
  }
  internal::ForceNamedTemporariesForTesting(false);
}

TEST(AtomicFile, ReadMissingFileIsNotFound) {
  auto r = ReadFile("/nonexistent/xb/file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().where.file, "/nonexistent/xb/file");
}

}  // namespace
}  // namespace xb
