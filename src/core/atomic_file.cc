#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace xb {
namespace {

// Named temporaries still open, for the signal handler to remove. A fixed table of plain
// characters, because a handler may neither allocate nor take locks; state moves
// kFree -> kReserved (being filled) -> kArmed (visible to the handler) -> kFree.
constexpr int kSlots = 64;
constexpr size_t kSlotPathBytes = 4096;
enum SlotState : int { kFree = 0, kReserved = 1, kArmed = 2 };
struct Slot {
  std::atomic<int> state{kFree};
  char path[kSlotPathBytes];
};
std::array<Slot, kSlots> g_slots;
std::atomic<bool> g_force_named{false};

// Reserves a slot holding `path`; -1 if the table is full or the path too long (that
// temporary is then removed by the destructor only, not on a signal).
int ReserveSlot(const std::string& path) {
  if (path.size() >= kSlotPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (g_slots[i].state.compare_exchange_strong(expected, kReserved)) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      return i;
    }
  }
  return -1;
}

void Arm(int slot) {
  if (slot >= 0) g_slots[slot].state.store(kArmed);
}

// Frees the slot (its file is the caller's to remove, before this).
void ReleaseSlot(int slot) {
  if (slot < 0) return;
  g_slots[slot].state.store(kFree);
}

void RemoveArmedTemporaries(int signal_number) {
  int saved_errno = errno;
  for (Slot& slot : g_slots) {
    if (slot.state.load() == kArmed) ::unlink(slot.path);
  }
  errno = saved_errno;
  // The default action now: the process ends (or stops) exactly as without the handler.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

Error IoFailure(const std::string& what, int err, const std::string& path) {
  return IoError(what + ": " + std::strerror(err), {path});
}

std::string DirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

// An unnamed file in `path`'s directory; -1 with errno set if the file system has none.
int OpenUnnamed(const std::string& path) {
  if (g_force_named.load()) {
    errno = EOPNOTSUPP;
    return -1;
  }
  return ::open(DirectoryOf(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

bool UnnamedUnsupported(int err) { return err == EOPNOTSUPP || err == EISDIR || err == EINVAL; }

// A fresh name beside `path` for a file about to be linked there.
std::string TemporaryNameFor(const std::string& path) {
  std::array<uint8_t, 6> random{};
  (void)RandomBytes(random);  // on failure the name is merely predictable; link() never reuses
  return path + ".tmp-" + ToHex(random);
}

// Gives the open unnamed file `fd` the name `name`; fails with EEXIST if the name is taken.
int LinkUnnamed(int fd, const std::string& name) {
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
  if (errno == EEXIST) return -1;
  int proc_errno = errno;
  // Without /proc: AT_EMPTY_PATH, which needs CAP_DAC_READ_SEARCH.
  if (::linkat(fd, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0) return 0;
  if (errno != EEXIST) errno = proc_errno;
  return -1;
}

}  // namespace

AtomicFile::AtomicFile(std::string path, std::string temp_path, int slot, std::FILE* file)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), slot_(slot), file_(file) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      slot_(other.slot_),
      file_(other.file_) {
  other.file_ = nullptr;
  other.temp_path_.clear();
  other.slot_ = -1;
}

AtomicFile::~AtomicFile() { Abandon(); }

Result<AtomicFile> AtomicFile::Create(const std::string& path, FilePermissions permissions) {
  std::string temp_path;
  int slot = -1;
  int fd = OpenUnnamed(path);
  if (fd < 0 && UnnamedUnsupported(errno)) {
    temp_path = path + ".tmp-XXXXXX";
    fd = ::mkstemp(temp_path.data());  // mode 0600
    // Tracked from here on (a signal in the instant before is the one gap left).
    if (fd >= 0) slot = ReserveSlot(temp_path);
    Arm(slot);
  }
  if (fd < 0) return IoFailure("cannot create output file", errno, path);
  mode_t mode = permissions == FilePermissions::kPublic ? 0644 : 0600;
  std::FILE* f = ::fchmod(fd, mode) == 0 ? ::fdopen(fd, "wb") : nullptr;
  if (f == nullptr) {
    int err = errno;
    ::close(fd);
    if (!temp_path.empty()) ::unlink(temp_path.c_str());
    ReleaseSlot(slot);
    return IoFailure("cannot open output file", err, path);
  }
  return AtomicFile(path, std::move(temp_path), slot, f);
}

Status AtomicFile::Write(std::string_view data) {
  if (file_ == nullptr) return FailedPrecondition("write after commit", {path_});
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return IoFailure("write failed", errno, path_);
  }
  return Status::Ok();
}

// Flushes and syncs the data; the file stays open for LinkAs.
Status AtomicFile::Finish() {
  if (file_ == nullptr) return FailedPrecondition("commit twice", {path_});
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) {
    Error e = IoFailure("cannot finish output file", errno, path_);
    Abandon();
    return e;
  }
  return Status::Ok();
}

// Gives the finished temporary the name `name` as well, never replacing anything there.
// Returns 0, or the errno (EEXIST: the name is taken).
int AtomicFile::LinkAs(const std::string& name) {
  int rc = temp_path_.empty() ? LinkUnnamed(::fileno(file_), name)
                              : ::link(temp_path_.c_str(), name.c_str());
  return rc == 0 ? 0 : errno;
}

Status AtomicFile::Commit() {
  XB_RETURN_IF_ERROR(Finish());
  // A named temporary is renamed over the target. An unnamed one cannot be (link() never
  // replaces), so it is linked under a fresh name first, tracked for the signal handler, and
  // that name renamed over the target: only a complete file is ever named.
  std::string named = temp_path_;
  int slot = -1;
  if (named.empty()) {
    named = TemporaryNameFor(path_);
    slot = ReserveSlot(named);
    Arm(slot);
    if (int err = LinkAs(named); err != 0) {
      ReleaseSlot(slot);
      Abandon();
      return IoFailure("cannot move output into place", err, path_);
    }
  }
  int err = std::rename(named.c_str(), path_.c_str()) == 0 ? 0 : errno;
  if (err != 0) ::unlink(named.c_str());
  ReleaseSlot(slot);
  if (err == 0) temp_path_.clear();  // renamed: nothing left to remove
  Abandon();
  if (err != 0) return IoFailure("cannot move output into place", err, path_);
  return Status::Ok();
}

Result<bool> AtomicFile::CommitIfAbsent() {
  XB_RETURN_IF_ERROR(Finish());
  // link() never replaces: the kernel decides, so a file a racing process created is kept.
  int err = LinkAs(path_);
  Abandon();  // the temporary's own name, if any, goes; the linked name stays
  if (err == EEXIST) return false;
  if (err != 0) return IoFailure("cannot move output into place", err, path_);
  return true;
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
  ReleaseSlot(slot_);
  slot_ = -1;
}

Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           FilePermissions permissions) {
  XB_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(path, permissions));
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

void RemoveTemporariesOnSignals() {
  struct sigaction action {};
  action.sa_handler = RemoveArmedTemporaries;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal_number, &action, nullptr);
}

namespace internal {
void ForceNamedTemporariesForTesting(bool force) { g_force_named.store(force); }
}  // namespace internal

}  // namespace xb
