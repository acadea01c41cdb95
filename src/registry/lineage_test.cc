#include "registry/lineage.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "ledger/ledger_test_util.h"
#include "registry/graphviz.h"

namespace xb::registry {
namespace {

using ledger::testing::FreshDbPath;
using ledger::testing::OpenTestLedger;
using nlohmann::json;

constexpr char kKey[] = "00112233445566aa";
const std::string kRaw = std::string(64, 'a');        // the source dataset
const std::string kProtected = std::string(64, 'b');  // written by transfer 0
const std::string kDerived = std::string(64, 'c');    // written by transfer 2 from kProtected

Digest Person(int i) { return Sha256("person " + std::to_string(i)); }

class LineageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = OpenTestLedger(FreshDbPath());
    ASSERT_NE(ledger_, nullptr);
    // 0: the source goes to Huaxin (persons 0..4), written as kProtected.
    Transfer("employees.csv", kRaw, kProtected, "Huaxin Holding GmbH", "DE", {0, 1, 2, 3, 4}, kKey);
    // 1: Huaxin passes persons 1 and 2 on to its payroll processor.
    ledger::TransferRecord onward;
    onward.entry_json =
        json{{"type", "onward_transfer"},
             {"as_of", "2026-12-01"},
             {"from_entry", 0},
             {"recipient", "Huaxin Holding GmbH"},
             {"recipient_id", "huaxin-holding"},
             {"country", "DE"},
             {"third_party", {{"name", "Payroll Services GmbH"}, {"country", "DE"}}}}
            .dump();
    onward.group = {kKey, "onward:huaxin-holding", 2026, true};
    onward.individuals = {Person(1), Person(2)};
    ASSERT_TRUE(ledger_->AppendTransfer(onward).ok());
    // 2: the protected file is itself sent on, to a US analytics firm (persons 3..5).
    Transfer("employees.csv", kProtected, kDerived, "Example Analytics Inc.", "US", {3, 4, 5},
             kKey);
    // 3: under another key: never matched.
    Transfer("other.csv", std::string(64, 'd'), std::string(64, 'e'), "Elsewhere", "FR", {1},
             "ffff");
  }

  void Transfer(const std::string& source, const std::string& sha, const std::string& out,
                const std::string& recipient, const std::string& country, std::vector<int> people,
                const std::string& key) {
    ledger::TransferRecord t;
    t.entry_json =
        json{{"type", "transfer"},
             {"as_of", "2026-11-20"},
             {"exporter", "Shanghai Huaxin Trading Co., Ltd."},
             {"recipient", recipient},
             {"country", country},
             {"package", "pkg-" + country},
             {"datasets", {{{"source", source}, {"source_sha256", sha}, {"output", "data/x.csv"}}}},
             {"files", {{"data/x.csv", out}, {"decision.json", std::string(64, '0')}}}}
            .dump();
    t.group = {key, "Shanghai Huaxin Trading Co., Ltd.", 2026, true};
    for (int p : people) t.individuals.push_back(Person(p));
    ASSERT_TRUE(ledger_->AppendTransfer(t).ok());
  }

  std::unique_ptr<ledger::Ledger> ledger_;
};

TEST_F(LineageTest, WhereADatasetWentAndWhatDerivedFromIt) {
  auto l = TraceDataset(*ledger_, kRaw);
  ASSERT_TRUE(l.ok()) << l.error().ToString();
  ASSERT_EQ(l->holdings.size(), 3u);
  EXPECT_EQ(l->holdings[0].recipient, "Huaxin Holding GmbH");
  EXPECT_EQ(l->holdings[1].type, "onward_transfer");
  EXPECT_EQ(l->holdings[1].third_party, "Payroll Services GmbH");
  EXPECT_EQ(l->holdings[2].recipient, "Example Analytics Inc.");  // via the derived file
  ASSERT_EQ(l->derived.size(), 2u);
  EXPECT_EQ(l->derived[0].sha256, kProtected);
  EXPECT_EQ(l->derived[0].generation, 1);
  EXPECT_EQ(l->derived[1].sha256, kDerived);
  EXPECT_EQ(l->derived[1].generation, 2);
  EXPECT_TRUE(l->derived_from.empty());

  int recipients = 0;
  for (const auto& n : l->nodes) recipients += n.kind == "recipient";
  EXPECT_EQ(recipients, 2);  // one node per recipient, whether named by id or by name
}

TEST_F(LineageTest, AnOutputFileNamesWhatItWasMadeFrom) {
  auto l = TraceDataset(*ledger_, kProtected);
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(l->derived_from.size(), 1u);
  EXPECT_EQ(l->derived_from[0].sha256, kRaw);
  EXPECT_EQ(l->derived_from[0].from_entry, 0u);
  EXPECT_EQ(l->holdings.size(), 3u);  // its own package's recipient, the onward, and transfer 2
}

TEST_F(LineageTest, UnknownFileHasNoLineageAndBadDigestIsAnError) {
  auto l = TraceDataset(*ledger_, std::string(64, '9'));
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(l->holdings.empty());
  EXPECT_TRUE(l->nodes.empty());
  EXPECT_EQ(TraceDataset(*ledger_, "abc").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(LineageTest, WhoHoldsAPersonsData) {
  uint64_t other_keys = 0;
  auto l =
      TraceSubjects(*ledger_, kKey, {{1, Person(2)}, {2, Person(5)}, {3, Person(9)}}, &other_keys);
  ASSERT_TRUE(l.ok()) << l.error().ToString();
  ASSERT_EQ(l->identifiers.size(), 3u);
  ASSERT_EQ(l->identifiers[0].holdings.size(), 2u);  // transfer 0 and its onward transfer
  EXPECT_EQ(l->identifiers[0].holdings[0].entry, 0u);
  EXPECT_EQ(l->identifiers[0].holdings[1].entry, 1u);
  ASSERT_EQ(l->identifiers[1].holdings.size(), 1u);
  EXPECT_EQ(l->identifiers[1].holdings[0].recipient, "Example Analytics Inc.");
  EXPECT_TRUE(l->identifiers[2].holdings.empty());
  EXPECT_EQ(other_keys, 1u);
  EXPECT_EQ(l->holdings.size(), 3u);
  // Person 1 is also in entry 3, but under another key: not found there.
  auto one = TraceSubjects(*ledger_, kKey, {{1, Person(1)}});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->identifiers[0].holdings.size(), 2u);
}

TEST_F(LineageTest, IndividualThirdPartiesStayApartAndUnnamed) {
  // Two onward transfers of transfer 0 to two people in DE, recorded by keyed hashes of their
  // names only.
  const std::string wang = std::string("3f8bef01a2b3") + std::string(52, '1');
  const std::string li = std::string("9a0c44d5e6f7") + std::string(52, '2');
  for (const std::string& hmac : {wang, li}) {
    ledger::TransferRecord onward;
    onward.entry_json =
        json{{"type", "onward_transfer"},
             {"as_of", "2026-12-02"},
             {"from_entry", 0},
             {"recipient", "Huaxin Holding GmbH"},
             {"country", "DE"},
             {"third_party", {{"kind", "individual"}, {"name_hmac", hmac}, {"country", "DE"}}}}
            .dump();
    onward.group = {kKey, "onward:huaxin-holding", 2026, true};
    onward.individuals = {Person(3)};
    ASSERT_TRUE(ledger_->AppendTransfer(onward).ok());
  }
  for (auto l : {TraceDataset(*ledger_, kRaw), TraceSubjects(*ledger_, kKey, {{1, Person(3)}})}) {
    ASSERT_TRUE(l.ok());
    std::set<std::string> third_parties;
    for (const LineageNode& n : l->nodes) {
      if (n.kind != "third_party" || n.label.rfind("individual", 0) != 0) continue;
      third_parties.insert(n.id);
      EXPECT_EQ(n.id.find(wang), std::string::npos) << "the whole hash is never shown";
    }
    EXPECT_EQ(third_parties, (std::set<std::string>{"third_party:individual third party "
                                                    "3f8bef01a2b3|DE",
                                                    "third_party:individual third party "
                                                    "9a0c44d5e6f7|DE"}));
    const std::string dot = LineageToDot(*l);
    EXPECT_NE(dot.find("\"onward:4\" -> \"third_party:individual third party 3f8bef01a2b3|DE\""),
              std::string::npos)
        << dot;
    EXPECT_NE(dot.find("\"onward:5\" -> \"third_party:individual third party 9a0c44d5e6f7|DE\""),
              std::string::npos)
        << dot;
  }
}

TEST_F(LineageTest, DotAndJsonCarryTheGraph) {
  auto l = TraceDataset(*ledger_, kRaw);
  ASSERT_TRUE(l.ok());
  std::string dot = LineageToDot(*l);
  EXPECT_EQ(dot.rfind("digraph lineage {", 0), 0u);
  EXPECT_NE(dot.find("\"recipient:Huaxin Holding GmbH|DE\" -> \"onward:1\""), std::string::npos)
      << dot;
  auto j = json::parse(LineageToJson(*l));
  EXPECT_EQ(j["nodes"].size(), l->nodes.size());
  EXPECT_EQ(j["edges"].size(), l->edges.size());
  EXPECT_EQ(j["derived"][1]["generation"], 2);

  auto svg = RenderSvg(dot);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();  // Graphviz is a dependency (install-deps)
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find("Payroll Services GmbH"), std::string::npos);
  EXPECT_EQ(RenderSvg(dot, "/nonexistent/dot").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(RenderSvg("digraph {", "dot").error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace xb::registry
