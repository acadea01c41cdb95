// All-or-nothing file output: outputs are written to a temporary file beside the target and
// renamed into place only when complete, so a crash or an error never leaves a half-written
// file under the final name (README "Standards": nothing is lost, nothing half-written).
#ifndef XBORDER_CORE_ATOMIC_FILE_H_
#define XBORDER_CORE_ATOMIC_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

// Not copyable: owns an open file. If destroyed before Commit(), the temporary is removed.
class AtomicFile {
 public:
  // Creates "<path>.tmp-XXXXXX" in the same directory (same file system, so rename is atomic).
  static Result<AtomicFile> Create(const std::string& path);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  Status Write(std::string_view data);
  // Flushes, fsyncs and renames over the target. After Commit() the object is spent.
  Status Commit();
  // Removes the temporary; safe to call more than once.
  void Abandon();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  AtomicFile(std::string path, std::string temp_path, std::FILE* file);
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
};

// Writes `contents` to `path` atomically.
Status WriteFileAtomically(const std::string& path, std::string_view contents);

// Reads a whole file; kNotFound / kIo with the path in the error.
Result<std::string> ReadFile(const std::string& path);

}  // namespace xb

#endif  // XBORDER_CORE_ATOMIC_FILE_H_
