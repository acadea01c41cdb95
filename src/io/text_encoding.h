// Text encodings of tabular input: detection (UTF-8 versus GB18030/GBK) and the GB18030 → UTF-8
// conversion. Everything downstream of the readers sees UTF-8 only.
#ifndef XBORDER_IO_TEXT_ENCODING_H_
#define XBORDER_IO_TEXT_ENCODING_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "io/table_reader.h"

namespace xb::io {

// Offset of the first NUL or other control byte that never occurs in text (anything below 0x20
// except tab, LF, CR, form feed, and ESC), or npos. Text files have none; binaries and UTF-16 do.
size_t FindBinaryByte(std::string_view sample);

// Offset of the first byte that breaks GB18030's structure (single byte < 0x80, two bytes
// [81-FE][40-7E,80-FE], four bytes [81-FE][30-39][81-FE][30-39]), or npos. A sequence cut by the
// end of `bytes` is accepted when `allow_truncated_tail` is set (the sample ends mid-file).
size_t FindInvalidGb18030(std::string_view bytes, bool allow_truncated_tail);

// Like utf8::FindInvalid, but accepts a sequence cut by the end of `bytes` when
// `allow_truncated_tail` is set.
size_t FindInvalidUtf8(std::string_view bytes, bool allow_truncated_tail);

// Chooses the encoding of a file from its leading bytes: UTF-8 when they are valid UTF-8 (pure
// ASCII included), else GB18030 when they are well-formed GB18030, else an error naming `path`
// and the line of the first offending byte. `at_eof`: the sample is the whole file.
Result<TextEncoding> DetectEncoding(std::string_view sample, bool at_eof, const std::string& path);

// Incremental GB18030 (a superset of GBK and GB2312) → UTF-8 conversion over glibc iconv.
// Not copyable: owns an iconv descriptor. Not thread-safe.
class Gb18030Decoder {
 public:
  static Result<std::unique_ptr<Gb18030Decoder>> Create();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  // Converts as much of `in` as possible, appending UTF-8 to *out, and returns the number of
  // input bytes consumed; a multi-byte sequence cut by the end of `in` is left unconsumed unless
  // `final`. Errors: kParse when `in` holds a byte sequence that is not GB18030 (the message
  // gives its offset in `in`; the caller adds file and line).
  Result<size_t> Convert(std::string_view in, bool final, std::string* out);

 private:
  explicit Gb18030Decoder(void* cd) : cd_(cd) {}
  void* cd_;  // iconv_t
};

}  // namespace xb::io

#endif  // XBORDER_IO_TEXT_ENCODING_H_
