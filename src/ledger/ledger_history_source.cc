#include "ledger/ledger_history_source.h"

#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "pg/url.h"

namespace xb::ledger {
namespace {

// This key's exact figure plus other keys' figures (which cannot be de-duplicated against it).
rules::VolumeFigures Combine(const PathCounts& exact, const PathCounts& other_keys) {
  rules::VolumeFigures v;
  v.individuals_counted = exact.counted.individuals + other_keys.counted.individuals;
  v.sensitive_individuals_counted =
      exact.counted.sensitive_individuals + other_keys.counted.sensitive_individuals;
  v.individuals_exempt = exact.exempt.individuals + other_keys.exempt.individuals;
  v.sensitive_individuals_exempt =
      exact.exempt.sensitive_individuals + other_keys.exempt.sensitive_individuals;
  return v;
}

}  // namespace

std::string LedgerHistorySource::Describe() const { return "ledger " + pg::DisplayDb(db_path_); }

Result<std::optional<rules::ExporterHistory>> LedgerHistorySource::Lookup(
    const std::string& exporter_name, CivilDate as_of) {
  auto store = OpenLedgerStore(db_path_, LedgerAccess::kRead);
  if (!store.ok()) {
    if (store.error().code == ErrorCode::kNotFound) return std::optional<rules::ExporterHistory>();
    return std::move(store).error();
  }
  const int year = as_of.year();
  XB_ASSIGN_OR_RETURN(auto this_year, (*store)->ReadCounters(exporter_name, year));
  XB_ASSIGN_OR_RETURN(auto last_year, (*store)->ReadCounters(exporter_name, year - 1));
  if (this_year.empty() && last_year.empty()) return std::optional<rules::ExporterHistory>();
  XB_ASSIGN_OR_RETURN(auto ledger, Ledger::Open(std::move(store).value(), std::nullopt));
  XB_ASSIGN_OR_RETURN(YearToDateCounts counts, ledger->YearToDate(exporter_name, year, key_id_));
  rules::ExporterHistory history;
  history.year_to_date = Combine(counts.year_to_date, counts.other_keys_year_to_date);
  history.since_prev_year =
      Combine(counts.since_previous_year, counts.other_keys_since_previous_year);
  return std::optional<rules::ExporterHistory>(history);
}

}  // namespace xb::ledger
