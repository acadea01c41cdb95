#include "monitor/alert.h"

#include <nlohmann/json.hpp>

namespace xb::monitor {
namespace {

nlohmann::json Json(const Alert& a) {
  nlohmann::json j = {{"time", a.time},           {"kind", a.kind},
                      {"severity", a.severity},   {"exporter", a.exporter},
                      {"recipient", a.recipient}, {"detail", a.detail},
                      {"event_ref", a.event_ref}};
  if (!a.purpose.empty()) j["purpose"] = a.purpose;
  if (!a.country.empty()) j["country"] = a.country;
  if (!a.rule.empty()) j["rule"] = a.rule;
  if (!a.citation.empty()) j["citation"] = a.citation;
  return j;
}

}  // namespace

std::string AlertToJson(const Alert& a) { return Json(a).dump(); }

std::string AlertEntryJson(const Alert& a, std::string_view consumer) {
  nlohmann::json j = Json(a);
  j["type"] = "alert";
  j["consumer"] = std::string(consumer);
  return j.dump();
}

}  // namespace xb::monitor
