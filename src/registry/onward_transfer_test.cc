#include "registry/onward_transfer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ledger/ledger_test_util.h"
#include "registry/sqlite_recipient_store.h"

namespace xb::registry {
namespace {

using ledger::testing::FreshDbPath;
using ledger::testing::OpenTestLedger;
using nlohmann::json;

CivilDate Day(const char* text) { return *CivilDate::Parse(text); }
constexpr char kKeyId[] = "00112233445566aa";
constexpr char kExporter[] = "Shanghai Huaxin Trading Co., Ltd.";

Digest Person(int i) { return Sha256("person " + std::to_string(i)); }

class OnwardTransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDbPath();
    ledger_ = OpenTestLedger(path_);
    ASSERT_NE(ledger_, nullptr);
    auto store = OpenSqliteRecipientStore(path_, ledger::SqliteAccess::kCreate);
    ASSERT_TRUE(store.ok());
    auto registry = Registry::Open(*ledger_, std::move(store).value());
    ASSERT_TRUE(registry.ok());
    registry_ = std::move(registry).value();

    Recipient r;
    r.id = "huaxin-holding";
    r.name = "Huaxin Holding GmbH";
    r.country = "DE";
    r.purposes = {"hr_management"};
    r.categories = {"identity", "contact", "financial"};
    r.onward.permitted = true;
    r.onward.categories = {"identity", "contact"};
    r.onward.countries = {"DE"};
    r.onward.third_parties = {"Payroll Services GmbH"};
    ASSERT_TRUE(registry_->Add(r, Day("2026-05-01"), false).ok());

    // The transfer whose data is passed on: 10 employees, 3 of them with sensitive PI.
    ledger::TransferRecord t;
    t.entry_json = json{{"type", "transfer"},
                        {"as_of", "2026-11-20"},
                        {"exporter", kExporter},
                        {"recipient", "Huaxin Holding GmbH"},
                        {"country", "DE"},
                        {"purpose", "hr_management"},
                        {"jurisdiction", "CN"},
                        {"categories", {"identity", "contact", "financial"}},
                        {"datasets", {{{"consent", {{"mode", "require"}}}}}}}
                       .dump();
    t.group = {kKeyId, kExporter, 2026, false};
    for (int i = 0; i < 10; ++i) t.individuals.push_back(Person(i));
    for (int i = 0; i < 3; ++i) t.sensitive.push_back(Person(i));
    auto appended = ledger_->AppendTransfer(t);
    ASSERT_TRUE(appended.ok());
    transfer_index_ = appended->first_index;
  }

  OnwardRequest Lawful() {
    OnwardRequest q;
    q.recipient_id = "huaxin-holding";
    q.from_entry = transfer_index_;
    q.third_party_name = "Payroll Services GmbH";
    q.third_party_country = "DE";
    q.purpose = "hr_management";
    q.categories = {"identity", "contact"};
    q.separate_consent = true;
    q.agreement = "DPA-2026-07";
    q.as_of = Day("2026-12-01");
    q.key_id = kKeyId;
    return q;
  }

  std::string path_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<Registry> registry_;
  uint64_t transfer_index_ = 0;
};

TEST_F(OnwardTransferTest, LawfulOnwardTransferCarriesTheTransfersIndividuals) {
  auto o = RecordOnwardTransfer(*ledger_, *registry_, Lawful());
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_FALSE(o->refused) << (o->reasons.empty() ? "" : o->reasons[0]);
  EXPECT_EQ(o->individuals, 10u);
  EXPECT_EQ(o->sensitive_individuals, 3u);
  ASSERT_TRUE(o->ledger_index.has_value());

  auto entry = json::parse(*ledger_->Entry(*o->ledger_index));
  EXPECT_EQ(entry["type"], "onward_transfer");
  EXPECT_EQ(entry["from_entry"], transfer_index_);
  EXPECT_EQ(entry["third_party"]["name"], "Payroll Services GmbH");
  EXPECT_EQ(entry["subject_set"]["individuals"]["count"], 10);
  EXPECT_EQ(entry["checks"].size(), 9u);
  for (const auto& c : entry["checks"]) EXPECT_FALSE(c["citation"].get<std::string>().empty());

  auto subjects =
      ledger_->store().ReadEntrySubjects(*o->ledger_index, ledger::SubjectKind::kIndividual);
  ASSERT_TRUE(subjects.ok());
  EXPECT_EQ(subjects->size(), 10u);
  // Counted apart from the exporter's own transfers.
  auto group = ledger_->store().ReadEntryGroup(*o->ledger_index);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->exporter, "onward:huaxin-holding");
  auto ytd = ledger_->YearToDate(kExporter, 2026, kKeyId);
  ASSERT_TRUE(ytd.ok());
  EXPECT_EQ(ytd->year_to_date.exempt.individuals, 10);
  EXPECT_EQ(ytd->year_to_date.counted.individuals, 0);
}

TEST_F(OnwardTransferTest, SensitiveIndividualsFollowOnlyCategoriesThatHoldSensitivePi) {
  OnwardRequest q = Lawful();
  q.sensitive_categories["CN"] = {"financial", "health", "biometric"};
  q.categories = {"identity", "contact"};  // nothing sensitive passed on
  q.dry_run = true;
  auto contact = RecordOnwardTransfer(*ledger_, *registry_, q);
  ASSERT_TRUE(contact.ok()) << contact.error().ToString();
  EXPECT_EQ(contact->individuals, 10u);
  EXPECT_EQ(contact->sensitive_individuals, 0u);
  EXPECT_EQ(nlohmann::json::parse(contact->entry_json)["counts"]["sensitive_individuals"], 0);
  q.categories = {"contact", "financial"};
  auto financial = RecordOnwardTransfer(*ledger_, *registry_, q);
  ASSERT_TRUE(financial.ok()) << financial.error().ToString();
  EXPECT_EQ(financial->sensitive_individuals, 3u);
  // Not told which categories hold sensitive PI: the transfer's whole sensitive set (cautious).
  q.categories = {"contact"};
  q.sensitive_categories.clear();
  auto unknown = RecordOnwardTransfer(*ledger_, *registry_, q);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->sensitive_individuals, 3u);
}

TEST_F(OnwardTransferTest, NamedIndividualsFollowTheData) {
  OnwardRequest q = Lawful();
  q.subjects = std::vector<Digest>{Person(1), Person(5), Person(5), Person(7)};
  auto o = RecordOnwardTransfer(*ledger_, *registry_, q);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(o->individuals, 3u);
  EXPECT_EQ(o->sensitive_individuals, 1u);  // person 1

  q.subjects = std::vector<Digest>{Person(1), Person(42)};
  auto stranger = RecordOnwardTransfer(*ledger_, *registry_, q);
  ASSERT_FALSE(stranger.ok());
  EXPECT_NE(stranger.error().message.find("1 of the 2"), std::string::npos);

  q.key_id = "ffffffffffffffff";
  EXPECT_EQ(RecordOnwardTransfer(*ledger_, *registry_, q).error().code,
            ErrorCode::kInvalidArgument);
}

struct Breach {
  const char* check;
  void (*apply)(OnwardRequest&);
};

TEST_F(OnwardTransferTest, EachConditionRefusesWithItsCitation) {
  const Breach breaches[] = {
      {"third_party_approved", [](OnwardRequest& q) { q.third_party_name = "Other GmbH"; }},
      {"third_party_not_listed", [](OnwardRequest& q) { q.third_party_restricted = true; }},
      {"country_permitted", [](OnwardRequest& q) { q.third_party_country = "US"; }},
      {"purpose_permitted", [](OnwardRequest& q) { q.purpose = "marketing"; }},
      {"categories_permitted",
       [](OnwardRequest& q) {
         q.categories = {"identity", "financial"};
       }},
      {"categories_permitted", [](OnwardRequest& q) { q.categories = {"health"}; }},
      {"separate_consent", [](OnwardRequest& q) { q.separate_consent = false; }},
      {"written_agreement", [](OnwardRequest& q) { q.agreement.clear(); }},
  };
  for (const Breach& b : breaches) {
    OnwardRequest q = Lawful();
    b.apply(q);
    auto o = RecordOnwardTransfer(*ledger_, *registry_, q);
    ASSERT_TRUE(o.ok()) << o.error().ToString();
    EXPECT_TRUE(o->refused) << b.check;
    ASSERT_EQ(o->reasons.size(), 1u) << b.check;
    int failed = 0;
    for (const auto& c : o->checks) {
      if (c.ok) continue;
      ++failed;
      EXPECT_EQ(c.id, b.check);
      EXPECT_FALSE(c.citation.empty());
    }
    EXPECT_EQ(failed, 1) << b.check;
    auto entry = json::parse(*ledger_->Entry(*o->ledger_index));
    EXPECT_EQ(entry["type"], "onward_transfer_refused");
    EXPECT_EQ(entry.contains("subject_set"), false);
  }
}

TEST_F(OnwardTransferTest, TermsThatForbidOnwardTransfersAndRetiredRecipientsRefuse) {
  auto r = registry_->Find("huaxin-holding", true);
  ASSERT_TRUE(r.ok() && r->has_value());
  Recipient closed = **r;
  closed.onward.permitted = false;
  ASSERT_TRUE(registry_->Add(closed, Day("2026-11-25"), true).ok());
  auto o = RecordOnwardTransfer(*ledger_, *registry_, Lawful());
  ASSERT_TRUE(o.ok());
  ASSERT_TRUE(o->refused);
  EXPECT_NE(o->reasons[0].find("Art. 3(7)"), std::string::npos);

  ASSERT_TRUE(registry_->Retire("huaxin-holding", Day("2026-11-30")).ok());
  auto retired = RecordOnwardTransfer(*ledger_, *registry_, Lawful());
  ASSERT_TRUE(retired.ok());
  EXPECT_EQ(retired->reasons.size(), 2u);
}

TEST_F(OnwardTransferTest, TheEntryMustBeATransferToThatRecipient) {
  Recipient other;
  other.id = "acme";
  other.name = "Acme Inc.";
  other.country = "US";
  other.onward.permitted = true;
  ASSERT_TRUE(registry_->Add(other, Day("2026-05-01"), false).ok());
  OnwardRequest q = Lawful();
  q.recipient_id = "acme";
  EXPECT_EQ(RecordOnwardTransfer(*ledger_, *registry_, q).error().code,
            ErrorCode::kInvalidArgument);
  q = Lawful();
  q.from_entry = 0;  // the recipient's registration, not a transfer
  EXPECT_EQ(RecordOnwardTransfer(*ledger_, *registry_, q).error().code,
            ErrorCode::kInvalidArgument);
  q.from_entry = 99;
  EXPECT_EQ(RecordOnwardTransfer(*ledger_, *registry_, q).error().code, ErrorCode::kNotFound);
  q = Lawful();
  q.recipient_id = "nobody";
  EXPECT_EQ(RecordOnwardTransfer(*ledger_, *registry_, q).error().code, ErrorCode::kNotFound);
}

TEST_F(OnwardTransferTest, DryRunWritesNothing) {
  auto before = ledger_->Head();
  OnwardRequest q = Lawful();
  q.dry_run = true;
  auto o = RecordOnwardTransfer(*ledger_, *registry_, q);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->ledger_index.has_value());
  EXPECT_EQ(ledger_->Head()->size, before->size);
}

}  // namespace
}  // namespace xb::registry
