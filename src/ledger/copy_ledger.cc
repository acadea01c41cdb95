#include "ledger/copy_ledger.h"

#include <string>
#include <vector>

#include "ledger/compact_range.h"
#include "ledger/merkle.h"

namespace xb::ledger {
namespace {

// Refuses a target that holds anything of a ledger; runs inside the target's write transaction
// so no other writer can start one meanwhile.
Status RequireEmpty(WriteTransaction& txn) {
  XB_ASSIGN_OR_RETURN(StoredHead head, txn.ReadHead());
  bool empty = head.size == 0 && head.note.empty();
  for (std::string_view key : kLedgerMetaKeys) {
    auto value = txn.ReadMeta(key);
    if (value.ok()) empty = false;
    if (!value.ok() && value.error().code != ErrorCode::kNotFound) return value.error();
  }
  auto entry = txn.ReadEntry(0);
  if (entry.ok()) empty = false;
  if (!entry.ok() && entry.error().code != ErrorCode::kNotFound) return entry.error();
  if (!empty) {
    return FailedPrecondition("the target already holds a ledger (" + std::to_string(head.size) +
                              " entries); migrate only into an empty database");
  }
  return Status::Ok();
}

Status CopySubjects(Store& from, WriteTransaction& txn, uint64_t index, CopyResult* result) {
  auto group = from.ReadEntryGroup(index);
  if (!group.ok()) {
    return group.error().code == ErrorCode::kNotFound ? Status::Ok() : Status(group.error());
  }
  for (SubjectKind kind : {SubjectKind::kIndividual, SubjectKind::kSensitive}) {
    XB_ASSIGN_OR_RETURN(std::vector<Digest> hashes, from.ReadEntrySubjects(index, kind));
    XB_RETURN_IF_ERROR(txn.PutSubjects(index, *group, kind, hashes));
    result->subject_hashes += hashes.size();
  }
  return Status::Ok();
}

}  // namespace

Result<CopyResult> CopyLedger(Store& from, Store& to) {
  CopyResult result;
  XB_ASSIGN_OR_RETURN(auto txn, to.BeginWrite());
  XB_RETURN_IF_ERROR(RequireEmpty(*txn));
  Status copied = from.WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(result.head, from.ReadHead());
    for (std::string_view key : kLedgerMetaKeys) {
      auto value = from.ReadMeta(key);
      if (!value.ok() && value.error().code == ErrorCode::kNotFound) continue;
      XB_RETURN_IF_ERROR(value);
      XB_RETURN_IF_ERROR(txn->PutMeta(key, *value));
    }
    CompactRange range;
    auto put_node = [&](int level, uint64_t index, const Digest& hash) -> Status {
      XB_ASSIGN_OR_RETURN(Digest stored, from.ReadNode(level, index));
      if (stored != hash) {
        return Corruption("Merkle node (level " + std::to_string(level) + ", index " +
                          std::to_string(index) + ") differs from the recomputed one");
      }
      return txn->PutNode(level, index, hash);
    };
    Status scanned = from.ScanEntries([&](uint64_t index, std::string_view entry) -> Status {
      if (index != range.size()) {
        return Corruption("entry " + std::to_string(range.size()) + " is missing");
      }
      XB_RETURN_IF_ERROR(txn->PutEntry(index, entry));
      XB_RETURN_IF_ERROR(range.Append(HashLeaf(entry), put_node));
      return CopySubjects(from, *txn, index, &result);
    });
    XB_RETURN_IF_ERROR(scanned);
    result.entries = range.size();
    if (range.size() != result.head.size || range.Root() != result.head.root) {
      return Corruption("the source's entries do not give its tree head's root");
    }
    return Status::Ok();
  });
  XB_RETURN_IF_ERROR(copied);
  if (!result.head.note.empty()) XB_RETURN_IF_ERROR(txn->PutHead(result.head));
  XB_RETURN_IF_ERROR(txn->Commit());
  return result;
}

}  // namespace xb::ledger
