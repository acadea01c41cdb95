#include "pg/schema.h"

#include <string>

namespace xb::pg {
namespace {

constexpr const char* kSchemaTable =
    "CREATE TABLE IF NOT EXISTS xb_schema(component text PRIMARY KEY, version integer NOT NULL)";

Status TooNew(const Connection& conn, std::string_view component, int found, int known) {
  return FailedPrecondition("the database holds version " + std::to_string(found) + " of the " +
                                std::string(component) + " tables; this xborder knows up to " +
                                std::to_string(known) + " (upgrade xborder)",
                            {conn.display()});
}

Status Upgrade(Connection& conn, std::string_view component, std::span<const SchemaStep> steps) {
  XB_RETURN_IF_ERROR(conn.Query("SELECT pg_advisory_xact_lock($1, $2)",
                                Params().Int4(kAdvisoryLockClass).Int4(kSchemaLockKey)));
  XB_RETURN_IF_ERROR(conn.Exec(kSchemaTable));
  // Read again under the lock: another process may have upgraded meanwhile.
  XB_ASSIGN_OR_RETURN(int current, SchemaVersion(conn, component));
  const int target = steps.back().version;
  if (current > target) return TooNew(conn, component, current, target);
  for (const SchemaStep& step : steps) {
    if (step.version > current) XB_RETURN_IF_ERROR(conn.Exec(step.sql));
  }
  XB_RETURN_IF_ERROR(
      conn.Query("INSERT INTO xb_schema(component, version) VALUES ($1, $2) "
                 "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                 Params().Text(component).Int4(target)));
  return conn.Exec("COMMIT");
}

}  // namespace

Result<int> SchemaVersion(Connection& conn, std::string_view component) {
  XB_ASSIGN_OR_RETURN(Rows exists, conn.Query("SELECT to_regclass('xb_schema') IS NOT NULL"));
  if (exists.size() != 1 || exists.Int(0, 0) == 0) return 0;
  XB_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT version FROM xb_schema WHERE component = $1",
                                            Params().Text(component)));
  if (rows.size() == 0) return 0;
  return static_cast<int>(rows.Int(0, 0));
}

Status EnsureSchema(Connection& conn, std::string_view component,
                    std::span<const SchemaStep> steps) {
  XB_ASSIGN_OR_RETURN(int current, SchemaVersion(conn, component));
  const int target = steps.back().version;
  if (current == target) return Status::Ok();
  if (current > target) return TooNew(conn, component, current, target);
  XB_RETURN_IF_ERROR(conn.Exec("BEGIN"));
  Status s = Upgrade(conn, component, steps);
  if (!s.ok()) (void)conn.Exec("ROLLBACK");
  return s;
}

}  // namespace xb::pg
