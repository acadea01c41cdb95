// The monitor's alerts through the service: `xborder monitor` appends alert entries to the
// server's ledger; GET /v1/alerts lists exactly those, filtered and paged, to every role; the
// /alerts page and the dashboard's panel show them, escaped.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/server_test_util.h"

namespace xb::server {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
constexpr std::array<Role, 4> kRoles = {Role::kAdmin, Role::kOfficer, Role::kEngineer,
                                        Role::kAuditor};

class AlertsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    auto sent = server_.Call(Role::kOfficer, "POST", "/v1/transfers", server_.HrPlan());
    ASSERT_TRUE(sent && sent->status == 201) << (sent ? sent->body : "no answer");
    // The example's day of HR sync, plus an unplanned flow to a recipient whose name is markup.
    std::ifstream in(fs::path(XB_SOURCE_DIR) / "examples" / "monitor" / "events.jsonl");
    std::stringstream events;
    events << in.rdbuf();
    events
        << R"({"time": "2026-11-26T09:00:00+08:00", "exporter": "Shanghai Huaxin Trading Co., Ltd.", "recipient": "<b onmouseover=x>Evil</b> Ltd", "country": "US", "purpose": "marketing", "categories": ["contact"], "records": 3})"
        << "\n";
    CliRun monitor = RunCli({"--db", server_.options().db, "--key-file", server_.options().key_file,
                             "monitor", "--source", "-"},
                            events.str());
    ASSERT_EQ(monitor.exit_code, 1) << "1: alerts were raised; " << monitor.out;
    std::istringstream lines(monitor.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty()) printed_.push_back(Json::parse(line));
    }
    ASSERT_GE(printed_.size(), 3u) << monitor.out;
  }
  Json Get(Role role, const std::string& path) {
    auto r = server_.Call(role, "GET", path);
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "no answer");
    return r ? Json::parse(r->body, nullptr, false) : Json();
  }
  size_t Printed(const std::string& kind) const {
    size_t n = 0;
    for (const Json& a : printed_) n += a["kind"] == kind;
    return n;
  }

  TestServer server_;
  std::vector<Json> printed_;  // the alerts the monitor printed
};

TEST_F(AlertsApiTest, ListsExactlyTheMonitorsAlertsToEveryRole) {
  for (Role role : kRoles) {
    Json all = Get(role, "/v1/alerts");
    ASSERT_EQ(all["matching"], printed_.size()) << RoleName(role);
    ASSERT_EQ(all["alerts"].size(), printed_.size());
    for (size_t i = 0; i < printed_.size(); ++i) {
      Json entry = all["alerts"][i]["entry"];
      EXPECT_EQ(entry["type"], "alert");
      entry.erase("type");
      entry.erase("consumer");
      EXPECT_EQ(entry, printed_[i]) << "the ledger's alert is the one printed";
    }
    EXPECT_FALSE(all.contains("next_after"));
  }
  Json unplanned = Get(Role::kAuditor, "/v1/alerts?kind=unplanned_flow");
  EXPECT_EQ(unplanned["matching"], Printed("unplanned_flow"));
  EXPECT_GE(Printed("unplanned_flow"), 2u);
  for (const Json& a : unplanned["alerts"]) EXPECT_EQ(a["entry"]["kind"], "unplanned_flow");
  EXPECT_EQ(Get(Role::kAuditor, "/v1/alerts?year=2026")["matching"], printed_.size());
  EXPECT_EQ(Get(Role::kAuditor, "/v1/alerts?year=2025")["matching"], 0);
  EXPECT_EQ(Get(Role::kAuditor, "/v1/alerts?exporter=Nobody")["matching"], 0);
  EXPECT_EQ(Get(Role::kAuditor,
                "/v1/alerts?exporter=Shanghai%20Huaxin%20Trading%20Co.%2C%20Ltd.&kind="
                "categories_beyond_plan")["matching"],
            Printed("categories_beyond_plan"));

  // Paged: one at a time, each page starting after the last.
  std::vector<uint64_t> walked;
  std::string path = "/v1/alerts?limit=1";
  for (int guard = 0; guard < 100; ++guard) {
    Json page = Get(Role::kEngineer, path);
    ASSERT_EQ(page["alerts"].size(), 1u);
    walked.push_back(page["alerts"][0]["index"]);
    if (!page.contains("next_after")) break;
    EXPECT_EQ(page["next_after"], walked.back());
    path = "/v1/alerts?limit=1&after=" + std::to_string(walked.back());
  }
  EXPECT_EQ(walked.size(), printed_.size());
  EXPECT_TRUE(std::is_sorted(walked.begin(), walked.end()));

  for (const char* bad : {"/v1/alerts?kind=nope", "/v1/alerts?year=20x6", "/v1/alerts?limit=-1"}) {
    auto r = server_.Call(Role::kAuditor, "GET", bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_EQ(r->body.find("nope"), std::string::npos);
  }
  auto anonymous = server_.Call(std::nullopt, "GET", "/v1/alerts");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(AlertsApiTest, PagesShowTheAlertsEscaped) {
  for (Role role : kRoles) {
    auto page = server_.Call(role, "GET", "/alerts?lang=en");
    ASSERT_TRUE(page && page->status == 200) << RoleName(role);
    const std::string& html = page->body;
    size_t rows = 0;
    for (size_t at = html.find("class=\"alert-row\""); at != std::string::npos;
         at = html.find("class=\"alert-row\"", at + 1)) {
      ++rows;
    }
    EXPECT_EQ(rows, printed_.size());
    EXPECT_EQ(html.find("<b onmouseover"), std::string::npos) << "markup from an event ran through";
  }
  auto filtered = server_.Call(Role::kAuditor, "GET", "/alerts?kind=unplanned_flow&year=2026");
  ASSERT_TRUE(filtered && filtered->status == 200);
  EXPECT_NE(filtered->body.find("<option value=\"unplanned_flow\" selected>"), std::string::npos);
  EXPECT_NE(filtered->body.find("id=\"alerts-matching\">" +
                                std::to_string(Printed("unplanned_flow")) + "<"),
            std::string::npos);
  server_.ExpectBadQueryNotEchoed("/alerts?kind=%3Cscript%3E");

  // The dashboard counts this year's alerts (the example's events are of 2026).
  auto dashboard = server_.Call(Role::kAuditor, "GET", "/?lang=en");
  ASSERT_TRUE(dashboard && dashboard->status == 200);
  const std::string marker = "id=\"alerts-this-year\">";
  const size_t at = dashboard->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string year_text =
      dashboard->body.substr(dashboard->body.find("<section id=\"alerts\"><h2>"), 60);
  const bool is_2026 = year_text.find("(2026)") != std::string::npos;
  EXPECT_EQ(dashboard->body.substr(at + marker.size(),
                                   dashboard->body.find('<', at) - at - marker.size()),
            is_2026 ? std::to_string(printed_.size()) : "0");
  // The panel's count column says what it counts (not "Transfers"), in both languages.
  if (is_2026) {
    for (auto [lang, heading] :
         {std::pair{"en", "Alerts of this kind"}, std::pair{"zh", "该类告警数"}}) {
      auto page = server_.Call(Role::kAuditor, "GET", std::string("/?lang=") + lang);
      ASSERT_TRUE(page && page->status == 200);
      const std::string& body = page->body;
      const size_t from = body.find("<section id=\"alerts\">");
      ASSERT_NE(from, std::string::npos);
      const std::string panel = body.substr(from, body.find("</section>", from) - from);
      EXPECT_NE(panel.find(std::string("<th class=\"num\">") + heading + "</th>"),
                std::string::npos)
          << panel;
      EXPECT_EQ(panel.find("Transfers"), std::string::npos) << panel;
    }
  }
  EXPECT_NE(dashboard->body.find("id=\"nav-alerts\""), std::string::npos);
  EXPECT_NE(dashboard->body.find("id=\"nav-lineage\""), std::string::npos);
}

}  // namespace
}  // namespace xb::server
