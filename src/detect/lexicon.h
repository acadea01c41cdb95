// The dictionaries of data/dict/ loaded together (see data/dict/README.md), for the column
// classifier and the free-text detectors.
//
// Immutable after Load(); safe to share between threads.
#ifndef XBORDER_DETECT_LEXICON_H_
#define XBORDER_DETECT_LEXICON_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "detect/dictionary.h"

namespace xb {

struct Lexicon {
  Dictionary surnames_zh;     // single and compound Chinese surnames
  Dictionary surnames_latin;  // incl. pinyin and Cantonese romanisations
  Dictionary given_names_latin;
  Dictionary ethnic_groups;  // with and without 族, English names
  Dictionary religions;
  Dictionary health_terms;
  Dictionary gender_terms;

  // Loads every file from `<data_dir>/dict/`. Errors are those of Dictionary::Load (file, line).
  static Result<std::unique_ptr<Lexicon>> Load(const std::string& data_dir);
};

}  // namespace xb

#endif  // XBORDER_DETECT_LEXICON_H_
