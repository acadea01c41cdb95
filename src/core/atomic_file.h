// All-or-nothing file output: outputs are written to a temporary file in the target's directory
// and given the target's name only when complete, so a crash or an error never leaves a
// half-written file under the final name (README "Standards": nothing is lost, nothing
// half-written).
//
// The temporary has no name at all where the file system allows it (Linux O_TMPFILE: ext4,
// xfs, btrfs, tmpfs): a process killed mid-write, even by SIGKILL, leaves nothing behind,
// which matters when the output is decrypted personal data (`xborder open`). Elsewhere it is a
// named "<path>.tmp-XXXXXX", removed on every exit path: by the destructor, and on SIGINT,
// SIGTERM and SIGHUP once the program has called RemoveTemporariesOnSignals().
#ifndef XBORDER_CORE_ATOMIC_FILE_H_
#define XBORDER_CORE_ATOMIC_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

enum class FilePermissions {
  kPrivate,  // 0600: the default for everything xborder writes (data, reports, keys)
  kPublic,   // 0644: files meant for anyone, such as detached signatures
};

// Not copyable: owns an open file. If destroyed before a commit, the temporary is discarded.
// Not thread-safe; distinct objects may be used from distinct threads.
class AtomicFile {
 public:
  // Opens the temporary in `path`'s directory (same file system, so the final link or rename
  // is atomic). Errors: kIo naming `path`.
  static Result<AtomicFile> Create(const std::string& path,
                                   FilePermissions permissions = FilePermissions::kPrivate);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  Status Write(std::string_view data);
  // Flushes, fsyncs and puts the file in place, replacing whatever had the name. After a commit
  // (successful or not) the object is spent. Errors: kIo.
  Status Commit();
  // Like Commit(), but never replaces: returns false (and discards the temporary) if a file
  // already has the name, even one created by another process a moment ago. Errors: kIo.
  Result<bool> CommitIfAbsent();
  // Discards the temporary; safe to call more than once.
  void Abandon();

  const std::string& path() const { return path_; }

 private:
  AtomicFile(std::string path, std::string temp_path, int slot, std::FILE* file);
  Status Finish();
  int LinkAs(const std::string& name);

  std::string path_;
  std::string temp_path_;  // the named temporary; empty when it is unnamed
  int slot_ = -1;          // its entry in the signal handler's table; -1: none
  std::FILE* file_ = nullptr;
};

// Writes `contents` to `path` atomically, replacing it.
Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           FilePermissions permissions = FilePermissions::kPrivate);

// Reads a whole file; kNotFound / kIo with the path in the error.
Result<std::string> ReadFile(const std::string& path);

// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove every named temporary still
// open, then let the signal take its default course (the process ends as it would have).
// For the program's main(), once at start-up; the library never installs handlers itself.
void RemoveTemporariesOnSignals();

namespace internal {
// Tests only: forces named temporaries, as on a file system without O_TMPFILE.
void ForceNamedTemporariesForTesting(bool force);
}  // namespace internal

}  // namespace xb

#endif  // XBORDER_CORE_ATOMIC_FILE_H_
