// An export package is built in a staging directory beside its final place and moved there in
// one rename when complete, so a reader never sees half a package and a failure leaves nothing
// under the final name. The builder holds a DirectoryLock on the staging directory from Begin
// to its destruction, so crash recovery (package_recovery.h) never touches a package a running
// transfer is building; the transfer records the staging path in the ledger before Begin.
//
// Not thread-safe; not copyable (owns the staging directory, removed unless committed).
#ifndef XBORDER_TRANSFER_PACKAGE_BUILDER_H_
#define XBORDER_TRANSFER_PACKAGE_BUILDER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "transfer/directory_lock.h"

namespace xb::transfer {

struct PackageFile {
  std::string name;  // relative to the package root
  uint64_t bytes = 0;
  std::string sha256;  // lowercase hex
};

// Called before every step that writes ("write:<name>", "record:<name>", "commit"); a non-OK
// status makes that step fail as the disk would. Tests use it to inject faults; production
// passes none.
using FaultHook = std::function<Status(std::string_view step)>;

class PackageBuilder {
 public:
  // `final_dir` as the package will be named: absolute and normalised.
  static std::string FinalPath(const std::string& final_dir);
  // A fresh staging path for `final_dir`: "<parent>/.<name>.staging-<12 random hex digits>",
  // absolute. Nothing is created. Errors: kIo if the system's random source fails.
  static Result<std::string> NewStagingPath(const std::string& final_dir);

  // Creates and locks the staging directory `staging_path` (NewStagingPath(final_dir) when
  // empty), then claims final_dir by creating it empty (Commit renames staging over it;
  // Abandon removes it). Errors: kFailedPrecondition if final_dir already exists, e.g.
  // claimed by another transfer running now; kIo if a directory cannot be made or locked.
  static Result<PackageBuilder> Begin(const std::string& final_dir, FaultHook fault = {},
                                      std::string staging_path = "");

  PackageBuilder(PackageBuilder&& other) noexcept;
  PackageBuilder& operator=(PackageBuilder&&) = delete;
  PackageBuilder(const PackageBuilder&) = delete;
  PackageBuilder& operator=(const PackageBuilder&) = delete;
  ~PackageBuilder();  // abandons an uncommitted package

  // Where another stage may write a file of the package directly (e.g. protected data).
  std::string StagingPath(std::string_view name) const;
  // Checks `name`, creates its folders in staging and returns StagingPath(name); the caller
  // writes the file and then calls RecordFile(name). Runs the fault hook as "write:<name>".
  // Errors: kInvalidArgument for an unsafe name (absolute, or leaving the package) or one the
  // package already holds (two files would overwrite each other).
  Result<std::string> PrepareFile(std::string_view name);

  // Writes `contents` as `name` and records its digest. Errors: as PrepareFile.
  Status AddFile(std::string_view name, std::string_view contents);
  // Records a file another stage wrote at StagingPath(name): reads it back for its digest.
  // Errors: kInvalidArgument for an unsafe name or one already recorded.
  Status RecordFile(std::string_view name);

  const std::vector<PackageFile>& files() const { return files_; }
  const std::string& final_dir() const { return final_dir_; }
  const std::string& staging_dir() const { return staging_dir_; }

  // fsyncs every directory of the staging tree (subfolders such as data/hr/ first, then the
  // staging folder, then the folder holding it), so that the names of the files written so
  // far survive a power loss: run before the ledger entry naming them commits, since recovery
  // rolls a recorded package forward from its staging folder (package_recovery.h).
  // Errors: kIo naming the directory.
  Status SyncStaging() const;

  // fsyncs and renames the staging directory over the empty claim at final_dir (kIo if
  // something was put into it), then fsyncs its parent. After
  // success the builder is spent (it keeps the lock until destroyed). Runs the fault hook as
  // "commit".
  Status Commit();
  // Removes the staging directory and everything in it, and the claim on final_dir while it
  // is empty; safe to call twice.
  void Abandon();
  // Gives up the staging directory without removing it: a package already recorded in the
  // ledger that could not be moved into place, for crash recovery to finish (the claim on
  // final_dir stays, so the name stays reserved for it). The builder is spent.
  void Detach();

 private:
  PackageBuilder(std::string final_dir, std::string staging_dir, FaultHook fault,
                 DirectoryLock lock);
  Status Fault(std::string_view step) const;

  std::string final_dir_;
  std::string staging_dir_;
  FaultHook fault_;
  std::vector<PackageFile> files_;
  std::set<std::string, std::less<>> claimed_;  // names prepared or recorded
  std::optional<DirectoryLock> lock_;           // on the staging directory
  bool committed_ = false;
};

// SHA-256 of a file, streamed; lowercase hex.
Result<std::string> Sha256OfFile(const std::string& path, uint64_t* bytes = nullptr);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_PACKAGE_BUILDER_H_
