#include "consent/coverage.h"

#include <gtest/gtest.h>

namespace xb::consent {
namespace {

CivilDate D(const char* s) { return *CivilDate::Parse(s); }

ConsentRecord FullRecord() {
  ConsentRecord r;
  r.recipients = {"Example GmbH"};
  r.purposes = {"hr_management"};
  r.categories = {"identity", "contact"};
  r.separate_consent = true;
  r.granted_at = D("2026-01-10");
  r.notice = {"v3",      "Example GmbH",      "dpo@example.de",         "HR",
              "storage", "identity, contact", "write to dpo@example.de"};
  return r;
}

ConsentRequest Request() {
  return {"example gmbh", "hr_management", {"identity"}, D("2026-11-22")};
}

TEST(Coverage, ValidWhenRecipientPurposeAndCategoriesAreCovered) {
  std::vector<ConsentRecord> rs = {FullRecord()};
  EXPECT_EQ(Evaluate(rs, Request(), false), Coverage::kValid);
}

TEST(Coverage, NoRecordsMeansNoRecord) {
  EXPECT_EQ(Evaluate({}, Request(), false), Coverage::kNoRecord);
}

TEST(Coverage, OtherRecipientOrPurposeOrCategoryIsNotCovered) {
  auto r = FullRecord();
  r.recipients = {"Other Ltd"};
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kNotCovered);
  r = FullRecord();
  r.purposes = {"marketing"};
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kNotCovered);
  auto req = Request();
  req.categories = {"identity", "health"};
  EXPECT_EQ(Evaluate(std::vector{FullRecord()}, req, false), Coverage::kNotCovered);
}

TEST(Coverage, WildcardsCoverAnything) {
  auto r = FullRecord();
  r.recipients = {"*"};
  r.purposes = {"*"};
  r.categories = {"*"};
  auto req = Request();
  req.categories = {"health", "financial"};
  EXPECT_EQ(Evaluate(std::vector{r}, req, false), Coverage::kValid);
}

TEST(Coverage, WithdrawalTakesEffectOnItsDate) {
  auto r = FullRecord();
  r.withdrawn_at = D("2026-11-22");
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kWithdrawn);
  r.withdrawn_at = D("2026-11-23");
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kValid);
}

TEST(Coverage, GrantAfterTheTransferDoesNotCount) {
  auto r = FullRecord();
  r.granted_at = D("2026-12-01");
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kNotYetGranted);
}

TEST(Coverage, SeparateConsentAndCompleteNoticeAreRequired) {
  auto r = FullRecord();
  r.separate_consent = false;
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kNotSeparate);
  r = FullRecord();
  r.notice.rights_procedure = " ";
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), false), Coverage::kNoticeIncomplete);
  EXPECT_EQ(r.notice.MissingItems(), std::vector<std::string>{"rights_procedure"});
}

TEST(Coverage, MinorsNeedGuardianConsent) {
  auto r = FullRecord();
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), true), Coverage::kMinorWithoutGuardian);
  r.guardian_consent = true;
  EXPECT_EQ(Evaluate(std::vector{r}, Request(), true), Coverage::kValid);
}

TEST(Coverage, BestRecordWins) {
  auto withdrawn = FullRecord();
  withdrawn.withdrawn_at = D("2026-02-01");
  auto renewed = FullRecord();
  renewed.granted_at = D("2026-03-01");
  EXPECT_EQ(Evaluate(std::vector{withdrawn, renewed}, Request(), false), Coverage::kValid);
  auto other = FullRecord();
  other.recipients = {"Other"};
  EXPECT_EQ(Evaluate(std::vector{other, withdrawn}, Request(), false), Coverage::kWithdrawn);
}

}  // namespace
}  // namespace xb::consent
