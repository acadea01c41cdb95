#include "transfer/column_names.h"

#include <string>
#include <vector>

#include "detect/subject_hasher.h"

namespace xb::transfer {
namespace {

ColumnStats Classify(const ColumnClassifier& classifier, std::string_view cell) {
  ColumnStats stats;
  classifier.AddCell(cell, &stats);
  return stats;
}

}  // namespace

bool FirstRecordIsData(const ColumnClassifier& classifier, std::span<const std::string> fields) {
  for (const std::string& field : fields) {
    ColumnStats stats = Classify(classifier, field);
    for (int t = 0; t < kEntityTypeCount; ++t) {
      if (stats.matches[static_cast<size_t>(t)] > 0 &&
          IsSubjectIdentifierType(static_cast<EntityType>(t))) {
        return true;
      }
    }
  }
  return false;
}

bool NameHoldsData(const ColumnClassifier& classifier, std::string_view name) {
  ColumnStats stats = Classify(classifier, name);
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (stats.matches[static_cast<size_t>(t)] > 0 || stats.weak[static_cast<size_t>(t)] > 0) {
      return true;
    }
  }
  return false;
}

bool PathPartHoldsData(const ColumnClassifier& classifier, const TextDetector& detector,
                       std::string_view part) {
  if (NameHoldsData(classifier, part)) return true;
  std::string spaced(part);
  size_t start = 0;
  for (size_t i = 0; i <= spaced.size(); ++i) {
    const bool separator = i == spaced.size() || spaced[i] == '_' || spaced[i] == '-' ||
                           spaced[i] == '.' || spaced[i] == ' ';
    if (!separator) continue;
    if (i > start && NameHoldsData(classifier, std::string_view(spaced).substr(start, i - start)))
      return true;
    if (i < spaced.size()) spaced[i] = ' ';
    start = i + 1;
  }
  // The pieces apart ("张伟 110101199001014569"), as prose, so the detector sees each alone.
  std::vector<TextFinding> findings;
  return !detector.Detect(spaced, &findings).ok() || !findings.empty();
}

}  // namespace xb::transfer
