#include "server/account_store.h"

#include "server/sqlite_account_store.h"

namespace xb::server {

bool IsValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& db) {
  if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) {
    return InvalidArgument("the account store supports SQLite databases only so far", {"--db"});
  }
  return OpenSqliteAccountStore(db);
}

}  // namespace xb::server
