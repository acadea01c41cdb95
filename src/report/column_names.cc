#include "report/column_names.h"

#include <map>
#include <mutex>

#include "detect/text/name_vetting.h"

namespace xb::report {

Result<std::shared_ptr<const TextDetector>> SharedTextDetector(const std::string& data_dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TextDetector>> detectors;
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<const TextDetector>& detector = detectors[data_dir];
  if (!detector) {
    TextDetectorOptions options;
    options.data_dir = data_dir;
    XB_ASSIGN_OR_RETURN(std::unique_ptr<TextDetector> created, TextDetector::Create(options));
    detector = std::move(created);
  }
  return detector;
}

Result<std::shared_ptr<const ColumnClassifier>> SharedColumnClassifier(
    const std::string& data_dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ColumnClassifier>> classifiers;
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<const ColumnClassifier>& classifier = classifiers[data_dir];
  if (!classifier) {
    ClassifierOptions options;
    options.data_dir = data_dir;
    XB_ASSIGN_OR_RETURN(std::unique_ptr<ColumnClassifier> created,
                        ColumnClassifier::Create(options));
    classifier = std::move(created);
  }
  return classifier;
}

Result<std::unique_ptr<ColumnNamer>> ColumnNamer::Create(const std::string& data_dir) {
  XB_ASSIGN_OR_RETURN(std::shared_ptr<const ColumnClassifier> classifier,
                      SharedColumnClassifier(data_dir));
  XB_ASSIGN_OR_RETURN(std::shared_ptr<const TextDetector> detector, SharedTextDetector(data_dir));
  return std::unique_ptr<ColumnNamer>(new ColumnNamer(std::move(classifier), std::move(detector)));
}

bool ColumnNamer::Vetted(std::string_view name) const {
  return !NameHoldsData(*classifier_, detector_.get(), name);
}

bool ColumnNamer::HeaderIsVetted(const std::vector<std::string>& names) const {
  for (const std::string& n : names) {
    if (!Vetted(n)) return false;
  }
  return true;
}

std::string WithholdQuoted(const std::string& message) {
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '\'') {
      out += quoted ? "" : "'[withheld]'";
      quoted = !quoted;
      continue;
    }
    if (!quoted) out += c;
  }
  return out;
}

std::string ColumnByPosition(Lang lang, int position) {
  return lang == Lang::kZh ? "第 " + std::to_string(position) + " 列"
                           : "column " + std::to_string(position);
}

}  // namespace xb::report
