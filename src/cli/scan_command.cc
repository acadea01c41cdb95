// `xborder scan PATH...`: profile datasets (DESIGN.md §4). Per column the entity types found,
// the PI category and sensitivity; per dataset the rows, distinct individuals and minors.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "core/civil_date.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "scan/dataset_scanner.h"
#include "scan/profile_format.h"
#include "taxonomy/taxonomy.h"

namespace xb::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string subject_column;
  std::string as_of;
  std::string encoding = "auto";
  std::string input_format = "auto";
  int threads = 0;
  uint64_t max_subject_memory_mib = 0;  // 0: no limit
  bool samples = false;
  bool no_header = false;
  bool no_text = false;
};

// A one-line progress bar on stderr: redrawn at most ten times a second, and only when stderr
// is a terminal (scripts and logs see nothing).
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { Clear(); }

  void Update(const scan::ScanProgress& p) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (p.path != path_) {
      path_ = p.path;
      start_ = now;
    } else if (now - last_ < std::chrono::milliseconds(100)) {
      return;
    }
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double mb = static_cast<double>(p.bytes_read) / 1e6;
    double rate = seconds > 0 ? mb / seconds : 0;
    char line[256];
    if (p.bytes_total > 0) {
      double done =
          std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
      int filled = static_cast<int>(done * 24);
      std::string bar(filled, '#');
      bar.append(24 - filled, '.');
      double eta = rate > 0 ? (static_cast<double>(p.bytes_total) / 1e6 - mb) / rate : 0;
      std::snprintf(line, sizeof line, "scanning %s [%s] %3.0f%%  %.0f MB/s  ETA %.0fs",
                    Tail(p.path).c_str(), bar.c_str(), done * 100, rate, eta);
    } else {
      std::snprintf(line, sizeof line, "scanning %s  %.0f MB  %.0f MB/s", Tail(p.path).c_str(), mb,
                    rate);
    }
    std::fprintf(stderr, "\r\033[K%s", line);
    std::fflush(stderr);
    drawn_ = true;
  }

  void Clear() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  static std::string Tail(const std::string& path) {
    return path.size() <= 40 ? path : "..." + path.substr(path.size() - 37);
  }

  bool enabled_;
  bool drawn_ = false;
  std::string path_;
  std::chrono::steady_clock::time_point start_, last_;
};

int RunScan(const GlobalOptions& global, const ScanArgs& args) {
  scan::ScanOptions options;
  options.threads = args.threads;
  options.subject_memory_limit = args.max_subject_memory_mib << 20;
  options.subject_column = args.subject_column;
  options.keep_samples = args.samples;
  options.read.has_header = !args.no_header;
  if (args.encoding == "utf-8" || args.encoding == "utf8") {
    options.read.encoding = io::TextEncoding::kUtf8;
  } else if (args.encoding == "gb18030" || args.encoding == "gbk") {
    options.read.encoding = io::TextEncoding::kGb18030;
  }
  if (args.input_format == "csv") options.read.format = io::TableFormat::kCsv;
  if (args.input_format == "tsv") options.read.format = io::TableFormat::kTsv;
  if (args.input_format == "jsonl") options.read.format = io::TableFormat::kJsonLines;
  if (!args.as_of.empty()) {
    std::optional<CivilDate> as_of = CivilDate::Parse(args.as_of);
    if (!as_of) return ReportError(InvalidArgument("--as-of: expected a date YYYY-MM-DD"));
    options.as_of = *as_of;
  }

  Result<std::vector<std::string>> paths = scan::ExpandScanPaths(args.paths);
  if (!paths.ok()) return ReportError(paths.error());
  // The scan's subject hashes only count individuals and never leave the process, so a key of
  // this run's own does: scan reads no key file and creates none (it is a read-only command).
  Result<SecretKey> key = EphemeralKey();
  if (!key.ok()) return ReportError(key.error());
  options.key = *key;
  Result<std::unique_ptr<ColumnClassifier>> classifier = ColumnClassifier::Create();
  if (!classifier.ok()) return ReportError(classifier.error());
  Result<Taxonomy> taxonomy = Taxonomy::LoadDefault();
  if (!taxonomy.ok()) return ReportError(taxonomy.error());
  options.taxonomy = &*taxonomy;
  std::unique_ptr<TextDetector> text_detector;
  if (!args.no_text) {
    Result<std::unique_ptr<TextDetector>> created = TextDetector::Create();
    if (!created.ok()) return ReportError(created.error());
    text_detector = std::move(created).value();
    options.text_detector = text_detector.get();
  }

  ProgressBar progress(!global.quiet && StderrIsTerminal());
  options.progress = [&progress](const scan::ScanProgress& p) { progress.Update(p); };

  std::vector<scan::DatasetProfile> profiles;
  for (const std::string& path : *paths) {
    Result<scan::DatasetProfile> profile = scan::ScanDataset(path, **classifier, options);
    progress.Clear();
    if (!profile.ok()) return ReportError(profile.error());
    profiles.push_back(std::move(profile).value());
  }
  scan::FormatOptions format;
  format.samples = args.samples;
  if (global.ResolvedFormat() == OutputFormat::kJson) {
    return EmitResult(global, scan::ProfilesToJson(profiles, format));
  }
  return EmitResult(global, scan::ProfilesToTable(profiles, format));
}

CommandRunner MakeScanCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* sub = app.add_subcommand(
      "scan",
      "Profile datasets: entity types per column, PI category and sensitivity, rows, "
      "distinct individuals, minors under 14");
  sub->add_option("paths", args->paths,
                  "Table files (.csv .tsv .jsonl; - for stdin) or directories of them")
      ->required();
  sub->add_option("--subject-column", args->subject_column,
                  "Column whose values identify individuals (default: the best identifier "
                  "column: resident ID > passport > mobile > e-mail)");
  sub->add_option("--as-of", args->as_of, "Date for the minors count, YYYY-MM-DD (default: today)");
  sub->add_option("--encoding", args->encoding, "Input encoding (default: detected)")
      ->check(CLI::IsMember({"auto", "utf-8", "utf8", "gb18030", "gbk"}));
  sub->add_option("--input-format", args->input_format,
                  "Input format (default: by extension, then by content)")
      ->check(CLI::IsMember({"auto", "csv", "tsv", "jsonl"}));
  sub->add_option("--threads", args->threads, "Classifying threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  sub->add_option("--max-subject-memory", args->max_subject_memory_mib,
                  "MiB that counting distinct individuals and minors may take (about 32-64 "
                  "bytes per person); a file that needs more stops with an error (exit 2) "
                  "instead of exhausting the machine (default: no limit)")
      ->check(CLI::Range(uint64_t{0}, uint64_t{1} << 30));
  sub->add_flag("--samples", args->samples, "Show a few masked sample values per column");
  sub->add_flag("--no-header", args->no_header,
                "CSV/TSV files have no header row (a first row that is a person's data is "
                "recognised as data without it)");
  sub->add_flag("--no-text", args->no_text,
                "Do not look for entities inside free-text columns (remarks, notes): faster, "
                "but names, addresses and health terms in running text go uncounted");
  // Global options may follow the paths ("xborder scan data/ --format json").
  sub->fallthrough();
  return [&global, args] { return RunScan(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("scan", xb::cli::MakeScanCommand);
