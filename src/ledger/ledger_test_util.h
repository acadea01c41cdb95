// Helpers shared by the ledger's tests: a fresh database path, a fixed signing key, and a Store
// decorator that fails on command. store_test_backends.h runs tests on every backend.
#ifndef XBORDER_LEDGER_LEDGER_TEST_UTIL_H_
#define XBORDER_LEDGER_LEDGER_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/key_file.h"
#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "ledger/sqlite_store.h"

namespace xb::ledger::testing {

inline std::string FreshDbPath() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("xb-ledger-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / "ledger.db").string();
}

// Keyed subject hashes for tests. The real ones (detect/subject_hasher.h) also canonicalise the
// identifier, which needs the detect module; the ledger only ever sees the digests.
class TestSubjectHasher {
 public:
  explicit TestSubjectHasher(const SecretKey& key) : key_id_(key.id), mac_(key.bytes) {}
  Digest Hash(std::string_view identifier) const { return mac_.Mac(identifier); }
  const std::string& key_id() const { return key_id_; }

 private:
  std::string key_id_;
  HmacSha256 mac_;
};

inline SigningKey TestSigningKey(uint8_t fill = 42) {
  std::array<uint8_t, 32> seed;
  seed.fill(fill);
  return SigningKey::FromSeed(seed);
}

// Opens the ledger at `db` (a SQLite path or a postgresql:// URL), creating it if needed;
// writable with TestSigningKey(), or read-only. Null on failure.
inline std::unique_ptr<Ledger> OpenTestLedger(const std::string& db, bool writable = true) {
  auto store = OpenLedgerStore(db, LedgerAccess::kAppend);
  if (!store.ok()) return nullptr;
  std::optional<SigningKey> key;
  if (writable) key = TestSigningKey();
  auto ledger = Ledger::Open(std::move(store).value(), std::move(key));
  return ledger.ok() ? std::move(ledger).value() : nullptr;
}

// Passes everything through to a real store, but fails the n-th write (counting PutEntry,
// PutNode, PutHead, PutSubjects, RekeySubjects and Commit from 1) of any transaction it hands out.
class FaultyStore : public Store {
 public:
  FaultyStore(std::unique_ptr<Store> inner, int fail_at)
      : inner_(std::move(inner)), fail_at_(fail_at) {}

  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override {
    XB_ASSIGN_OR_RETURN(auto txn, inner_->BeginWrite());
    return std::unique_ptr<WriteTransaction>(new Txn(std::move(txn), this));
  }
  Status WithSnapshot(const std::function<Status()>& fn) override {
    return inner_->WithSnapshot(fn);
  }
  Result<StoredHead> ReadHead() override { return inner_->ReadHead(); }
  Result<Digest> ReadNode(int l, uint64_t i) override { return inner_->ReadNode(l, i); }
  Result<std::vector<Digest>> ReadNodes(std::span<const NodeKey> keys) override {
    return inner_->ReadNodes(keys);
  }
  Result<std::string> ReadEntry(uint64_t i) override { return inner_->ReadEntry(i); }
  Result<std::string> ReadMeta(std::string_view k) override { return inner_->ReadMeta(k); }
  Status ScanEntries(const EntryVisitor& fn) override { return inner_->ScanEntries(fn); }
  Result<SubjectGroup> ReadEntryGroup(uint64_t i) override { return inner_->ReadEntryGroup(i); }
  Result<std::vector<Digest>> ReadEntrySubjects(uint64_t i, SubjectKind k) override {
    return inner_->ReadEntrySubjects(i, k);
  }
  Result<int64_t> CountKnown(const SubjectGroup& g, SubjectKind k, int from, int to,
                             std::span<const Digest> hashes) override {
    return inner_->CountKnown(g, k, from, to, hashes);
  }
  Result<std::vector<CounterRow>> ReadCounters(std::string_view e, int y) override {
    return inner_->ReadCounters(e, y);
  }
  Result<int64_t> CountDistinct(const SubjectGroup& g, SubjectKind k, int f, int t) override {
    return inner_->CountDistinct(g, k, f, t);
  }
  Result<std::vector<std::string>> CheckSubjectIndex() override {
    return inner_->CheckSubjectIndex();
  }
  Result<std::vector<std::string>> CheckStorage() override { return inner_->CheckStorage(); }

  int writes() const { return writes_; }
  void set_fail_at(int n) {
    fail_at_ = n;
    writes_ = 0;
  }

 private:
  Status Tick() {
    ++writes_;
    if (writes_ == fail_at_) return IoError("injected fault");
    return Status::Ok();
  }

  class Txn : public WriteTransaction {
   public:
    Txn(std::unique_ptr<WriteTransaction> inner, FaultyStore* owner)
        : inner_(std::move(inner)), owner_(owner) {}
    Result<StoredHead> ReadHead() override { return inner_->ReadHead(); }
    Result<Digest> ReadNode(int l, uint64_t i) override { return inner_->ReadNode(l, i); }
    Result<std::string> ReadEntry(uint64_t i) override { return inner_->ReadEntry(i); }
    Result<std::string> ReadMeta(std::string_view k) override { return inner_->ReadMeta(k); }
    Status PutMeta(std::string_view k, std::string_view v) override {
      return inner_->PutMeta(k, v);
    }
    Status DeleteMeta(std::string_view k) override { return inner_->DeleteMeta(k); }
    Status PutEntry(uint64_t i, std::string_view e) override {
      XB_RETURN_IF_ERROR(owner_->Tick());
      return inner_->PutEntry(i, e);
    }
    Status PutNode(int l, uint64_t i, const Digest& h) override {
      XB_RETURN_IF_ERROR(owner_->Tick());
      return inner_->PutNode(l, i, h);
    }
    Status PutHead(const StoredHead& h) override {
      XB_RETURN_IF_ERROR(owner_->Tick());
      return inner_->PutHead(h);
    }
    Status PutSubjects(uint64_t i, const SubjectGroup& g, SubjectKind k,
                       std::span<const Digest> h) override {
      XB_RETURN_IF_ERROR(owner_->Tick());
      return inner_->PutSubjects(i, g, k, h);
    }
    Result<std::vector<Digest>> ReadEntrySubjects(uint64_t i, SubjectKind k) override {
      return inner_->ReadEntrySubjects(i, k);
    }
    Result<std::vector<uint64_t>> RekeySubjects(std::string_view from, std::string_view to,
                                                const SubjectRekey& rekey) override {
      XB_RETURN_IF_ERROR(owner_->Tick());
      return inner_->RekeySubjects(from, to, rekey);
    }
    Status Commit() override {
      XB_RETURN_IF_ERROR(owner_->Tick());
      return inner_->Commit();
    }

   private:
    std::unique_ptr<WriteTransaction> inner_;
    FaultyStore* owner_;
  };

  std::unique_ptr<Store> inner_;
  int fail_at_;
  int writes_ = 0;
};

}  // namespace xb::ledger::testing

#endif  // XBORDER_LEDGER_LEDGER_TEST_UTIL_H_
