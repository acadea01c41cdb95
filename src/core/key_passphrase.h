// Passphrase protection of key files: Argon2id (libsodium crypto_pwhash) derives a key from the
// passphrase and a random salt, and XChaCha20-Poly1305 seals the key file's plain contents.
// A protected file is one line:
//
//   xborder-key-v1 argon2id13 <opslimit> <memlimit> <base64 salt> <base64 nonce || ciphertext>
//
// The cost parameters and the salt are inputs to Argon2id, so a file whose costs were lowered
// derives another key and fails to unwrap, like a wrong passphrase. (The first five fields are
// also the AEAD's associated data; for these fields that adds nothing, as each already changes
// the key, but the format keeps it.) Costs above 8 passes or 256 MiB are refused unread.
//
// The passphrase comes from $XBORDER_KEY_PASSPHRASE, else from the prompt the program installed
// (the CLI asks on the terminal, without echo), else there is none.
#ifndef XBORDER_CORE_KEY_PASSPHRASE_H_
#define XBORDER_CORE_KEY_PASSPHRASE_H_

#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

inline constexpr std::string_view kProtectedKeyMagic = "xborder-key-v1 ";

// Asks a person for the passphrase of `path`. Returns kNotFound when no one can be asked
// (no terminal).
using PassphrasePrompt = std::function<Result<std::string>(const std::string& path)>;

// Installs the prompt (nullptr: none) and forgets a remembered answer. Call at start-up,
// before any key is read.
void SetPassphrasePrompt(PassphrasePrompt prompt);

// The passphrase to unwrap `path`: $XBORDER_KEY_PASSPHRASE, else the prompt's answer (asked
// once per process, then remembered). Errors: kInvalidArgument when there is neither.
Result<std::string> PassphraseFor(const std::string& path);

// The passphrase new key files are wrapped under: $XBORDER_KEY_PASSPHRASE, or empty (plain).
std::string PassphraseForNewKeys();

// Wraps `plain` under `passphrase` with fresh salt and nonce. Errors: kResourceExhausted if
// Argon2id cannot get its memory; kInternal if the random source fails.
Result<std::string> WrapWithPassphrase(std::string_view plain, std::string_view passphrase);

// Unwraps a protected file's text. Errors (naming no secret): kInvalidArgument for a malformed
// text, parameters out of bounds, or a wrong passphrase (the two cannot be told apart).
Result<std::string> UnwrapWithPassphrase(std::string_view text, std::string_view passphrase);

}  // namespace xb

#endif  // XBORDER_CORE_KEY_PASSPHRASE_H_
