#include "server/auth.h"

#include <ctime>

#include "server/token.h"

namespace xb::server {
namespace {

constexpr auto kCacheFor = std::chrono::seconds(1);
constexpr size_t kCacheMax = 10000;

int64_t NowUnix() { return static_cast<int64_t>(std::time(nullptr)); }

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Principal FromUser(const User& u) {
  Principal p;
  p.user_id = u.id;
  p.name = u.name;
  p.role = u.role;
  return p;
}

}  // namespace

std::string_view CookieValue(std::string_view header, std::string_view name) {
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    size_t end = header.find(';', i);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(i, end - i);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    i = end;
  }
  return {};
}

Authenticator::Authenticator(std::unique_ptr<AccountStore> store,
                             const std::array<uint8_t, 32>& csrf_key,
                             std::chrono::seconds session_lifetime)
    : store_(std::move(store)), csrf_mac_(csrf_key), session_lifetime_(session_lifetime) {}

Result<std::optional<Principal>> Authenticator::Lookup(const Digest& hash, bool session,
                                                       std::string_view session_id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.until > now) return std::optional(it->second.principal);
  }
  std::optional<User> user;
  {
    std::lock_guard<std::mutex> lock(store_mu_);
    if (session) {
      XB_ASSIGN_OR_RETURN(user, store_->FindSession(hash, NowUnix()));
    } else {
      XB_ASSIGN_OR_RETURN(user, store_->FindUserByToken(hash));
    }
  }
  if (!user) return std::optional<Principal>();
  Principal p = FromUser(*user);
  p.via_session = session;
  if (session) p.session_id = std::string(session_id);
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  if (cache_.size() >= kCacheMax) cache_.clear();
  cache_[hash] = {p, now + kCacheFor};
  return std::optional(p);
}

namespace {

constexpr std::string_view kBearer = "Bearer ";

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `authorization` starts with the Bearer scheme; scheme names are case-insensitive
// (RFC 9110 section 11.1).
bool IsBearer(std::string_view authorization) {
  if (authorization.size() < kBearer.size()) return false;
  for (size_t i = 0; i < kBearer.size(); ++i) {
    if (AsciiLower(authorization[i]) != AsciiLower(kBearer[i])) return false;
  }
  return true;
}

}  // namespace

Result<Authenticator::Identity> Authenticator::Identify(std::string_view authorization,
                                                        std::string_view cookie) {
  Identity id;
  if (!authorization.empty()) {
    std::string_view token;
    if (IsBearer(authorization)) token = authorization.substr(kBearer.size());
    id.outcome = Outcome::kInvalid;
    if (!LooksLikeApiToken(token)) return id;
    XB_ASSIGN_OR_RETURN(auto p, Lookup(HashSecret(token), false, {}));
    if (p) {
      id.outcome = Outcome::kOk;
      id.principal = std::move(*p);
    }
    return id;
  }
  std::string_view session = CookieValue(cookie, kSessionCookie);
  if (session.empty()) return id;
  id.outcome = Outcome::kInvalid;
  if (!IsHex64(session)) return id;
  XB_ASSIGN_OR_RETURN(auto p, Lookup(HashSecret(session), true, session));
  if (p) {
    id.outcome = Outcome::kOk;
    id.principal = std::move(*p);
  }
  return id;
}

Result<std::optional<Principal>> Authenticator::CheckToken(std::string_view token) {
  if (!LooksLikeApiToken(token)) return std::optional<Principal>();
  return Lookup(HashSecret(token), false, {});
}

Result<std::string> Authenticator::StartSession(const Principal& who) {
  XB_ASSIGN_OR_RETURN(std::string id, NewRandomHex32());
  std::lock_guard<std::mutex> lock(store_mu_);
  XB_RETURN_IF_ERROR(store_->PurgeSessions(NowUnix()));
  XB_RETURN_IF_ERROR(
      store_->PutSession(HashSecret(id), who.user_id, NowUnix() + session_lifetime_.count()));
  return id;
}

Status Authenticator::EndSession(std::string_view session_id) {
  const Digest hash = HashSecret(session_id);
  {
    std::unique_lock<std::shared_mutex> lock(cache_mu_);
    cache_.erase(hash);
  }
  std::lock_guard<std::mutex> lock(store_mu_);
  return store_->DeleteSession(hash);
}

std::string Authenticator::CsrfToken(std::string_view session_id) const {
  return ToHex(csrf_mac_.Mac(session_id));
}

bool Authenticator::CsrfMatches(std::string_view session_id, std::string_view token) const {
  if (session_id.empty()) return false;
  const std::string expected = CsrfToken(session_id);
  if (token.size() != expected.size()) return false;
  return ConstantTimeEquals(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(expected.data()), expected.size()),
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(token.data()), token.size()));
}

}  // namespace xb::server
