// Events from a file or stdin, read through poll() so that a quiet pipe does not block the
// monitor: it can commit what it has and notice --until-idle. A line longer than
// kMaxEventBytes is dropped as it streams past (memory stays bounded) and reported as too large.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/crypto.h"
#include "monitor/egress_event.h"
#include "monitor/event_source.h"

namespace xb::monitor {
namespace {

class FileSource final : public EventSource {
 public:
  // Events are referred to by the file's base name: a reference is shown to every role (alerts,
  // the ledger, the service), where the server's folders have no business. Errors, which
  // only the operator sees, name the whole path.
  FileSource(int fd, bool owned, std::string path, std::string identity)
      : fd_(fd),
        owned_(owned),
        path_(std::move(path)),
        name_(std::filesystem::path(path_).filename().string()),
        identity_(std::move(identity)) {}
  ~FileSource() override {
    if (owned_) ::close(fd_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Status Next(size_t max, std::chrono::milliseconds wait, std::vector<RawEvent>* out) override {
    out->clear();
    buffer_.erase(0, scan_);  // the lines handed out last time
    scan_ = 0;
    lines_.clear();
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (lines_.size() < max && !eof_) {
      TakeLines(max);
      if (lines_.size() >= max) break;
      // With lines in hand, take only what is already there; else wait for the first.
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (!lines_.empty() || left.count() < 0) left = std::chrono::milliseconds(0);
      XB_ASSIGN_OR_RETURN(bool more, Fill(left));
      if (!more && !eof_) break;
    }
    TakeLines(max);
    if (eof_ && lines_.size() < max && scan_ < buffer_.size()) {  // a last line without '\n'
      AddLine(scan_, buffer_.size());
      scan_ = buffer_.size();
    }
    // Views are made last: reading on may have moved the buffer.
    for (const Line& l : lines_) {
      out->push_back(
          {l.sequence, std::string_view(buffer_).substr(l.offset, l.length), l.too_large});
    }
    return Status::Ok();
  }

  bool finished() const override { return eof_ && scan_ >= buffer_.size(); }

  Status Acknowledge() override { return Status::Ok(); }  // a file keeps nothing to forget

  const std::string& name() const override { return name_; }

  const std::string& identity() const override { return identity_; }

 private:
  struct Line {
    uint64_t sequence;
    size_t offset;
    size_t length;
    bool too_large;
  };

  // Reads what arrives within `wait`. True when bytes were read.
  Result<bool> Fill(std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
    if (ready < 0) {
      if (errno == EINTR) return false;
      return IoError(std::string("cannot wait for events: ") + std::strerror(errno), {path_});
    }
    if (ready == 0) return false;
    char chunk[1 << 16];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) return false;
      return IoError(std::string("cannot read events: ") + std::strerror(errno), {path_});
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    std::string_view data(chunk, static_cast<size_t>(n));
    if (skipping_) {  // inside a line too long to keep: drop up to its end
      size_t end = data.find('\n');
      if (end == std::string_view::npos) return true;
      skipping_ = false;
      data.remove_prefix(end + 1);
    }
    buffer_.append(data);
    // A line that outgrows the limit is cut short now, not when its end finally comes.
    if (buffer_.find('\n', scan_) == std::string::npos && buffer_.size() - scan_ > kMaxEventBytes) {
      buffer_.resize(scan_);
      ++line_;
      lines_.push_back({line_, scan_, 0, true});
      skipping_ = true;
    }
    return true;
  }

  void TakeLines(size_t max) {
    while (lines_.size() < max) {
      size_t end = buffer_.find('\n', scan_);
      if (end == std::string::npos) return;
      AddLine(scan_, end);
      scan_ = end + 1;
    }
  }

  void AddLine(size_t begin, size_t end) {
    ++line_;
    if (end > begin && buffer_[end - 1] == '\r') --end;
    for (size_t i = begin; i < end; ++i) {
      char c = buffer_[i];
      if (c != ' ' && c != '\t') {
        lines_.push_back({line_, begin, end - begin, end - begin > kMaxEventBytes});
        return;
      }
    }
  }

  int fd_;
  bool owned_;
  std::string path_;
  std::string name_;
  std::string identity_;
  std::string buffer_;
  std::vector<Line> lines_;
  size_t scan_ = 0;  // where the next line starts
  uint64_t line_ = 0;
  bool eof_ = false;
  bool skipping_ = false;
};

// The file's device and inode, and a digest of its first line (of at most 4 KiB; read with
// pread, so the reading position stays at 0). A file rewritten in place under the same inode
// starts with another line; one that is only appended to keeps its first line.
Result<std::string> FileIdentity(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return IoError(std::string("cannot inspect the events: ") + std::strerror(errno), {path});
  }
  char head[4096];
  ssize_t n = ::pread(fd, head, sizeof head, 0);
  if (n < 0) return IoError(std::string("cannot read the events: ") + std::strerror(errno), {path});
  std::string_view first(head, static_cast<size_t>(n));
  if (size_t end = first.find('\n'); end != std::string_view::npos) first = first.substr(0, end);
  return "file:" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
         ToHex(Sha256(first)).substr(0, 16);
}

}  // namespace

Result<std::unique_ptr<EventSource>> OpenFileSource(const std::string& path) {
  if (path == "-") return std::unique_ptr<EventSource>(new FileSource(0, false, "stdin", ""));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return NotFound(std::string("cannot open the events: ") + std::strerror(errno), {path});
  }
  auto identity = FileIdentity(fd, path);
  if (!identity.ok()) {
    ::close(fd);
    return std::move(identity).error();
  }
  return std::unique_ptr<EventSource>(new FileSource(fd, true, path, std::move(identity).value()));
}

}  // namespace xb::monitor
