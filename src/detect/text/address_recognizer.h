// Chinese street addresses: chains of adjacent components — gazetteer divisions (GB/T 2260,
// data/cn-admin-divisions/: 广东省, 深圳, 南山区), generic divisions (粤海街道, 某某镇), roads
// (科苑路, 深南大道), numbers and units (88号, 3栋, 2单元, 1201室) and compounds (阳光小区,
// 国贸大厦) — with the component terms in data/text/address_terms.tsv. A chain is an address
// when it is specific enough: a division plus anything finer, a road or compound plus a number,
// or two divisions; an address word before it (住址, 家住, 寄到) raises the score.
#ifndef XBORDER_DETECT_TEXT_ADDRESS_RECOGNIZER_H_
#define XBORDER_DETECT_TEXT_ADDRESS_RECOGNIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/text/code_point_sets.h"
#include "detect/text/context_index.h"
#include "detect/text/document.h"

namespace xb::text {

struct AdminHit {
  uint32_t start;  // code points
  uint32_t end;
  uint8_t level;  // 1 province, 2 city, 3 county-level area
};

// Immutable after Load(); Find() is thread-safe.
class AddressRecognizer {
 public:
  static Result<std::unique_ptr<AddressRecognizer>> Load(const std::string& data_dir);

  // `admin` sorted by start. Appends ADDRESS candidates.
  void Find(const Document& doc, const std::vector<AdminHit>& admin, const ContextIndex& context,
            std::vector<Candidate>* out) const;

 private:
  enum class TermKind : uint8_t { kRoad, kNumber, kPlace, kAdmin };
  struct Term {
    std::u32string text;
    TermKind kind;
  };
  struct Component {
    uint32_t start;
    uint32_t end;
    TermKind kind;
    uint8_t level;  // divisions: 1 province .. 3 county, 4 township; 0 otherwise
  };
  AddressRecognizer() = default;

  // The longest term of `kind` set starting at i (0 when none); *kind receives its kind.
  size_t TermAt(const Document& doc, size_t i, bool numbers, TermKind* kind) const;
  // A number component ("88号", "A座", "3-2-301室") starting at i: its end, or 0.
  size_t NumberAt(const Document& doc, size_t i, TermKind previous) const;

  CodePointIndex<Term> terms_;  // by first character, longest first
  // Per BMP code point: kStartsTerm / kStartsNumberTerm (see the .cc) when some term of that
  // sort starts with it, so TermAt skips the index for nearly every character of a text.
  std::vector<uint8_t> starts_;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_ADDRESS_RECOGNIZER_H_
