// Database locators as the CLI's --db takes them: a SQLite path, or a postgresql:// URL
// (libpq's connection URI). URLs may carry a password; it is never shown: everything that names
// a database in an error, a log line or a report goes through DisplayDb.
#ifndef XBORDER_PG_URL_H_
#define XBORDER_PG_URL_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace xb::pg {

// True for "postgresql://..." and "postgres://..." (the two prefixes libpq accepts).
bool IsPostgresUrl(std::string_view db);

// The URL with its password (in the user info or a password= parameter) replaced by "***".
// Over-redacts rather than under-redacts when the URL is malformed.
std::string RedactUrl(std::string_view url);

// How to name `db` to a person: a path as it is, a URL redacted.
std::string DisplayDb(std::string_view db);

}  // namespace xb::pg

#endif  // XBORDER_PG_URL_H_
