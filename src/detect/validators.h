// Validators for the identifiers of DESIGN.md §3.
//
// Each function looks at one isolated candidate string (a whole cell, or a span a text detector
// has already cut out) and says whether it is a well-formed, checksum-valid value of its type.
// CONTRACT for every function here: pure, thread-safe, total on arbitrary bytes (any length, any
// encoding, embedded NULs), no allocation, no I/O, bounded work (candidates longer than a small
// per-type maximum are rejected after one length test).
//
// Surrounding blanks are NOT trimmed: the caller decides what the candidate is. Separators that
// belong to the written form of a value (138-0013-8000, 6222 0212 3456 7893, 京A·12345) are
// accepted where documented. Full-width digits (１３８…) are accepted by the phone-number and
// resident-ID validators, the forms people type in Chinese input methods.
#ifndef XBORDER_DETECT_VALIDATORS_H_
#define XBORDER_DETECT_VALIDATORS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/civil_date.h"

namespace xb {

// ---------------------------------------------------------------------------------------------
// CN_RESIDENT_ID: PRC resident identity card number (GB 11643-1999).
//
// 18 characters: 6-digit region code (GB/T 2260), 8-digit birth date YYYYMMDD, 3-digit sequence
// (odd = male), 1 check character per ISO 7064 MOD 11-2 ('0'..'9' or 'X', 'x' accepted).
// The 2-digit province prefix is checked strictly against GB/T 2260 (plus 71/81/82/83 used by
// residence permits for Taiwan, Hong Kong and Macau residents); the full 6-digit code is NOT
// checked here because old IDs keep codes of counties since merged — see AdminRegions
// (detect/admin_regions.h) to lower the confidence of unknown codes instead.
// The birth date must be a real date, not before 1900-01-01 and not after `latest` (today).
// Legacy 15-digit IDs (region, YYMMDD in 19YY, 3-digit sequence, no check character) are
// accepted only when `allow_legacy` is set.
// Full-width digits and 'Ｘ' are accepted.
struct ResidentIdInfo {
  CivilDate birth_date;
  bool male = false;
  int region_code = 0;  // the 6-digit region prefix, e.g. 110101
  bool legacy = false;  // a 15-digit first-generation number
};

// Remembers, in thread-local memory, the last 18-character ID it checked (a raw identifier) and
// its answer, to answer the same ID again at once; ForgetLastResidentId() erases it.
std::optional<ResidentIdInfo> ValidateCnResidentId(std::string_view s, CivilDate latest,
                                                   bool allow_legacy = false);
// Zeroes this thread's copy of the last resident ID checked. Call it when a thread's work on a
// dataset ends (a scan), so the ID does not outlive it on a long-lived thread.
void ForgetLastResidentId();
inline bool IsCnResidentId(std::string_view s, CivilDate latest) {
  return ValidateCnResidentId(s, latest).has_value();
}

// The MOD 11-2 check character for 17 ASCII digits ('0'..'9' or 'X'), or '\0' if `first17` is
// not exactly 17 ASCII digits.
char CnResidentIdCheckChar(std::string_view first17);

// True for the 2-digit province codes of GB/T 2260 (11..65) and 71, 81, 82, 83.
bool IsCnProvinceCode(int two_digits);

// Writes the canonical 18-character form (ASCII digits, upper-case 'X') of a valid 18-character
// resident ID into *out (legacy 15-digit IDs are widened to 18 by inserting "19" and computing
// the check character). Returns false and leaves *out unspecified when `s` is not valid.
bool CanonicalCnResidentId(std::string_view s, CivilDate latest, std::array<char, 18>* out,
                           bool allow_legacy = false);

// ---------------------------------------------------------------------------------------------
// CN_MOBILE: mainland mobile numbers, 11 digits 1[3-9]xxxxxxxxx.
//
// Accepted written forms: optional country prefix "+86", "0086", "86", "(+86)", "+86-";
// separators ' ', '-', '.' between digit groups (138-0013-8000, 138 0013 8000); full-width
// digits, '＋', '－', '（）' and the ideographic space. At most 40 bytes.
// Normalises to the 11 ASCII digits.
std::optional<std::array<char, 11>> NormalizeCnMobile(std::string_view s);
inline bool IsCnMobile(std::string_view s) { return NormalizeCnMobile(s).has_value(); }

// ---------------------------------------------------------------------------------------------
// PHONE_NUMBER: other phone numbers.
//
// PRC landlines with area code: 0 + 2-3 digit area code + 7-8 digit local number whose first
// digit is 2-9 (010-12345678 is not valid: local numbers never start with 0 or 1), written with
// '-', ' ' or parentheses ("(010) 6552 9988", "0755-8888 6666"), or with +86 and the leading 0
// dropped ("+86 10 6552 9988"). Also E.164: '+' then 8 to 15 digits, first digit 1-9, optional
// single separators. Mainland mobiles are NOT phone numbers here (they are CN_MOBILE).
bool IsPhoneNumber(std::string_view s);

// ---------------------------------------------------------------------------------------------
// BANK_CARD: payment card numbers (ISO/IEC 7812).
//
// 13-19 digits, optionally in groups separated by single spaces or '-' (6222 0212 3456 7893),
// passing Luhn and starting with an issuer range of a known network.
enum class CardNetwork : unsigned char {
  kNone,
  kUnionPay,    // 62, 16-19 digits
  kVisa,        // 4, 13/16/19 digits
  kMastercard,  // 51-55, 2221-2720, 16 digits
  kAmex,        // 34, 37, 15 digits
  kJcb,         // 3528-3589, 16-19 digits
  kDiscover,    // 6011, 644-649, 65, 16-19 digits
  kDiners,      // 300-305, 36, 38-39, 14-19 digits
  kMir,         // 2200-2204, 16-19 digits
};

// The network whose issuer range and length fit `digits` (ASCII digits only, no separators),
// or kNone. Does not check Luhn.
CardNetwork CardNetworkOf(std::string_view digits);
// Luhn (ISO/IEC 7812-1 Annex B) over ASCII digits; false for empty input or any non-digit.
bool LuhnValid(std::string_view digits);
bool IsBankCard(std::string_view s);
// The 13-19 digits of a valid card number, separators removed; returns the digit count, or 0
// when `s` is not a valid card number.
size_t NormalizeBankCard(std::string_view s, std::array<char, 19>* out);

// ---------------------------------------------------------------------------------------------
// CN_USCC: Unified Social Credit Code of an organisation (GB 32100-2015).
//
// 18 characters from the 31-character alphabet 0-9 A-H J-N P-R T U W-Y (no I O Z S V):
// registration authority, organisation category, 6-digit region code, 9-character organisation
// code, and a check character with weights 3^i mod 31. Lower-case letters are accepted.
bool IsCnUscc(std::string_view s);
// The check character for 17 characters of the alphabet (upper case), or '\0'.
char CnUsccCheckChar(std::string_view first17);

// ---------------------------------------------------------------------------------------------
// CN_PASSPORT: PRC ordinary passports: E or G + 8 digits; E + letter (not I, O) + 7 digits
// (issued after E99999999 ran out). Upper or lower case.
bool IsCnPassport(std::string_view s);

// ---------------------------------------------------------------------------------------------
// CN_HMT_PERMIT: travel permits between the mainland and Hong Kong, Macau, Taiwan.
//
// Accepted (upper or lower case letters):
//   H or M + 8 digits, or + 10 digits (the 2 trailing digits count renewals) — Mainland Travel
//     Permit for Hong Kong and Macau Residents (港澳居民来往内地通行证);
//   C + a digit or letter (not I, O) + 7 digits — Exit-Entry Permit for Travelling to and from
//     Hong Kong and Macau (往来港澳通行证, card type since 2014);
//   L + 8 digits — Exit-Entry Permit for Travelling to and from Taiwan (往来台湾通行证);
//   T + 8 digits — the Taiwan residents' permit number as sometimes written with a type letter.
// The Mainland Travel Permit for Taiwan Residents (台湾居民来往大陆通行证) is a bare 8 digits,
// indistinguishable from any 8-digit number; it is accepted only with `allow_bare_taiwan`, which
// a caller sets when context (a column header, nearby words) says so.
bool IsCnHmtPermit(std::string_view s, bool allow_bare_taiwan = false);

// ---------------------------------------------------------------------------------------------
// CN_LICENSE_PLATE: PRC civil vehicle plates (GA 36-2018).
//
// Province abbreviation (京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼) +
// issuing-authority letter A-Z + optional separator ('·', '•', '-', ' ') +
//   ordinary: 5 characters from digits and letters (no I, O), at most 3 letters, or 4 such
//             characters + one of 挂学警港澳领试超;
//   new-energy (8 characters): small vehicles D/F + letter-or-digit + 4 digits,
//             large vehicles 5 digits + D/F.
bool IsCnLicensePlate(std::string_view s);

// ---------------------------------------------------------------------------------------------
// EMAIL_ADDRESS: local@domain, local part of [A-Za-z0-9._%+-] (1-64, no leading, trailing or
// doubled dot), domain of at least two LDH labels (1-63, no leading/trailing '-'), a top-level
// label of 2+ letters or "xn--"; at most 254 bytes. Quoted local parts and address literals are
// not accepted (nobody stores PI that way).
bool IsEmailAddress(std::string_view s);

// ---------------------------------------------------------------------------------------------
// IP_ADDRESS: dotted-quad IPv4 (no leading zeros) and IPv6 text forms (RFC 4291 §2.2, incl.
// "::" and an embedded IPv4 tail), as accepted by inet_pton.
bool IsIpv4Address(std::string_view s);
bool IsIpv6Address(std::string_view s);
inline bool IsIpAddress(std::string_view s) { return IsIpv4Address(s) || IsIpv6Address(s); }

// MAC_ADDRESS: six hex pairs separated consistently by ':' or '-' (00:1A:2B:3C:4D:5E), or three
// groups of four separated by '.' (001a.2b3c.4d5e).
bool IsMacAddress(std::string_view s);

// IMEI: 15 digits passing Luhn whose 2-digit Reporting Body Identifier is allocated
// (01 10 30 33 35 44 45 49 50-54 86 91 98 99); written plain or as AA-BBBBBB-CCCCCC-D.
bool IsImei(std::string_view s);

// IBAN (ISO 13616): 2-letter country with its registered length, 2 check digits, alphanumeric
// BBAN, mod 97 == 1; upper or lower case, optional single spaces between groups of 4.
bool IsIban(std::string_view s);

// GPS_COORDINATE: "lat,lon" (or "lat, lon", "lat lon") as decimal degrees, each with a decimal
// point and at least 2 fractional digits, |lat| <= 90, |lon| <= 180.
bool IsGpsCoordinate(std::string_view s);

// DATE_OF_BIRTH: a plausible birth date — a real date between 1900-01-01 and `latest` in one of
// YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD, YYYY年M月D日 (日 optional), DD/MM/YYYY,
// MM/DD/YYYY (when only one reading is a real date, that one; when both, day-first), DD.MM.YYYY,
// with 1- or 2-digit month and day where separated. Returns the date.
std::optional<CivilDate> ParseDateOfBirth(std::string_view s, CivilDate latest);

// HEALTH (by shape): an ICD-10 code, letter A-Z, two digits, optionally '.' and 1-2
// characters (digits, or a letter for national extensions): J45, J45.9, E11.65, U07.1.
// `require_dot` accepts only the dotted form, which is much less likely to be some other code.
bool IsIcd10Code(std::string_view s, bool require_dot = false);

// Copies `s` into `buf` with full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space
// folded to ASCII. Returns the length, or -1 at the first other non-ASCII character (so Chinese
// text costs one byte test) or when the result does not fit in `cap` bytes.
int FoldFullWidthToAscii(std::string_view s, char* buf, size_t cap);

}  // namespace xb

#endif  // XBORDER_DETECT_VALIDATORS_H_
