#include "ledger/ledger.h"

#include <cstring>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "ledger/canonical_json.h"
#include "ledger/compact_range.h"
#include "ledger/key_rotation.h"
#include "ledger/merkle.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kOriginPrefix = "xborder.ledger/";
constexpr std::string_view kSubjectSetKey = "\"subject_set\":";
constexpr std::string_view kSubjectRekeyKey = "\"subject_rekey\":";

constexpr std::string_view kSigningRotationKey = "\"signing_rotation\":";

// The subject_set member of a transfer entry (docs/ledger.md).
Json SubjectSetJson(const SubjectGroup& group, std::span<const Digest> individuals,
                    std::span<const Digest> sensitive) {
  Json j = Json::object();
  j["key_id"] = group.key_id;
  j["exporter"] = group.exporter;
  j["year"] = group.year;
  j["counted"] = group.counted;
  j["individuals"] = {{"count", static_cast<int64_t>(individuals.size())},
                      {"digest", ToHex(SubjectSetDigest(individuals))}};
  j["sensitive_individuals"] = {{"count", static_cast<int64_t>(sensitive.size())},
                                {"digest", ToHex(SubjectSetDigest(sensitive))}};
  return j;
}

// True if the canonical object has `field` (quoted, with its colon: `key`) at its top level.
// The substring test skips the parse for nearly every entry: in canonical text '"name":' can
// only be a key.
bool HasTopLevelMember(std::string_view canonical, std::string_view key, std::string_view field) {
  if (canonical.find(key) == std::string_view::npos) return false;
  try {
    return Json::parse(canonical).contains(std::string(field));
  } catch (const std::exception&) {
    return false;
  }
}

std::string Plural(uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Which nodes a proof reads depends only on its sizes, never on the hashes. So a proof is
// computed twice: first against a recorder that answers every read with a placeholder and
// notes the position, then, once the store has read all those nodes at once (Store::ReadNodes:
// one round trip on PostgreSQL instead of one per node), against the replay of their hashes.
class RecordingNodeSource : public NodeSource {
 public:
  Result<Digest> Node(int level, uint64_t index) override {
    keys_.push_back({level, index});
    return Digest{};
  }
  const std::vector<NodeKey>& keys() const { return keys_; }

 private:
  std::vector<NodeKey> keys_;
};

class ReplayNodeSource : public NodeSource {
 public:
  ReplayNodeSource(const std::vector<NodeKey>& keys, const std::vector<Digest>& hashes)
      : keys_(keys), hashes_(hashes) {}
  Result<Digest> Node(int level, uint64_t index) override {
    if (next_ >= keys_.size() || keys_[next_].level != level || keys_[next_].index != index) {
      return Internal("a proof read different Merkle nodes on its second pass");
    }
    return hashes_[next_++];
  }

 private:
  const std::vector<NodeKey>& keys_;
  const std::vector<Digest>& hashes_;
  size_t next_ = 0;
};

template <class Compute>
auto WithNodesReadAtOnce(Store& store, const Compute& compute)
    -> decltype(compute(std::declval<NodeSource&>())) {
  RecordingNodeSource recorder;
  auto planned = compute(recorder);
  if (!planned.ok()) return std::move(planned).error();
  XB_ASSIGN_OR_RETURN(std::vector<Digest> hashes, store.ReadNodes(recorder.keys()));
  ReplayNodeSource replay(recorder.keys(), hashes);
  return compute(replay);
}

// Verify stops its scan with this error once it has recorded a problem in the report.
constexpr std::string_view kStopScan = "verify: stop scan";

// The open follow-ups, as one meta value: {"<key>": {"note": "...", "entry": N | null}, ...}.
constexpr std::string_view kFollowUpsMeta = "follow_ups";

// `stored` is ReadMeta(kFollowUpsMeta) of a Store or a WriteTransaction.
Result<std::map<std::string, FollowUp>> ParseFollowUps(Result<std::string> stored) {
  std::map<std::string, FollowUp> out;
  if (!stored.ok()) {
    if (stored.error().code == ErrorCode::kNotFound) return out;
    return std::move(stored).error();
  }
  try {
    const Json parsed = Json::parse(*stored);
    for (const auto& [key, value] : parsed.items()) {
      FollowUp f;
      f.key = key;
      f.note = value.at("note").get<std::string>();
      if (!value.at("entry").is_null()) f.entry = value.at("entry").get<uint64_t>();
      out.emplace(key, std::move(f));
    }
  } catch (const std::exception&) {
    return Corruption("the ledger's follow-up list is damaged");
  }
  return out;
}

Result<std::string> DumpFollowUps(const std::map<std::string, FollowUp>& follow_ups) {
  Json j = Json::object();
  for (const auto& [key, f] : follow_ups) {
    j[key] = {{"note", f.note}, {"entry", f.entry ? Json(*f.entry) : Json(nullptr)}};
  }
  try {
    return j.dump();
  } catch (const std::exception&) {
    return InvalidArgument("a follow-up's key or note is not valid UTF-8");
  }
}

// The stored Merkle node (level, node_index) that adding entry `index` completed: present and
// equal to the recomputed `hash`.
Result<std::optional<VerifyProblem>> CheckNode(Store& store, uint64_t index, int level,
                                               uint64_t node_index, const Digest& hash) {
  using Found = std::optional<VerifyProblem>;
  auto stored = store.ReadNode(level, node_index);
  if (!stored.ok() && stored.error().code != ErrorCode::kNotFound) return stored.error();
  const std::string bad = "entry " + std::to_string(index);
  const std::string where =
      "(level " + std::to_string(level) + ", index " + std::to_string(node_index) + ")";
  if (!stored.ok()) return Found({index, bad + ": Merkle node " + where + " is missing"});
  if (*stored == hash) return Found();
  if (level == 0) {
    return Found({index, bad + " does not match its recorded leaf hash (altered or moved)"});
  }
  return Found({index, bad + ": stored Merkle node " + where + " differs from the recomputed one"});
}

// A transfer entry's stored subject hashes against its subject_set member: the counts and the
// group always, the digests unless a key rotation moved the hashes since (then `rotations`
// checks them against the rotation's digest).
Result<std::optional<VerifyProblem>> CheckEntrySubjects(Store& store, uint64_t index,
                                                        std::string_view entry,
                                                        RotationVerifier& rotations) {
  using Found = std::optional<VerifyProblem>;
  if (entry.find(kSubjectSetKey) == std::string_view::npos) return Found();
  const std::string bad = "entry " + std::to_string(index);
  const Json j = Json::parse(entry, nullptr, false);
  if (j.is_discarded()) return Found({index, bad + " is not JSON"});
  if (!j.contains(std::string(kSubjectSetField))) return Found();
  auto group = store.ReadEntryGroup(index);
  if (!group.ok()) return Found({index, bad + ": its subject hashes are missing"});
  XB_ASSIGN_OR_RETURN(auto individuals, store.ReadEntrySubjects(index, SubjectKind::kIndividual));
  XB_ASSIGN_OR_RETURN(auto sensitive, store.ReadEntrySubjects(index, SubjectKind::kSensitive));
  const Json& recorded = j[std::string(kSubjectSetField)];
  Json stored = SubjectSetJson(*group, individuals, sensitive);
  if (recorded.is_object() && recorded.value("key_id", "") != group->key_id) {
    // Moved by a key rotation: the hashes are no longer those the entry's digests name.
    rotations.NoteMoved(group->key_id, index, individuals, sensitive);
    stored["key_id"] = recorded["key_id"];
    for (const char* kind : {"individuals", "sensitive_individuals"}) {
      if (recorded.contains(kind) && recorded[kind].is_object()) {
        stored[kind]["digest"] = recorded[kind].value("digest", Json());
      }
    }
  }
  if (stored != recorded) {
    return Found({index, bad + ": its stored subject hashes do not match the digest and counts "
                               "in the entry"});
  }
  return Found();
}

// The head's checkpoint is signed by `key` and names the head.
std::optional<VerifyProblem> CheckSignedHead(const StoredHead& head,
                                             const std::optional<PublicKey>& key,
                                             const std::string& origin) {
  if (!key.has_value()) return VerifyProblem{std::nullopt, "the ledger records no public key"};
  auto signed_head = OpenCheckpoint(head.note, *key);
  if (!signed_head.ok()) {
    return VerifyProblem{std::nullopt, "tree head checkpoint: " + signed_head.error().message};
  }
  if (signed_head->size != head.size || signed_head->root != head.root ||
      signed_head->origin != origin) {
    return VerifyProblem{std::nullopt, "the signed checkpoint does not match the tree head"};
  }
  return std::nullopt;
}

// An earlier checkpoint the auditor gives: signed by the key valid at its size, for this log,
// no larger than it. nullopt: a problem, recorded in `report`.
Result<std::optional<Checkpoint>> OpenGivenCheckpoint(std::string_view note,
                                                      const RotationVerifier& rotations,
                                                      VerifyReport& report,
                                                      const StoredHead& head) {
  auto problem = [&report](std::optional<uint64_t> index, std::string text) {
    report.ok = false;
    report.first_bad_index = index;
    report.problem = std::move(text);
    return std::optional<Checkpoint>();
  };
  auto opened = rotations.OpenAtItsSize(note);
  if (!opened.ok()) {
    if (opened.error().code == ErrorCode::kFailedPrecondition) {
      return problem(std::nullopt, opened.error().message);
    }
    return problem(std::nullopt, "given checkpoint: " + opened.error().message);
  }
  if (opened->origin != report.origin) {
    return problem(std::nullopt, "given checkpoint is for another log (origin differs)");
  }
  if (opened->size > head.size) {
    return problem(head.size, "given checkpoint has " + Plural(opened->size, "entry") +
                                  " but the ledger only " + std::to_string(head.size) +
                                  ": entries were removed");
  }
  return std::optional<Checkpoint>(*opened);
}

}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::Open(std::unique_ptr<Store> store,
                                             std::optional<SigningKey> signer) {
  std::unique_ptr<Ledger> ledger(new Ledger(std::move(store), std::move(signer)));
  if (ledger->signer_.has_value()) XB_RETURN_IF_ERROR(ledger->Initialise());
  return ledger;
}

Status Ledger::Initialise() {
  auto existing = store_->ReadMeta("public_key");
  if (!existing.ok() && existing.error().code != ErrorCode::kNotFound) return existing.error();
  if (!existing.ok()) {
    XB_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
    existing = txn->ReadMeta("public_key");  // another process may have won the race
    if (existing.ok()) {
      XB_RETURN_IF_ERROR(txn->Commit());
    } else {
      std::array<uint8_t, 8> id;
      XB_RETURN_IF_ERROR(RandomBytes(id));
      std::string origin = std::string(kOriginPrefix) + ToHex(id);
      std::string pub = ToHex(signer_->public_key());
      XB_RETURN_IF_ERROR(txn->PutMeta("origin", origin));
      XB_RETURN_IF_ERROR(txn->PutMeta("public_key", pub));
      XB_ASSIGN_OR_RETURN(StoredHead head, txn->ReadHead());
      if (head.size != 0) return Corruption("ledger holds entries but no public key");
      head.root = EmptyRoot();
      head.note = SignCheckpoint({origin, 0, head.root}, *signer_);
      XB_RETURN_IF_ERROR(txn->PutHead(head));
      XB_RETURN_IF_ERROR(txn->Commit());
      return Status::Ok();
    }
  }
  XB_ASSIGN_OR_RETURN(PublicKey stored, PublicKeyFromHex(*existing));
  if (stored != signer_->public_key()) {
    return FailedPrecondition(
        "this ledger was created with a different signing key (check --key-file)");
  }
  return Status::Ok();
}

Result<AppendResult> Ledger::Append(std::span<const std::string> entries,
                                    std::string_view subject_key_id) {
  std::vector<Prepared> batch(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    auto canonical = CanonicalizeObject(entries[i]);
    Location where({}, 0, "entry " + std::to_string(i + 1));
    if (!canonical.ok()) {
      Error e = std::move(canonical).error();
      e.where = where;
      return e;
    }
    if (HasTopLevelMember(*canonical, kSubjectSetKey, kSubjectSetField)) {
      return ParseError("'subject_set' is reserved for transfer records", where);
    }
    if (HasTopLevelMember(*canonical, kSubjectRekeyKey, kSubjectRekeyField) ||
        HasTopLevelMember(*canonical, kSigningRotationKey, kSigningRotationField)) {
      return ParseError(
          "'subject_rekey' and 'signing_rotation' are reserved for key rotation "
          "records",
          where);
    }
    batch[i].canonical = std::move(canonical).value();
    batch[i].subject_key_id = subject_key_id;
  }
  return AppendPrepared(batch);
}

Result<AppendResult> Ledger::AppendTransfer(const TransferRecord& record,
                                            const BeforeCommit& before_commit) {
  return AppendTransfer(record, TransferHooks{{}, before_commit});
}

Result<AppendResult> Ledger::AppendTransfer(const TransferRecord& record,
                                            const TransferHooks& hooks) {
  const SubjectGroup& g = record.group;
  if (g.exporter.empty()) return InvalidArgument("transfer record without an exporter");
  if (g.key_id.empty()) return InvalidArgument("transfer record without a key id");
  if (g.year < 1900 || g.year > 9999) return InvalidArgument("transfer year out of range");
  XB_ASSIGN_OR_RETURN(std::string canonical, CanonicalizeObject(record.entry_json));
  std::vector<Prepared> batch(1);
  Prepared& p = batch[0];
  p.transfer = &record;
  p.subject_key_id = g.key_id;
  p.individuals = record.individuals;
  p.sensitive = record.sensitive;
  NormalizeSubjects(p.individuals);
  NormalizeSubjects(p.sensitive);
  try {
    Json entry = Json::parse(canonical);
    if (entry.contains(std::string(kSubjectSetField))) {
      return InvalidArgument("'subject_set' is filled in by the ledger");
    }
    entry[std::string(kSubjectSetField)] = SubjectSetJson(g, p.individuals, p.sensitive);
    XB_ASSIGN_OR_RETURN(p.canonical, CanonicalizeObject(entry.dump()));
  } catch (const std::exception&) {
    return InvalidArgument("transfer record is not valid UTF-8 JSON");
  }
  return AppendPrepared(batch, hooks);
}

// Verify the tail before building on it: the frontier must give the head's root, the last leaf
// must hash to its stored node, and the head must carry our signature over both.
Status Ledger::VerifyTail(WriteTransaction& txn, const StoredHead& head, CompactRange* range) {
  StoreNodeSource nodes(txn);
  auto loaded = CompactRange::Load(nodes, head.size);
  if (!loaded.ok()) {
    return Corruption("the ledger's last Merkle nodes are missing; run 'xborder ledger verify'");
  }
  *range = std::move(loaded).value();
  if (range->Root() != head.root) {
    return Corruption(
        "the tree head does not match the stored Merkle nodes; run 'xborder ledger "
        "verify'");
  }
  if (head.size > 0) {
    XB_ASSIGN_OR_RETURN(std::string last, txn.ReadEntry(head.size - 1));
    XB_ASSIGN_OR_RETURN(Digest last_leaf, txn.ReadNode(0, head.size - 1));
    if (HashLeaf(last) != last_leaf) {
      return Corruption("entry " + std::to_string(head.size - 1) +
                        " does not match its leaf hash; run 'xborder ledger verify'");
    }
  }
  auto signed_head = OpenCheckpoint(head.note, signer_->public_key());
  if (!signed_head.ok() || signed_head->size != head.size || signed_head->root != head.root) {
    return Corruption("the tree head's signed checkpoint does not verify");
  }
  return Status::Ok();
}

Status Ledger::CheckTail() {
  if (!signer_.has_value()) {
    return FailedPrecondition("ledger is open read-only: checking the tail needs the signing key");
  }
  // A write transaction gives a consistent view of the tail; it is rolled back unused.
  XB_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  XB_ASSIGN_OR_RETURN(StoredHead head, txn->ReadHead());
  CompactRange range;
  return VerifyTail(*txn, head, &range);
}

Result<AppendResult> Ledger::AppendPrepared(std::vector<Prepared>& batch,
                                            const TransferHooks& hooks,
                                            const PrepareInTransaction& prepare) {
  if (!signer_.has_value()) {
    return FailedPrecondition("ledger is open read-only: appending needs the signing key");
  }
  XB_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  XB_ASSIGN_OR_RETURN(StoredHead head, txn->ReadHead());
  XB_ASSIGN_OR_RETURN(std::string origin, txn->ReadMeta("origin"));
  CompactRange range;
  XB_RETURN_IF_ERROR(VerifyTail(*txn, head, &range));
  // Under the write lock, so a subject rotation cannot start or finish between the check and
  // the commit (key_rotation.h).
  for (const Prepared& p : batch) {
    if (!p.subject_key_id.empty()) {
      XB_RETURN_IF_ERROR(CheckSubjectKeyCurrent(*txn, p.subject_key_id));
    }
  }
  if (hooks.before_write) XB_RETURN_IF_ERROR(hooks.before_write());
  if (prepare) XB_RETURN_IF_ERROR(prepare(*txn, range.size(), batch));

  AppendResult result;
  result.first_index = head.size;
  result.count = batch.size();
  auto sink = [&txn](int level, uint64_t index, const Digest& hash) {
    return txn->PutNode(level, index, hash);
  };
  for (Prepared& p : batch) {
    uint64_t index = range.size();
    XB_RETURN_IF_ERROR(txn->PutEntry(index, p.canonical));
    XB_RETURN_IF_ERROR(range.Append(HashLeaf(p.canonical), sink));
    if (p.transfer != nullptr) {
      XB_RETURN_IF_ERROR(
          txn->PutSubjects(index, p.transfer->group, SubjectKind::kIndividual, p.individuals));
      XB_RETURN_IF_ERROR(
          txn->PutSubjects(index, p.transfer->group, SubjectKind::kSensitive, p.sensitive));
      if (p.transfer->follow_up) {
        XB_ASSIGN_OR_RETURN(auto follow_ups, ParseFollowUps(txn->ReadMeta(kFollowUpsMeta)));
        FollowUp& f = follow_ups[p.transfer->follow_up->key];
        f = *p.transfer->follow_up;
        f.entry = index;
        XB_ASSIGN_OR_RETURN(std::string text, DumpFollowUps(follow_ups));
        XB_RETURN_IF_ERROR(txn->PutMeta(kFollowUpsMeta, text));
      }
    }
  }
  StoredHead next;
  next.size = range.size();
  next.root = range.Root();
  next.note = SignCheckpoint({origin, next.size, next.root}, *signer_);
  XB_RETURN_IF_ERROR(txn->PutHead(next));
  result.size = next.size;
  result.root = next.root;
  if (hooks.before_commit) XB_RETURN_IF_ERROR(hooks.before_commit(result));
  XB_RETURN_IF_ERROR(txn->Commit());
  return result;
}

Status Ledger::EditFollowUps(const std::function<void(std::map<std::string, FollowUp>&)>& edit) {
  if (!signer_.has_value()) {
    return FailedPrecondition("ledger is open read-only: follow-ups need the signing key");
  }
  XB_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  XB_ASSIGN_OR_RETURN(auto follow_ups, ParseFollowUps(txn->ReadMeta(kFollowUpsMeta)));
  edit(follow_ups);
  XB_ASSIGN_OR_RETURN(std::string text, DumpFollowUps(follow_ups));
  XB_RETURN_IF_ERROR(txn->PutMeta(kFollowUpsMeta, text));
  return txn->Commit();
}

Status Ledger::AddFollowUp(std::string_view key, std::string_view note) {
  return EditFollowUps([&](std::map<std::string, FollowUp>& follow_ups) {
    follow_ups[std::string(key)] = FollowUp{std::string(key), std::string(note), std::nullopt};
  });
}

Status Ledger::CloseFollowUp(std::string_view key) {
  return EditFollowUps(
      [&](std::map<std::string, FollowUp>& follow_ups) { follow_ups.erase(std::string(key)); });
}

Result<std::vector<FollowUp>> Ledger::FollowUps() {
  XB_ASSIGN_OR_RETURN(auto follow_ups, ParseFollowUps(store_->ReadMeta(kFollowUpsMeta)));
  std::vector<FollowUp> out;
  for (auto& [key, f] : follow_ups) out.push_back(std::move(f));
  return out;
}

Result<TreeHead> Ledger::Head() {
  XB_ASSIGN_OR_RETURN(StoredHead head, store_->ReadHead());
  return TreeHead{head.size, head.root};
}

Result<std::string> Ledger::CheckpointNote() {
  XB_ASSIGN_OR_RETURN(StoredHead head, store_->ReadHead());
  if (head.note.empty()) {
    return FailedPrecondition("the ledger has no signed checkpoint yet (append first)");
  }
  return head.note;
}

Result<std::string> Ledger::Origin() { return store_->ReadMeta("origin"); }

Result<PublicKey> Ledger::LogPublicKey() {
  XB_ASSIGN_OR_RETURN(std::string hex, store_->ReadMeta("public_key"));
  return PublicKeyFromHex(hex);
}

Result<InclusionProofResult> Ledger::ProveInclusion(uint64_t index, uint64_t size) {
  XB_ASSIGN_OR_RETURN(StoredHead head, store_->ReadHead());
  if (size > head.size) {
    return InvalidArgument("tree size " + std::to_string(size) + " is beyond the ledger's " +
                           std::to_string(head.size));
  }
  if (index >= size) {
    return InvalidArgument("index " + std::to_string(index) + " is not below tree size " +
                           std::to_string(size));
  }
  return WithNodesReadAtOnce(*store_, [&](NodeSource& nodes) -> Result<InclusionProofResult> {
    InclusionProofResult r;
    r.index = index;
    r.size = size;
    XB_ASSIGN_OR_RETURN(r.leaf_hash, nodes.Node(0, index));
    XB_ASSIGN_OR_RETURN(r.proof, InclusionProof(nodes, index, size));
    return r;
  });
}

Result<std::vector<Digest>> Ledger::ProveConsistency(uint64_t size1, uint64_t size2) {
  XB_ASSIGN_OR_RETURN(StoredHead head, store_->ReadHead());
  if (size1 == 0 || size1 > size2 || size2 > head.size) {
    return InvalidArgument("need 0 < OLD <= NEW <= " + std::to_string(head.size));
  }
  return WithNodesReadAtOnce(
      *store_, [&](NodeSource& nodes) { return ConsistencyProof(nodes, size1, size2); });
}

Result<std::string> Ledger::Entry(uint64_t index) { return store_->ReadEntry(index); }

Status Ledger::Export(const std::function<Status(uint64_t, std::string_view)>& fn) {
  return store_->WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(StoredHead head, store_->ReadHead());
    uint64_t expected = 0;
    XB_RETURN_IF_ERROR(store_->ScanEntries([&](uint64_t index, std::string_view entry) -> Status {
      if (index >= head.size) return Status::Ok();
      if (index != expected) {
        return Corruption("entry " + std::to_string(expected) + " is missing");
      }
      ++expected;
      return fn(index, entry);
    }));
    if (expected != head.size) {
      return Corruption("entry " + std::to_string(expected) + " is missing");
    }
    return Status::Ok();
  });
}

Result<VerifyReport> Ledger::Verify(const std::optional<std::string>& checkpoint_note,
                                    const std::optional<PublicKey>& trusted_key) {
  VerifyReport report;
  auto fail = [&report](const VerifyProblem& problem) -> Status {
    if (report.ok) {
      report.ok = false;
      report.first_bad_index = problem.index;
      report.problem = problem.text;
    }
    return Internal(std::string(kStopScan));
  };
  Status scanned = store_->WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(StoredHead head, store_->ReadHead());
    report.size = head.size;
    auto origin = store_->ReadMeta("origin");
    if (origin.ok()) report.origin = *origin;
    // The public key the chain of signing keys starts from: the auditor's, else the recorded one.
    std::optional<PublicKey> start = trusted_key;
    if (auto recorded = store_->ReadMeta("public_key"); !start && recorded.ok()) {
      if (auto parsed = PublicKeyFromHex(*recorded); parsed.ok()) start = *parsed;
    }
    XB_ASSIGN_OR_RETURN(RotationVerifier rotations, RotationVerifier::Load(*store_, start));
    if (rotations.problem()) return fail(*rotations.problem());
    const std::optional<PublicKey>& key = rotations.head_key();
    if (key.has_value() && !report.origin.empty()) {
      report.verifier_key = VerifierKey(report.origin, *key);
    }
    std::optional<Checkpoint> given;
    if (checkpoint_note.has_value()) {
      XB_ASSIGN_OR_RETURN(auto opened,
                          OpenGivenCheckpoint(*checkpoint_note, rotations, report, head));
      if (!opened.has_value()) return Internal(std::string(kStopScan));
      given = *opened;
    }
    CompactRange range;
    auto check_given = [&]() -> Status {
      if (given.has_value() && range.size() == given->size && range.Root() != given->root) {
        return fail({std::nullopt, "the first " + Plural(given->size, "entry") +
                                       " no longer hash to the given checkpoint's root: the "
                                       "ledger was rewritten"});
      }
      return Status::Ok();
    };
    XB_RETURN_IF_ERROR(check_given());
    uint64_t expected = 0;
    Status s = store_->ScanEntries([&](uint64_t index, std::string_view entry) -> Status {
      const std::string bad = "entry " + std::to_string(index);
      if (index != expected) {
        return fail({expected, "entry " + std::to_string(expected) + " is missing"});
      }
      if (index >= head.size) {
        return fail({index, bad + " lies beyond the tree size " + std::to_string(head.size)});
      }
      if (!IsCanonicalObject(entry)) return fail({index, bad + " is not canonical JSON"});
      std::optional<VerifyProblem> problem;
      Status nodes_ok = range.Append(
          HashLeaf(entry), [&](int level, uint64_t node_index, const Digest& hash) -> Status {
            XB_ASSIGN_OR_RETURN(problem, CheckNode(*store_, index, level, node_index, hash));
            return problem ? Internal(std::string(kStopScan)) : Status::Ok();
          });
      if (problem) return fail(*problem);
      XB_RETURN_IF_ERROR(nodes_ok);
      XB_ASSIGN_OR_RETURN(problem, CheckEntrySubjects(*store_, index, entry, rotations));
      if (problem) return fail(*problem);
      problem = rotations.AfterEntry(index, entry, range, report.origin);
      if (problem) return fail(*problem);
      ++expected;
      report.entries_checked = expected;
      return check_given();
    });
    if (!report.ok) return Status::Ok();
    XB_RETURN_IF_ERROR(s);
    if (expected < head.size) {
      return fail({expected, "entry " + std::to_string(expected) +
                                 " is missing (the tree head says " + Plural(head.size, "entry") +
                                 ")"});
    }
    if (auto problem = rotations.Finish()) return fail(*problem);
    report.root = range.Root();
    if (report.root != head.root) {
      return fail({std::nullopt, "the tree head's root does not match the entries"});
    }
    if (auto problem = CheckSignedHead(head, key, report.origin)) return fail(*problem);
    XB_ASSIGN_OR_RETURN(std::vector<std::string> index_problems, store_->CheckSubjectIndex());
    if (!index_problems.empty()) return fail({std::nullopt, "subject index: " + index_problems[0]});
    XB_ASSIGN_OR_RETURN(std::vector<std::string> storage_problems, store_->CheckStorage());
    if (!storage_problems.empty()) return fail({std::nullopt, storage_problems[0]});
    return Status::Ok();
  });
  if (!report.ok) return report;
  XB_RETURN_IF_ERROR(scanned);
  return report;
}

Result<YearToDateCounts> Ledger::YearToDate(std::string_view exporter, int year,
                                            std::string_view key_id) {
  YearToDateCounts out;
  out.exporter = std::string(exporter);
  out.year = year;
  out.key_id = std::string(key_id);
  auto add = [](PathCounts& path, const CounterRow& row) {
    SubjectCounts& c = row.group.counted ? path.counted : path.exempt;
    (row.kind == SubjectKind::kSensitive ? c.sensitive_individuals : c.individuals) += row.count;
  };
  Status s = store_->WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(std::vector<CounterRow> this_year, store_->ReadCounters(exporter, year));
    XB_ASSIGN_OR_RETURN(std::vector<CounterRow> last_year,
                        store_->ReadCounters(exporter, year - 1));
    for (const CounterRow& row : this_year) {
      if (row.group.key_id == key_id) {
        add(out.year_to_date, row);
      } else {
        add(out.other_keys_year_to_date, row);
        add(out.other_keys_since_previous_year, row);
      }
    }
    for (const CounterRow& row : last_year) {
      if (row.group.key_id != key_id) add(out.other_keys_since_previous_year, row);
    }
    // Within one key the two-year window is a true union, not a sum.
    for (bool counted : {true, false}) {
      SubjectGroup g{std::string(key_id), std::string(exporter), year, counted};
      SubjectCounts& c = counted ? out.since_previous_year.counted : out.since_previous_year.exempt;
      XB_ASSIGN_OR_RETURN(c.individuals,
                          store_->CountDistinct(g, SubjectKind::kIndividual, year - 1, year));
      XB_ASSIGN_OR_RETURN(c.sensitive_individuals,
                          store_->CountDistinct(g, SubjectKind::kSensitive, year - 1, year));
    }
    return Status::Ok();
  });
  XB_RETURN_IF_ERROR(s);
  return out;
}

}  // namespace xb::ledger
