// CollectRefusals on a context built by hand: a stage runs alone, without data or a ledger.
#include <gtest/gtest.h>

#include "transfer/transfer_stages.h"

namespace xb::transfer {
namespace {

DatasetReport PeopleWithAMobileColumnNamedByItsValue() {
  DatasetReport d;
  d.source = "people.csv";
  d.rows_in = 2;
  d.rows_out = 2;
  ColumnFate f;
  f.name = "13800138000";  // a header row that is data, and this column is not needed
  f.position = 3;
  f.category = "contact";
  f.name_holds_data = true;
  f.unnecessary = true;
  d.columns = {f};
  return d;
}

TEST(CollectRefusals, AColumnBeyondThePurposeIsNamedByPositionWhenItsNameIsData) {
  TransferOptions options;
  options.strict = true;
  TransferContext strict(options);
  strict.outcome.decision.outcome = rules::Outcome::kExempt;
  strict.outcome.consent_mode = ConsentMode::kRequire;
  strict.outcome.datasets = {PeopleWithAMobileColumnNamedByItsValue()};
  CollectRefusals(strict);
  ASSERT_EQ(strict.outcome.refusal_reasons.size(), 1u);
  EXPECT_EQ(strict.outcome.refusal_reasons[0],
            "people.csv: column 3 (contact) is beyond the categories the purpose needs "
            "(PIPL Art. 6)");

  options.strict = false;
  TransferContext lenient(options);
  lenient.outcome.decision.outcome = rules::Outcome::kExempt;
  lenient.outcome.consent_mode = ConsentMode::kRequire;
  lenient.outcome.datasets = {PeopleWithAMobileColumnNamedByItsValue()};
  CollectRefusals(lenient);
  EXPECT_TRUE(lenient.outcome.refusal_reasons.empty());
  ASSERT_EQ(lenient.outcome.warnings.size(), 1u);
  EXPECT_EQ(lenient.outcome.warnings[0].find("13800138000"), std::string::npos);
}

TEST(CollectRefusals, NothingLeftToSendIsARefusal) {
  TransferContext ctx(TransferOptions{});
  ctx.outcome.decision.outcome = rules::Outcome::kExempt;
  ctx.outcome.consent_mode = ConsentMode::kRequire;
  DatasetReport d;
  d.source = "people.csv";
  d.rows_in = 5;
  d.rows_out = 0;
  ctx.outcome.datasets = {d};
  CollectRefusals(ctx);
  ASSERT_EQ(ctx.outcome.refusal_reasons.size(), 1u);
  EXPECT_NE(ctx.outcome.refusal_reasons[0].find("no row is left to send"), std::string::npos);
}

}  // namespace
}  // namespace xb::transfer
