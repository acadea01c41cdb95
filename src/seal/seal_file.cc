#include "seal/seal_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/atomic_file.h"
#include "seal/age.h"
#include "seal/byte_stream.h"

namespace xb::seal {
namespace {

constexpr size_t kReadBytes = 1 << 20;

Error AtFile(Error e, const std::string& path) {
  if (e.where.file.empty()) e.where.file = path;
  return e;
}

ByteSink SinkTo(AtomicFile& out, uint64_t& count) {
  return [&out, &count](std::span<const uint8_t> bytes) {
    count += bytes.size();
    return out.Write(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  };
}

Status CopyThroughWriter(FileSource& in, AgeWriter& writer, uint64_t& count) {
  std::vector<uint8_t> buffer(kReadBytes);
  while (true) {
    XB_ASSIGN_OR_RETURN(size_t n, ReadFull(in, buffer));
    if (n == 0) return Status::Ok();
    count += n;
    XB_RETURN_IF_ERROR(writer.Write(std::span<const uint8_t>(buffer.data(), n)));
  }
}

Error OutputExists(const std::string& path) {
  return InvalidArgument("output exists; it is never replaced (remove it or choose another)",
                         {path});
}

// Puts a finished output in place unless something already has its name.
Status CommitNew(AtomicFile& out) {
  XB_ASSIGN_OR_RETURN(bool committed, out.CommitIfAbsent());
  if (!committed) return OutputExists(out.path());
  return Status::Ok();
}

Status SealInto(const std::string& in_path, AtomicFile& out,
                std::span<const AgeRecipient> recipients, SealedFile& result) {
  XB_ASSIGN_OR_RETURN(FileSource in, FileSource::Open(in_path));
  XB_ASSIGN_OR_RETURN(auto writer, AgeWriter::Create(recipients, SinkTo(out, result.output_bytes)));
  XB_RETURN_IF_ERROR(CopyThroughWriter(in, *writer, result.input_bytes));
  XB_RETURN_IF_ERROR(writer->Finish());
  return CommitNew(out);
}

}  // namespace

Status RefuseExistingOutput(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) return OutputExists(path);
  if (errno == ENOENT) return Status::Ok();
  return IoError(std::string("cannot check the output: ") + std::strerror(errno), {path});
}

Result<SealedFile> SealFile(const std::string& in_path, const std::string& out_path,
                            std::span<const AgeRecipient> recipients) {
  SealedFile result;
  result.path = out_path;
  auto out = AtomicFile::Create(out_path);
  if (!out.ok()) return std::move(out).error();
  Status s = SealInto(in_path, *out, recipients, result);
  if (!s.ok()) return AtFile(std::move(s).error(), in_path);
  return result;
}

Result<SealedFile> SealInPlace(const std::string& path, std::span<const AgeRecipient> recipients) {
  XB_ASSIGN_OR_RETURN(SealedFile sealed, SealFile(path, path + ".age", recipients));
  if (::unlink(path.c_str()) != 0) {
    Error e = IoError(
        std::string("sealed, but cannot remove the clear file: ") + std::strerror(errno), {path});
    ::unlink(sealed.path.c_str());
    return e;
  }
  return sealed;
}

Result<SealedFile> OpenSealedFile(const std::string& in_path, const std::string& out_path,
                                  std::span<const AgeIdentity> identities) {
  SealedFile result;
  result.path = out_path;
  auto in = FileSource::Open(in_path);
  if (!in.ok()) return std::move(in).error();
  auto out = AtomicFile::Create(out_path);
  if (!out.ok()) return std::move(out).error();
  // DecryptAge hands over plaintext chunk by chunk into an unnamed temporary (core/
  // atomic_file.h), named only after the final chunk authenticated and discarded otherwise.
  Status s = DecryptAge(*in, identities, SinkTo(*out, result.output_bytes));
  if (s.ok()) s = CommitNew(*out);
  if (!s.ok()) return AtFile(std::move(s).error(), in_path);
  std::error_code ec;
  result.input_bytes = std::filesystem::file_size(in_path, ec);
  return result;
}

}  // namespace xb::seal
