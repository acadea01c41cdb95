// The figures the dashboard shows, computed from a ledger snapshot, the subject counters, the
// export packages' decision.json files and the consent registry; no HTML here (pages.cc renders).
// Everything is counts, dates, names of organisations and citations: no personal data.
//
// Thread-safety: DashboardBuilder::Build may be called concurrently (an internal mutex guards its
// cache of package facts); a DashboardModel is immutable once built.
#ifndef XBORDER_SERVER_DASHBOARD_MODEL_H_
#define XBORDER_SERVER_DASHBOARD_MODEL_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "core/work_calendar.h"
#include "ledger/ledger.h"
#include "server/ledger_snapshot.h"

namespace xb::server {

// A statutory threshold the year-to-date counts are measured against. The figures are those of
// the rule packs' conditions (rules/cn/provisions-2024.yaml, rule ids below); the dashboard only
// draws them.
struct Threshold {
  const char* kind;  // "individuals" | "sensitive"
  int64_t value;
  const char* rule;
  const char* citation;
  const char* label_en;
  const char* label_zh;
};
extern const std::array<Threshold, 3> kThresholds;

struct ExporterYear {
  std::string exporter;
  int64_t individuals = 0;            // counted path, year to date
  int64_t sensitive_individuals = 0;  // counted path, year to date
  int64_t exempt_individuals = 0;
};

struct PlaceRow {
  std::string recipient;
  std::string country;
  int transfers = 0;
  int64_t individuals = 0;
  std::string last_as_of;
};

struct DueItem {
  std::string due;  // YYYY-MM-DD
  int working_days_left = 0;
  bool provisional = false;  // the calendar has no holiday notice for part of the span
  std::string title;
  std::string citation;
  std::string rule;
  std::string exporter;
  std::string recipient;
  uint64_t index = 0;  // the transfer entry it came from
};

struct MechanismRow {
  std::string type;
  std::string reference;
  int transfers = 0;
  std::string first_as_of;
  std::string last_as_of;
  std::vector<DueItem> windows;  // validity, extension and re-filing dates
};

struct WithdrawalRow {
  uint64_t index = 0;
  std::string as_of;
  std::string recipient;
  std::string country;
  uint64_t individuals = 0;
};

// A "report" entry of the ledger: documents made by POST /v1/reports or `xborder report`.
struct DocumentRow {
  uint64_t index = 0;
  std::string kind;     // "pipia", "annual", ...
  std::string made_on;  // YYYY-MM-DD
  std::string exporter;
  std::vector<std::string> languages;
  struct File {
    std::string name;
    bool on_server = false;  // under <reports>/<index>/, so GET /v1/reports/... serves it
  };
  std::vector<File> files;
};

struct DashboardModel {
  CivilDate today;
  int year = 0;
  uint64_t size = 0;
  std::string root_hex;
  std::string checkpoint_note;
  std::vector<ExporterYear> exporters;
  std::array<int, 12> transfers_by_month{};
  std::array<int, 12> refusals_by_month{};
  int transfers_this_year = 0;
  int refusals_this_year = 0;
  std::vector<PlaceRow> recipients;      // most transfers first
  std::map<std::string, int> countries;  // country code → completed transfers
  std::vector<MechanismRow> mechanisms;
  std::vector<DueItem> obligations;        // due today or later, soonest first
  std::map<std::string, int64_t> consent;  // coverage → individuals, this year's transfers
  std::vector<WithdrawalRow> withdrawals;  // since 1 January of last year
  std::vector<DocumentRow> documents;      // newest first, at most 50
  std::string withdrawals_note;            // why the list is empty, when it cannot be made
};

class DashboardBuilder {
 public:
  DashboardBuilder(std::string db, std::string key_id, std::string packages_dir,
                   std::string reports_dir, const WorkCalendar* calendar)
      : db_(std::move(db)),
        key_id_(std::move(key_id)),
        packages_dir_(std::move(packages_dir)),
        reports_dir_(std::move(reports_dir)),
        calendar_(calendar) {}

  // Errors: ledger reads.
  Result<DashboardModel> Build(const LedgerSnapshot& snapshot, ledger::Ledger& ledger,
                               CivilDate today);

 private:
  struct PackageFacts {
    std::vector<DueItem> dues;  // every dated obligation (working_days_left unset)
  };
  const PackageFacts& FactsFor(const EntrySummary& entry);
  int WorkingDaysBetween(CivilDate from, CivilDate to) const;

  std::string db_;
  std::string key_id_;
  std::string packages_dir_;
  std::string reports_dir_;
  const WorkCalendar* calendar_;
  std::mutex mu_;
  std::map<uint64_t, PackageFacts> facts_;  // GUARDED_BY(mu_): packages never change
};

// True for an obligation about a mechanism's validity, extension, expiry or re-filing.
bool IsMechanismWindow(const std::string& rule_id);

}  // namespace xb::server

#endif  // XBORDER_SERVER_DASHBOARD_MODEL_H_
