// Where the recipient registry keeps its tables, beside the ledger in the xborder database.
// The ledger is the registry's record of truth (every change is a "recipient" entry, see
// registry.h); a RecipientStore keeps (1) the registry as of some ledger size, so that reading it
// does not mean reading the whole ledger, and (2) each recipient's private part (an
// individual's name, contact details), which never goes into the ledger.
//
// This is the small interface a PostgreSQL store implements beside the SQLite one
// (sqlite_recipient_store.h).
//
// Thread-safety: one store per thread; several processes may share one database.
#ifndef XBORDER_REGISTRY_RECIPIENT_STORE_H_
#define XBORDER_REGISTRY_RECIPIENT_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"

namespace xb::registry {

// The registry as stored: each recipient's record (the public JSON with the registry's dates,
// registry.cc) as of ledger size `ledger_size`.
struct StoredRegistry {
  uint64_t ledger_size = 0;
  std::map<std::string, std::string> records;  // id -> record JSON
};

struct PrivatePart {
  std::string name;     // an individual recipient's name; empty for organisations
  std::string contact;  // free text
};

class RecipientStore {
 public:
  virtual ~RecipientStore() = default;

  virtual bool read_only() const = 0;

  // The stored registry; empty (ledger_size 0) when nothing was ever stored.
  virtual Result<StoredRegistry> Load() = 0;

  // Replaces the records in `changed` and moves the stored ledger size from `from_size` to
  // `to_size`, in one transaction. Returns false, changing nothing, when the stored size is no
  // longer `from_size` (another process caught up first). Errors: kFailedPrecondition on a
  // read-only store; storage errors.
  virtual Result<bool> Save(uint64_t from_size, uint64_t to_size,
                            const std::map<std::string, std::string>& changed) = 0;

  virtual Status PutPrivate(const std::string& id, const PrivatePart& part) = 0;
  // nullopt when none was stored.
  virtual Result<std::optional<PrivatePart>> GetPrivate(const std::string& id) = 0;
};

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_RECIPIENT_STORE_H_
