#include "report/column_names.h"

#include <map>
#include <mutex>

#include "core/utf8.h"

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

Result<std::unique_ptr<ColumnNamer>> ColumnNamer::Create(const std::string& data_dir) {
  XB_ASSIGN_OR_RETURN(std::shared_ptr<const TextDetector> detector, SharedTextDetector(data_dir));
  return std::unique_ptr<ColumnNamer>(new ColumnNamer(std::move(detector)));
}

bool ColumnNamer::Vetted(std::string_view name) const {
  if (name.empty() || !utf8::IsValid(name) || utf8::CountCodePoints(name) > 40) return false;
  int digits = 0;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '@') return false;
    digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
    if (digits >= 4) return false;
  }
  std::vector<TextFinding> findings;
  // A name the detector could not read (a failed scan) is not vetted: it is named by position.
  return detector_->Detect(name, &findings).ok() && findings.empty();
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
