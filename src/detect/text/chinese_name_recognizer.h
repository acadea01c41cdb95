// Chinese personal names in running text: a surname (single or compound, data/dict/
// surnames_zh.txt) followed by one or two given-name characters, scored by how name-like the
// given characters are (data/text/given_name_chars.txt) and by the words around it
// (data/text/name_context.tsv: 客户, 患者, 联系人 … before; 先生, 来电, 说 … after), minus
// common words that merely start with a surname character (data/text/non_name_words.txt).
// Also forms of address around a bare surname or given-name character (王师傅, 李总, 小王, 老李,
// 阿明; data/text/name_forms.tsv), found as one span, and transliterated names joined by a
// middle dot (买买提·阿凡提, data/text/transliteration_chars.txt).
//
// Why rules and not a trained sequence model: the project may ship only data it can license,
// and no openly licensed, labelled Chinese PII corpus exists to train on; these cues are the
// ones such models learn, written down where a reviewer can read and correct them.
#ifndef XBORDER_DETECT_TEXT_CHINESE_NAME_RECOGNIZER_H_
#define XBORDER_DETECT_TEXT_CHINESE_NAME_RECOGNIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/text/code_point_sets.h"
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
  // A form of address (data/text/name_forms.tsv).
  struct Title {
    std::u32string word;
    bool short_title;  // one character: only after a common surname, never starting a word
  };
  ChineseNameRecognizer() = default;

  uint32_t Flags(char32_t c) const { return c < flags_.size() ? flags_[c] : 0; }
  // Whether c may carry `flag`: the flag is set, or c is outside the BMP, where flags_ records
  // nothing. Guards a table lookup so it runs only where it can succeed.
  bool Maybe(char32_t c, uint32_t flag) const { return c >= flags_.size() || (flags_[c] & flag); }
  float BeforeCue(const Document& doc, size_t i) const;
  float AfterCue(const Document& doc, size_t i, size_t* cue_length) const;
  bool IsNonNameWord(const Document& doc, size_t i, size_t length) const;
  void FindDotted(const Document& doc, size_t dot, std::vector<Candidate>* out) const;
  // Length of the longest title starting at i (0 if none) and whether it is a short one.
  size_t TitleAt(const Document& doc, size_t i, bool* short_title) const;
  // Raw score of a surname-plus-title form 王师傅 at i (surname length sl), or < 0.
  float TitleForm(const Document& doc, size_t i, size_t sl, float prior, float before,
                  size_t* length) const;
  // Score and length of 小王 / 老李 / 阿明 starting at i, or a score < 0.
  float PrefixForm(const Document& doc, size_t i, size_t* length) const;
  // Whether the character at i lies inside a known non-name word that starts before it: 值班 in
  // 值班医生, 王老吉.
  bool InsideNonNameWord(const Document& doc, size_t i) const;
  // Whether the character at i is the last one of a "before" cue of two or more characters
  // (感谢 in 感谢吴彤): it is part of the cue, not a surname.
  bool EndsBeforeCue(const Document& doc, size_t i) const;
  // Whether the Han character c alone is a "before" cue (由, 给, 和).
  bool IsOneCharCue(char32_t c) const;
  // Whether [start, end) is a chat speaker ("李四：" at a line start) or stands alone in
  // brackets or quotes ("【那英】"): set off as a name usually is.
  static bool SpeakerOrQuoted(const Document& doc, size_t start, size_t end);
  // Whether an administrative suffix at i makes the text before it a place (邵阳市).
  bool PlaceFollows(const Document& doc, size_t i) const;
  // Length of the longest listed minority given name (minority_names.txt) starting at i, or 0.
  size_t MinorityNameAt(const Document& doc, size_t i) const;
  // Tibetan / Mongolian names without a surname: 扎西多吉, 司机巴特尔. Returns the end, or i.
  size_t FindMinority(const Document& doc, size_t i, std::vector<Candidate>* out) const;

  std::vector<uint32_t> flags_;  // per BMP code point, see the kFlag constants in the .cc
  // One bit per BMP code point: flags_ has a bit that Find() acts on (a surname, a form
  // prefix, the start of a minority name), so every other character costs one L1 read.
  std::vector<uint64_t> starts_;
  CodePointWordSet compound_surnames_;
  CodePointWordSet non_name_words_;
  // Cues indexed by the character next to the name (the last character of a "before" cue, the
  // first of an "after" cue), so a candidate looks at a handful of cues, not all of them.
  CodePointIndex<Cue> before_;
  CodePointIndex<Cue> after_;
  CodePointIndex<Title> titles_;  // by first character
  // 小, 老: before a common surname; 阿: before a common given-name character.
  std::u32string prefixes_;
  std::u32string nicks_;
  CodePointIndex<std::u32string> minority_;  // by first character
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_CHINESE_NAME_RECOGNIZER_H_
