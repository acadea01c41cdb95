// `xborder report KIND ...` (DESIGN.md §12): documents for the regulator and the board, in
// Chinese and English, as HTML, PDF and DOCX, each made from facts with their sources.
//
//   pipia PLAN            the PIPIA report (PIPL Arts. 55–56; Order 13 Art. 5; certification Art.
//   6) sc-filing PLAN        the standard-contract filing pack (Order 13 Art. 7; Appendix 1)
//   assessment PLAN       the security-assessment declaration (Order 11 Arts. 5–6; CAC template)
//   certification PLAN    the certification application summary (Certification Measures 2025;
//                         GB/T 46068-2025, unverified items flagged)
//   breach INCIDENT.yaml  PIPL Art. 57 notices, the CAC incident report, GDPR Arts. 33–34
//   annual                one exporter's year (--exporter NAME --year YYYY)
//
// Output: DIR/<kind>.<lang>.<ext> for each language and format asked, and DIR/<kind>.facts.json.
// Everything is written in a staging folder inside DIR first; then one ledger entry of
// "type": "report" records each file's SHA-256 and the checkpoint the documents name; then the
// files are renamed into place. Bad input (a plan or incident that does not parse, an exporter
// with no transfer in the year) is an Error before anything is written.
//
// Thread-safety: GenerateReport may run concurrently on different output folders (the ledger
// serialises appends).
#ifndef XBORDER_REPORT_REPORT_H_
#define XBORDER_REPORT_REPORT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "report/document.h"
#include "report/facts.h"

namespace xb::report {

enum class ReportKind { kPipia, kScFiling, kAssessment, kCertification, kBreach, kAnnual };

// "pipia", "sc-filing", "assessment", "certification", "breach", "annual".
const char* ReportKindName(ReportKind kind);
// Errors: kInvalidArgument naming the known kinds.
Result<ReportKind> ParseReportKind(std::string_view name);

struct ReportOptions {
  ReportKind kind = ReportKind::kPipia;
  std::string input;  // PLAN.yaml or INCIDENT.yaml (not for annual)
  // The folder the input's relative paths (datasets, policies, affected_subjects_file) resolve
  // in, as if the input were there; empty: the input's own folder. The service reads a request
  // from a private temporary folder and resolves it in its data root.
  std::string input_folder;
  std::string exporter;  // annual
  int year = 0;          // annual
  std::string out_dir;
  std::vector<Lang> languages = {Lang::kZh, Lang::kEn};
  bool html = true;
  bool pdf = true;
  bool docx = true;
  std::string db_path = "xborder.db";
  std::string key_path = "xborder.key";
  std::string rules_dir;    // empty: located (rules/locate.h)
  std::string package_dir;  // the completed transfer's package, when not where it is looked for
};

// The facts and the documents of one report, before anything is written.
struct BuiltReport {
  ReportKind kind = ReportKind::kPipia;
  FactSet facts;
  std::vector<Document> documents;  // one per language asked, in order
  uint64_t checkpoint_size = 0;     // the ledger checkpoint the documents were made from
  std::string checkpoint_root;      // hex
  std::string subject_json;         // what the report is about, for the ledger entry (JSON)
  // What the caller should tell the person (unknown keys in the input, a refused dry run …);
  // never holds personal information.
  std::vector<std::string> warnings;
};

// Gathers the facts and builds the documents. Reads the ledger (and, for plan kinds, runs the
// transfer pipeline as a dry run, which writes nothing). Errors: bad input (exit 2) as above.
Result<BuiltReport> BuildReport(const ReportOptions& options);

// Several plan kinds of one plan (options.input), gathered once: one dry run and one ledger read
// serve every document (the service's "all filings", the benchmark). options.kind is ignored.
// Errors: as BuildReport; kInvalidArgument when a kind is not made from a plan.
Result<std::vector<BuiltReport>> BuildPlanReports(const ReportOptions& options,
                                                  std::span<const ReportKind> kinds);

struct ReportFile {
  std::string path;    // DIR/<kind>.<lang>.<ext>
  std::string sha256;  // of the file's bytes
  uint64_t bytes = 0;
};

struct ReportOutcome {
  std::vector<ReportFile> files;  // the documents, then facts.json
  uint64_t ledger_index = 0;      // the "report" entry
  uint64_t ledger_size = 0;       // after it
  std::string ledger_root;
  uint64_t checkpoint_size = 0;  // named in the documents
  std::string checkpoint_root;
  size_t blanks = 0;                  // marked blanks the officer must complete
  std::vector<std::string> warnings;  // BuiltReport::warnings
};

// Renders `built` in the formats asked, stages the files in DIR, records them in the ledger and
// moves them into place. Errors: kIo for DIR; renderer and ledger errors (nothing left behind).
Result<ReportOutcome> WriteReport(const BuiltReport& built, const ReportOptions& options);

// BuildReport + WriteReport.
Result<ReportOutcome> GenerateReport(const ReportOptions& options);

// The file name of one document: "<kind>.<lang>.<ext>".
std::string ReportFileName(ReportKind kind, Lang lang, std::string_view ext);

}  // namespace xb::report

#endif  // XBORDER_REPORT_REPORT_H_
