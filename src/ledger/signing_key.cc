#include "ledger/signing_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/crypto.h"

namespace xb::ledger {
namespace {

void EnsureSodium() {
  // sodium_init() is idempotent and thread-safe; it fails only without a random source, which
  // RandomBytes() would report first.
  static const int initialised = sodium_init();
  (void)initialised;
}

}  // namespace

SigningKey SigningKey::FromSeed(const std::array<uint8_t, 32>& seed) {
  EnsureSodium();
  SigningKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_.data(), seed.data());
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(other.secret_), public_key_(other.public_key_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Signature SigningKey::Sign(std::string_view message) const {
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

bool VerifySignature(const PublicKey& key, std::string_view message,
                     std::span<const uint8_t> signature) {
  EnsureSodium();
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

std::string SigningKeyPathFor(const std::string& key_file) { return key_file + ".ed25519"; }

Result<SigningKey> LoadSigningKey(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("no signing key file", {path});
    return IoError(std::string("cannot read signing key file: ") + std::strerror(errno), {path});
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return FailedPrecondition("signing key file is readable by others; run: chmod 600 " + path,
                              {path});
  }
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  auto raw = FromHex(text);
  if (text.size() != 64 || !raw.ok()) {
    return InvalidArgument("signing key file must hold 64 hex digits", {path, 1});
  }
  std::array<uint8_t, 32> seed;
  std::memcpy(seed.data(), raw->data(), 32);
  SigningKey key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<SigningKey> LoadOrCreateSigningKey(const std::string& path) {
  auto existing = LoadSigningKey(path);
  if (existing.ok() || existing.error().code != ErrorCode::kNotFound) return existing;

  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::array<uint8_t, 32> seed;
  XB_RETURN_IF_ERROR(RandomBytes(seed));
  std::string text = ToHex(seed) + "\n";
  sodium_memzero(seed.data(), seed.size());
  // As in core/key_file.cc: write a private temporary, then link() it into place, which fails
  // if another process won the race; then everyone reads the winner's key.
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoError(std::string("cannot create signing key file: ") + std::strerror(errno), {path});
  }
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!written) {
    ::unlink(tmp.c_str());
    return IoError("cannot write signing key file", {path});
  }
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return IoError(std::string("cannot create signing key file: ") + std::strerror(link_errno),
                   {path});
  }
  return LoadSigningKey(path);
}

}  // namespace xb::ledger
