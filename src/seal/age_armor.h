// Reading the ASCII armor of age files (c2sp.org/age, "ASCII armor"): strict PEM (RFC 7468
// §3) with the label "AGE ENCRYPTED FILE", padded base64 in 64-column lines, LF or CRLF line
// ends, whitespace allowed only before the first and after the last line. xborder writes binary
// age files; it reads armored ones so that `age -a` output opens too.
#ifndef XBORDER_SEAL_AGE_ARMOR_H_
#define XBORDER_SEAL_AGE_ARMOR_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "seal/byte_stream.h"

namespace xb::seal {

// True if `start` (the first bytes of a file) begins, after optional whitespace, with a PEM
// BEGIN line: the file is to be read through an ArmorSource.
bool LooksArmored(std::string_view start);

// Decodes the armored file read from `in` (which must outlive it), line by line: memory stays
// flat in the file's size. Errors: kParse, field "armor", naming the armor line: a BEGIN or END
// line other than the age one, a line that is empty, longer than 64 columns, not canonical
// padded base64 or follows a short (final) line, anything but whitespace after END.
// A file that ends without END is not an error here: the decoded bytes end at the last whole
// line and truncated() turns true, so the caller reports the cut as it would in a binary file.
class ArmorSource : public ByteSource {
 public:
  explicit ArmorSource(BufferedSource& in) : in_(in) {}
  Result<size_t> Read(std::span<uint8_t> out) override;
  // True once the input has ended without the END line.
  bool truncated() const { return truncated_; }
  int64_t line() const { return line_; }

 private:
  Status Begin();
  Status NextLine();
  Status ExpectOnlyWhitespace();
  Error Fail(std::string message) const;

  BufferedSource& in_;
  int64_t line_ = 0;
  bool begun_ = false;
  bool last_data_line_seen_ = false;  // a short or padded line: only END may follow
  bool done_ = false;
  bool truncated_ = false;
  std::string decoded_;  // decoded bytes of the current line not yet read
  size_t decoded_pos_ = 0;
};

}  // namespace xb::seal

#endif  // XBORDER_SEAL_AGE_ARMOR_H_
