#include "ledger/key_rotation.h"

#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <utility>

#include "ledger/canonical_json.h"
#include "ledger/subject_set.h"
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

std::string DumpHandovers(const std::vector<SigningHandover>& handovers) {
  Json all = Json::array();
  for (const SigningHandover& h : handovers) {
    all.push_back({{"size", h.size},
                   {"note", h.note},
                   {"old_public_key", ToHex(h.old_key)},
                   {"new_public_key", ToHex(h.new_key)}});
  }
  return all.dump();
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
    for (const auto& [to, rotation] : all.items()) {
      if (rotation.at("from").get<std::string>() == key_id) {
        // Running again with the same key file cannot succeed: the file itself is stale.
        return InvalidArgument(
            "the key file holds subject key id " + std::string(key_id) +
                ", which the subject-key rotation at ledger entry " +
                std::to_string(rotation.at("entry").get<uint64_t>()) + " retired (key id " + to +
                " replaced it); use the key file that rotation wrote (restart `xborder serve` or "
                "`xborder monitor`, which keep the key they started with)",
            {"", 0, "--key-file"});
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

Result<PublicKey> PublicKeyFromHex(std::string_view hex) {
  auto raw = FromHex(hex);
  if (!raw.ok() || raw->size() != 32) return Corruption("stored ledger public key is malformed");
  PublicKey key;
  std::memcpy(key.data(), raw->data(), 32);
  return key;
}

Result<std::vector<SigningHandover>> ParseHandovers(Result<std::string> stored) {
  std::vector<SigningHandover> out;
  if (!stored.ok()) {
    if (stored.error().code == ErrorCode::kNotFound) return out;
    return std::move(stored).error();
  }
  try {
    for (const Json& h : Json::parse(*stored)) {
      SigningHandover handover;
      handover.size = h.at("size").get<uint64_t>();
      handover.note = h.at("note").get<std::string>();
      XB_ASSIGN_OR_RETURN(handover.old_key,
                          PublicKeyFromHex(h.at("old_public_key").get<std::string>()));
      XB_ASSIGN_OR_RETURN(handover.new_key,
                          PublicKeyFromHex(h.at("new_public_key").get<std::string>()));
      out.push_back(std::move(handover));
    }
  } catch (const std::exception&) {
    return Corruption("the ledger's record of signing-key handovers is damaged");
  }
  return out;
}

void AddRekeyedEntry(Sha256Hasher& digest, uint64_t index, std::span<const Digest> individuals,
                     std::span<const Digest> sensitive) {
  std::array<uint8_t, 8> be;
  for (int i = 0; i < 8; ++i) be[i] = static_cast<uint8_t>(index >> (56 - 8 * i));
  digest.Update(be);
  digest.Update(SubjectSetDigest(individuals));
  digest.Update(SubjectSetDigest(sensitive));
}

Result<RotationVerifier> RotationVerifier::Load(Store& store,
                                                const std::optional<PublicKey>& start) {
  RotationVerifier v;
  v.head_key_ = start;
  auto handovers = ParseHandovers(store.ReadMeta(kHandoversMeta));
  if (!handovers.ok()) {
    if (handovers.error().code != ErrorCode::kCorruption) return std::move(handovers).error();
    v.problem_ = VerifyProblem{std::nullopt, handovers.error().message};
    return v;
  }
  v.handovers_ = std::move(handovers).value();
  if (v.handovers_.empty()) return v;
  // After rotations the head is checked with the newest key; the starting key must be one of
  // the chain, whose every link (a handover) is checked against the log in AfterEntry.
  bool known = !start.has_value() || start == v.handovers_.front().old_key;
  for (size_t i = 0; i < v.handovers_.size(); ++i) {
    if (i > 0 && v.handovers_[i].old_key != v.handovers_[i - 1].new_key) {
      v.problem_ =
          VerifyProblem{std::nullopt, "the signing-key handovers do not follow one another"};
      return v;
    }
    known = known || start == v.handovers_[i].new_key;
  }
  if (!known) {
    v.problem_ = VerifyProblem{std::nullopt,
                               "the given public key signed none of this ledger's checkpoints"};
    return v;
  }
  v.head_key_ = v.handovers_.back().new_key;
  return v;
}

Result<Checkpoint> RotationVerifier::OpenAtItsSize(std::string_view note) const {
  if (!head_key_.has_value())
    return FailedPrecondition("no public key to check the checkpoint with");
  auto opened = OpenCheckpoint(note, *head_key_);
  // Signed before a rotation: by the key that was valid at its size.
  for (size_t i = 0; !opened.ok() && i < handovers_.size(); ++i) {
    auto earlier = OpenCheckpoint(note, handovers_[i].old_key);
    const uint64_t from = i == 0 ? 0 : handovers_[i - 1].size;
    if (earlier.ok() && earlier->size >= from && earlier->size <= handovers_[i].size) {
      opened = std::move(earlier);
    }
  }
  return opened;
}

std::optional<VerifyProblem> RotationVerifier::AfterEntry(uint64_t index, std::string_view entry,
                                                          const CompactRange& range,
                                                          std::string_view origin) {
  if (next_handover_ < handovers_.size() && range.size() == handovers_[next_handover_].size) {
    auto problem = CheckHandover(index, entry, handovers_[next_handover_++], range, origin);
    if (problem) return problem;
  }
  if (entry.find("\"" + std::string(kSubjectRekeyField) + "\":") != std::string_view::npos) {
    return CheckRekey(index, entry);
  }
  return std::nullopt;
}

// A handover: the old key signed the tree that ends with the rotation entry, and that entry
// names both keys.
std::optional<VerifyProblem> RotationVerifier::CheckHandover(uint64_t index, std::string_view entry,
                                                             const SigningHandover& h,
                                                             const CompactRange& range,
                                                             std::string_view origin) const {
  const std::string bad = "entry " + std::to_string(index) + ": ";
  auto signed_by_old = OpenCheckpoint(h.note, h.old_key);
  if (!signed_by_old.ok() || signed_by_old->size != range.size() ||
      signed_by_old->root != range.Root() || signed_by_old->origin != origin) {
    return VerifyProblem{index, bad +
                                    "the old key's checkpoint handing over to the new signing "
                                    "key does not verify against the log"};
  }
  const Json parsed = Json::parse(entry, nullptr, false);
  if (parsed.is_object() && parsed.contains(std::string(kSigningRotationField))) {
    const Json& named = parsed[std::string(kSigningRotationField)];
    if (named.is_object() && named.value("old_public_key", "") == ToHex(h.old_key) &&
        named.value("new_public_key", "") == ToHex(h.new_key)) {
      return std::nullopt;
    }
  }
  return VerifyProblem{index, bad + "it is not the signing-key rotation its handover names"};
}

// A subject rotation: the entries it moved (met before it, under its `to` key id) match its
// digest and count.
std::optional<VerifyProblem> RotationVerifier::CheckRekey(uint64_t index, std::string_view entry) {
  const Json parsed = Json::parse(entry, nullptr, false);
  if (!parsed.is_object() || !parsed.contains(std::string(kSubjectRekeyField))) return std::nullopt;
  const Json& rekey = parsed[std::string(kSubjectRekeyField)];
  if (!rekey.is_object()) return std::nullopt;
  const std::string bad = "entry " + std::to_string(index) + ": ";
  try {
    auto it = moved_.find(rekey.at("to").get<std::string>());
    if (it == moved_.end()) return std::nullopt;  // moved on again by a later rotation
    const bool same = rekey.at("entries").get<int64_t>() == it->second.count &&
                      rekey.at("digest").get<std::string>() == ToHex(it->second.digest.Finish());
    moved_.erase(it);
    if (!same) {
      return VerifyProblem{index, bad +
                                      "the subject hashes this key rotation moved do not match "
                                      "its digest and count"};
    }
  } catch (const std::exception&) {
    return VerifyProblem{index, bad + "its key rotation record is malformed"};
  }
  return std::nullopt;
}

void RotationVerifier::NoteMoved(const std::string& key_id, uint64_t index,
                                 std::span<const Digest> individuals,
                                 std::span<const Digest> sensitive) {
  Moved& m = moved_[key_id];
  if (m.count++ == 0) m.first = index;
  AddRekeyedEntry(m.digest, index, individuals, sensitive);
}

std::optional<VerifyProblem> RotationVerifier::Finish() const {
  if (next_handover_ < handovers_.size()) {
    return VerifyProblem{std::nullopt, "a signing-key handover names a tree size beyond the log"};
  }
  if (!moved_.empty()) {
    const auto& [key_id, m] = *moved_.begin();
    return VerifyProblem{m.first, "entry " + std::to_string(m.first) +
                                      ": its subject hashes are stored under key id " + key_id +
                                      ", but no key rotation entry moved them there"};
  }
  return std::nullopt;
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

Result<SubjectRekeyResult> Ledger::RekeySubjects(std::string_view from, std::string_view to,
                                                 const SubjectRekey& rekey,
                                                 std::string_view entry_json) {
  if (from.empty() || to.empty() || from == to) {
    return InvalidArgument("a key rotation needs two different key ids");
  }
  Json entry;
  try {
    entry = Json::parse(entry_json);
  } catch (const std::exception&) {
    return InvalidArgument("key rotation record is not valid UTF-8 JSON");
  }
  if (!entry.is_object() || entry.contains(std::string(kSubjectRekeyField))) {
    return InvalidArgument("key rotation record must be a JSON object without 'subject_rekey'");
  }
  auto recorded = [&](Result<std::string> stored) -> Result<std::optional<uint64_t>> {
    using Found = std::optional<uint64_t>;
    if (!stored.ok() && stored.error().code == ErrorCode::kNotFound) return Found();
    if (!stored.ok()) return std::move(stored).error();
    try {
      const Json all = Json::parse(*stored);
      auto it = all.find(std::string(to));
      if (it == all.end()) return Found();
      return Found(it->at("entry").get<uint64_t>());
    } catch (const std::exception&) {
      return Corruption("the ledger's record of key rotations is not JSON");
    }
  };
  XB_ASSIGN_OR_RETURN(std::optional<uint64_t> done, recorded(store_->ReadMeta(kSubjectRekeysMeta)));
  if (done) return SubjectRekeyResult{*done, 0, true};

  SubjectRekeyResult out;
  std::vector<Prepared> batch(1);
  auto prepare = [&](WriteTransaction& txn, uint64_t index, std::vector<Prepared>& b) -> Status {
    XB_ASSIGN_OR_RETURN(std::optional<uint64_t> raced, recorded(txn.ReadMeta(kSubjectRekeysMeta)));
    if (raced) return FailedPrecondition("another process recorded this key rotation meanwhile");
    XB_ASSIGN_OR_RETURN(std::vector<uint64_t> moved, txn.RekeySubjects(from, to, rekey));
    Sha256Hasher digest;
    for (uint64_t moved_index : moved) {
      XB_ASSIGN_OR_RETURN(auto individuals,
                          txn.ReadEntrySubjects(moved_index, SubjectKind::kIndividual));
      XB_ASSIGN_OR_RETURN(auto sensitive,
                          txn.ReadEntrySubjects(moved_index, SubjectKind::kSensitive));
      AddRekeyedEntry(digest, moved_index, individuals, sensitive);
    }
    entry[std::string(kSubjectRekeyField)] = {{"from", std::string(from)},
                                              {"to", std::string(to)},
                                              {"entries", static_cast<int64_t>(moved.size())},
                                              {"digest", ToHex(digest.Finish())}};
    XB_ASSIGN_OR_RETURN(b[0].canonical, CanonicalizeObject(entry.dump()));
    Json all = Json::object();
    if (auto stored = txn.ReadMeta(kSubjectRekeysMeta); stored.ok()) all = Json::parse(*stored);
    all[std::string(to)] = {{"from", std::string(from)}, {"entry", index}};
    out.entry = index;
    out.entries_rekeyed = moved.size();
    // From this commit on the old key id is retired, and the rotation no longer pending.
    XB_RETURN_IF_ERROR(txn.DeleteMeta(kSubjectRotationPendingMeta));
    return txn.PutMeta(kSubjectRekeysMeta, all.dump());
  };
  auto appended = AppendPrepared(batch, {}, prepare);
  if (!appended.ok()) return std::move(appended).error();
  return out;
}

Result<AppendResult> Ledger::RotateSigningKey(SigningKey next, std::string_view entry_json) {
  if (!signer_.has_value()) {
    return FailedPrecondition("ledger is open read-only: rotating needs the signing key");
  }
  if (next.public_key() == signer_->public_key()) {
    return FailedPrecondition("the new signing key is the current one");
  }
  Json entry;
  try {
    entry = Json::parse(entry_json);
  } catch (const std::exception&) {
    return InvalidArgument("key rotation record is not valid UTF-8 JSON");
  }
  if (!entry.is_object() || entry.contains(std::string(kSigningRotationField))) {
    return InvalidArgument("key rotation record must be a JSON object without 'signing_rotation'");
  }
  entry[std::string(kSigningRotationField)] = {{"old_public_key", ToHex(signer_->public_key())},
                                               {"new_public_key", ToHex(next.public_key())}};
  std::vector<Prepared> batch(1);
  XB_ASSIGN_OR_RETURN(batch[0].canonical, CanonicalizeObject(entry.dump()));
  WriteTransaction* txn = nullptr;
  std::string origin;
  auto prepare = [&](WriteTransaction& open, uint64_t, std::vector<Prepared>&) -> Status {
    txn = &open;
    XB_ASSIGN_OR_RETURN(origin, open.ReadMeta("origin"));
    return Status::Ok();
  };
  // After the head that ends with the rotation entry is signed by the old key: that note is
  // kept as the handover, and the same head is signed again by the new key.
  TransferHooks hooks;
  hooks.before_commit = [&](const AppendResult& r) -> Status {
    XB_ASSIGN_OR_RETURN(auto handovers, ParseHandovers(txn->ReadMeta(kHandoversMeta)));
    const Checkpoint head{origin, r.size, r.root};
    handovers.push_back(
        {r.size, SignCheckpoint(head, *signer_), signer_->public_key(), next.public_key()});
    XB_RETURN_IF_ERROR(txn->PutMeta(kHandoversMeta, DumpHandovers(handovers)));
    XB_RETURN_IF_ERROR(txn->PutMeta("public_key", ToHex(next.public_key())));
    return txn->PutHead({r.size, r.root, SignCheckpoint(head, next)});
  };
  XB_ASSIGN_OR_RETURN(AppendResult result, AppendPrepared(batch, hooks, prepare));
  signer_ = std::move(next);
  return result;
}

Result<std::vector<SigningHandover>> Ledger::SigningHandovers() {
  return ParseHandovers(store_->ReadMeta(kHandoversMeta));
}

}  // namespace xb::ledger
