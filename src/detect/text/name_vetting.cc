#include "detect/text/name_vetting.h"

#include <vector>

#include "core/utf8.h"
#include "detect/column_header.h"
#include "detect/subject_hasher.h"

namespace xb {
namespace {

ColumnStats Classify(const ColumnClassifier& classifier, std::string_view cell) {
  ColumnStats stats;
  classifier.AddCell(cell, &stats);
  return stats;
}

// What a reader could take from the name itself, whatever recognises it.
bool ShapeCannotBeShown(std::string_view name) {
  if (name.empty() || !utf8::IsValid(name) || utf8::CountCodePoints(name) > 40) return true;
  int digits = 0;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '@') return true;
    digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
    if (digits >= 4) return true;
  }
  return false;
}

// The classifier or the detector recognises something in `text`. A detector that cannot read
// it (a failed scan) counts as finding something: the name is then withheld, never shown
// unvetted.
bool RecognisedAsData(const ColumnClassifier& classifier, const TextDetector* detector,
                      std::string_view text) {
  ColumnStats stats = Classify(classifier, text);
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (stats.matches[static_cast<size_t>(t)] > 0 || stats.weak[static_cast<size_t>(t)] > 0) {
      return true;
    }
  }
  if (detector == nullptr) return false;
  std::vector<TextFinding> findings;
  return !detector->Detect(text, &findings).ok() || !findings.empty();
}

bool IsSubjectIdentifier(const ColumnClassifier& classifier, std::string_view field) {
  ColumnStats stats = Classify(classifier, field);
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (stats.matches[static_cast<size_t>(t)] > 0 &&
        IsSubjectIdentifierType(static_cast<EntityType>(t))) {
      return true;
    }
  }
  return false;
}

bool IsBlank(std::string_view field) {
  return field.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

bool NameHoldsData(const ColumnClassifier& classifier, const TextDetector* detector,
                   std::string_view name) {
  return ShapeCannotBeShown(name) || RecognisedAsData(classifier, detector, name);
}

bool FirstRecordIsData(const ColumnClassifier& classifier, const TextDetector* detector,
                       std::span<const std::string> fields) {
  size_t non_blank = 0, data = 0;
  for (const std::string& field : fields) {
    if (IsBlank(field)) continue;
    ++non_blank;
    // No header names a column with a valid identifier: one is enough.
    if (IsSubjectIdentifier(classifier, field)) return true;
    if (HeaderHints(field).none() && RecognisedAsData(classifier, detector, field)) ++data;
  }
  return data * 2 > non_blank;
}

bool PathPartHoldsData(const ColumnClassifier& classifier, const TextDetector& detector,
                       std::string_view part) {
  if (RecognisedAsData(classifier, &detector, part)) return true;
  std::string spaced(part);
  size_t start = 0;
  for (size_t i = 0; i <= spaced.size(); ++i) {
    const bool separator = i == spaced.size() || spaced[i] == '_' || spaced[i] == '-' ||
                           spaced[i] == '.' || spaced[i] == ' ';
    if (!separator) continue;
    if (i > start &&
        RecognisedAsData(classifier, nullptr, std::string_view(spaced).substr(start, i - start))) {
      return true;
    }
    if (i < spaced.size()) spaced[i] = ' ';
    start = i + 1;
  }
  // The pieces apart ("张伟 110101199001014569"), as prose, so the detector sees each alone.
  return RecognisedAsData(classifier, &detector, spaced);
}

}  // namespace xb
