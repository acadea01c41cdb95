#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace xb {

AtomicFile::AtomicFile(std::string path, std::string temp_path, std::FILE* file)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)), temp_path_(std::move(other.temp_path_)), file_(other.file_) {
  other.file_ = nullptr;
  other.temp_path_.clear();
}

AtomicFile::~AtomicFile() { Abandon(); }

Result<AtomicFile> AtomicFile::Create(const std::string& path) {
  std::string pattern = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    return IoError(std::string("cannot create output file: ") + std::strerror(errno), {path});
  }
  std::FILE* f = ::fdopen(fd, "wb");
  if (f == nullptr) {
    ::close(fd);
    ::unlink(pattern.c_str());
    return IoError("cannot open output file", {path});
  }
  return AtomicFile(path, pattern, f);
}

Status AtomicFile::Write(std::string_view data) {
  if (file_ == nullptr) return FailedPrecondition("write after commit", {path_});
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return IoError(std::string("write failed: ") + std::strerror(errno), {path_});
  }
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (file_ == nullptr) return FailedPrecondition("commit twice", {path_});
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  int err = errno;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    return IoError(std::string("cannot finish output file: ") + std::strerror(err), {path_});
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    err = errno;
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    return IoError(std::string("cannot move output into place: ") + std::strerror(err), {path_});
  }
  temp_path_.clear();
  return Status::Ok();
}

void AtomicFile::Abandon() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
}

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  XB_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(path));
  XB_RETURN_IF_ERROR(file.Write(contents));
  return file.Commit();
}

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound("no such file", {path});
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open file", {path});
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return IoError("cannot read file", {path});
  return buf.str();
}

}  // namespace xb
