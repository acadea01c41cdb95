#include "core/key_passphrase.h"

#include <sodium.h>

#include <charconv>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <vector>

#include "core/base64.h"
#include "core/crypto.h"
#include "core/wiped.h"

namespace xb {
namespace {

constexpr std::string_view kAlgorithm = "argon2id13";
// RFC 9106 §4, second recommended option (t = 3, 64 MiB), with libsodium's single lane. Stored
// in every file, so a later release can raise them without breaking old files.
constexpr uint64_t kOpsLimit = 3;
constexpr uint64_t kMemLimit = 64ull << 20;
// What a file may ask for: a crafted file must not make opening it take seconds or gigabytes
// (checked before Argon2id runs). Four times today's memory, under three times its passes.
constexpr uint64_t kMaxOpsLimit = 8;
constexpr uint64_t kMaxMemLimit = 256ull << 20;

constexpr size_t kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;

const uint8_t* U8(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

using WrapKey = Wiped<std::array<uint8_t, kKeyBytes>>;

Status DeriveKey(std::string_view passphrase, std::string_view salt, uint64_t ops, uint64_t mem,
                 WrapKey& key) {
  XB_RETURN_IF_ERROR(EnsureSodium());
  if (crypto_pwhash(key->data(), key->size(), passphrase.data(), passphrase.size(), U8(salt), ops,
                    static_cast<size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "Argon2id could not get " + std::to_string(mem >> 20) + " MiB of memory");
  }
  return Status::Ok();
}

std::optional<uint64_t> Decimal(std::string_view s) {
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() ||
      (s.size() > 1 && s[0] == '0')) {
    return std::nullopt;
  }
  return v;
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    size_t sp = s.find(' ');
    out.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) return out;
    s.remove_prefix(sp + 1);
  }
}

struct PromptState {
  std::mutex mu;
  PassphrasePrompt prompt;
  std::optional<std::string> remembered;
};

PromptState& State() {
  static PromptState state;
  return state;
}

std::string EnvPassphrase() {
  const char* env = std::getenv("XBORDER_KEY_PASSPHRASE");
  return env == nullptr ? std::string() : std::string(env);
}

}  // namespace

void SetPassphrasePrompt(PassphrasePrompt prompt) {
  std::lock_guard<std::mutex> lock(State().mu);
  State().prompt = std::move(prompt);
  State().remembered.reset();
}

Result<std::string> PassphraseFor(const std::string& path) {
  if (std::string env = EnvPassphrase(); !env.empty()) return env;
  PromptState& state = State();
  std::lock_guard<std::mutex> lock(state.mu);
  if (state.remembered) return *state.remembered;
  if (state.prompt) {
    auto answer = state.prompt(path);
    if (answer.ok() && !answer->empty()) {
      state.remembered = *answer;
      return answer;
    }
    if (!answer.ok() && answer.error().code != ErrorCode::kNotFound) return answer;
  }
  return InvalidArgument(
      "key file is passphrase-protected: set XBORDER_KEY_PASSPHRASE or run on a terminal", {path});
}

std::string PassphraseForNewKeys() { return EnvPassphrase(); }

Result<std::string> WrapWithPassphrase(std::string_view plain, std::string_view passphrase) {
  std::array<uint8_t, kSaltBytes> salt_bytes;
  XB_RETURN_IF_ERROR(RandomBytes(salt_bytes));
  std::string salt(reinterpret_cast<const char*>(salt_bytes.data()), salt_bytes.size());
  WrapKey key;
  XB_RETURN_IF_ERROR(DeriveKey(passphrase, salt, kOpsLimit, kMemLimit, key));
  std::string head = std::string(kProtectedKeyMagic) + std::string(kAlgorithm) + " " +
                     std::to_string(kOpsLimit) + " " + std::to_string(kMemLimit) + " " +
                     Base64Encode(salt);
  std::string box(kNonceBytes + plain.size() + kTagBytes, '\0');
  uint8_t* nonce = reinterpret_cast<uint8_t*>(box.data());
  XB_RETURN_IF_ERROR(RandomBytes(std::span<uint8_t>(nonce, kNonceBytes)));
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, nullptr, U8(plain), plain.size(),
                                             U8(head), head.size(), nullptr, nonce, key->data());
  return head + " " + Base64Encode(box) + "\n";
}

Result<std::string> UnwrapWithPassphrase(std::string_view text, std::string_view passphrase) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::vector<std::string_view> fields = SplitSpaces(text);
  auto malformed = [] { return InvalidArgument("passphrase-protected key file is malformed"); };
  if (fields.size() != 6 || std::string(fields[0]) + " " != kProtectedKeyMagic ||
      fields[1] != kAlgorithm) {
    return malformed();
  }
  std::optional<uint64_t> ops = Decimal(fields[2]), mem = Decimal(fields[3]);
  if (!ops || !mem || *ops < crypto_pwhash_OPSLIMIT_MIN || *ops > kMaxOpsLimit ||
      *mem < crypto_pwhash_MEMLIMIT_MIN || *mem > kMaxMemLimit) {
    return InvalidArgument("passphrase-protected key file asks for Argon2id costs out of bounds");
  }
  auto salt = Base64Decode(fields[4]);
  auto box = Base64Decode(fields[5]);
  if (!salt.ok() || salt->size() != kSaltBytes || !box.ok() ||
      box->size() < kNonceBytes + kTagBytes) {
    return malformed();
  }
  WrapKey key;
  XB_RETURN_IF_ERROR(DeriveKey(passphrase, *salt, *ops, *mem, key));
  std::string_view head = text.substr(0, text.rfind(' '));
  std::string plain(box->size() - kNonceBytes - kTagBytes, '\0');
  const uint8_t* nonce = U8(*box);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<uint8_t*>(plain.data()), nullptr, nullptr, nonce + kNonceBytes,
          box->size() - kNonceBytes, U8(head), head.size(), nonce, key->data()) != 0) {
    return InvalidArgument("wrong passphrase for the key file (or the file was altered)");
  }
  return plain;
}

}  // namespace xb
