// Every fuzz target includes this and defines LLVMFuzzerTestOneInput (libFuzzer's entry point).
#ifndef XBORDER_FUZZ_FUZZ_TARGET_H_
#define XBORDER_FUZZ_FUZZ_TARGET_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace xb::fuzz {

// The fuzz input as a file the readers can open by path (an anonymous in-memory file, so no
// disk I/O per run). Closed on destruction; ok() is false if it could not be made.
class MemFile {
 public:
  MemFile(const uint8_t* data, size_t size) : fd_(memfd_create("xb_fuzz", 0)) {
    if (fd_ >= 0 && write(fd_, data, size) != static_cast<ssize_t>(size)) {
      close(fd_);
      fd_ = -1;
    }
    if (fd_ >= 0) path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemFile() {
    if (fd_ >= 0) close(fd_);
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

}  // namespace xb::fuzz

#endif  // XBORDER_FUZZ_FUZZ_TARGET_H_
