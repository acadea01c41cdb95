#include "detect/lexicon.h"

namespace xb {

Result<std::unique_ptr<Lexicon>> Lexicon::Load(const std::string& data_dir) {
  auto lexicon = std::make_unique<Lexicon>();
  const std::string dir = data_dir + "/dict/";
  struct Entry {
    const char* file;
    Dictionary* dict;
  };
  for (const Entry& e : {Entry{"surnames_zh.txt", &lexicon->surnames_zh},
                         Entry{"surnames_latin.txt", &lexicon->surnames_latin},
                         Entry{"given_names_latin.txt", &lexicon->given_names_latin},
                         Entry{"ethnic_groups.txt", &lexicon->ethnic_groups},
                         Entry{"religions.txt", &lexicon->religions},
                         Entry{"health_terms.txt", &lexicon->health_terms},
                         Entry{"gender_terms.txt", &lexicon->gender_terms}}) {
    XB_ASSIGN_OR_RETURN(*e.dict, Dictionary::Load(dir + e.file));
  }
  return lexicon;
}


}  // namespace xb
