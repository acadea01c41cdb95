#include "ledger/sqlite_reader_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace xb::ledger {
namespace {

// SQLite's SHARED lock on a database file is a read lock on these bytes (SQLite's os.h:
// PENDING_BYTE 0x40000000, SHARED_FIRST = PENDING_BYTE + 2, SHARED_SIZE 510). A connection
// closing its WAL-mode database needs a write lock on them to checkpoint and delete the log.
constexpr off_t kSharedFirst = 0x40000000 + 2;
constexpr off_t kSharedSize = 510;

Error SystemError(const std::string& what, const std::string& path) {
  return IoError(what + ": " + std::strerror(errno), {path});
}

int SetLock(int fd, short type) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = kSharedFirst;
  lock.l_len = kSharedSize;
  return ::fcntl(fd, F_OFD_SETLK, &lock);
}

class Registry {
 public:
  static Registry& Get() {
    static Registry* registry = new Registry;  // never destroyed: its descriptors outlive main
    return *registry;
  }

  // The registry's descriptor for `path`'s file, opened on first use.
  Result<int> Descriptor(const std::string& path) {
    std::lock_guard<std::mutex> hold(mu_);
    ForgetDeletedFiles();
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return SystemError("cannot open database", path);
    auto it = files_.find({st.st_dev, st.st_ino});
    if (it != files_.end()) return it->second.fd;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return SystemError("cannot open database", path);
    struct stat opened;
    if (::fstat(fd, &opened) != 0) return SystemError("cannot read database", path);
    // The path may have been replaced between stat and open. The new descriptor is kept either
    // way: closing it would be the very close this registry exists to prevent.
    auto [slot, fresh] = files_.try_emplace({opened.st_dev, opened.st_ino}, File{fd, 0});
    if (!fresh) spare_.push_back(fd);
    return slot->second.fd;
  }

  // Takes a share of the lock on `fd`; the first share locks, waiting up to `wait_ms`.
  Status Share(int fd, const std::string& path, long wait_ms) {
    std::unique_lock<std::mutex> hold(mu_);
    File& file = ByDescriptor(fd);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    while (file.shares == 0 && SetLock(fd, F_RDLCK) != 0) {
      if (errno != EAGAIN && errno != EACCES && errno != EINTR) {
        return SystemError("cannot lock database for reading", path);
      }
      if (std::chrono::steady_clock::now() > deadline) {
        return IoError("database is locked by another process (a writer is checkpointing)", {path});
      }
      // Other threads may release or share meanwhile.
      hold.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      hold.lock();
    }
    ++file.shares;
    return Status::Ok();
  }

  void Unshare(int fd) {
    std::lock_guard<std::mutex> hold(mu_);
    File& file = ByDescriptor(fd);
    // Unlocking an open-file-description lock leaves the process's classic locks alone.
    if (--file.shares == 0) (void)SetLock(fd, F_UNLCK);
  }

  size_t Size() {
    std::lock_guard<std::mutex> hold(mu_);
    return files_.size();
  }

 private:
  struct File {
    int fd;
    int shares;  // readers holding the lock through fd
  };
  // Closes the descriptors of files no reader holds that have been deleted: no process can open
  // them any more, so no writer can appear whose checkpoint our close would let through, and
  // their inode numbers may be reused by new files (a stale entry would lock the wrong file).
  void ForgetDeletedFiles() {
    for (auto it = files_.begin(); it != files_.end();) {
      struct stat st;
      const bool deleted = ::fstat(it->second.fd, &st) == 0 && st.st_nlink == 0;
      if (deleted && it->second.shares == 0) {
        ::close(it->second.fd);
        it = files_.erase(it);
      } else {
        ++it;
      }
    }
  }

  File& ByDescriptor(int fd) {
    for (auto& [key, file] : files_) {
      if (file.fd == fd) return file;
    }
    // Unreachable: descriptors come from Descriptor() and are never removed.
    static File none{-1, 1};
    return none;
  }

  std::mutex mu_;
  std::map<std::pair<dev_t, ino_t>, File> files_;
  std::vector<int> spare_;  // descriptors opened in a race with a replaced path; kept open
};

}  // namespace

Result<SqliteReaderLock> SqliteReaderLock::Acquire(const std::string& path, long wait_ms) {
  Registry& registry = Registry::Get();
  XB_ASSIGN_OR_RETURN(int fd, registry.Descriptor(path));
  XB_RETURN_IF_ERROR(registry.Share(fd, path, wait_ms));
  return SqliteReaderLock(fd);
}

SqliteReaderLock::SqliteReaderLock(SqliteReaderLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

SqliteReaderLock& SqliteReaderLock::operator=(SqliteReaderLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void SqliteReaderLock::Release() {
  if (fd_ < 0) return;
  Registry::Get().Unshare(std::exchange(fd_, -1));
}

Result<struct stat> SqliteReaderLock::Stat(const std::string& path) const {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return SystemError("cannot read database", path);
  return st;
}

size_t SqliteReaderLock::OpenFilesForTesting() { return Registry::Get().Size(); }

}  // namespace xb::ledger
