// An advisory lock on a directory (flock), held by a process for as long as it works in the
// directory and released by the kernel when the process ends, however it ends. A transfer
// holds one on its package's staging folder, so crash recovery can tell a folder a running
// transfer is still filling (locked) from one a killed transfer left behind (free). The lock
// belongs to the directory, not its name: it moves with a rename.
//
// Not copyable; movable. Not thread-safe.
#ifndef XBORDER_TRANSFER_DIRECTORY_LOCK_H_
#define XBORDER_TRANSFER_DIRECTORY_LOCK_H_

#include <optional>
#include <string>

#include "core/status.h"

namespace xb::transfer {

class DirectoryLock {
 public:
  // Takes the lock on `dir` without waiting. nullopt when another process holds it. Errors:
  // kNotFound when `dir` does not exist; kIo when it cannot be opened or locked.
  static Result<std::optional<DirectoryLock>> TryAcquire(const std::string& dir);

  DirectoryLock(DirectoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DirectoryLock& operator=(DirectoryLock&& other) noexcept;
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();  // releases the lock

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_DIRECTORY_LOCK_H_
