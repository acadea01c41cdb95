// The text every free-text recogniser sees: full-width ASCII forms, the ideographic space and the
// Unicode dashes folded to ASCII, so "１３８－００１３－８０００" matches like "138-0013-8000",
// with a map back to the caller's byte offsets.
#ifndef XBORDER_DETECT_TEXT_NORMALIZED_TEXT_H_
#define XBORDER_DETECT_TEXT_NORMALIZED_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xb::text {

// Not thread-safe; reusable across calls (keeps its buffers to avoid allocation).
class NormalizedText {
 public:
  // Folds `original`. The view must outlive this object's use of it. Invalid UTF-8 is copied
  // as is (recognisers treat invalid bytes as separators).
  void Reset(std::string_view original);

  // The folded text (the original itself when nothing needed folding).
  std::string_view text() const { return text_; }
  std::string_view original() const { return original_; }

  // Byte offset in the original for byte offset `folded` of text(); `folded` may equal
  // text().size(). A folded character is one byte of text(), mapped to its start; every other
  // byte maps to itself in the original.
  size_t ToOriginal(size_t folded) const {
    return to_original_.empty() ? folded : to_original_[folded];
  }

 private:
  std::string_view original_;
  std::string_view text_;
  std::string buffer_;
  std::vector<uint32_t> to_original_;  // empty when text_ == original_
};

// The ASCII byte a code point folds to, or 0 when it is not folded.
char FoldedAscii(char32_t code_point);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_NORMALIZED_TEXT_H_
