#include "transfer/directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace xb::transfer {

Result<std::optional<DirectoryLock>> DirectoryLock::TryAcquire(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no such directory", {dir});
    return IoError(std::string("cannot open directory: ") + std::strerror(errno), {dir});
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return std::optional<DirectoryLock>();
    return IoError(std::string("cannot lock directory: ") + std::strerror(error), {dir});
  }
  return std::optional<DirectoryLock>(DirectoryLock(fd));
}

DirectoryLock& DirectoryLock::operator=(DirectoryLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace xb::transfer
