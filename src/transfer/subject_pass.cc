#include "transfer/subject_pass.h"

#include <algorithm>

#include "core/strings.h"

namespace xb::transfer {
namespace {

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

void SortUnique(std::vector<Digest>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

Result<std::vector<RowSubject>> IdentifyRows(const SubjectPassInput& in) {
  const protect::Table& table = *in.table;
  const scan::DatasetProfile& profile = *in.profile;
  auto column = [&](const std::string& name) -> Result<int> {
    if (name.empty()) return -1;
    int c = table.FindColumn(name);
    if (c < 0)
      return InvalidArgument("a column the scan found is missing from the loaded table",
                             {profile.path});
    return c;
  };
  XB_ASSIGN_OR_RETURN(int subject_col, column(profile.subject_column));
  XB_ASSIGN_OR_RETURN(int minors_col, column(profile.minors_column));
  std::vector<int> sensitive_cols;
  for (const std::string& name : in.sensitive_sent_columns) {
    XB_ASSIGN_OR_RETURN(int c, column(name));
    sensitive_cols.push_back(c);
  }
  std::vector<int> text_cols;
  for (const std::string& name : in.sensitive_text_columns) {
    XB_ASSIGN_OR_RETURN(int c, column(name));
    text_cols.push_back(c);
  }
  std::vector<TextFinding> findings;
  auto holds_sensitive_entity = [&](std::string_view cell) -> Result<bool> {
    if (in.text_detector == nullptr || Blank(cell)) return false;
    XB_RETURN_IF_ERROR(in.text_detector->Detect(cell, &findings));
    return std::any_of(findings.begin(), findings.end(), [&](const TextFinding& f) {
      return !f.masked && std::find(in.sensitive_text_types.begin(), in.sensitive_text_types.end(),
                                    f.type) != in.sensitive_text_types.end();
    });
  };

  std::vector<RowSubject> rows(table.row_count());
  for (size_t r = 0; r < table.row_count(); ++r) {
    RowSubject& out = rows[r];
    if (subject_col >= 0) {
      std::string_view cell = TrimBlanks(table.cell(r, static_cast<size_t>(subject_col)));
      if (!cell.empty()) {
        // Canonical for the column's type, as the scan counts, so the figures match.
        out.subject = in.subject_hasher->Hash(cell, profile.subject_type);
      }
    }
    if (minors_col >= 0) {
      auto birth = in.classifier->BirthDateFromResidentId(
          TrimBlanks(table.cell(r, static_cast<size_t>(minors_col))));
      out.minor = birth && IsMinor(*birth, in.as_of, in.minor_age_limit);
    }
    for (int c : sensitive_cols) {
      if (!Blank(table.cell(r, static_cast<size_t>(c)))) {
        out.sensitive = true;
        break;
      }
    }
    for (size_t k = 0; k < text_cols.size() && !out.sensitive; ++k) {
      XB_ASSIGN_OR_RETURN(out.sensitive,
                          holds_sensitive_entity(table.cell(r, static_cast<size_t>(text_cols[k]))));
    }
  }
  return rows;
}

SubjectSets CollectSubjects(const std::vector<RowSubject>& rows, const std::vector<bool>& keep,
                            bool minors_sensitive) {
  SubjectSets sets;
  std::vector<Digest> minors;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!keep.empty() && !keep[i]) continue;
    const RowSubject& r = rows[i];
    if (!r.subject) {
      ++sets.unidentified_rows;
      continue;
    }
    sets.individuals.push_back(*r.subject);
    // PIPL Art. 28: all personal information of a minor under 14 is sensitive.
    if (r.sensitive || (r.minor && minors_sensitive)) sets.sensitive.push_back(*r.subject);
    if (r.minor) minors.push_back(*r.subject);
  }
  SortUnique(sets.individuals);
  SortUnique(sets.sensitive);
  SortUnique(minors);
  sets.minors = minors.size();
  return sets;
}

}  // namespace xb::transfer
