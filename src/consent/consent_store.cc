#include "consent/consent_store.h"

#include "consent/postgres_consent_store.h"
#include "consent/sqlite_consent_store.h"
#include "pg/url.h"

namespace xb::consent {

Result<std::unique_ptr<ConsentStore>> ConsentStore::Open(const std::string& db,
                                                         ConsentAccess access) {
  if (pg::IsPostgresUrl(db)) return OpenPostgresConsentStore(db, access);
  return OpenSqliteConsentStore(db, access);
}

}  // namespace xb::consent
