// Personal names in Latin script: "John Smith", "Mr. Smith", "Zhang Wei", "Wei Zhang",
// "Maria J. Garcia" — a capitalised given name (data/dict/given_names_latin.txt) or surname
// (data/dict/surnames_latin.txt, with Pinyin and Cantonese spellings of Chinese surnames) next to
// another capitalised word that is not a common capitalised non-name (street, city, month …),
// or a courtesy title followed by a capitalised word.
#ifndef XBORDER_DETECT_TEXT_LATIN_NAME_RECOGNIZER_H_
#define XBORDER_DETECT_TEXT_LATIN_NAME_RECOGNIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/text/document.h"
#include "detect/text/word_bits_table.h"

namespace xb::text {

// Immutable after Load(); Find() is thread-safe.
class LatinNameRecognizer {
 public:
  static Result<std::unique_ptr<LatinNameRecognizer>> Load(const std::string& data_dir);
  void Find(const Document& doc, std::vector<Candidate>* out) const;

 private:
  LatinNameRecognizer() = default;
  // Lower-cased word -> what it is (given name, surname, common non-name, title, cue; the bits
  // in the .cc): one probe per token.
  WordBitsTable words_;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_LATIN_NAME_RECOGNIZER_H_
