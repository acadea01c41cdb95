#include "io/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/utf8.h"

namespace xb::io {
namespace {

int64_t LineAt(std::string_view text, size_t offset) {
  return 1 + std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n');
}

// Length a UTF-8 lead byte announces, or 0 for a byte that cannot start a sequence.
int Utf8SequenceLength(unsigned char b) {
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

}  // namespace

size_t FindBinaryByte(std::string_view sample) {
  for (size_t i = 0; i < sample.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(sample[i]);
    if (c >= 0x20) continue;
    if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x1B) continue;
    return i;
  }
  return std::string_view::npos;
}

size_t FindInvalidUtf8(std::string_view bytes, bool allow_truncated_tail) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    // ASCII runs dominate real data: skip them eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int len = Utf8SequenceLength(b);
    if (len == 0) return i;
    if (i + len > n) {
      // Cut by the end of the sample: check the bytes that are there.
      if (!allow_truncated_tail) return i;
      for (size_t k = i + 1; k < n; ++k) {
        if ((static_cast<unsigned char>(bytes[k]) & 0xC0) != 0x80) return i;
      }
      return std::string_view::npos;
    }
    std::string_view seq = bytes.substr(i, len);
    size_t bad = utf8::FindInvalid(seq);
    if (bad != std::string_view::npos) return i;
    i += len;
  }
  return std::string_view::npos;
}

size_t FindInvalidGb18030(std::string_view bytes, bool allow_truncated_tail) {
  const size_t n = bytes.size();
  auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  size_t i = 0;
  while (i < n) {
    unsigned char b = at(i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b == 0x80 || b == 0xFF) return i;
    if (i + 1 >= n) return allow_truncated_tail ? std::string_view::npos : i;
    unsigned char b2 = at(i + 1);
    if ((b2 >= 0x40 && b2 <= 0x7E) || (b2 >= 0x80 && b2 <= 0xFE)) {
      i += 2;
      continue;
    }
    if (b2 < 0x30 || b2 > 0x39) return i;
    if (i + 3 >= n) {
      if (!allow_truncated_tail) return i;
      if (i + 2 < n && (at(i + 2) < 0x81 || at(i + 2) > 0xFE)) return i;
      return std::string_view::npos;
    }
    if (at(i + 2) < 0x81 || at(i + 2) > 0xFE || at(i + 3) < 0x30 || at(i + 3) > 0x39) return i;
    i += 4;
  }
  return std::string_view::npos;
}

Result<TextEncoding> DetectEncoding(std::string_view sample, bool at_eof, const std::string& path) {
  size_t bad_utf8 = FindInvalidUtf8(sample, !at_eof);
  if (bad_utf8 == std::string_view::npos) return TextEncoding::kUtf8;
  size_t bad_gb = FindInvalidGb18030(sample, !at_eof);
  if (bad_gb == std::string_view::npos) return TextEncoding::kGb18030;
  return InvalidArgument("neither UTF-8 nor GB18030/GBK text (undecodable byte at offset " +
                             std::to_string(bad_utf8) + "); use --encoding to force one",
                         Location(path, LineAt(sample, bad_utf8)));
}

Result<std::unique_ptr<Gb18030Decoder>> Gb18030Decoder::Create() {
  iconv_t cd = ::iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Internal("iconv cannot convert GB18030 to UTF-8 on this system");
  }
  return std::unique_ptr<Gb18030Decoder>(new Gb18030Decoder(cd));
}

Gb18030Decoder::~Gb18030Decoder() { ::iconv_close(static_cast<iconv_t>(cd_)); }

Result<size_t> Gb18030Decoder::Convert(std::string_view in, bool final, std::string* out) {
  char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write the input
  size_t src_left = in.size();
  while (src_left > 0) {
    // GB18030 never takes more than 1.5x its bytes in UTF-8 (2 → 3, 4 → 4), plus slack.
    size_t old_size = out->size();
    size_t room = src_left + src_left / 2 + 16;
    out->resize(old_size + room);
    char* dst = out->data() + old_size;
    size_t dst_left = room;
    size_t rc = ::iconv(static_cast<iconv_t>(cd_), &src, &src_left, &dst, &dst_left);
    out->resize(old_size + (room - dst_left));
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !final) break;  // a sequence cut by the end of `in`: keep it
    size_t offset = in.size() - src_left;
    ::iconv(static_cast<iconv_t>(cd_), nullptr, nullptr, nullptr, nullptr);  // reset state
    return ParseError("not GB18030 text (undecodable byte sequence at offset " +
                      std::to_string(offset) + ")");
  }
  return in.size() - src_left;
}

}  // namespace xb::io
