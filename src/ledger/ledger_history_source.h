// The ledger as the rules engine's HistorySource (src/rules/history_source.h): the distinct
// individuals an exporter already sent abroad, read from the ledger's subject counters, for
// `assess` when a plan states no `history`.
//
// Counts are exact within the installation key's namespace; counts made under other keys are
// added as an upper bound (docs/ledger.md, key rotation). The ledger counts per calendar year
// of the recorded transfer, so for an as_of date in the past every transfer recorded for that
// year is included (never fewer than the true figure).
//
// Thread-safety: one Lookup at a time.
#ifndef XBORDER_LEDGER_LEDGER_HISTORY_SOURCE_H_
#define XBORDER_LEDGER_LEDGER_HISTORY_SOURCE_H_

#include <optional>
#include <string>

#include "core/civil_date.h"
#include "core/status.h"
#include "rules/history_source.h"

namespace xb::ledger {

class LedgerHistorySource final : public rules::HistorySource {
 public:
  // `db_path`: the ledger's SQLite file or postgresql:// URL (opened per lookup for reading,
  // never created).
  // `key_id`: the id of the installation's HMAC key (core/key_file.h), or empty if there is
  // none, in which case every figure counts as "other keys".
  LedgerHistorySource(std::string db_path, std::string key_id)
      : db_path_(std::move(db_path)), key_id_(std::move(key_id)) {}

  // nullopt when there is no ledger (file) or it has no counter for the exporter in either year
  // of the window; an Error when the ledger cannot be read (e.g. a damaged file).
  Result<std::optional<rules::ExporterHistory>> Lookup(const std::string& exporter_name,
                                                       CivilDate as_of) override;
  // "ledger <path or URL>", a URL's password masked.
  std::string Describe() const override;

 private:
  std::string db_path_;
  std::string key_id_;
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_LEDGER_HISTORY_SOURCE_H_
