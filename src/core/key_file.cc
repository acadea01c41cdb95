#include "core/key_file.h"

#include <sodium.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "core/crypto.h"
#include "core/key_passphrase.h"
#include "core/secret_file.h"
#include "core/wiped.h"

namespace xb {
namespace {

constexpr std::string_view kLayerPrefix = "subject-layer ";
constexpr std::string_view kPendingPrefix = "subject-layer-pending ";

std::string_view TrimLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  return line;
}

// 64 hex digits as 32 bytes; the error names `path`, `line` and `what`.
Result<Wiped<KeyBytes>> ParseKeyHex(std::string_view hex, const std::string& path, int line,
                                    std::string_view what) {
  auto decoded = FromHex(hex);
  if (hex.size() != 64 || !decoded.ok()) {
    return InvalidArgument(std::string(what) + " must hold 64 hex digits", {path, line});
  }
  Wiped<std::string> raw(std::move(decoded).value());
  Wiped<KeyBytes> bytes;
  std::memcpy(bytes->data(), raw->data(), 32);
  return bytes;
}

// Lines 2.. of a key file: the subject chain and a pending layer, which must come last.
Status ParseChainLine(std::string_view line, const std::string& path, int number,
                      KeyFileState* state) {
  if (line.empty()) return Status::Ok();
  if (state->pending_layer) {
    return InvalidArgument("nothing may follow the pending subject layer", {path, number});
  }
  const bool pending = line.starts_with(kPendingPrefix);
  if (!pending && !line.starts_with(kLayerPrefix)) {
    return InvalidArgument("expected 'subject-layer <64 hex digits>'", {path, number});
  }
  line.remove_prefix(pending ? kPendingPrefix.size() : kLayerPrefix.size());
  XB_ASSIGN_OR_RETURN(Wiped<KeyBytes> layer, ParseKeyHex(line, path, number, "subject layer"));
  if (pending) {
    state->pending_layer = *layer;
  } else {
    state->key.subject_layers.push_back(*layer);
  }
  return Status::Ok();
}

// The file's text for `state` (the layout ReadKeyFileState reads).
Wiped<std::string> FormatKeyFile(const KeyFileState& state) {
  Wiped<std::string> text = Wiped<std::string>::Reserved(
      65 + (state.key.subject_layers.size() + 1) * (kPendingPrefix.size() + 65));
  text->append(ToHex(state.key.bytes)).push_back('\n');
  for (const KeyBytes& layer : state.key.subject_layers) {
    text->append(kLayerPrefix).append(ToHex(layer)).push_back('\n');
  }
  if (state.pending_layer) {
    text->append(kPendingPrefix).append(ToHex(*state.pending_layer)).push_back('\n');
  }
  return text;
}

}  // namespace

std::string KeyIdOf(const KeyBytes& bytes) {
  Sha256Hasher id;  // streamed: no copy of the key in a temporary string
  id.Update("xborder-key-id");
  id.Update(bytes);
  return ToHex(id.Finish()).substr(0, 16);
}

std::vector<std::string> SubjectKeyIds(const SecretKey& key) {
  std::vector<std::string> ids = {KeyIdOf(key.bytes)};
  for (const KeyBytes& layer : key.subject_layers) ids.push_back(KeyIdOf(layer));
  return ids;
}

SecretKey KeyFromBytes(const std::array<uint8_t, 32>& bytes) {
  SecretKey key;
  key.bytes = bytes;
  key.id = KeyIdOf(bytes);
  return key;
}

std::array<uint8_t, 32> DeriveSubKey(const SecretKey& key, std::string_view purpose) {
  HmacSha256 mac(key.bytes);
  return mac.Mac("xborder/" + std::string(purpose));
}

Result<Wiped<std::array<uint8_t, 32>>> ReadKeyBytes(const std::string& path,
                                                    std::string_view what) {
  XB_ASSIGN_OR_RETURN(std::string read, ReadSecretFile(path));
  Wiped<std::string> text(std::move(read));
  std::string_view line = TrimLineEnd(std::string_view(*text).substr(0, text->find('\n')));
  return ParseKeyHex(line, path, 1, what);
}

Result<KeyFileState> ReadKeyFileState(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::string read, ReadSecretFile(path));
  Wiped<std::string> text(std::move(read));
  std::string_view rest = *text;
  KeyFileState state;
  int number = 0;
  do {
    const size_t end = rest.find('\n');
    std::string_view line = TrimLineEnd(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    ++number;
    if (number == 1) {
      XB_ASSIGN_OR_RETURN(Wiped<KeyBytes> bytes, ParseKeyHex(line, path, 1, "key file"));
      state.key = KeyFromBytes(*bytes);
    } else {
      XB_RETURN_IF_ERROR(ParseChainLine(line, path, number, &state));
    }
  } while (!rest.empty());
  if (!state.key.subject_layers.empty()) state.key.id = KeyIdOf(state.key.subject_layers.back());
  return state;
}

Status WriteKeyFileState(const std::string& path, const KeyFileState& state) {
  // Kept as it was found: wrapped under the passphrase it was read with, or plain.
  XB_ASSIGN_OR_RETURN(bool wrapped, IsProtectedFile(path));
  Wiped<std::string> text = FormatKeyFile(state);
  if (!wrapped) {
    return ReplaceSecretFile(path, *text, SecretProtection::kPlain);
  }
  XB_ASSIGN_OR_RETURN(std::string entered, PassphraseFor(path));
  Wiped<std::string> passphrase(std::move(entered));
  return ReplaceSecretFile(path, *text, SecretProtection::kPassphrase, *passphrase);
}

Status CreateRandomKeyFile(const std::string& path) {
  Wiped<std::array<uint8_t, 32>> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(*bytes));
  Wiped<std::string> text(ToHex(*bytes) + "\n");
  auto created = CreateSecretFile(path, *text);
  if (!created.ok()) return std::move(created).error();
  return Status::Ok();
}

Result<SecretKey> LoadKey(const std::string& path) {
  XB_ASSIGN_OR_RETURN(KeyFileState state, ReadKeyFileState(path));
  if (state.pending_layer) {
    // Some stores may already count under the new layer and others not: hashing now under
    // either chain could miss individuals already counted.
    // Bad set-up (exit 2), like a protected key with no passphrase: nothing failed a check.
    return InvalidArgument(
        "a subject key rotation is running or was interrupted; once none runs, run `xborder keys "
        "rotate --subject` to finish it",
        {path});
  }
  return std::move(state.key);
}

Result<SecretKey> EphemeralKey() {
  Wiped<std::array<uint8_t, 32>> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(*bytes));
  return KeyFromBytes(*bytes);
}

Result<SecretKey> LoadOrCreateKey(const std::string& path) {
  auto existing = LoadKey(path);
  if (existing.ok() || existing.error().code != ErrorCode::kNotFound) return existing;
  XB_RETURN_IF_ERROR(CreateRandomKeyFile(path));
  return LoadKey(path);
}

}  // namespace xb
