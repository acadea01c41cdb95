// `xborder detect [FILE|-]` (DESIGN.md §4, stable): free text, one input line = one document,
// one JSON object per input line on stdout:
//   {"line": 3, "findings": [{"type": "CN_MOBILE", "start": 2, "end": 13, "score": 0.97}]}
// Offsets count Unicode code points of the line, `end` exclusive. A masked value
// (110101********8531) carries "masked": true. The matched text is printed only with
// --show-text.
//
// Bad input never stops the run: invalid UTF-8 is reported on stderr (line and byte offset,
// never the bytes) and its bytes count one code point each without joining any finding; NUL
// bytes are ordinary separators. Memory is bounded whatever the line length: a line longer than
// the window is processed in overlapping windows, so a 1 GB line needs a few MB.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/utf8.h"
#include "detect/text/text_detector.h"

namespace xb::cli {
namespace {

// Window geometry for long lines. Findings that start in the last kOverlap bytes of a window
// are left to the next window, which starts there, so an entity shorter than kOverlap is never
// cut in two.
constexpr size_t kWindow = 1 << 20;
constexpr size_t kOverlap = 4096;
constexpr size_t kReadChunk = 1 << 16;

struct DetectOptions {
  std::string input = "-";
  bool show_text = false;
  double min_score = 0.5;
};

// Where results go: stdout, or an atomically committed --out file.
class Sink {
 public:
  static Result<Sink> Open(const std::string& path) {
    Sink sink;
    if (!path.empty()) {
      XB_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(path));
      sink.file_ = std::make_unique<AtomicFile>(std::move(file));
    }
    return sink;
  }
  Status Write(std::string_view data) {
    buffer_.append(data);
    return buffer_.size() >= kReadChunk ? Flush() : Status::Ok();
  }
  Status Flush() {
    if (file_) {
      XB_RETURN_IF_ERROR(file_->Write(buffer_));
    } else if (std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) {
      return IoError("cannot write to standard output");
    }
    buffer_.clear();
    return Status::Ok();
  }
  Status Commit() {
    XB_RETURN_IF_ERROR(Flush());
    if (file_) return file_->Commit();
    std::fflush(stdout);
    return Status::Ok();
  }

 private:
  std::unique_ptr<AtomicFile> file_;
  std::string buffer_;
};

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", c);
          *out += esc;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

// Detects one line, window by window, and writes its JSON object.
class LineDetector {
 public:
  LineDetector(const TextDetector& detector, const DetectOptions& options, std::string name,
               Sink* sink)
      : detector_(detector), options_(options), name_(std::move(name)), sink_(sink) {}

  // Adds bytes of the current line (no '\n'); processes full windows as they fill.
  Status Append(std::string_view bytes) {
    pending_.append(bytes);
    while (pending_.size() >= kWindow + kOverlap) XB_RETURN_IF_ERROR(ProcessWindow(false));
    return Status::Ok();
  }

  // Ends the current line: processes what is left and writes the line's object.
  Status EndLine() {
    if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
    XB_RETURN_IF_ERROR(ProcessWindow(true));
    out_ += "]}\n";
    XB_RETURN_IF_ERROR(sink_->Write(out_));
    ++line_;
    out_.clear();
    first_ = true;
    line_cp_ = 0;
    line_bytes_ = 0;
    reported_invalid_ = false;
    return Status::Ok();
  }

  int64_t lines_done() const { return line_ - 1; }

 private:
  Status ProcessWindow(bool last) {
    if (out_.empty()) out_ = "{\"line\": " + std::to_string(line_) + ", \"findings\": [";
    size_t cut = pending_.size();
    size_t commit = cut;
    if (!last) {
      cut = kWindow + kOverlap;
      while (cut > 0 && (static_cast<unsigned char>(pending_[cut]) & 0xC0) == 0x80) --cut;
      commit = cut - kOverlap;
      while (commit > 0 && (static_cast<unsigned char>(pending_[commit]) & 0xC0) == 0x80) --commit;
    }
    std::string_view window(pending_.data(), cut);
    if (!reported_invalid_) {
      size_t bad = utf8::FindInvalid(window.substr(0, last ? cut : commit));
      if (bad != std::string_view::npos) {
        std::fprintf(stderr,
                     "xborder: %s:%lld: invalid UTF-8 at byte %llu of the line (bytes "
                     "count one character each and are not part of any finding)\n",
                     name_.c_str(), static_cast<long long>(line_),
                     static_cast<unsigned long long>(line_bytes_ + bad));
        reported_invalid_ = true;
      }
    }
    XB_RETURN_IF_ERROR(detector_.Detect(window, &findings_));
    for (const TextFinding& f : findings_) {
      if (f.score < options_.min_score) continue;
      if (!last && f.byte_start >= commit) continue;  // the next window reports it whole
      if (!first_) out_ += ", ";
      first_ = false;
      char buf[160];
      std::snprintf(
          buf, sizeof buf, "{\"type\": \"%s\", \"start\": %llu, \"end\": %llu, \"score\": %.2f",
          std::string(EntityTypeName(f.type)).c_str(),
          static_cast<unsigned long long>(line_cp_ + f.start),
          static_cast<unsigned long long>(line_cp_ + f.end), static_cast<double>(f.score));
      out_ += buf;
      if (f.masked) out_ += ", \"masked\": true";
      if (options_.show_text) {
        out_ += ", \"text\": ";
        AppendJsonString(window.substr(f.byte_start, f.byte_end - f.byte_start), &out_);
      }
      out_ += "}";
    }
    if (out_.size() >= kReadChunk) {
      XB_RETURN_IF_ERROR(sink_->Write(out_));
      out_.clear();
      out_.push_back(' ');  // keeps out_ non-empty: the object is already open
    }
    line_cp_ += utf8::CountCodePoints(window.substr(0, commit));
    line_bytes_ += commit;
    pending_.erase(0, commit);
    return Status::Ok();
  }

  const TextDetector& detector_;
  const DetectOptions& options_;
  std::string name_;
  Sink* sink_;
  std::string pending_;
  std::string out_;
  std::vector<TextFinding> findings_;
  int64_t line_ = 1;
  uint64_t line_cp_ = 0;
  uint64_t line_bytes_ = 0;
  bool first_ = true;
  bool reported_invalid_ = false;
};

int RunDetect(const GlobalOptions& global, const DetectOptions& options) {
  if (options.min_score < 0 || options.min_score > 1) {
    return ReportError(InvalidArgument("--min-score must be between 0 and 1"));
  }
  const bool from_stdin = options.input == "-";
  std::FILE* in = from_stdin ? stdin : std::fopen(options.input.c_str(), "rb");
  if (in == nullptr) {
    return ReportError(NotFound(std::string("cannot open input: ") + std::strerror(errno),
                                Location(options.input)));
  }
  struct Closer {
    std::FILE* f;
    bool owned;
    ~Closer() {
      if (owned) std::fclose(f);
    }
  } closer{in, !from_stdin};

  TextDetectorOptions detector_options;
  detector_options.min_score = static_cast<float>(options.min_score);
  auto detector = TextDetector::Create(detector_options);
  if (!detector.ok()) return ReportError(detector.error());
  auto sink = Sink::Open(global.out);
  if (!sink.ok()) return ReportError(sink.error());

  const std::string name = from_stdin ? "<stdin>" : options.input;
  LineDetector lines(**detector, options, name, &*sink);
  std::vector<char> chunk(kReadChunk);
  bool line_open = false;
  while (true) {
    size_t n = std::fread(chunk.data(), 1, chunk.size(), in);
    if (n == 0) {
      if (std::ferror(in)) return ReportError(IoError("read failed", Location(name)));
      break;
    }
    std::string_view data(chunk.data(), n);
    while (!data.empty()) {
      size_t eol = data.find('\n');
      Status s = lines.Append(data.substr(0, eol));
      if (s.ok() && eol != std::string_view::npos) s = lines.EndLine();
      if (!s.ok()) return ReportError(s.error());
      line_open = eol == std::string_view::npos;
      data = eol == std::string_view::npos ? std::string_view() : data.substr(eol + 1);
    }
  }
  if (line_open) {  // a last line without '\n'
    Status s = lines.EndLine();
    if (!s.ok()) return ReportError(s.error());
  }
  Status s = sink->Commit();
  if (!s.ok()) return ReportError(s.error());
  return kExitOk;
}

CommandRunner MakeDetectCommand(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<DetectOptions>();
  CLI::App* sub = app.add_subcommand(
      "detect", "Find personal information in free text: one JSON object per input line");
  sub->add_option("input", options->input, "Text file, or - for standard input (the default)");
  sub->add_flag("--show-text", options->show_text,
                "Include the matched text in each finding (off by default: it is personal data)");
  sub->add_option("--min-score", options->min_score,
                  "Report findings scoring at least this (0..1, default 0.5)");
  return [&global, options] { return RunDetect(global, *options); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("detect", xb::cli::MakeDetectCommand);
