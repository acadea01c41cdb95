// Lineage through the service: GET and POST /v1/lineage give the answers of `xborder lineage`
// (same registry code), to every role; identifiers sent to the server appear in no response,
// log or database file; the /lineage page draws the graph as escaped, script-free SVG.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/crypto.h"
#include "server/server_test_util.h"

namespace xb::server {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
constexpr std::array<Role, 4> kRoles = {Role::kAdmin, Role::kOfficer, Role::kEngineer,
                                        Role::kAuditor};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The id_card column (the subjects) of the example's first `n` employees.
std::vector<std::string> IdCards(const fs::path& csv, size_t n) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> ids;
  while (ids.size() < n && std::getline(in, line)) {
    std::istringstream row(line);
    std::string cell;
    for (int column = 0; column <= 3 && std::getline(row, cell, ','); ++column) {
    }
    ids.push_back(cell);
  }
  return ids;
}

class LineageApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    auto sent = server_.Call(Role::kOfficer, "POST", "/v1/transfers", server_.HrPlan());
    ASSERT_TRUE(sent && sent->status == 201) << (sent ? sent->body : "no answer");
    sha_ = ToHex(Sha256(ReadAll(server_.dir() / "data" / "employees.csv")));
  }
  std::vector<std::string> Global(std::vector<std::string> args) const {
    std::vector<std::string> all = {"--db", server_.options().db, "--key-file",
                                    server_.options().key_file};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }

  TestServer server_;
  std::string sha_;
};

TEST_F(LineageApiTest, GetAnswersAsTheCliDoesForEveryRole) {
  CliRun cli = RunCli(Global({"--format", "json", "lineage", "--sha256", sha_}));
  ASSERT_EQ(cli.exit_code, 0);
  const Json expected = Json::parse(cli.out);
  ASSERT_FALSE(expected["holdings"].empty()) << cli.out;
  for (Role role : kRoles) {
    auto r = server_.Call(role, "GET", "/v1/lineage?sha256=" + sha_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << RoleName(role) << ": " << r->body;
    EXPECT_EQ(Json::parse(r->body), expected) << RoleName(role);
  }
  EXPECT_EQ(expected["holdings"][0]["recipient"], "Huaxin Holding GmbH");

  auto missing = server_.Call(Role::kAuditor, "GET", "/v1/lineage");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(Json::parse(missing->body).value("field", ""), "sha256");
  auto bad = server_.Call(Role::kAuditor, "GET", "/v1/lineage?sha256=ABC%3Cscript%3E");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Json::parse(bad->body).value("field", ""), "sha256");
  EXPECT_EQ(bad->body.find("script"), std::string::npos) << "the value is not echoed";
  auto nothing = server_.Call(Role::kAuditor, "GET", "/v1/lineage?sha256=" + std::string(64, '9'));
  ASSERT_TRUE(nothing && nothing->status == 200);
  EXPECT_TRUE(Json::parse(nothing->body)["holdings"].empty());
  auto anonymous = server_.Call(std::nullopt, "GET", "/v1/lineage?sha256=" + sha_);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(LineageApiTest, PostHashesIdentifiersOnReadAndNeverEchoesThem) {
  std::vector<std::string> ids = IdCards(server_.dir() / "data" / "employees.csv", 2);
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_EQ(ids[0].size(), 18u) << ids[0];
  ids.push_back("110101199003071234");  // nobody the ledger knows
  const std::string text = ids[0] + "\n" + ids[1] + "\n" + ids[2] + "\n";
  CliRun cli = RunCli(Global({"--format", "json", "lineage", "--subjects", "-"}), text);
  ASSERT_EQ(cli.exit_code, 0);
  const Json expected = Json::parse(cli.out);

  std::string seen;
  // Only officers and admins may ask whose data went where: a list of guessed identifiers
  // would otherwise tell any role (issue #15 review 15b, finding 1).
  for (Role role : {Role::kEngineer, Role::kAuditor}) {
    auto refused = server_.Call(role, "POST", "/v1/lineage", text, "text/plain");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << RoleName(role) << ": " << refused->body;
    seen += refused->body;
  }
  for (Role role : {Role::kAdmin, Role::kOfficer}) {
    auto r = server_.Call(role, "POST", "/v1/lineage", text, "text/plain");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << RoleName(role) << ": " << r->body;
    seen += r->body;
    Json answer = Json::parse(r->body);
    EXPECT_EQ(answer["entries_under_other_keys"], 0);
    answer.erase("entries_under_other_keys");
    EXPECT_EQ(answer, expected);
  }
  const Json json_body = {{"identifiers", ids}};
  auto r =
      server_.Call(Role::kOfficer, "POST", "/v1/lineage", json_body.dump(), "application/json");
  ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "");
  seen += r->body;
  Json answer = Json::parse(r->body);
  ASSERT_EQ(answer["identifiers"].size(), 3u);
  EXPECT_TRUE(answer["identifiers"][0]["found"]);
  EXPECT_TRUE(answer["identifiers"][1]["found"]);
  EXPECT_FALSE(answer["identifiers"][2]["found"]);
  EXPECT_EQ(answer["identifiers"][0]["holdings"][0]["recipient"], "Huaxin Holding GmbH");

  // Bad bodies are named, not quoted.
  for (const auto& [body, type] : std::vector<std::pair<std::string, std::string>>{
           {"{\"identifiers\": [\"" + ids[0] + "\", 5]}", "application/json"},
           {"{\"identifiers\": [\"" + ids[0] + "\"", "application/json"},
           {"\n\n", "text/plain"}}) {
    auto bad = server_.Call(Role::kOfficer, "POST", "/v1/lineage", body, type);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400) << bad->body;
    seen += bad->body;
  }
  server_.Stop();
  // Nowhere: not in an answer, not in the database (ledger, access log, its WAL).
  for (const fs::path& f : fs::directory_iterator(server_.dir())) {
    if (fs::is_regular_file(f)) seen += ReadAll(f);
  }
  for (const std::string& id : ids) {
    EXPECT_EQ(seen.find(id), std::string::npos) << "an identifier was kept or echoed";
  }
}

// Issue #14: one hasher for the service. A person recorded through POST /v1/ledger/entries,
// written one way, is found by POST /v1/lineage written another way.
TEST_F(LineageApiTest, AnIdentifierTheEntriesRouteHashedIsFoundByLineage) {
  const std::string record =
      R"({"entry":{"type":"transfer","exporter":"Acme","recipient":"Foo Analytics GmbH",)"
      R"("country":"DE","purpose":"analytics"},"individuals":["+86 138 0013 8000"],"sensitive":[]})";
  auto appended = server_.Call(Role::kOfficer, "POST", "/v1/ledger/entries?exporter=Acme&year=2026",
                               record, "application/json");
  ASSERT_TRUE(appended);
  ASSERT_EQ(appended->status, 201) << appended->body;
  auto r = server_.Call(Role::kOfficer, "POST", "/v1/lineage", "13800138000\n", "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json answer = Json::parse(r->body);
  ASSERT_EQ(answer["identifiers"].size(), 1u) << r->body;
  EXPECT_TRUE(answer["identifiers"][0]["found"]) << r->body;
  ASSERT_FALSE(answer["identifiers"][0]["holdings"].empty()) << r->body;
  EXPECT_EQ(answer["identifiers"][0]["holdings"][0]["recipient"], "Foo Analytics GmbH");
  EXPECT_EQ(r->body.find("13800138000"), std::string::npos);
}

TEST_F(LineageApiTest, ThePageDrawsTheGraphAsEscapedSvg) {
  // A second transfer of the same bytes under a file name that is markup.
  const std::string evil = "<img src=x onerror=alert(1)>&amp;.csv";
  fs::copy_file(server_.dir() / "data" / "employees.csv", server_.dir() / "data" / evil);
  std::string plan = server_.HrPlan();
  plan.replace(plan.find("datasets: [employees.csv]"), 25, "datasets: ['" + evil + "']");
  auto sent = server_.Call(Role::kOfficer, "POST", "/v1/transfers", plan);
  ASSERT_TRUE(sent && sent->status == 201) << (sent ? sent->body : "");
  ASSERT_EQ(Json::parse(sent->body)["status"], "completed") << sent->body;

  auto index = server_.Call(Role::kAuditor, "GET", "/lineage?lang=en");
  ASSERT_TRUE(index && index->status == 200);
  EXPECT_NE(index->body.find("class=\"lineage-link\" href=\"/lineage?lang=en&amp;sha256=" + sha_),
            std::string::npos)
      << index->body;
  EXPECT_NE(index->body.find("employees.csv"), std::string::npos);

  for (Role role : kRoles) {
    auto page = server_.Call(role, "GET", "/lineage?lang=en&sha256=" + sha_);
    ASSERT_TRUE(page && page->status == 200) << RoleName(role);
    const std::string& html = page->body;
    EXPECT_NE(html.find("<div id=\"lineage-svg\""), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_EQ(html.find("<?xml"), std::string::npos);
    EXPECT_EQ(html.find("<!--"), std::string::npos);
    EXPECT_NE(html.find("Huaxin Holding GmbH (DE)"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos) << "markup from the ledger ran through";
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;&amp;amp;.csv"), std::string::npos)
        << "drawn, as text";
    EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'none'"),
              std::string::npos);
  }
  server_.ExpectBadQueryNotEchoed("/lineage?sha256=%3Cscript%3E");
  auto anonymous = server_.Call(std::nullopt, "GET", "/lineage");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
}

}  // namespace
}  // namespace xb::server
