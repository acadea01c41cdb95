// Who is asking: an API token (Authorization: Bearer) or a dashboard session cookie, checked
// against the AccountStore on every request; and the CSRF token that state-changing dashboard
// forms must carry.
//
// Verified tokens and sessions are cached for one second, so a busy client costs one hash and
// one map lookup per request; a user disabled with `xborder users disable` loses access within
// that second (sessions are deleted at once).
//
// CSRF (synchronizer token): the form token is HMAC-SHA-256(key, session id), so it needs no
// storage, differs per session and cannot be computed without the server's key. The server also
// checks the Origin (or Referer) of every cookie-authenticated POST.
//
// Thread-safety: all methods may be called concurrently (the store is used under a mutex).
#ifndef XBORDER_SERVER_AUTH_H_
#define XBORDER_SERVER_AUTH_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/crypto.h"
#include "core/status.h"
#include "server/account_store.h"
#include "server/role.h"

namespace xb::server {

inline constexpr std::string_view kSessionCookie = "xb_session";

struct Principal {
  int64_t user_id = 0;
  std::string name;
  Role role = Role::kAuditor;
  bool via_session = false;
  std::string session_id;  // the cookie's value when via_session (for the CSRF check)
};

class Authenticator {
 public:
  Authenticator(std::unique_ptr<AccountStore> store, const std::array<uint8_t, 32>& csrf_key,
                std::chrono::seconds session_lifetime);
  Authenticator(const Authenticator&) = delete;  // owns the store
  Authenticator& operator=(const Authenticator&) = delete;

  enum class Outcome {
    kAnonymous,  // no credentials at all
    kOk,
    kInvalid,  // credentials given but unknown, expired or disabled
  };
  struct Identity {
    Outcome outcome = Outcome::kAnonymous;
    Principal principal;
  };

  // From the Authorization and Cookie header values. A Bearer header wins over a cookie; a bad
  // Bearer token is kInvalid even if a cookie is present. Errors: storage errors.
  Result<Identity> Identify(std::string_view authorization, std::string_view cookie);

  // Checks a token typed into the sign-in form. nullopt when unknown or disabled.
  Result<std::optional<Principal>> CheckToken(std::string_view token);

  // Starts a session for `who`; returns the cookie value (256 random bits, stored hashed).
  Result<std::string> StartSession(const Principal& who);
  Status EndSession(std::string_view session_id);
  int64_t session_seconds() const { return session_lifetime_.count(); }

  std::string CsrfToken(std::string_view session_id) const;
  bool CsrfMatches(std::string_view session_id, std::string_view token) const;

 private:
  struct Cached {
    Principal principal;
    std::chrono::steady_clock::time_point until;
  };
  Result<std::optional<Principal>> Lookup(const Digest& hash, bool session,
                                          std::string_view session_id);

  std::mutex store_mu_;
  std::unique_ptr<AccountStore> store_;  // GUARDED_BY(store_mu_)
  HmacSha256 csrf_mac_;
  std::chrono::seconds session_lifetime_;
  std::shared_mutex cache_mu_;
  std::unordered_map<Digest, Cached, DigestHash> cache_;  // GUARDED_BY(cache_mu_)
};

// The value of cookie `name` in a Cookie header, or "".
std::string_view CookieValue(std::string_view header, std::string_view name);

}  // namespace xb::server

#endif  // XBORDER_SERVER_AUTH_H_
