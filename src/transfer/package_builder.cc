#include "transfer/package_builder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/crypto.h"

namespace xb::transfer {
namespace fs = std::filesystem;

namespace {

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError(std::string("cannot open directory: ") + std::strerror(errno), {dir});
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError(std::string("cannot sync directory: ") + std::strerror(errno), {dir});
  return Status::Ok();
}

bool IsSafeName(std::string_view name) {
  if (name.empty() || name.front() == '/') return false;
  return fs::path(name).lexically_normal().string().rfind("..", 0) != 0;
}

}  // namespace

Result<std::string> Sha256OfFile(const std::string& path, uint64_t* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read file", {path});
  Sha256Hasher hasher;
  std::string buf(1 << 20, '\0');
  uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<size_t>(in.gcount());
    hasher.Update(std::string_view(buf.data(), n));
    total += n;
  }
  if (in.bad()) return IoError("cannot read file", {path});
  if (bytes != nullptr) *bytes = total;
  return ToHex(hasher.Finish());
}

PackageBuilder::PackageBuilder(std::string final_dir, std::string staging_dir, FaultHook fault,
                               DirectoryLock lock)
    : final_dir_(std::move(final_dir)),
      staging_dir_(std::move(staging_dir)),
      fault_(std::move(fault)),
      lock_(std::move(lock)) {}

PackageBuilder::PackageBuilder(PackageBuilder&& other) noexcept
    : final_dir_(std::move(other.final_dir_)),
      staging_dir_(std::move(other.staging_dir_)),
      fault_(std::move(other.fault_)),
      files_(std::move(other.files_)),
      claimed_(std::move(other.claimed_)),
      lock_(std::move(other.lock_)),
      committed_(other.committed_) {
  other.staging_dir_.clear();
  other.committed_ = true;
}

PackageBuilder::~PackageBuilder() {
  if (!committed_) Abandon();
}

namespace {

Error AlreadyExists(const fs::path& target) {
  return FailedPrecondition("the package directory already exists; choose another --out",
                            {target.string()});
}

fs::path Target(const std::string& final_dir) {
  std::error_code ec;
  fs::path target = fs::absolute(final_dir, ec).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  return target;
}

}  // namespace

std::string PackageBuilder::FinalPath(const std::string& final_dir) {
  return Target(final_dir).string();
}

Result<std::string> PackageBuilder::NewStagingPath(const std::string& final_dir) {
  const fs::path target = Target(final_dir);
  std::array<uint8_t, 6> random;
  XB_RETURN_IF_ERROR(RandomBytes(random));
  return (target.parent_path() / ("." + target.filename().string() + ".staging-" + ToHex(random)))
      .string();
}

Result<PackageBuilder> PackageBuilder::Begin(const std::string& final_dir, FaultHook fault,
                                             std::string staging_path) {
  const fs::path target = Target(final_dir);
  std::error_code ec;
  if (fs::exists(target, ec)) return AlreadyExists(target);
  fs::create_directories(target.parent_path(), ec);
  if (ec) return IoError("cannot create " + target.parent_path().string() + ": " + ec.message());
  if (staging_path.empty()) {
    XB_ASSIGN_OR_RETURN(staging_path, NewStagingPath(final_dir));
  }
  if (::mkdir(staging_path.c_str(), 0700) != 0) {
    return IoError(std::string("cannot create staging directory: ") + std::strerror(errno),
                   {staging_path});
  }
  auto lock = DirectoryLock::TryAcquire(staging_path);
  if (!lock.ok() || !lock->has_value()) {
    fs::remove_all(staging_path, ec);
    if (!lock.ok()) return std::move(lock).error();
    return IoError("the staging directory is locked by another process", {staging_path});
  }
  // The final name is claimed by creating it, empty, before anything is built or recorded: of
  // two transfers aiming at one folder, the second is refused here (issue #11 review F2), not
  // after its entry is committed. Commit renames the staging folder over the empty claim. The
  // claim comes after the staging lock, so recovery only ever sees it beside a staging folder.
  if (::mkdir(target.c_str(), 0700) != 0) {
    const int err = errno;
    fs::remove_all(staging_path, ec);
    if (err == EEXIST) return AlreadyExists(target);
    return IoError(std::string("cannot create the package directory: ") + std::strerror(err),
                   {target.string()});
  }
  return PackageBuilder(target.string(), std::move(staging_path), std::move(fault),
                        std::move(**lock));
}

Status PackageBuilder::Fault(std::string_view step) const {
  return fault_ ? fault_(step) : Status::Ok();
}

std::string PackageBuilder::StagingPath(std::string_view name) const {
  return (fs::path(staging_dir_) / name).string();
}

Result<std::string> PackageBuilder::PrepareFile(std::string_view name) {
  if (!IsSafeName(name)) {
    return InvalidArgument("unsafe file name in package: " + std::string(name));
  }
  if (!claimed_.insert(std::string(name)).second) {
    return InvalidArgument("two files of the package would both be " + std::string(name),
                           {final_dir_});
  }
  XB_RETURN_IF_ERROR(Fault("write:" + std::string(name)));
  std::error_code ec;
  fs::create_directories(fs::path(StagingPath(name)).parent_path(), ec);
  if (ec) return IoError("cannot create a folder in the package: " + ec.message(), {staging_dir_});
  return StagingPath(name);
}

Status PackageBuilder::AddFile(std::string_view name, std::string_view contents) {
  XB_ASSIGN_OR_RETURN(std::string path, PrepareFile(name));
  XB_RETURN_IF_ERROR(WriteFileAtomically(path, contents));
  files_.push_back({std::string(name), contents.size(), ToHex(Sha256(contents))});
  return Status::Ok();
}

Status PackageBuilder::RecordFile(std::string_view name) {
  if (!IsSafeName(name))
    return InvalidArgument("unsafe file name in package: " + std::string(name));
  for (const PackageFile& recorded : files_) {
    if (recorded.name == name) {
      return InvalidArgument("two files of the package would both be " + std::string(name),
                             {final_dir_});
    }
  }
  claimed_.insert(std::string(name));
  XB_RETURN_IF_ERROR(Fault("record:" + std::string(name)));
  PackageFile f;
  f.name = std::string(name);
  XB_ASSIGN_OR_RETURN(f.sha256, Sha256OfFile(StagingPath(name), &f.bytes));
  files_.push_back(std::move(f));
  return Status::Ok();
}

Status PackageBuilder::SyncStaging() const {
  std::vector<std::string> dirs;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(staging_dir_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) dirs.push_back(it->path().string());
  }
  if (ec) return IoError("cannot list the package's folders: " + ec.message(), {staging_dir_});
  // Deepest first, so each folder's entry in its parent is synced after its own contents.
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
    return std::count(a.begin(), a.end(), '/') > std::count(b.begin(), b.end(), '/');
  });
  for (const std::string& dir : dirs) XB_RETURN_IF_ERROR(SyncDirectory(dir));
  XB_RETURN_IF_ERROR(SyncDirectory(staging_dir_));
  return SyncDirectory(fs::path(staging_dir_).parent_path().string());
}

Status PackageBuilder::Commit() {
  if (committed_) return FailedPrecondition("package already committed", {final_dir_});
  XB_RETURN_IF_ERROR(Fault("commit"));
  XB_RETURN_IF_ERROR(SyncDirectory(staging_dir_));
  // final_dir_ is this builder's empty claim (Begin); rename replaces an empty directory and
  // fails (ENOTEMPTY) if something was put into it meanwhile.
  if (std::rename(staging_dir_.c_str(), final_dir_.c_str()) != 0) {
    return IoError(std::string("cannot move package into place: ") + std::strerror(errno),
                   {final_dir_});
  }
  committed_ = true;
  staging_dir_.clear();
  return SyncDirectory(fs::path(final_dir_).parent_path().string());
}

void PackageBuilder::Detach() {
  committed_ = true;
  staging_dir_.clear();
}

void PackageBuilder::Abandon() {
  if (staging_dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_dir_, ec);
  staging_dir_.clear();
  ::rmdir(final_dir_.c_str());  // the claim, if still empty
}

}  // namespace xb::transfer
