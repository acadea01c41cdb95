#include "io/block_reader.h"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/text_encoding.h"

namespace xb::io {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kGb18030Bom = "\x84\x31\x95\x33";
constexpr size_t kDelimiterSampleBytes = 64 << 10;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Reads until `want` bytes were appended to *out or the input ends. Returns bytes read.
Result<size_t> ReadUpTo(int fd, size_t want, std::string* out, const std::string& path) {
  size_t old_size = out->size();
  out->resize(old_size + want);
  size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, out->data() + old_size + got, want - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      out->resize(old_size + got);
      return IoError(std::string("read failed: ") + std::strerror(errno), Location(path));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out->resize(old_size + got);
  return got;
}

}  // namespace

TableFormat FormatFromExtension(const std::string& path) {
  std::string lower = Lower(path);
  if (EndsWith(lower, ".csv")) return TableFormat::kCsv;
  if (EndsWith(lower, ".tsv") || EndsWith(lower, ".tab")) return TableFormat::kTsv;
  if (EndsWith(lower, ".jsonl") || EndsWith(lower, ".ndjson") || EndsWith(lower, ".json")) {
    return TableFormat::kJsonLines;
  }
  return TableFormat::kAuto;
}

BlockReader::~BlockReader() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<BlockReader>> BlockReader::Open(const std::string& path,
                                                       const ReadOptions& options) {
  std::unique_ptr<BlockReader> r(new BlockReader());
  r->path_ = path;
  r->options_ = options;
  r->block_bytes_ = std::max<size_t>(options.block_bytes, 4096);
  if (path == "-") {
    r->fd_ = STDIN_FILENO;
  } else {
    r->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (r->fd_ < 0) {
      if (errno == ENOENT) return NotFound("no such file", Location(path));
      return IoError(std::string("cannot open: ") + std::strerror(errno), Location(path));
    }
    r->owns_fd_ = true;
  }
  struct stat st;
  if (::fstat(r->fd_, &st) != 0) {
    return IoError(std::string("cannot stat: ") + std::strerror(errno), Location(path));
  }
  if (S_ISDIR(st.st_mode)) return IoError("is a directory, not a table file", Location(path));
  if (S_ISREG(st.st_mode)) {
    r->input_size_ = static_cast<uint64_t>(st.st_size);
    ::posix_fadvise(r->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }

  std::string first;
  XB_ASSIGN_OR_RETURN(size_t got, ReadUpTo(r->fd_, r->block_bytes_, &first, path));
  r->input_read_ = got;
  r->eof_ = got < r->block_bytes_;
  if (first.empty()) return InvalidArgument("empty file", Location(path));
  if (size_t bad = FindBinaryByte(first); bad != std::string_view::npos) {
    int64_t line = 1 + std::count(first.begin(), first.begin() + bad, '\n');
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(first[bad]));
    return InvalidArgument(std::string("binary content, not a text table (control byte ") + hex +
                               " at offset " + std::to_string(bad) + ")",
                           Location(path, line));
  }

  switch (options.encoding) {
    case TextEncoding::kUtf8:
    case TextEncoding::kGb18030:
      r->encoding_ = options.encoding;
      break;
    case TextEncoding::kAuto: {
      std::string_view sample = first;
      if (sample.substr(0, 3) == kUtf8Bom) {
        r->encoding_ = TextEncoding::kUtf8;
      } else if (sample.substr(0, 4) == kGb18030Bom) {
        r->encoding_ = TextEncoding::kGb18030;
      } else {
        XB_ASSIGN_OR_RETURN(r->encoding_, DetectEncoding(sample, r->eof_, path));
      }
      break;
    }
  }
  if (r->encoding_ == TextEncoding::kUtf8) {
    if (std::string_view(first).substr(0, 3) == kUtf8Bom) first.erase(0, 3);
    r->pending_ = std::move(first);
  } else {
    if (std::string_view(first).substr(0, 4) == kGb18030Bom) first.erase(0, 4);
    XB_ASSIGN_OR_RETURN(r->decoder_, Gb18030Decoder::Create());
    XB_RETURN_IF_ERROR(r->Decode(first, r->eof_));
  }
  if (r->pending_.empty()) return InvalidArgument("empty file", Location(path));

  r->format_ = options.format;
  if (r->format_ == TableFormat::kAuto) r->format_ = FormatFromExtension(path);
  if (r->format_ == TableFormat::kAuto) {
    size_t first_char = r->pending_.find_first_not_of(" \t\r\n");
    r->format_ = first_char != std::string::npos && r->pending_[first_char] == '{'
                     ? TableFormat::kJsonLines
                     : TableFormat::kCsv;
  }
  if (r->format_ == TableFormat::kTsv) {
    r->delimiter_ = '\t';
  } else if (r->format_ == TableFormat::kCsv) {
    r->delimiter_ =
        options.delimiter != 0
            ? options.delimiter
            : DetectDelimiter(std::string_view(r->pending_).substr(0, kDelimiterSampleBytes));
  }
  return r;
}

Status BlockReader::Decode(std::string_view raw, bool final) {
  raw_.append(raw);
  // Line of the first undecoded byte, should the decoder reject it.
  Result<size_t> used = decoder_->Convert(raw_, final, &pending_);
  if (!used.ok()) {
    int64_t line = next_line_ + static_cast<int64_t>(CountNewlines(pending_));
    return ParseError(used.error().message + "; use --encoding to force another encoding",
                      Location(path_, line));
  }
  raw_.erase(0, *used);
  return Status::Ok();
}

Status BlockReader::ReadMore() {
  if (encoding_ == TextEncoding::kUtf8) {
    // Reserve room for two blocks at once: buffers then keep their capacity as they circulate
    // between the reader and the blocks, instead of a fresh (mmap'd, page-faulting) 1 MiB
    // allocation per block.
    pending_.reserve(std::max(pending_.size() + block_bytes_, 2 * block_bytes_) + kBlockPadding);
    XB_ASSIGN_OR_RETURN(size_t got, ReadUpTo(fd_, block_bytes_, &pending_, path_));
    input_read_ += got;
    eof_ = got < block_bytes_;
    return Status::Ok();
  }
  std::string raw;
  XB_ASSIGN_OR_RETURN(size_t got, ReadUpTo(fd_, block_bytes_, &raw, path_));
  input_read_ += got;
  eof_ = got < block_bytes_;
  return Decode(raw, eof_);
}

void BlockReader::ScanBoundaries() {
  if (format_ == TableFormat::kJsonLines) {
    // A JSON text never holds a raw LF, so every LF ends a record.
    size_t from = scan_.pos;
    if (pending_.size() > from) {
      const void* nl = ::memrchr(pending_.data() + from, '\n', pending_.size() - from);
      if (nl != nullptr) {
        scan_.last_boundary = static_cast<const char*>(nl) - pending_.data() + 1;
      }
    }
    scan_.pos = pending_.size();
    return;
  }
  ScanCsvBoundaries(pending_, &scan_);
}

void BlockReader::Emit(size_t length, RecordBlock* block) {
  block->data.swap(pending_);
  pending_.assign(block->data, length, std::string::npos);
  block->data.resize(length);
  block->data.reserve(length + kBlockPadding);
  // Everything up to the last boundary went out; what is left is one partial record.
  scan_.pos -= length;
  scan_.last_boundary = 0;
  block->first_line = next_line_;
  next_line_ += static_cast<int64_t>(CountNewlines(block->data));
  block->input_end = input_read_;
  block->sequence = sequence_++;
}

Result<bool> BlockReader::Next(RecordBlock* block) {
  while (true) {
    ScanBoundaries();
    size_t limit = scan_.last_boundary;
    bool emit_all = false;
    if (eof_ && limit == 0) {
      if (pending_.empty()) return false;
      if (format_ != TableFormat::kJsonLines && scan_.in_quotes) {
        return ParseError("quoted field not closed before the end of the file",
                          Location(path_, next_line_));
      }
      emit_all = true;  // the last record, without a final LF
    }
    if (emit_all || (limit > 0 && (pending_.size() >= block_bytes_ || eof_))) {
      size_t length = emit_all ? pending_.size() : limit;
      if (encoding_ == TextEncoding::kUtf8 && !simdjson::validate_utf8(pending_.data(), length)) {
        size_t bad = FindInvalidUtf8(std::string_view(pending_.data(), length), false);
        int64_t line = next_line_ + static_cast<int64_t>(CountNewlines(
                                        std::string_view(pending_.data(), std::min(bad, length))));
        return ParseError(
            "not UTF-8 text (invalid byte at this line); use --encoding gb18030 "
            "if the file is GB18030/GBK",
            Location(path_, line));
      }
      Emit(length, block);
      return true;
    }
    if (pending_.size() - limit > options_.max_record_bytes) {
      int64_t line = next_line_ +
                     static_cast<int64_t>(CountNewlines(std::string_view(pending_.data(), limit)));
      return Error{ErrorCode::kResourceExhausted,
                   "record longer than " + std::to_string(options_.max_record_bytes) +
                       " bytes (max_record_bytes); not a table, or an unbalanced quote",
                   Location(path_, line)};
    }
    XB_RETURN_IF_ERROR(ReadMore());
  }
}

}  // namespace xb::io
