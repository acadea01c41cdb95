#include "registry/recipient.h"

#include <gtest/gtest.h>

#include <string>

namespace xb::registry {
namespace {

const rules::CountryCodes& Countries() {
  static const rules::CountryCodes codes = rules::CountryCodes::FromList({"DE", "US", "FR", "CN"});
  return codes;
}

Result<Recipient> Parse(const std::string& yaml) {
  return ParseRecipient(yaml, "r.yaml", &Countries());
}

constexpr char kFull[] = R"(id: huaxin-holding
name: Huaxin Holding GmbH
country: DE
kind: company
contact: "privacy@huaxin-holding.example"
restricted_list: false
mechanisms:
  - {type: standard_contract, reference: "沪网信备 2026-0142", effective: 2026-05-01,
     expires: 2029-04-30, filed: 2026-05-12}
purposes: [hr_management]
categories: [identity, contact, financial]
storage: {location: "Hamburg, DE", retention: "employment + 3 years"}
seal_key: age120xdvgy4vpcj8hrzx6wcmcx92ktcq7qasvz685k7394uvhpcjahsuzxuqc
onward:
  permitted: true
  purposes: [hr_management]
  categories: [identity, contact]
  countries: [DE, FR]
  third_parties: [Payroll Services GmbH]
flows:
  - {id: hr-sync, exporter: "Shanghai Huaxin Trading Co., Ltd.", purpose: hr_management,
     categories: [identity, contact], systems: [hr-sync]}
)";

TEST(Recipient, ReadsEveryField) {
  auto r = Parse(kFull);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->id, "huaxin-holding");
  EXPECT_EQ(r->country, "DE");
  ASSERT_EQ(r->mechanisms.size(), 1u);
  EXPECT_EQ(r->mechanisms[0].type, "standard_contract");
  EXPECT_EQ(r->mechanisms[0].expires->ToString(), "2029-04-30");
  EXPECT_EQ(r->categories.size(), 3u);
  EXPECT_EQ(r->storage_location, "Hamburg, DE");
  EXPECT_TRUE(r->onward.permitted);
  EXPECT_TRUE(r->onward.separate_consent);  // the default: required
  EXPECT_EQ(r->onward.countries, (std::vector<std::string>{"DE", "FR"}));
  ASSERT_EQ(r->flows.size(), 1u);
  EXPECT_EQ(r->flows[0].systems, std::vector<std::string>{"hr-sync"});
}

struct BadCase {
  const char* yaml;
  int line;
  const char* field;
  const char* message_part;
};

TEST(Recipient, RejectsBadValuesWithLineAndField) {
  const BadCase cases[] = {
      {"name: X\ncountry: XX\n", 2, "country", "not an ISO 3166-1"},
      {"name: X\ncountry: DE\nkind: person\n", 3, "kind", "expected one of"},
      {"name: X\ncountry: DE\npurposes: [hr_managment]\n", 3, "purposes", "hr_management"},
      {"name: X\ncountry: DE\ncategories: [identity, salary]\n", 3, "categories", "unknown value"},
      {"name: X\ncountry: DE\nrestricted_list: maybe\n", 3, "restricted_list", "true or false"},
      {"name: X\ncountry: DE\nmechanisms:\n  - {type: standard_contract}\n", 4,
       "mechanisms.reference", "reference"},
      {"name: X\ncountry: DE\nmechanisms:\n  - {type: contract, reference: A}\n", 4,
       "mechanisms.type", "expected one of"},
      {"name: X\ncountry: DE\nmechanisms:\n  - {type: certification, reference: A, effective: "
       "2026-02-30}\n",
       4, "mechanisms.effective", "YYYY-MM-DD"},
      {"name: X\ncountry: DE\ncolour: red\n", 3, "colour", "unknown key"},
      {"name: X\ncountry: DE\nonward: {permited: true}\n", 3, "onward.permited",
       "did you mean 'permitted'"},
      {"name: X\ncountry: DE\nseal_key: ssh-ed25519\n", 3, "seal_key", "age1"},
      // The prefix is right but the Bech32 checksum is not: refused at registration.
      {"name: X\ncountry: DE\nseal_key: "
       "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n",
       3, "seal_key", "age1"},
      {"name: X\ncountry: DE\nflows:\n  - {id: f}\n", 4, "flows", "exporter and purpose"},
      {"country: DE\n", 0, "name", "needs its name"},
      {"id: Big Id\nname: X\ncountry: DE\n", 0, "id", "recipient id"},
      // A key given twice, at any level, and two flows with one id.
      {"name: X\ncountry: DE\nname: Y\n", 3, "name", "given twice"},
      {"name: X\ncountry: DE\nonward:\n  permitted: true\n  permitted: false\n", 5,
       "onward.permitted", "given twice"},
      {"name: X\ncountry: DE\nmechanisms:\n  - {type: certification, reference: A, reference: B}\n",
       4, "mechanisms.reference", "given twice"},
      {"name: X\ncountry: DE\nflows:\n  - {id: f, exporter: E, purpose: analytics}\n"
       "  - {id: f, exporter: E, purpose: marketing}\n",
       5, "flows.id", "two flows have the id 'f'"},
  };
  for (const auto& c : cases) {
    auto r = Parse(c.yaml);
    ASSERT_FALSE(r.ok()) << c.yaml;
    EXPECT_EQ(r.error().where.file, "r.yaml");
    EXPECT_EQ(r.error().where.line, c.line) << c.yaml << r.error().ToString();
    EXPECT_EQ(r.error().where.field, c.field) << c.yaml << r.error().ToString();
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << c.yaml << r.error().ToString();
  }
}

TEST(Recipient, ErrorsNeverQuoteAName) {
  auto r = Parse("name: [Zhang, Wei]\ncountry: DE\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ToString().find("Zhang"), std::string::npos);
  auto contact = Parse("name: X\ncountry: DE\ncontact: {who: Li Na}\n");
  ASSERT_FALSE(contact.ok());
  EXPECT_EQ(contact.error().ToString().find("Li Na"), std::string::npos);
}

TEST(Recipient, PublicJsonHoldsNoPrivatePart) {
  auto r = Parse("name: Li Na\ncountry: DE\nkind: individual\ncontact: \"+49 30 1234\"\n");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  r->id = "r-1";
  r->name_hmac = std::string(64, 'a');
  std::string text = PublicJson(*r).dump();
  EXPECT_EQ(text.find("Li Na"), std::string::npos);
  EXPECT_EQ(text.find("1234"), std::string::npos);
  EXPECT_NE(text.find("name_hmac"), std::string::npos);
  EXPECT_EQ(r->Label(), "individual r-1");

  auto back = RecipientFromPublicJson(PublicJson(*r), "test");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->name.empty());
  EXPECT_EQ(back->name_hmac, r->name_hmac);
}

TEST(Recipient, PublicJsonRoundTrips) {
  auto r = Parse(kFull);
  ASSERT_TRUE(r.ok());
  auto back = RecipientFromPublicJson(PublicJson(*r), "test");
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  nlohmann::json expected = PublicJson(*r);
  EXPECT_EQ(expected["contact_on_file"], true);
  expected["contact_on_file"] = false;  // the contact itself is not in the record
  EXPECT_EQ(PublicJson(*back), expected);
  EXPECT_EQ(back->name, "Huaxin Holding GmbH");  // an organisation's name is public
  EXPECT_TRUE(back->contact.empty());            // contact details never are
}

TEST(Recipient, IdsFromNames) {
  EXPECT_EQ(IdFromName("Huaxin Holding GmbH"), "huaxin-holding-gmbh");
  EXPECT_EQ(IdFromName("  A.B. & Co. "), "a-b-co");
  EXPECT_EQ(IdFromName("华信控股"), "");
  EXPECT_TRUE(IsValidRecipientId("huaxin-holding"));
  EXPECT_TRUE(IsValidRecipientId("r-0a1b2c3d4e"));
  EXPECT_FALSE(IsValidRecipientId("-x"));
  EXPECT_FALSE(IsValidRecipientId("X"));
  EXPECT_FALSE(IsValidRecipientId(std::string(65, 'a')));
}

}  // namespace
}  // namespace xb::registry
