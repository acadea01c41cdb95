#include "ledger/key_rotation.h"

#include <exception>
#include <nlohmann/json.hpp>

#include "pg/connection.h"

namespace xb::ledger {
namespace {

using Json = nlohmann::json;

// The meta value, nullopt when absent.
Result<std::optional<std::string>> Optional(Result<std::string> stored) {
  if (stored.ok()) return std::optional<std::string>(std::move(stored).value());
  if (stored.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
  return std::move(stored).error();
}

}  // namespace

Status CheckSubjectKeyCurrent(std::string_view key_id, const std::optional<std::string>& rekeys,
                              const std::optional<std::string>& pending) {
  if (pending.has_value() && !pending->empty()) {
    // The stores are moving to a new key: whatever is written now under any key could be
    // stranded under the old one or counted twice.
    return InvalidArgument(
        "the subject key is being rotated (`xborder keys rotate --subject` is running or was "
        "interrupted); run this command again once the rotation has finished");
  }
  if (!rekeys.has_value()) return Status::Ok();
  try {
    const Json all = Json::parse(*rekeys);
    for (const Json& rotation : all) {
      if (rotation.at("from").get<std::string>() == key_id) {
        return InvalidArgument(
            "the subject key was rotated while this command ran; run it again (key id " +
            std::string(key_id) + " is retired)");
      }
    }
  } catch (const std::exception&) {
    return Corruption("the ledger's record of key rotations is not JSON");
  }
  return Status::Ok();
}

Status CheckSubjectKeyCurrent(WriteTransaction& txn, std::string_view key_id) {
  XB_ASSIGN_OR_RETURN(auto rekeys, Optional(txn.ReadMeta(kSubjectRekeysMeta)));
  XB_ASSIGN_OR_RETURN(auto pending, Optional(txn.ReadMeta(kSubjectRotationPendingMeta)));
  return CheckSubjectKeyCurrent(key_id, rekeys, pending);
}

Status CheckSubjectKeyCurrent(SqliteDb& db, std::string_view key_id) {
  XB_ASSIGN_OR_RETURN(bool has_ledger, db.HasTable("meta"));
  if (!has_ledger) return Status::Ok();
  std::optional<std::string> rekeys;
  std::optional<std::string> pending;
  XB_ASSIGN_OR_RETURN(SqliteStatement q,
                      db.Prepare("SELECT key, value FROM meta WHERE key IN (?, ?)"));
  q.BindText(1, kSubjectRekeysMeta).BindText(2, kSubjectRotationPendingMeta);
  while (true) {
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    (q.Bytes(0) == kSubjectRekeysMeta ? rekeys : pending) = std::string(q.Bytes(1));
  }
  return CheckSubjectKeyCurrent(key_id, rekeys, pending);
}

Status CheckSubjectKeyCurrent(pg::Connection& conn, std::string_view key_id) {
  XB_ASSIGN_OR_RETURN(pg::Rows has, conn.Query("SELECT to_regclass('meta') IS NOT NULL"));
  if (has.size() != 1 || has.Int(0, 0) == 0) return Status::Ok();
  XB_ASSIGN_OR_RETURN(
      pg::Rows rows,
      conn.Query("SELECT key, value FROM meta WHERE key IN ($1, $2)",
                 pg::Params().Text(kSubjectRekeysMeta).Text(kSubjectRotationPendingMeta)));
  std::optional<std::string> rekeys;
  std::optional<std::string> pending;
  for (int i = 0; i < rows.size(); ++i) {
    (rows.Bytes(i, 0) == kSubjectRekeysMeta ? rekeys : pending) = std::string(rows.Bytes(i, 1));
  }
  return CheckSubjectKeyCurrent(key_id, rekeys, pending);
}

Status MarkSubjectRotationPending(Store& store, std::string_view from, std::string_view to) {
  const std::string marker = Json{{"from", std::string(from)}, {"to", std::string(to)}}.dump();
  XB_ASSIGN_OR_RETURN(auto txn, store.BeginWrite());
  // A resumed rotation that the ledger already recorded is past this step: the ledger's record
  // cleared the marker, and nothing would clear it again.
  XB_ASSIGN_OR_RETURN(auto rekeys, Optional(txn->ReadMeta(kSubjectRekeysMeta)));
  if (rekeys.has_value()) {
    const Json all = Json::parse(*rekeys, nullptr, false);
    if (!all.is_object()) return Corruption("the ledger's record of key rotations is not JSON");
    if (all.contains(std::string(to))) return Status::Ok();
  }
  XB_RETURN_IF_ERROR(txn->PutMeta(kSubjectRotationPendingMeta, marker));
  return txn->Commit();
}

}  // namespace xb::ledger
