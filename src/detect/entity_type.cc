#include "detect/entity_type.h"

#include <array>

namespace xb {
namespace {

constexpr std::array<std::string_view, kEntityTypeCount> kNames = {
    "CN_RESIDENT_ID", "CN_MOBILE",     "PHONE_NUMBER",      "BANK_CARD",    "CN_PASSPORT",
    "PASSPORT",       "CN_HMT_PERMIT", "CN_LICENSE_PLATE",  "CN_USCC",      "EMAIL_ADDRESS",
    "IP_ADDRESS",     "MAC_ADDRESS",   "IMEI",              "IBAN",         "GPS_COORDINATE",
    "DATE_OF_BIRTH",  "URL",           "PERSON_NAME",       "ADDRESS",      "ETHNICITY",
    "RELIGION",       "HEALTH",        "BIOMETRIC",         "FINANCIAL_ACCOUNT", "GENDER",
    "AGE"};

}  // namespace

std::string_view EntityTypeName(EntityType type) { return kNames[static_cast<size_t>(type)]; }

std::optional<EntityType> ParseEntityType(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

}  // namespace xb
