// Fuzzes the identifier validators (src/detect/validators.h): every validator must be total on
// arbitrary bytes, normalisers must produce values their validator accepts, and the hand-written
// IPv4 parser must agree with inet_pton.
#include <arpa/inet.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "detect/column_classifier.h"
#include "detect/validators.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // longer inputs only exercise the length checks
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const xb::CivilDate today = *xb::CivilDate::FromYmd(2026, 11, 23);

  if (auto id = xb::ValidateCnResidentId(s, today, /*allow_legacy=*/true)) {
    std::array<char, 18> canon;
    if (!xb::CanonicalCnResidentId(s, today, &canon, true)) __builtin_trap();
    const std::string_view c(canon.data(), canon.size());
    auto again = xb::ValidateCnResidentId(c, today);
    if (!again || again->birth_date != id->birth_date || again->male != id->male) {
      __builtin_trap();
    }
    if (xb::CnResidentIdCheckChar(c.substr(0, 17)) != c[17]) __builtin_trap();
  }
  if (auto m = xb::NormalizeCnMobile(s)) {
    if (!xb::IsCnMobile(std::string_view(m->data(), m->size()))) __builtin_trap();
  }
  std::array<char, 19> card;
  const size_t card_len = xb::NormalizeBankCard(s, &card);
  if (card_len != 0) {
    const std::string_view digits(card.data(), card_len);
    if (!xb::LuhnValid(digits) || xb::CardNetworkOf(digits) == xb::CardNetwork::kNone ||
        !xb::IsBankCard(digits)) {
      __builtin_trap();
    }
  }
  if (xb::IsBankCard(s) != (card_len != 0)) __builtin_trap();
  if (xb::IsCnUscc(s) && xb::CnUsccCheckChar(s.substr(0, 17)) == '\0') __builtin_trap();
  if (size <= 15 && std::memchr(data, 0, size) == nullptr) {
    char buf[16];
    std::memcpy(buf, data, size);
    buf[size] = '\0';
    unsigned char addr[4];
    if (xb::IsIpv4Address(s) != (inet_pton(AF_INET, buf, addr) == 1)) __builtin_trap();
  }
  (void)xb::IsIpv6Address(s);
  (void)xb::IsPhoneNumber(s);
  (void)xb::IsCnPassport(s);
  (void)xb::IsCnHmtPermit(s, true);
  (void)xb::IsCnLicensePlate(s);
  (void)xb::IsEmailAddress(s);
  (void)xb::IsMacAddress(s);
  (void)xb::IsImei(s);
  (void)xb::IsIban(s);
  (void)xb::IsGpsCoordinate(s);
  (void)xb::IsIcd10Code(s);
  if (auto d = xb::ParseDateOfBirth(s, today)) {
    if (*d > today || d->year() < 1900) __builtin_trap();
  }
  // Masked samples are valid UTF-8 whatever the input.
  for (int t = 0; t < xb::kEntityTypeCount; ++t) {
    const std::string masked = xb::MaskedSample(static_cast<xb::EntityType>(t), s);
    if (!xb::utf8::IsValid(masked)) __builtin_trap();
  }
  return 0;
}
