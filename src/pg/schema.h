// Versioned table sets in one PostgreSQL database. Each xborder store ("component": the ledger
// now; consent, users, the access log next) owns some tables and records its schema version in
// xb_schema(component, version). A store lists its schema as steps, step N bringing the tables
// from version N-1 to N; EnsureSchema applies the missing ones, so a fresh database gets every
// step and an older one only the new steps.
//
// Tables are created in the connection's current schema (the first of search_path), so one
// database can hold several deployments side by side (options=-csearch_path%3Dname in the URL).
#ifndef XBORDER_PG_SCHEMA_H_
#define XBORDER_PG_SCHEMA_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"
#include "pg/connection.h"

namespace xb::pg {

// Advisory lock keys (pg_advisory_xact_lock(int4, int4)) all start with this class, so they
// never collide with another application's locks; the second key names what is locked.
inline constexpr int32_t kAdvisoryLockClass = 0x78626f72;  // "xbor"
inline constexpr int32_t kSchemaLockKey = 0;  // schema changes (other keys are table OIDs)

struct SchemaStep {
  int version;      // the version this step brings the tables to (1, 2, ...)
  const char* sql;  // one or more statements
};

// The component's recorded version: 0 if the database holds none of its tables.
// Errors: those of Connection::Query.
Result<int> SchemaVersion(Connection& conn, std::string_view component);

// Creates or upgrades the component's tables to steps.back().version, in one transaction under
// an advisory lock, so processes opening a fresh database at once do not race.
// REQUIRES: steps non-empty, versions 1, 2, ... in order; no transaction open on `conn`.
// Errors: kFailedPrecondition if the database holds a newer version than `steps` know (an
// older xborder must not write to it); those of Connection.
Status EnsureSchema(Connection& conn, std::string_view component,
                    std::span<const SchemaStep> steps);

}  // namespace xb::pg

#endif  // XBORDER_PG_SCHEMA_H_
