// The dashboard's frame, shared by every page file (pages.cc, alerts_page.cc, lineage_page.cc):
// the header with its navigation and sign-out form, sections, escaping and the page language.
// Every text that is not a constant of this program goes through H() before it reaches a page.
//
// Thread-safety: plain functions.
#ifndef XBORDER_SERVER_PAGE_FRAME_H_
#define XBORDER_SERVER_PAGE_FRAME_H_

#include <httplib.h>

#include <string>
#include <string_view>

#include "server/auth.h"
#include "server/i18n.h"

namespace xb::server {

struct LedgerSnapshot;

struct PageFrame {
  Lang lang;
  const Principal* who;
  std::string csrf;  // for the sign-out form (sessions only)
};

// `text` escaped for HTML text and attribute values.
std::string H(std::string_view text);
// The phrase `key` in `lang`, escaped.
std::string T(Lang lang, std::string_view key);
// ?lang= when given, else the Accept-Language header (zh… → Chinese).
Lang LangOf(const httplib::Request& req);

// A whole page: header (navigation, language switch to `self_path`, who is signed in), the
// title and `body` (HTML, already escaped).
std::string Layout(const PageFrame& f, std::string_view title, const std::string& body,
                   const std::string& self_path);
std::string Section(const std::string& id, const std::string& title, const std::string& body);

// The dashboard's alerts panel (alerts_page.cc): this year's alerts by kind and a link to
// /alerts. `year` is the dashboard's year; `q` the "?lang=..." of its links.
std::string AlertsPanel(Lang lang, const LedgerSnapshot& snap, int year, const std::string& q);

}  // namespace xb::server

#endif  // XBORDER_SERVER_PAGE_FRAME_H_
