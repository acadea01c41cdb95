#include "seal/age_keys.h"

#include <sodium.h>

#include <cstring>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "seal/bech32.h"

namespace xb::seal {
namespace {

constexpr std::string_view kRecipientHrp = "age";
constexpr std::string_view kIdentityHrp = "age-secret-key-";

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::string AgeRecipient::ToString() const { return Bech32Encode(kRecipientHrp, public_key); }

Result<AgeRecipient> ParseAgeRecipient(std::string_view text) {
  auto raw = Bech32Decode(text, kRecipientHrp);
  if (!raw.ok()) {
    return InvalidArgument("not an age X25519 recipient (age1...): " + raw.error().message,
                           Location({}, 0, "recipient"));
  }
  if (raw->size() != 32) {
    return InvalidArgument("an age X25519 recipient holds 32 bytes", Location({}, 0, "recipient"));
  }
  AgeRecipient r;
  std::memcpy(r.public_key.data(), raw->data(), 32);
  return r;
}

AgeIdentity AgeIdentity::FromSecret(const X25519Key& secret) {
  EnsureSodium();
  AgeIdentity id;
  id.secret_ = secret;
  crypto_scalarmult_curve25519_base(id.recipient_.public_key.data(), id.secret_.data());
  return id;
}

Result<AgeIdentity> AgeIdentity::Parse(std::string_view text) {
  auto raw = Bech32Decode(text, kIdentityHrp);
  if (!raw.ok()) {
    return InvalidArgument("not an age X25519 identity (AGE-SECRET-KEY-1...): " +
                           raw.error().message);
  }
  if (raw->size() != 32) return InvalidArgument("an age X25519 identity holds 32 bytes");
  X25519Key secret;
  std::memcpy(secret.data(), raw->data(), 32);
  sodium_memzero(raw->data(), raw->size());
  AgeIdentity id = FromSecret(secret);
  sodium_memzero(secret.data(), secret.size());
  return id;
}

Result<AgeIdentity> AgeIdentity::Generate() {
  X25519Key secret;
  XB_RETURN_IF_ERROR(RandomBytes(secret));
  AgeIdentity id = FromSecret(secret);
  sodium_memzero(secret.data(), secret.size());
  return id;
}

AgeIdentity::AgeIdentity(AgeIdentity&& other) noexcept
    : secret_(other.secret_), recipient_(other.recipient_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

AgeIdentity& AgeIdentity::operator=(AgeIdentity&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    recipient_ = other.recipient_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

AgeIdentity::~AgeIdentity() { sodium_memzero(secret_.data(), secret_.size()); }

std::string AgeIdentity::ToString() const { return Upper(Bech32Encode(kIdentityHrp, secret_)); }

Result<std::vector<AgeIdentity>> ReadIdentityFile(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::vector<AgeIdentity> out;
  int64_t line_number = 0;
  size_t start = 0;
  Status status;
  while (start < text.size() && status.ok()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    ++line_number;
    std::string_view line = Trim(std::string_view(text).substr(start, nl - start));
    start = nl + 1;
    if (line.empty() || line.front() == '#') continue;
    auto id = AgeIdentity::Parse(line);
    if (id.ok()) {
      out.push_back(std::move(id).value());
    } else {
      status = InvalidArgument(id.error().message, {path, line_number, "identity"});
    }
  }
  sodium_memzero(text.data(), text.size());
  if (!status.ok()) return std::move(status).error();
  if (out.empty()) return InvalidArgument("no age identity (AGE-SECRET-KEY-1...) in file", {path});
  return out;
}

std::string FormatIdentityFile(const AgeIdentity& identity, std::string_view created) {
  return "# created: " + std::string(created) +
         "\n# public key: " + identity.recipient().ToString() + "\n" + identity.ToString() + "\n";
}

}  // namespace xb::seal
