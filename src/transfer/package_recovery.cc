#include "transfer/package_recovery.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "transfer/directory_lock.h"

namespace xb::transfer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct PackageNote {
  std::string staging;
  std::string package;
};

std::optional<PackageNote> ParseNote(const std::string& note) {
  try {
    json j = json::parse(note);
    return PackageNote{j.at("staging").get<std::string>(), j.at("package").get<std::string>()};
  } catch (const std::exception&) {
    return std::nullopt;  // not a package's follow-up
  }
}

std::optional<uint64_t> EntryOf(const std::vector<ledger::FollowUp>& follow_ups,
                                const std::string& key) {
  for (const ledger::FollowUp& f : follow_ups) {
    if (f.key == key) return f.entry;
  }
  return std::nullopt;
}

// A rename made durable: the parent's directory entry is synced.
Status MoveIntoPlace(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return IoError(std::string("cannot move package into place: ") + std::strerror(errno), {to});
  }
  const std::string parent = fs::path(to).parent_path().string();
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open directory", {parent});
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("cannot sync directory", {parent});
  return Status::Ok();
}

// A package folder that is only a transfer's claim on its name (PackageBuilder::Begin): it
// exists, empty, until the staging folder is renamed over it.
bool IsClaimOnly(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec) && !ec;
}

// In place: the package folder exists and holds the package, not just the claim.
bool InPlace(const std::string& dir) {
  std::error_code ec;
  return fs::exists(dir, ec) && !IsClaimOnly(dir);
}

std::string EntryText(uint64_t index) { return "ledger entry " + std::to_string(index); }

}  // namespace

std::string PackageFollowUpNote(const std::string& staging_dir, const std::string& package_dir) {
  return json{{"staging", staging_dir}, {"package", package_dir}}.dump();
}

Result<std::vector<std::string>> RecoverPackages(ledger::Ledger& ledger) {
  std::vector<std::string> lines;
  XB_ASSIGN_OR_RETURN(std::vector<ledger::FollowUp> open, ledger.FollowUps());
  for (const ledger::FollowUp& f : open) {
    std::optional<PackageNote> note = ParseNote(f.note);
    if (!note) continue;
    auto lock = DirectoryLock::TryAcquire(note->staging);
    if (!lock.ok() && lock.error().code != ErrorCode::kNotFound) return std::move(lock).error();
    if (lock.ok()) {
      if (!lock->has_value()) continue;  // a running transfer's: not ours to touch
      // Its owner is gone, so the follow-up cannot change any more: read it again, since the
      // owner may have committed after the list above was read.
      XB_ASSIGN_OR_RETURN(std::vector<ledger::FollowUp> now, ledger.FollowUps());
      const std::optional<uint64_t> entry = EntryOf(now, f.key);
      std::error_code ec;
      if (!entry) {
        fs::remove_all(note->staging, ec);
        if (ec)
          return IoError("cannot remove an unfinished package: " + ec.message(), {note->staging});
        if (IsClaimOnly(note->package)) ::rmdir(note->package.c_str());
        lines.push_back("removed the unfinished package folder " + note->staging +
                        " of a transfer that stopped before it was recorded");
      } else if (InPlace(note->package)) {
        lines.push_back(EntryText(*entry) + ": both its package " + note->package +
                        " and the staging folder " + note->staging +
                        " exist; left both for a person to compare");
        continue;  // keep the follow-up: verify keeps reporting it
      } else {
        XB_RETURN_IF_ERROR(MoveIntoPlace(note->staging, note->package));
        lines.push_back("moved the package of " + EntryText(*entry) + " into place at " +
                        note->package + " (its transfer stopped after recording it)");
      }
    } else if (f.entry && !InPlace(note->package)) {
      lines.push_back(EntryText(*f.entry) + ": its package " + note->package +
                      " is missing, and so is its staging folder");
    }
    XB_RETURN_IF_ERROR(ledger.CloseFollowUp(f.key));
  }
  return lines;
}

Result<std::vector<std::string>> UnfinishedPackages(ledger::Ledger& ledger) {
  std::vector<std::string> lines;
  XB_ASSIGN_OR_RETURN(std::vector<ledger::FollowUp> open, ledger.FollowUps());
  for (const ledger::FollowUp& f : open) {
    std::optional<PackageNote> note = ParseNote(f.note);
    if (!note) continue;
    std::error_code ec;
    const bool staged = fs::exists(note->staging, ec);
    if (!f.entry) {
      // Its data may be in clear (a sealed transfer seals file by file): say so, rather than
      // leave it unnoticed until a next transfer happens to run (issue #16 review finding 3).
      if (staged) {
        lines.push_back("the staging folder " + note->staging +
                        " belongs to a transfer that is running or stopped before it was "
                        "recorded; it may hold the package's data in clear. The next transfer "
                        "removes it (or delete it once no transfer runs)");
      }
      continue;
    }
    const bool in_place = InPlace(note->package);
    if (in_place && !staged) continue;  // done; only the note is left open
    // A package still in staging is unfinished even when another folder holds its final
    // name: that folder is not this entry's package (issue #11 review F2).
    lines.push_back(EntryText(*f.entry) + ": its package " + note->package +
                    (!staged ? " is missing"
                     : in_place
                         ? " is held by another folder, and this entry's package is still in "
                           "its staging folder " +
                               note->staging + "; a person must compare them"
                         : " is still in its staging folder " + note->staging +
                               " (the transfer stopped after recording it); the next transfer "
                               "moves it into place"));
  }
  return lines;
}

}  // namespace xb::transfer
