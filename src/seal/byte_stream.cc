#include "seal/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace xb::seal {
namespace {

constexpr size_t kFillBytes = 16 * 1024;

}  // namespace

Result<size_t> ReadFull(ByteSource& source, std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    XB_ASSIGN_OR_RETURN(size_t n, source.Read(out.subspan(done)));
    if (n == 0) break;
    done += n;
  }
  return done;
}

Result<size_t> MemorySource::Read(std::span<uint8_t> out) {
  size_t n = std::min(out.size(), rest_.size());
  std::memcpy(out.data(), rest_.data(), n);
  rest_.remove_prefix(n);
  return n;
}

Result<FileSource> FileSource::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no such file", {path});
    return IoError(std::string("cannot open: ") + std::strerror(errno), {path});
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError("is a directory", {path});
  }
  return FileSource(fd, path);
}

FileSource::FileSource(FileSource&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> FileSource::Read(std::span<uint8_t> out) {
  while (true) {
    ssize_t n = ::read(fd_, out.data(), out.size());
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR)
      return IoError(std::string("read failed: ") + std::strerror(errno), {path_});
  }
}

Result<bool> BufferedSource::Fill() {
  if (at_end_) return false;
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  size_t old_size = buffer_.size();
  buffer_.resize(old_size + kFillBytes);
  auto n = source_.Read(
      std::span<uint8_t>(reinterpret_cast<uint8_t*>(buffer_.data()) + old_size, kFillBytes));
  buffer_.resize(old_size + (n.ok() ? *n : 0));
  if (!n.ok()) return std::move(n).error();
  if (*n == 0) at_end_ = true;
  return *n > 0;
}

Result<BufferedSource::Line> BufferedSource::ReadLine(size_t max_length) {
  size_t scanned = 0;
  while (true) {
    std::string_view have = Buffered();
    size_t nl = have.find('\n', scanned);
    if (nl != std::string_view::npos && nl <= max_length) {
      Line line{std::string(have.substr(0, nl)), true};
      start_ += nl + 1;
      return line;
    }
    if (have.size() > max_length) {
      return MakeError(ErrorCode::kResourceExhausted,
                       "line longer than " + std::to_string(max_length) + " bytes");
    }
    scanned = have.size();
    XB_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) {
      Line line{std::string(Buffered()), false};
      start_ = buffer_.size();
      return line;
    }
  }
}

Result<std::string_view> BufferedSource::Peek(size_t n) {
  while (Buffered().size() < n) {
    XB_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) break;
  }
  return Buffered().substr(0, n);
}

Result<size_t> BufferedSource::Read(std::span<uint8_t> out) {
  std::string_view have = Buffered();
  if (have.empty()) {
    if (at_end_ || out.empty()) return size_t{0};
    // Nothing buffered: read straight into `out`, without a copy through the buffer.
    XB_ASSIGN_OR_RETURN(size_t n, source_.Read(out));
    if (n == 0) at_end_ = true;
    return n;
  }
  size_t n = std::min(out.size(), have.size());
  std::memcpy(out.data(), have.data(), n);
  start_ += n;
  return n;
}

}  // namespace xb::seal
