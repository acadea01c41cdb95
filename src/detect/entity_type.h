// The entity vocabulary of DESIGN.md §3 (stable: add, never rename). Detectors report these
// names; the taxonomy maps them to PI categories and sensitivity.
#ifndef XBORDER_DETECT_ENTITY_TYPE_H_
#define XBORDER_DETECT_ENTITY_TYPE_H_

#include <optional>
#include <string_view>

namespace xb {

enum class EntityType : unsigned char {
  kCnResidentId,
  kCnMobile,
  kPhoneNumber,
  kBankCard,
  kCnPassport,
  kPassport,
  kCnHmtPermit,
  kCnLicensePlate,
  kCnUscc,
  kEmailAddress,
  kIpAddress,
  kMacAddress,
  kImei,
  kIban,
  kGpsCoordinate,
  kDateOfBirth,
  kUrl,
  kPersonName,
  kAddress,
  kEthnicity,
  kReligion,
  kHealth,
  kBiometric,
  kFinancialAccount,
  kGender,
  kAge,
};

inline constexpr int kEntityTypeCount = static_cast<int>(EntityType::kAge) + 1;

// "CN_RESIDENT_ID", "CN_MOBILE", ... exactly as in DESIGN.md §3.
std::string_view EntityTypeName(EntityType type);
std::optional<EntityType> ParseEntityType(std::string_view name);

}  // namespace xb

#endif  // XBORDER_DETECT_ENTITY_TYPE_H_
