// Chinese personal names in running text: a surname (single or compound, data/dict/
// surnames_zh.txt) followed by one or two given-name characters, scored by how name-like the
// given characters are (data/text/given_name_chars.txt) and by the words around it
// (data/text/name_context.tsv: 客户, 患者, 联系人 … before; 先生, 来电, 说 … after), minus
// common words that merely start with a surname character (data/text/non_name_words.txt).
// Also "王先生" (surname + 先生/女士/小姐) and transliterated names joined by a middle dot
// (买买提·阿凡提, data/text/transliteration_chars.txt).
//
// Why rules and not a trained sequence model: the project may ship only data it can license,
// and no openly licensed, labelled Chinese PII corpus exists to train on; these cues are the
// ones such models learn, written down where a reviewer can read and correct them.
#ifndef XBORDER_DETECT_TEXT_CHINESE_NAME_RECOGNIZER_H_
#define XBORDER_DETECT_TEXT_CHINESE_NAME_RECOGNIZER_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "detect/text/document.h"

namespace xb::text {

// Immutable after Load(); Find() is thread-safe.
class ChineseNameRecognizer {
 public:
  // Errors name the data file (and line) that is missing or malformed.
  static Result<std::unique_ptr<ChineseNameRecognizer>> Load(const std::string& data_dir);

  // Appends PERSON_NAME candidates. Scores below 0.5 mean "weak": kept for --min-score sweeps.
  void Find(const Document& doc, std::vector<Candidate>* out) const;

 private:
  struct Cue {
    std::u32string word;
    float weight;
  };
  ChineseNameRecognizer() = default;

  uint8_t Flags(char32_t c) const { return c < flags_.size() ? flags_[c] : 0; }
  float BeforeCue(const Document& doc, size_t i) const;
  float AfterCue(const Document& doc, size_t i, size_t* cue_length) const;
  bool IsNonNameWord(const Document& doc, size_t i, size_t length) const;
  void FindDotted(const Document& doc, size_t dot, std::vector<Candidate>* out) const;

  std::vector<uint8_t> flags_;  // per BMP code point, see the kFlag constants in the .cc
  std::unordered_set<std::u32string> compound_surnames_;
  std::unordered_set<std::u32string> non_name_words_;
  // Cues indexed by the character next to the name (the last character of a "before" cue, the
  // first of an "after" cue), so a candidate looks at a handful of cues, not all of them.
  std::unordered_map<char32_t, std::vector<Cue>> before_;
  std::unordered_map<char32_t, std::vector<Cue>> after_;
  static const std::vector<Cue> kNoCues;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_CHINESE_NAME_RECOGNIZER_H_
