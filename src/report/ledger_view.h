// The ledger as documents read it: the tree head (size, root) and the signed checkpoint note a
// document names, and every entry parsed, read in one snapshot so the figures and the checkpoint
// agree. Reads the whole log (documents cover a plan's history or an exporter's year); a ledger
// of millions of entries takes seconds.
#ifndef XBORDER_REPORT_LEDGER_VIEW_H_
#define XBORDER_REPORT_LEDGER_VIEW_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::report {

struct EntryView {
  uint64_t index = 0;
  std::string type;  // the entry's "type" ("transfer", "transfer_refused", "alert", "report" …)
  nlohmann::json json;
};

struct LedgerView {
  uint64_t size = 0;
  Digest root{};
  std::string checkpoint_note;  // the signed C2SP checkpoint for (size, root)
  std::vector<EntryView> entries;

  std::string RootHex() const { return ToHex(root); }
  // A JSON string member of an entry, or "".
  static std::string Text(const nlohmann::json& entry, const char* key);
};

// Errors: the ledger's read errors; kCorruption when an entry is not JSON.
Result<LedgerView> ReadLedgerView(ledger::Ledger& ledger);

}  // namespace xb::report

#endif  // XBORDER_REPORT_LEDGER_VIEW_H_
