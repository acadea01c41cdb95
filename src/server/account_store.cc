#include "server/account_store.h"

#include "pg/url.h"
#include "server/postgres_account_store.h"
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

Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& db,
                                                       AccountAccess access) {
  if (pg::IsPostgresUrl(db)) return OpenPostgresAccountStore(db, access);
  return OpenSqliteAccountStore(db, access);
}

}  // namespace xb::server
