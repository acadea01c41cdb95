#include "transfer/column_names.h"

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

}  // namespace xb::transfer
