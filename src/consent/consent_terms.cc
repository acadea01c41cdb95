#include "consent/consent_terms.h"

#include <nlohmann/json.hpp>

namespace xb::consent {
namespace {

std::string JoinList(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::string NoticeToJson(const Art39Notice& n) {
  return nlohmann::json{{"version", n.version},
                        {"recipient_name", n.recipient_name},
                        {"recipient_contact", n.recipient_contact},
                        {"purpose", n.purpose},
                        {"method", n.method},
                        {"categories", n.categories},
                        {"rights_procedure", n.rights_procedure}}
      .dump();
}

Result<Art39Notice> NoticeFromJson(std::string_view text, const std::string& where) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return Corruption("consent terms hold a malformed notice", {where});
  auto get = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
  };
  Art39Notice n;
  n.version = get("version");
  n.recipient_name = get("recipient_name");
  n.recipient_contact = get("recipient_contact");
  n.purpose = get("purpose");
  n.method = get("method");
  n.categories = get("categories");
  n.rights_procedure = get("rights_procedure");
  return n;
}

}  // namespace

std::string TermsText::Key() const {
  std::string key;
  key.reserve(recipients.size() + purposes.size() + categories.size() + notice.size() + 4);
  for (const std::string* part : {&recipients, &purposes, &categories, &notice}) {
    key += *part;
    key.push_back('\0');
  }
  return key;
}

TermsText EncodeTerms(const ConsentRecord& r) {
  return {JoinList(r.recipients), JoinList(r.purposes), JoinList(r.categories),
          NoticeToJson(r.notice)};
}

Result<std::vector<std::string>> DecodeList(std::string_view text, const std::string& where) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return Corruption("consent terms hold a malformed list", {where});
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (!v.is_string()) return Corruption("consent terms hold a malformed list", {where});
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<Terms> DecodeTerms(std::string_view recipients, std::string_view purposes,
                          std::string_view categories, std::string_view notice,
                          const std::string& where) {
  Terms t;
  XB_ASSIGN_OR_RETURN(t.recipients, DecodeList(recipients, where));
  XB_ASSIGN_OR_RETURN(t.purposes, DecodeList(purposes, where));
  XB_ASSIGN_OR_RETURN(t.categories, DecodeList(categories, where));
  XB_ASSIGN_OR_RETURN(t.notice, NoticeFromJson(notice, where));
  return t;
}

void ApplyTerms(const Terms& terms, ConsentRecord* record) {
  record->recipients = terms.recipients;
  record->purposes = terms.purposes;
  record->categories = terms.categories;
  record->notice = terms.notice;
}

}  // namespace xb::consent
