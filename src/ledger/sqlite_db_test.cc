#include "ledger/sqlite_db.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ledger/ledger_test_util.h"

namespace xb::ledger {
namespace {

namespace fs = std::filesystem;

constexpr SqliteTable kTable[] = {{"t", "(x INTEGER NOT NULL, pad TEXT NOT NULL)"}};

std::string Bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A database holding `rows` rows in t, closed (so its log is checkpointed and removed).
std::string MakeDb(int rows) {
  std::string path = testing::FreshDbPath();
  auto db = SqliteDb::Open(path, SqliteAccess::kCreate);
  EXPECT_TRUE(db.ok()) << db.error().ToString();
  Status s = (*db)->Write([&]() -> Status {
    XB_RETURN_IF_ERROR((*db)->EnsureTables(kTable));
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        (*db)->Prepare("INSERT INTO t(x, pad) VALUES (?, zeroblob(100))"));
    for (int i = 0; i < rows; ++i) {
      q.Reset();
      q.Bind(1, i);
      XB_RETURN_IF_ERROR(q.Run());
    }
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
  return path;
}

Result<int64_t> CountRows(SqliteDb& db) {
  return db.Read([&]() -> Result<int64_t> {
    XB_ASSIGN_OR_RETURN(SqliteStatement q, db.Prepare("SELECT COUNT(*) FROM t"));
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Internal("no row");
    return q.Int(0);
  });
}

TEST(SqliteDb, ReadOnlyNeverCreatesTheFile) {
  std::string path = testing::FreshDbPath();
  auto db = SqliteDb::Open(path, SqliteAccess::kReadOnly);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(SqliteDb::Open(path, SqliteAccess::kReadWrite).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(path));
}

TEST(SqliteDb, ReadOnlyWritesNothingAndStandsInForMissingTables) {
  std::string path = MakeDb(3);
  const std::string before = Bytes(path);
  struct stat st_before;
  ASSERT_EQ(::stat(path.c_str(), &st_before), 0);
  {
    auto db = SqliteDb::Open(path, SqliteAccess::kReadOnly);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    EXPECT_TRUE((*db)->read_only());
    EXPECT_EQ(*CountRows(**db), 3);
    // A table the file does not have reads as empty.
    constexpr SqliteTable kOther[] = {{"other", "(y INTEGER)"}};
    ASSERT_TRUE((*db)->EnsureTables(kOther).ok());
    EXPECT_FALSE(*(*db)->HasTable("other"));
    auto rows = (*db)->Read([&]() -> Result<bool> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, (*db)->Prepare("SELECT y FROM other"));
      return q.Step();
    });
    ASSERT_TRUE(rows.ok()) << rows.error().ToString();
    EXPECT_FALSE(*rows);
    // Writing is refused.
    EXPECT_EQ((*db)->BeginWrite().error().code, ErrorCode::kFailedPrecondition);
    EXPECT_FALSE((*db)->Exec("INSERT INTO t(x, pad) VALUES (9, '')").ok());
  }
  struct stat st_after;
  ASSERT_EQ(::stat(path.c_str(), &st_after), 0);
  EXPECT_EQ(Bytes(path), before);
  EXPECT_EQ(st_after.st_mtim.tv_sec, st_before.st_mtim.tv_sec);
  EXPECT_EQ(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
  EXPECT_FALSE(fs::exists(path + "-wal"));
  EXPECT_FALSE(fs::exists(path + "-shm"));
}

TEST(SqliteDb, WritersCarryOnWhileAReaderHasNoLogAndTheReaderNoticesACheckpoint) {
  std::string path = MakeDb(10);
  auto reader = SqliteDb::Open(path, SqliteAccess::kReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_EQ(*CountRows(**reader), 10);

  auto writer = SqliteDb::Open(path, SqliteAccess::kReadWrite);
  ASSERT_TRUE(writer.ok()) << writer.error().ToString();
  ASSERT_TRUE((*writer)
                  ->Write([&] {
                    return (*writer)->Exec(
                        "INSERT INTO t(x, pad) SELECT x + 10, pad FROM t; "
                        "INSERT INTO t(x, pad) SELECT x + 20, zeroblob(4000) FROM t");
                  })
                  .ok());
  // The new rows are in the writer's log only: the reader still sees a consistent file.
  EXPECT_EQ(*CountRows(**reader), 10);
  // Copying them into the database file changes what the reader reads: it says so.
  ASSERT_TRUE((*writer)->Exec("PRAGMA wal_checkpoint(PASSIVE)").ok());
  auto count = CountRows(**reader);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().code, ErrorCode::kIo);
  EXPECT_NE(count.error().message.find("changed while it was read"), std::string::npos);
  // Opened again, it reads the new state.
  reader = SqliteDb::Open(path, SqliteAccess::kReadOnly);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*CountRows(**reader), 40);
}

Status InsertRow(SqliteDb& db, int x) {
  return db.Write([&]() -> Status {
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        db.Prepare("INSERT INTO t(x, pad) VALUES (?, zeroblob(2000))"));
    q.Bind(1, x);
    return q.Run();
  });
}

// Runs, in a child process, what another xborder process does: open the file, write a row,
// close (which checkpoints and removes the log when no other connection holds SQLite's lock).
void WriteFromAnotherProcess(const std::string& path, int x) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int rc = 1;
    {
      auto db = SqliteDb::Open(path, SqliteAccess::kReadWrite);
      if (db.ok() && InsertRow(**db, x).ok()) rc = 0;
    }
    ::_exit(rc);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// Whether another process finds SQLite's SHARED lock held on `path` (a read lock on the bytes
// SQLite's os.h calls SHARED_FIRST .. + SHARED_SIZE): what keeps its close from removing the log.
bool AnotherProcessSeesTheSharedLock(const std::string& path) {
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(path.c_str(), O_RDWR);
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 0x40000000 + 2;
    probe.l_len = 510;
    const bool held = fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::_exit(held ? 0 : 1);
  }
  int status = 0;
  return child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

std::string IntegrityCheck(SqliteDb& db) {
  auto result = db.Read([&]() -> Result<std::string> {
    XB_ASSIGN_OR_RETURN(SqliteStatement q, db.Prepare("PRAGMA integrity_check"));
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Internal("no row");
    return std::string(q.Bytes(0));
  });
  return result.ok() ? *result : result.error().ToString();
}

// Review #14 finding 1: a read-only open and close in a process that holds a write connection
// must leave that connection's locks alone, or another process's close removes the log under it
// and its next commit overwrites live pages. Run with a log present (an ordinary read-only
// connection) and without (an immutable one).
class SqliteDbReaderBesideWriter : public ::testing::TestWithParam<bool> {};

TEST_P(SqliteDbReaderBesideWriter, KeepsTheWritersLocksAndTheFileSound) {
  const bool log_present = GetParam();
  std::string path = MakeDb(5);
  {
    auto writer = SqliteDb::Open(path, SqliteAccess::kReadWrite);
    ASSERT_TRUE(writer.ok()) << writer.error().ToString();
    if (log_present) {
      ASSERT_TRUE(InsertRow(**writer, 100).ok());
    } else {
      // Reads only: SQLite's SHARED lock is held, the log stays empty.
      ASSERT_EQ(*CountRows(**writer), 5);
    }
    for (int i = 0; i < 2; ++i) {
      auto reader = SqliteDb::Open(path, SqliteAccess::kReadOnly);
      ASSERT_TRUE(reader.ok()) << reader.error().ToString();
      EXPECT_EQ(*CountRows(**reader), log_present ? 6 : 5);
    }
    // Each outside writer closes last-but-one: it may checkpoint, but must not remove the log
    // the writer here still uses.
    // The writer's lock outlives the readers' closes.
    ASSERT_TRUE(AnotherProcessSeesTheSharedLock(path));
    for (int round = 0; round < 3; ++round) {
      WriteFromAnotherProcess(path, 200 + round);
      for (int x = 0; x < 20; ++x) ASSERT_TRUE(InsertRow(**writer, 1000 * round + x).ok());
    }
  }
  const int64_t expected = (log_present ? 6 : 5) + 3 * 21;
  auto db = SqliteDb::Open(path, SqliteAccess::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().ToString();
  EXPECT_EQ(IntegrityCheck(**db), "ok");
  auto rows = CountRows(**db);
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(*rows, expected);
}

INSTANTIATE_TEST_SUITE_P(LogOrNot, SqliteDbReaderBesideWriter, ::testing::Bool());

TEST(SqliteDb, ReadersOfOneFileShareOneDescriptorAndADeletedFileIsForgotten) {
  std::string path = MakeDb(2);
  const size_t before = SqliteReaderLock::OpenFilesForTesting();
  {
    auto a = SqliteDb::Open(path, SqliteAccess::kReadOnly);
    auto b = SqliteDb::Open(path, SqliteAccess::kReadOnly);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(SqliteReaderLock::OpenFilesForTesting(), before + 1);
    // While a reader holds the lock, a writer's close cannot remove the log under it.
    a->reset();
    EXPECT_EQ(*CountRows(**b), 2);
  }
  fs::remove_all(fs::path(path).parent_path());
  std::string other = MakeDb(1);
  auto c = SqliteDb::Open(other, SqliteAccess::kReadOnly);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(SqliteReaderLock::OpenFilesForTesting(), before + 1);
}

TEST(SqliteDb, AFailedBindIsReturnedByTheNextStep) {
  auto db = SqliteDb::Open(testing::FreshDbPath(), SqliteAccess::kCreate);
  ASSERT_TRUE(db.ok());
  auto q = (*db)->Prepare("SELECT ?");
  ASSERT_TRUE(q.ok());
  q->Bind(2, 7);  // no such parameter
  auto row = q->Step();
  ASSERT_FALSE(row.ok());
  EXPECT_NE(row.error().message.find("binding parameter 2"), std::string::npos)
      << row.error().ToString();
  q->Reset();
  q->Bind(1, 7);
  ASSERT_TRUE(*q->Step());
  EXPECT_EQ(q->Int(0), 7);
}

TEST(SqliteDb, ANestedUseOfOneStatementGetsItsOwn) {
  std::string path = MakeDb(3);
  auto db = SqliteDb::Open(path, SqliteAccess::kReadWrite);
  ASSERT_TRUE(db.ok());
  static constexpr char kSql[] = "SELECT x FROM t ORDER BY x";
  auto outer = (*db)->Prepare(kSql);
  ASSERT_TRUE(outer.ok());
  int pairs = 0;
  while (*outer->Step()) {
    auto inner = (*db)->Prepare(kSql);
    ASSERT_TRUE(inner.ok());
    while (*inner->Step()) ++pairs;
  }
  EXPECT_EQ(pairs, 9);
}

TEST(SqliteDb, ADamagedFileIsAnErrorNotTheEndOfTheRows) {
  std::string path = MakeDb(3000);
  const auto size = fs::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    std::string junk(16384, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  for (SqliteAccess access : {SqliteAccess::kReadWrite, SqliteAccess::kReadOnly}) {
    auto db = SqliteDb::Open(path, access);
    if (!db.ok()) {
      EXPECT_EQ(db.error().code, ErrorCode::kCorruption) << db.error().ToString();
      continue;
    }
    auto seen = (*db)->Read([&]() -> Result<int64_t> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, (*db)->Prepare("SELECT x FROM t"));
      int64_t n = 0;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return n;
        ++n;
      }
    });
    ASSERT_FALSE(seen.ok()) << "read " << *seen << " of 3000 rows as if that were all";
    EXPECT_EQ(seen.error().code, ErrorCode::kCorruption) << seen.error().ToString();
  }
}

}  // namespace
}  // namespace xb::ledger
