// The shared lock an immutable read-only SQLite connection holds on its database file (see
// sqlite_db.h), kept so that it can never hurt the process's other connections to that file.
//
// Why a registry: under POSIX, closing *any* descriptor of a file drops *every* classic record
// lock the process holds on it, including the locks SQLite holds for the process's other
// connections (a server's ledger pool, account store, access log). SQLite guards against its
// own closes, not against ours; once its SHARED lock is gone, another process closing its
// connection may checkpoint and remove the write-ahead log under those connections, and their
// next commit overwrites live pages. So the descriptor a reader locks through is opened once
// per database file (keyed by device and inode) and never closed while the process runs; the
// lock on it is an open-file-description lock (F_OFD_SETLK), which belongs to that descriptor
// and whose release does not touch SQLite's locks, shared by all of the process's readers of
// the file and counted: taken when the first reader comes, released when the last one goes.
//
// Thread-safety: every function may be called from any thread.
#ifndef XBORDER_LEDGER_SQLITE_READER_LOCK_H_
#define XBORDER_LEDGER_SQLITE_READER_LOCK_H_

#include <sys/stat.h>

#include <string>

#include "core/status.h"

namespace xb::ledger {

// A held share of the reader lock on one database file. Movable, not copyable; releases its
// share when destroyed.
class SqliteReaderLock {
 public:
  // Takes a share of the reader lock on the file at `path`, waiting up to `wait_ms` for a
  // writer that holds the bytes (one checkpointing its log on close).
  // Errors: kIo when the file cannot be opened or locked in time.
  static Result<SqliteReaderLock> Acquire(const std::string& path, long wait_ms);

  SqliteReaderLock() = default;
  SqliteReaderLock(SqliteReaderLock&& other) noexcept;
  SqliteReaderLock& operator=(SqliteReaderLock&& other) noexcept;
  SqliteReaderLock(const SqliteReaderLock&) = delete;
  SqliteReaderLock& operator=(const SqliteReaderLock&) = delete;
  ~SqliteReaderLock() { Release(); }

  bool held() const { return fd_ >= 0; }
  // The file's state now, through the locked descriptor. Errors: kIo.
  Result<struct stat> Stat(const std::string& path) const;
  // Gives the share back (the lock itself goes when no share is left); the descriptor stays
  // open for the process's life.
  void Release();

  // How many database files the process keeps a descriptor for (tests).
  static size_t OpenFilesForTesting();

 private:
  explicit SqliteReaderLock(int fd) : fd_(fd) {}
  int fd_ = -1;  // the registry's descriptor of the file; never closed by this class
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SQLITE_READER_LOCK_H_
