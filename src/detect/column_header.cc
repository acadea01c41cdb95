#include "detect/column_header.h"

#include <cstring>

namespace xb {
namespace {

using T = EntityType;

struct Keyword {
  std::string_view word;
  T type;
};

// Whole-token ASCII keywords (lower case): too short to be searched inside other words.
constexpr Keyword kTokens[] = {
    {"id", T::kCnResidentId},
    {"sfz", T::kCnResidentId},
    {"sfzh", T::kCnResidentId},
    {"tel", T::kPhoneNumber},
    {"fax", T::kPhoneNumber},
    {"phone", T::kCnMobile},
    {"phone", T::kPhoneNumber},
    {"mobile", T::kCnMobile},
    {"cell", T::kCnMobile},
    {"pan", T::kBankCard},
    {"card", T::kBankCard},
    {"ip", T::kIpAddress},
    {"mac", T::kMacAddress},
    {"mail", T::kEmailAddress},
    {"dob", T::kDateOfBirth},
    {"born", T::kDateOfBirth},
    {"name", T::kPersonName},
    {"sex", T::kGender},
    {"age", T::kAge},
    {"mtp", T::kCnHmtPermit},
    {"gps", T::kGpsCoordinate},
    {"lat", T::kGpsCoordinate},
    {"url", T::kUrl},
    {"link", T::kUrl},
    {"acct", T::kFinancialAccount},
    {"icd", T::kHealth},
    {"addr", T::kAddress},
    {"face", T::kBiometric},
    {"iris", T::kBiometric},
    {"imei", T::kImei},
    {"iban", T::kIban},
    {"uscc", T::kCnUscc},
    {"plate", T::kCnLicensePlate},
};

// ASCII keywords searched inside the header's letters with separators removed.
constexpr Keyword kInfixes[] = {
    {"idcard", T::kCnResidentId},
    {"idno", T::kCnResidentId},
    {"idnumber", T::kCnResidentId},
    {"identity", T::kCnResidentId},
    {"residentid", T::kCnResidentId},
    {"nationalid", T::kCnResidentId},
    {"shenfenzheng", T::kCnResidentId},
    {"mobile", T::kCnMobile},
    {"cellphone", T::kCnMobile},
    {"phone", T::kCnMobile},
    {"phone", T::kPhoneNumber},
    {"telephone", T::kPhoneNumber},
    {"landline", T::kPhoneNumber},
    {"cardno", T::kBankCard},
    {"cardnum", T::kBankCard},
    {"bankcard", T::kBankCard},
    {"creditcard", T::kBankCard},
    {"debitcard", T::kBankCard},
    {"passport", T::kCnPassport},
    {"passport", T::kPassport},
    {"permit", T::kCnHmtPermit},
    {"licenseplate", T::kCnLicensePlate},
    {"plateno", T::kCnLicensePlate},
    {"platenum", T::kCnLicensePlate},
    {"creditcode", T::kCnUscc},
    {"email", T::kEmailAddress},
    {"ipaddr", T::kIpAddress},
    {"macaddr", T::kMacAddress},
    {"imei", T::kImei},
    {"iban", T::kIban},
    {"latitude", T::kGpsCoordinate},
    {"longitude", T::kGpsCoordinate},
    {"coordinate", T::kGpsCoordinate},
    {"location", T::kGpsCoordinate},
    {"geo", T::kGpsCoordinate},
    {"birth", T::kDateOfBirth},
    {"website", T::kUrl},
    {"homepage", T::kUrl},
    {"fullname", T::kPersonName},
    {"firstname", T::kPersonName},
    {"lastname", T::kPersonName},
    {"surname", T::kPersonName},
    {"givenname", T::kPersonName},
    {"realname", T::kPersonName},
    {"familyname", T::kPersonName},
    {"customername", T::kPersonName},
    {"address", T::kAddress},
    {"street", T::kAddress},
    {"ethnic", T::kEthnicity},
    {"religio", T::kReligion},
    {"faith", T::kReligion},
    {"diagnos", T::kHealth},
    {"disease", T::kHealth},
    {"illness", T::kHealth},
    {"medical", T::kHealth},
    {"health", T::kHealth},
    {"condition", T::kHealth},
    {"fingerprint", T::kBiometric},
    {"biometric", T::kBiometric},
    {"voiceprint", T::kBiometric},
    {"faceprint", T::kBiometric},
    {"account", T::kFinancialAccount},
    {"gender", T::kGender},
};

// Chinese keywords, matched anywhere in the header.
constexpr Keyword kChinese[] = {
    {"身份证", T::kCnResidentId},
    {"证件号", T::kCnResidentId},
    {"公民身份", T::kCnResidentId},
    {"手机", T::kCnMobile},
    {"电话", T::kCnMobile},
    {"电话", T::kPhoneNumber},
    {"联系方式", T::kCnMobile},
    {"座机", T::kPhoneNumber},
    {"固话", T::kPhoneNumber},
    {"传真", T::kPhoneNumber},
    {"银行卡", T::kBankCard},
    {"卡号", T::kBankCard},
    {"信用卡", T::kBankCard},
    {"护照", T::kCnPassport},
    {"护照", T::kPassport},
    {"通行证", T::kCnHmtPermit},
    {"回乡证", T::kCnHmtPermit},
    {"台胞证", T::kCnHmtPermit},
    {"车牌", T::kCnLicensePlate},
    {"信用代码", T::kCnUscc},
    {"邮箱", T::kEmailAddress},
    {"电子邮件", T::kEmailAddress},
    {"邮件", T::kEmailAddress},
    {"设备号", T::kImei},
    {"经纬度", T::kGpsCoordinate},
    {"坐标", T::kGpsCoordinate},
    {"定位", T::kGpsCoordinate},
    {"纬度", T::kGpsCoordinate},
    {"经度", T::kGpsCoordinate},
    {"出生", T::kDateOfBirth},
    {"生日", T::kDateOfBirth},
    {"网址", T::kUrl},
    {"链接", T::kUrl},
    {"姓名", T::kPersonName},
    {"名字", T::kPersonName},
    {"联系人", T::kPersonName},
    {"收件人", T::kPersonName},
    {"收货人", T::kPersonName},
    {"持卡人", T::kPersonName},
    {"户名", T::kPersonName},
    {"地址", T::kAddress},
    {"住址", T::kAddress},
    {"住所", T::kAddress},
    {"居住地", T::kAddress},
    {"民族", T::kEthnicity},
    {"宗教", T::kReligion},
    {"信仰", T::kReligion},
    {"诊断", T::kHealth},
    {"疾病", T::kHealth},
    {"病史", T::kHealth},
    {"病情", T::kHealth},
    {"健康", T::kHealth},
    {"病历", T::kHealth},
    {"过敏", T::kHealth},
    {"指纹", T::kBiometric},
    {"人脸", T::kBiometric},
    {"面部", T::kBiometric},
    {"虹膜", T::kBiometric},
    {"声纹", T::kBiometric},
    {"账号", T::kFinancialAccount},
    {"账户", T::kFinancialAccount},
    {"帐号", T::kFinancialAccount},
    {"性别", T::kGender},
    {"年龄", T::kAge},
};

// Tokens that make "name" mean something other than a person's name.
constexpr std::string_view kNotPersonName[] = {
    "company",    "product", "file",   "org",      "organization", "organisation", "brand",
    "city",       "country", "host",   "domain",   "item",         "project",      "dept",
    "department", "shop",    "store",  "bank",     "school",       "hospital",     "username",
    "table",      "column",  "field",  "app",      "device",       "merchant",     "vendor",
    "supplier",   "street",  "region", "province", "district",     "type",         "category"};

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

EntityTypeSet HeaderHints(std::string_view header) {
  EntityTypeSet hints;
  if (header.size() > 256) header = header.substr(0, 256);
  // Letters with separators removed, for the infix keywords; tokens for the short ones.
  char joined[256];
  size_t joined_len = 0;
  std::string_view tokens[64];
  size_t token_count = 0;
  char lowered[256];
  size_t i = 0;
  while (i < header.size()) {
    if (!IsAsciiAlnum(header[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    // A token ends at a non-alphanumeric byte or at a camelCase boundary (lower then upper).
    while (i < header.size() && IsAsciiAlnum(header[i])) {
      if (i > start && header[i] >= 'A' && header[i] <= 'Z' && header[i - 1] >= 'a' &&
          header[i - 1] <= 'z') {
        break;
      }
      lowered[i] = Lower(header[i]);
      joined[joined_len++] = lowered[i];
      ++i;
    }
    if (token_count < 64) tokens[token_count++] = std::string_view(lowered + start, i - start);
  }
  const std::string_view letters(joined, joined_len);
  bool name_vetoed = false;
  for (size_t t = 0; t < token_count; ++t) {
    for (const Keyword& k : kTokens) {
      if (tokens[t] == k.word) hints.set(static_cast<size_t>(k.type));
    }
    for (std::string_view veto : kNotPersonName) {
      if (tokens[t] == veto) name_vetoed = true;
    }
  }
  for (const Keyword& k : kInfixes) {
    if (letters.find(k.word) != std::string_view::npos) hints.set(static_cast<size_t>(k.type));
  }
  for (const Keyword& k : kChinese) {
    if (header.find(k.word) != std::string_view::npos) hints.set(static_cast<size_t>(k.type));
  }
  // "名称" names things, not people (公司名称, 产品名称).
  if (name_vetoed || header.find("名称") != std::string_view::npos) {
    hints.reset(static_cast<size_t>(T::kPersonName));
  }
  // "mac" and "ip" as tokens in a header like "ip_country" still mean the address's column
  // family; "id" alone is ambiguous (order_id): it only counts with card/number words around.
  if (hints.test(static_cast<size_t>(T::kCnResidentId))) {
    bool strong = letters.find("idcard") != std::string_view::npos ||
                  letters.find("identity") != std::string_view::npos ||
                  letters.find("residentid") != std::string_view::npos ||
                  letters.find("nationalid") != std::string_view::npos ||
                  letters.find("idno") != std::string_view::npos ||
                  letters.find("idnumber") != std::string_view::npos ||
                  letters.find("shenfenzheng") != std::string_view::npos ||
                  letters.find("sfz") != std::string_view::npos ||
                  header.find("身份") != std::string_view::npos ||
                  header.find("证件号") != std::string_view::npos;
    if (!strong) hints.reset(static_cast<size_t>(T::kCnResidentId));
  }
  return hints;
}

}  // namespace xb
