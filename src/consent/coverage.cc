#include "consent/coverage.h"

#include <algorithm>
#include <cctype>

namespace xb::consent {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool CoversAll(const std::vector<std::string>& granted, const std::vector<std::string>& wanted) {
  return std::all_of(wanted.begin(), wanted.end(),
                     [&](const std::string& w) { return Covers(granted, w); });
}

}  // namespace

std::string_view CoverageName(Coverage c) {
  switch (c) {
    case Coverage::kValid:
      return "valid";
    case Coverage::kMinorWithoutGuardian:
      return "minor_without_guardian";
    case Coverage::kNotSeparate:
      return "not_separate";
    case Coverage::kNoticeIncomplete:
      return "notice_incomplete";
    case Coverage::kWithdrawn:
      return "withdrawn";
    case Coverage::kNotCovered:
      return "not_covered";
    case Coverage::kNotYetGranted:
      return "not_yet_granted";
    case Coverage::kNoRecord:
      return "no_record";
  }
  return "unknown";
}

bool Covers(const std::vector<std::string>& granted, std::string_view wanted) {
  return std::any_of(granted.begin(), granted.end(),
                     [&](const std::string& g) { return g == "*" || EqualsIgnoreCase(g, wanted); });
}

Coverage Evaluate(std::span<const ConsentRecord> records, const ConsentRequest& request,
                  bool is_minor) {
  if (records.empty()) return Coverage::kNoRecord;
  Coverage best = Coverage::kNotCovered;
  for (const ConsentRecord& r : records) {
    Coverage outcome;
    if (!Covers(r.recipients, request.recipient) || !Covers(r.purposes, request.purpose) ||
        !CoversAll(r.categories, request.categories)) {
      outcome = Coverage::kNotCovered;
    } else if (r.granted_at > request.as_of) {
      outcome = Coverage::kNotYetGranted;
    } else if (r.withdrawn_at && *r.withdrawn_at <= request.as_of) {
      outcome = Coverage::kWithdrawn;
    } else if (!r.notice.MissingItems().empty()) {
      outcome = Coverage::kNoticeIncomplete;
    } else if (!r.separate_consent) {
      outcome = Coverage::kNotSeparate;
    } else if (is_minor && !r.guardian_consent) {
      outcome = Coverage::kMinorWithoutGuardian;
    } else {
      return Coverage::kValid;
    }
    // The enum is declared best first.
    if (static_cast<int>(outcome) < static_cast<int>(best)) best = outcome;
  }
  return best;
}

std::vector<std::string> Art39Notice::MissingItems() const {
  std::vector<std::string> missing;
  auto check = [&](const std::string& v, const char* name) {
    if (v.find_first_not_of(" \t") == std::string::npos) missing.push_back(name);
  };
  check(recipient_name, "recipient_name");
  check(recipient_contact, "recipient_contact");
  check(purpose, "purpose");
  check(method, "method");
  check(categories, "categories");
  check(rights_procedure, "rights_procedure");
  return missing;
}

}  // namespace xb::consent
