// The incident file of `report breach` (DESIGN.md §12):
//
//   incident:
//     discovered_at: 2026-11-25T09:30:00+08:00   # date-time with offset (or Z)
//     occurred_at: 2026-11-24                    # a date, or a range {from, to}
//     description: ...                           # what happened, in the officer's words
//     cause: ...
//     categories: [identity, contact]            # PI categories involved
//     affected_subjects_file: ids.txt            # identifiers, one a line (hashed on read), or:
//     affected_individuals: 1200                 # when no identifiers are known
//     measures_taken: [...]
//     contact: {name: ..., phone: ..., email: ...}
//
// Optional, beyond the contract (each becomes a marked blank when absent): `possible_harm`
// (PIPL Art. 57(1)), `individual_measures` (what individuals can do, Art. 57(2)), `records`
// (approximate number of records, GDPR Art. 33(3)(a)), `eu_data: true` (EU personal data is
// involved even if no matched transfer was under the GDPR), `exporter` (only this exporter's
// transfers are matched).
//
// The officer's words (description, cause, measures, possible harm, what individuals can do) are
// printed in the notices, so they must hold no personal information: CheckFreeText runs the
// free-text detector on each. Identifiers are never kept: the file is read and hashed by the
// caller. The contact is printed as written (it is how individuals reach the handler).
#ifndef XBORDER_REPORT_INCIDENT_H_
#define XBORDER_REPORT_INCIDENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "core/timestamp.h"
#include "detect/text/text_detector.h"

namespace xb::report {

// Timestamps moved to core (core/timestamp.h) so the monitor reads event times the same way.
using xb::ParseTimestamp;
using xb::Timestamp;

struct Incident {
  std::string file;
  Timestamp discovered_at;
  CivilDate occurred_from;
  CivilDate occurred_to;  // == from for a single date
  std::string description;
  std::string cause;
  std::vector<std::string> categories;
  std::string affected_subjects_file;  // resolved against the incident file's folder
  std::optional<int64_t> affected_individuals;
  std::vector<std::string> measures_taken;
  std::string contact_name, contact_phone, contact_email;
  std::string possible_harm;
  std::string individual_measures;
  std::optional<int64_t> records;
  bool eu_data = false;
  std::string exporter;
  // The line each field was written on ("description", "measures_taken[1]" …), for errors.
  std::map<std::string, int> lines;
  // Keys the contract does not know ("incident.descripton", "contact.fax"): ignored, and
  // reported so a misspelt field is not silently lost.
  std::vector<std::string> unknown_keys;
};

// One of the officer's free-text fields: its name as written in errors and its text.
struct FreeTextField {
  std::string field;  // "incident.cause", "incident.measures_taken[2]"
  const std::string* text;
};
// Every non-empty free-text field of `in`, in file order.
std::vector<FreeTextField> FreeTextFields(const Incident& in);

// Errors (kInvalidArgument naming the file, line and field, and the kind of entity found, never
// the value): the free-text detector finds personal information (a name, an identifier, a phone
// number, an address …) in a free-text field. Masked values (138****8000) are not findings.
Status CheckFreeText(const Incident& in, const TextDetector& detector);

// Errors (kParse / kInvalidArgument, naming the file, line and field): malformed YAML, no
// `incident` mapping, a missing or malformed discovered_at, an occurred_at that is not a date
// or range or that falls after the day of discovery, neither affected_subjects_file nor
// affected_individuals, a negative count, an unknown category, a value of the wrong type.
// A relative affected_subjects_file is resolved in `resolve_in` (empty: the file's folder).
Result<Incident> LoadIncidentFile(const std::string& path, const std::string& resolve_in = "");

}  // namespace xb::report

#endif  // XBORDER_REPORT_INCIDENT_H_
