#include "registry/sqlite_recipient_store.h"

#include <charconv>

namespace xb::registry {
namespace {

constexpr ledger::SqliteTable kTables[] = {
    {"registry_meta", "(key TEXT PRIMARY KEY, value TEXT NOT NULL)"},
    {"recipient", "(id TEXT PRIMARY KEY, record TEXT NOT NULL)"},
    {"recipient_private", "(id TEXT PRIMARY KEY, name TEXT NOT NULL, contact TEXT NOT NULL)"},
};

class SqliteRecipientStore final : public RecipientStore {
 public:
  explicit SqliteRecipientStore(std::unique_ptr<ledger::SqliteDb> db) : db_(std::move(db)) {}

  bool read_only() const override { return db_->read_only(); }

  Result<StoredRegistry> Load() override {
    return db_->Read([&]() -> Result<StoredRegistry> {
      StoredRegistry out;
      XB_ASSIGN_OR_RETURN(out.ledger_size, ReadSize());
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement q,
                          db_->Prepare("SELECT id, record FROM recipient ORDER BY id"));
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return out;
        out.records.emplace(std::string(q.Bytes(0)), std::string(q.Bytes(1)));
      }
    });
  }

  Result<bool> Save(uint64_t from_size, uint64_t to_size,
                    const std::map<std::string, std::string>& changed) override {
    bool saved = false;
    Status s = db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(uint64_t stored, ReadSize());
      if (stored != from_size) return Status::Ok();
      XB_ASSIGN_OR_RETURN(
          ledger::SqliteStatement put,
          db_->Prepare("INSERT OR REPLACE INTO recipient (id, record) VALUES (?, ?)"));
      for (const auto& [id, record] : changed) {
        put.Reset();
        put.BindText(1, id).BindText(2, record);
        XB_RETURN_IF_ERROR(put.Run());
      }
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement meta,
                          db_->Prepare("INSERT OR REPLACE INTO registry_meta (key, value) VALUES "
                                       "('ledger_size', ?)"));
      const std::string size = std::to_string(to_size);
      meta.BindText(1, size);
      XB_RETURN_IF_ERROR(meta.Run());
      saved = true;
      return Status::Ok();
    });
    if (!s.ok()) return std::move(s).error();
    return saved;
  }

  Status PutPrivate(const std::string& id, const PrivatePart& part) override {
    return db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement put,
                          db_->Prepare("INSERT OR REPLACE INTO recipient_private (id, name, "
                                       "contact) VALUES (?, ?, ?)"));
      put.BindText(1, id).BindText(2, part.name).BindText(3, part.contact);
      return put.Run();
    });
  }

  Result<std::optional<PrivatePart>> GetPrivate(const std::string& id) override {
    return db_->Read([&]() -> Result<std::optional<PrivatePart>> {
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement q,
                          db_->Prepare("SELECT name, contact FROM recipient_private WHERE id = ?"));
      q.BindText(1, id);
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return std::optional<PrivatePart>();
      return std::optional<PrivatePart>(
          PrivatePart{std::string(q.Bytes(0)), std::string(q.Bytes(1))});
    });
  }

 private:
  Result<uint64_t> ReadSize() {
    XB_ASSIGN_OR_RETURN(ledger::SqliteStatement q,
                        db_->Prepare("SELECT value FROM registry_meta WHERE key = 'ledger_size'"));
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return uint64_t{0};
    std::string_view text = q.Bytes(0);
    uint64_t size = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return Corruption("the recipient registry's ledger size is malformed", {db_->path()});
    }
    return size;
  }

  std::unique_ptr<ledger::SqliteDb> db_;
};

}  // namespace

Result<std::unique_ptr<RecipientStore>> OpenSqliteRecipientStore(const std::string& path,
                                                                 ledger::SqliteAccess access) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<ledger::SqliteDb> db, ledger::SqliteDb::Open(path, access));
  if (db->read_only()) {
    XB_RETURN_IF_ERROR(db->EnsureTables(kTables));
  } else {
    ledger::SqliteDb* raw = db.get();
    XB_RETURN_IF_ERROR(raw->Write([raw] { return raw->EnsureTables(kTables); }));
  }
  return std::unique_ptr<RecipientStore>(new SqliteRecipientStore(std::move(db)));
}

}  // namespace xb::registry
