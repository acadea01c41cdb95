// The dashboard's words in Chinese and English (`?lang=zh|en`). One table; a key missing from it
// shows as the key itself, which the page tests would notice.
#ifndef XBORDER_SERVER_I18N_H_
#define XBORDER_SERVER_I18N_H_

#include <string_view>

#include "report/document.h"

namespace xb::server {

// The documents' languages (report/document.h): one vocabulary for the service's pages and the
// documents it serves.
using report::Lang;
using report::LangCode;

// "zh" → kZh; anything else → kEn.
Lang ParseLang(std::string_view text);
std::string_view Tr(Lang lang, std::string_view key);

}  // namespace xb::server

#endif  // XBORDER_SERVER_I18N_H_
