// API tokens and session ids: 256 random bits, shown once, stored only as SHA-256.
//
// Why SHA-256 and not a slow password hash (bcrypt, scrypt, Argon2): a slow hash protects
// secrets a person chose, which are guessable; these are 256-bit random values, so even a
// stolen hash table cannot be searched (2^256 guesses whatever the cost of one). A fast hash also
// lets the server find the user by the hash through an index and check every request in about a
// microsecond, where a slow hash would cost tens of milliseconds per request and invite a denial
// of service.
//
// Thread-safety: plain functions.
#ifndef XBORDER_SERVER_TOKEN_H_
#define XBORDER_SERVER_TOKEN_H_

#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/status.h"

namespace xb::server {

inline constexpr std::string_view kTokenPrefix = "xbt_";

// "xbt_" + 64 lowercase hex digits (256 bits from the OS CSPRNG). Errors: kIo if the CSPRNG fails.
Result<std::string> NewApiToken();
// 64 lowercase hex digits, for session cookies and CSRF secrets.
Result<std::string> NewRandomHex32();

// What is stored and looked up: SHA-256 of the token's text.
inline Digest HashSecret(std::string_view secret) { return Sha256(secret); }

// True for text shaped like an API token (cheap filter before any lookup).
bool LooksLikeApiToken(std::string_view text);

}  // namespace xb::server

#endif  // XBORDER_SERVER_TOKEN_H_
