#include "transfer/ledger_history.h"

namespace xb::transfer {

void LedgerHistorySource::DeduplicateAgainst(std::vector<Digest> individuals,
                                             std::vector<Digest> sensitive) {
  for_transfer_ = true;
  individuals_ = std::move(individuals);
  sensitive_ = std::move(sensitive);
}

Result<std::optional<rules::ExporterHistory>> LedgerHistorySource::Lookup(
    const std::string& exporter, CivilDate as_of) {
  if (ledger_ == nullptr) return std::optional<rules::ExporterHistory>();
  const int year = as_of.year();
  if (!for_transfer_) {
    XB_ASSIGN_OR_RETURN(auto this_year, ledger_->store().ReadCounters(exporter, year));
    XB_ASSIGN_OR_RETURN(auto last_year, ledger_->store().ReadCounters(exporter, year - 1));
    if (this_year.empty() && last_year.empty()) return std::optional<rules::ExporterHistory>();
  }
  XB_ASSIGN_OR_RETURN(ledger::YearToDateCounts counts,
                      ledger_->YearToDate(exporter, year, key_id_));

  // How many of this transfer's individuals each window already holds (none unless
  // deduplicating: the lists are empty).
  ledger::SubjectGroup counted{key_id_, exporter, year, true};
  auto already = [&](ledger::SubjectKind kind, const std::vector<Digest>& hashes,
                     int from_year) -> Result<int64_t> {
    if (hashes.empty()) return int64_t{0};
    return ledger_->CountKnownSubjects(counted, kind, from_year, year, hashes);
  };
  XB_ASSIGN_OR_RETURN(int64_t known_ytd,
                      already(ledger::SubjectKind::kIndividual, individuals_, year));
  XB_ASSIGN_OR_RETURN(int64_t known_ytd_s,
                      already(ledger::SubjectKind::kSensitive, sensitive_, year));
  XB_ASSIGN_OR_RETURN(int64_t known_prev,
                      already(ledger::SubjectKind::kIndividual, individuals_, year - 1));
  XB_ASSIGN_OR_RETURN(int64_t known_prev_s,
                      already(ledger::SubjectKind::kSensitive, sensitive_, year - 1));

  // This key's exact figure, less what this transfer already holds, plus other keys' figures
  // (which cannot be de-duplicated against it).
  rules::ExporterHistory h;
  auto fill = [](rules::VolumeFigures& f, const ledger::PathCounts& mine,
                 const ledger::PathCounts& other_keys, int64_t known, int64_t known_s) {
    f.individuals_counted = mine.counted.individuals - known + other_keys.counted.individuals;
    f.sensitive_individuals_counted =
        mine.counted.sensitive_individuals - known_s + other_keys.counted.sensitive_individuals;
    f.individuals_exempt = mine.exempt.individuals + other_keys.exempt.individuals;
    f.sensitive_individuals_exempt =
        mine.exempt.sensitive_individuals + other_keys.exempt.sensitive_individuals;
  };
  fill(h.year_to_date, counts.year_to_date, counts.other_keys_year_to_date, known_ytd, known_ytd_s);
  fill(h.since_prev_year, counts.since_previous_year, counts.other_keys_since_previous_year,
       known_prev, known_prev_s);
  return std::optional<rules::ExporterHistory>(h);
}

}  // namespace xb::transfer
