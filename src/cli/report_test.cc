// End-to-end tests of `xborder report` through the binary, read as a person's tools read the
// output: PDF text through poppler's pdftotext, DOCX through LibreOffice (one soffice call for
// every DOCX), the facts file and the ledger through `xborder ledger export`.
//
// The HR example runs once for the suite (consent import + transfer), so the figures are
// checked against a real completed transfer and its ledger entry.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "cli/cli_test_util.h"
#include "core/crypto.h"
#include "report/report_test_util.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

using report::testing::Collapse;

// pdftotext -raw, white space removed: it breaks lines where the PDF does.
std::string PdfText(const std::string& path) {
  return Collapse(report::testing::PdfText(Slurp(path), /*raw=*/true));
}

// xborder with the database and key of `dir`, JSON output.
RunResult RunIn(const std::string& dir, std::vector<std::string> args) {
  std::vector<std::string> all = {
      "--db", dir + "/xborder.db", "--key-file", dir + "/xborder.key", "--format", "json"};
  all.insert(all.end(), args.begin(), args.end());
  return RunXborder(all);
}

class ReportCommandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(fs::temp_directory_path() /
                           ("xb_cli_report_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    fs::copy(SourcePath("examples/transfer"), *dir_ + "/transfer", fs::copy_options::recursive);
    RunResult imported = Run({"consent", "import", *dir_ + "/transfer/hr/consents.csv"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    RunResult done =
        Run({"transfer", *dir_ + "/transfer/hr/plan.yaml", "--out", *dir_ + "/package-hr"});
    ASSERT_EQ(done.exit_code, 0) << done.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }

  static RunResult Run(std::vector<std::string> args) { return RunIn(*dir_, std::move(args)); }

  static std::vector<json> LedgerEntries() {
    RunResult r = Run({"ledger", "export"});
    std::vector<json> out;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty()) out.push_back(json::parse(line));
    }
    return out;
  }

  static json Fact(const json& facts, const std::string& id) {
    for (const json& f : facts["facts"]) {
      if (f["id"] == id) return f;
    }
    return json();
  }

  // Resident IDs, mobile numbers, e-mails and three-character names of the HR source data:
  // none may appear in any document.
  static std::vector<std::string> RawIdentifiers() {
    std::ifstream in(SourcePath("examples/transfer/hr/employees.csv"));
    std::string line;
    std::getline(in, line);
    std::vector<std::string> out;
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::stringstream s(line);
      std::string cell;
      while (std::getline(s, cell, ',')) cells.push_back(cell);
      if (cells.size() < 6) continue;
      out.push_back(cells[3]);                            // resident ID
      out.push_back(cells[4]);                            // mobile
      out.push_back(cells[5]);                            // e-mail
      if (cells[1].size() == 9) out.push_back(cells[1]);  // a 3-character Chinese name
    }
    return out;
  }

  static void ExpectNoRawIdentifier(const std::string& text, const std::string& what) {
    static const std::vector<std::string> ids = RawIdentifiers();
    for (const std::string& id : ids) {
      ASSERT_EQ(text.find(id), std::string::npos) << what << " contains a source value";
    }
  }

  static std::string* dir_;
};

std::string* ReportCommandTest::dir_ = nullptr;

TEST_F(ReportCommandTest, PipiaFiguresMatchTheLedgerAndThePlan) {
  // Other tests of the suite add report entries, in any order: only the transfer is fixed.
  std::vector<json> before = LedgerEntries();
  ASSERT_FALSE(before.empty());
  const json transfer = before[0];
  ASSERT_EQ(transfer["type"], "transfer");
  std::string out = *dir_ + "/pipia";
  RunResult r = Run({"report", "pipia", *dir_ + "/transfer/hr/plan.yaml", "--out", out, "--package",
                     *dir_ + "/package-hr"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json printed = json::parse(r.out);
  for (const char* name : {"pipia.zh.html", "pipia.zh.pdf", "pipia.zh.docx", "pipia.en.html",
                           "pipia.en.pdf", "pipia.en.docx", "pipia.facts.json"}) {
    EXPECT_TRUE(fs::exists(out + "/" + name)) << name;
  }

  // Facts against the ledger entry and the plan.
  json facts = json::parse(Slurp(out + "/pipia.facts.json"));
  EXPECT_EQ(facts["checkpoint"]["size"], before.size());
  EXPECT_EQ(Fact(facts, "transfer.status")["value"], "completed");
  EXPECT_EQ(Fact(facts, "transfer.individuals")["value"], transfer["counts"]["individuals"]);
  EXPECT_EQ(Fact(facts, "transfer.individuals")["source"]["ref"], "entry 0");
  EXPECT_EQ(Fact(facts, "transfer.sensitive_individuals")["value"],
            transfer["counts"]["sensitive_individuals"]);
  EXPECT_EQ(Fact(facts, "exporter.name")["value"], "Shanghai Huaxin Trading Co., Ltd.");
  EXPECT_EQ(Fact(facts, "exporter.name")["source"]["ref"], "exporter.name");
  EXPECT_EQ(Fact(facts, "recipient.country")["value"], "DE");
  EXPECT_EQ(Fact(facts, "decision.outcome")["value"], transfer["decision"]["decision"]);
  EXPECT_EQ(Fact(facts, "protection.source")["value"], "package");
  EXPECT_EQ(Fact(facts, "columns")["value"].size(), 12u);
  EXPECT_EQ(Fact(facts, "consent.individuals")["value"]["valid"],
            transfer["datasets"][0]["consent"]["individuals"]["valid"]);
  EXPECT_GT(facts["blanks"].size(), 5u);

  // The ledger recorded every file's digest and the checkpoint the documents name.
  std::vector<json> after = LedgerEntries();
  ASSERT_EQ(after.size(), before.size() + 1);
  const json& entry = after.back();
  EXPECT_EQ(entry["type"], "report");
  EXPECT_EQ(entry["kind"], "pipia");
  EXPECT_EQ(entry["checkpoint"]["size"], before.size());
  EXPECT_EQ(entry["files"].size(), 7u);
  for (const auto& [name, sha] : entry["files"].items()) {
    EXPECT_EQ(ToHex(Sha256(Slurp(out + "/" + name))), sha.get<std::string>()) << name;
  }
  EXPECT_EQ(printed["ledger"]["index"], before.size());
  std::string root = printed["checkpoint"]["root"];

  // The PDFs read back as text, with the figures, names and checkpoint in them.
  std::string zh = PdfText(out + "/pipia.zh.pdf");
  std::string en = PdfText(out + "/pipia.en.pdf");
  for (const std::string* text : {&zh, &en}) {
    EXPECT_NE(text->find("2,722"), std::string::npos);
    EXPECT_NE(text->find(Collapse("Shanghai Huaxin Trading Co., Ltd.")), std::string::npos);
    EXPECT_NE(text->find("HuaxinHoldingGmbH"), std::string::npos);
    EXPECT_NE(text->find(root), std::string::npos);
    EXPECT_NE(text->find("sick_leave_diagnosis"), std::string::npos);  // a vetted column name
  }
  EXPECT_NE(zh.find("个人信息保护影响评估报告"), std::string::npos);
  EXPECT_NE(zh.find("《个人信息保护法》第五十五条第（四）项"), std::string::npos);
  EXPECT_NE(zh.find("【待填写："), std::string::npos);
  EXPECT_NE(en.find("[Tocomplete:"), std::string::npos);
  EXPECT_NE(en.find("2029"), std::string::npos);  // PIPIA kept until as_of + 3 years
  // Columns that leave with no category found: a blank for their category, and listed.
  EXPECT_NE(en.find(Collapse("no PI found [To complete: category, or \"not PI\"]")),
            std::string::npos);
  EXPECT_NE(en.find(Collapse("the privacy officer states their category or that they hold no PI: "
                             "employee_no, department, job_title, hire_date")),
            std::string::npos);
  EXPECT_NE(zh.find("【待填写：类别，或“非个人信息”】"), std::string::npos);
  // A resident ID number is sensitive by GB/T 35273-2020 Table B.1 (the taxonomy's basis), not
  // by PIPL Art. 28's list.
  EXPECT_NE(zh.find("身份信息（GB/T35273-2020表B.1个人身份信息）"), std::string::npos);
  EXPECT_EQ(zh.find("敏感个人信息类别（《个人信息保护法》第二十八条）"), std::string::npos);
  EXPECT_NE(en.find("identity(GB/T35273-2020TableB.1"), std::string::npos);
  // An exempt transfer: no mechanism's rule is cited for the recipient country's law.
  EXPECT_EQ(en.find("StandardContractMeasures"), std::string::npos);
  EXPECT_NE(en.find(Collapse("does not call for a separate assessment of that country's law")),
            std::string::npos);

  for (const char* name : {"pipia.zh.html", "pipia.en.html", "pipia.facts.json"}) {
    ExpectNoRawIdentifier(Slurp(out + "/" + name), name);
  }
  ExpectNoRawIdentifier(PdfText(out + "/pipia.zh.pdf"), "pipia.zh.pdf");
}

TEST_F(ReportCommandTest, FilingKindsStateTheirStructureAndDeadlines) {
  std::string out = *dir_ + "/filings";
  // The refused plan: its standard contract took effect on 2023-07-01.
  for (const char* kind : {"sc-filing", "assessment", "certification"}) {
    RunResult r = Run(
        {"report", kind, *dir_ + "/transfer/refused/plan.yaml", "--out", out, "--format", "pdf"});
    ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.err;
    // The dry run refuses it (the contract expired on 2025-06-30): said on stderr and up front.
    EXPECT_NE(r.err.find("warning: " + *dir_ +
                         "/transfer/refused/plan.yaml: the transfer would be refused: the "
                         "mechanism expired on 2025-06-30"),
              std::string::npos)
        << r.err;
    std::string zh = PdfText(out + "/" + kind + ".zh.pdf");
    EXPECT_NE(zh.find("警告：按本出境计划试运行，出境将被拒绝。"), std::string::npos) << kind;
    EXPECT_NE(zh.find("已于2025年6月30日届满，早于出境日期"), std::string::npos) << kind;
    std::string en = PdfText(out + "/" + kind + ".en.pdf");
    EXPECT_NE(en.find(Collapse("this plan's transfer would be refused")), std::string::npos);
  }
  json sc = json::parse(Slurp(out + "/sc-filing.facts.json"));
  EXPECT_EQ(Fact(sc, "transfer.dry_run_refusals")["value"],
            json::array({"the mechanism expired on 2025-06-30"}));
  EXPECT_EQ(Fact(sc, "mechanism.expired")["value"], true);
  json deadline = Fact(sc, "sc.filing_deadline");
  EXPECT_EQ(deadline["value"]["from"], "2023-07-01");
  EXPECT_EQ(deadline["value"]["working_days"], 10);
  // 2023-07-01 is a Saturday: ten working days later is Friday 14 July.
  EXPECT_EQ(deadline["value"]["date"], "2023-07-14");
  EXPECT_EQ(deadline["source"]["kind"], "calendar");
  // One deadline: the scc_filing obligation is due on the same day, from the same date.
  json obligations = Fact(sc, "obligations")["value"];
  bool filing_seen = false;
  for (const json& o : obligations) {
    if (o["id"] != "scc_filing") continue;
    filing_seen = true;
    EXPECT_EQ(o["due"], "2023-07-14");
    EXPECT_EQ(o["due_basis"], "10 working days after mechanism.effective");
  }
  EXPECT_TRUE(filing_seen);
  EXPECT_EQ(Fact(sc, "transfer.status")["value"], "dry_run");
  std::string sc_zh = PdfText(out + "/sc-filing.zh.pdf");
  EXPECT_NE(sc_zh.find("附件一"), std::string::npos);
  EXPECT_NE(sc_zh.find("2023年7月14日"), std::string::npos);
  EXPECT_NE(sc_zh.find("承诺书"), std::string::npos);
  EXPECT_NE(sc_zh.find("3,000"), std::string::npos);

  std::string sa = PdfText(out + "/assessment.zh.pdf");
  for (const char* heading :
       {"一、自评估工作情况", "二、出境活动整体情况", "三、拟出境活动风险评估情况",
        "四、出境活动风险自评估结论", "《数据出境安全评估办法》第九条"}) {
    EXPECT_NE(sa.find(heading), std::string::npos) << heading;
  }
  std::string cert = PdfText(out + "/certification.en.pdf");
  EXPECT_NE(cert.find("GB/T46068-2025"), std::string::npos);
  EXPECT_NE(cert.find("Unverified"), std::string::npos);
  EXPECT_NE(cert.find(Collapse("certification is one of the mechanisms")), std::string::npos);
  // Only PDFs and facts were asked for.
  EXPECT_FALSE(fs::exists(out + "/sc-filing.zh.docx"));
  EXPECT_TRUE(fs::exists(out + "/sc-filing.facts.json"));
}

// Obligations as the engine gives them: each path's own apart, conditional ones with their
// condition; a filing shows its own path's duties only.
TEST_F(ReportCommandTest, ObligationsAreGroupedByPathWithTheirConditions) {
  std::string out = *dir_ + "/paths";
  std::string plan = SourcePath("examples/plans/cn-crm-standard-contract.yaml");
  for (const char* kind : {"pipia", "sc-filing", "certification"}) {
    RunResult r = Run({"report", kind, plan, "--out", out, "--format", "html", "--lang", "en"});
    ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.err;
  }
  json facts = json::parse(Slurp(out + "/pipia.facts.json"));
  bool conditional_seen = false;
  json obligations = Fact(facts, "obligations")["value"];
  for (const json& o : obligations) {
    if (o["id"] == "scc_filing") {
      EXPECT_EQ(o["mechanism"], "standard_contract");
    } else if (o["id"] == "cert_validity") {
      EXPECT_EQ(o["mechanism"], "certification");
    } else if (o["id"] == "pi_protection_officer") {
      conditional_seen = true;
      EXPECT_EQ(o["conditional"], true);
      EXPECT_NE(o["condition"].get<std::string>().find("exporter.individuals_processed"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(conditional_seen);
  std::string pipia = Slurp(out + "/pipia.en.html");
  EXPECT_NE(pipia.find("If the CAC standard contract is the path taken"), std::string::npos);
  EXPECT_NE(pipia.find("If the PI protection certification is the path taken"), std::string::npos);
  EXPECT_NE(pipia.find("Depending on facts the plan does not state"), std::string::npos);
  EXPECT_NE(pipia.find("exporter.individuals_processed &gt;= 1_000_000"), std::string::npos);
  // The recipient country's law: cited per path, each from its own rule.
  EXPECT_NE(pipia.find("CAC standard contract: Standard Contract Measures (CAC Order No. 13, "
                       "2023), Art. 5 item (5)"),
            std::string::npos);
  EXPECT_NE(pipia.find("PI protection certification: Certification Measures (CAC/SAMR, 2025), "
                       "Art. 6 item (5)"),
            std::string::npos);
  std::string sc = Slurp(out + "/sc-filing.en.html");
  EXPECT_NE(sc.find("If the CAC standard contract is the path taken"), std::string::npos);
  EXPECT_EQ(sc.find("PI protection certification is the path taken"), std::string::npos);
  EXPECT_EQ(sc.find("certificate is valid"), std::string::npos);  // cert_validity's title
  std::string cert = Slurp(out + "/certification.en.html");
  EXPECT_EQ(cert.find("a PI protection officer is required<"), std::string::npos);
  EXPECT_NE(cert.find("a PI protection officer is required only if "
                      "exporter.individuals_processed &gt;= 1_000_000"),
            std::string::npos);
}

// What the plan does not state is not stated as a fact: figures not counted are not "counted",
// and unstated categories the purpose needs are "not stated", not "none".
TEST_F(ReportCommandTest, UnstatedFiguresAreNotPresentedAsCounted) {
  std::string out = *dir_ + "/unstated";
  std::string plan = Slurp(*dir_ + "/transfer/hr/plan.yaml");
  size_t at = plan.find("  categories_needed:");
  ASSERT_NE(at, std::string::npos);
  plan.erase(at, plan.find('\n', at) + 1 - at);
  std::ofstream(*dir_ + "/transfer/hr/unstated.yaml") << plan;
  RunResult r = Run({"report", "pipia", *dir_ + "/transfer/hr/unstated.yaml", "--out", out,
                     "--format", "html", "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string html = Slurp(out + "/pipia.en.html");
  EXPECT_NE(html.find("not stated in the plan"), std::string::npos);
  EXPECT_NE(html.find("does not state the PI categories the purpose needs"), std::string::npos);
  EXPECT_EQ(html.find("every column that leaves belongs to a PI category"), std::string::npos);
  json facts = json::parse(Slurp(out + "/pipia.facts.json"));
  EXPECT_TRUE(Fact(facts, "transfer.categories_needed")["value"].is_null());

  // A plan without datasets: its own figures, which nothing counted.
  RunResult stated =
      Run({"report", "assessment", SourcePath("examples/plans/cn-hospital-research-sensitive.yaml"),
           "--out", out, "--format", "html", "--lang", "en"});
  ASSERT_EQ(stated.exit_code, 0) << stated.err;
  std::string sa = Slurp(out + "/assessment.en.html");
  EXPECT_NE(sa.find("neither scanned nor counted"), std::string::npos);
  EXPECT_EQ(sa.find("by keyed hash"), std::string::npos);
  EXPECT_EQ(sa.find("counted exactly"), std::string::npos);
  EXPECT_NE(sa.find("the plan&#39;s own figures, not counted"), std::string::npos);
}

// A Chinese document has no English sentence: runs of four or more Latin words are allowed only
// as names (the parties, as the plan and ledger spell them) or pipeline messages whose line ends
// "（英文原文）". Citations, identifiers and field names are shorter runs or carry punctuation.
TEST_F(ReportCommandTest, ChineseDocumentsHaveNoEnglishSentences) {
  std::string out = *dir_ + "/zh";
  const std::vector<std::string> names = {"Shanghai Huaxin Trading Co., Ltd.",
                                          "Huaxin Holding GmbH",
                                          "Example Analytics Inc.",
                                          "Example Retail (Shanghai) Co., Ltd.",
                                          "Example Retail Japan K.K.",
                                          "Example Software (Beijing) Co., Ltd."};
  std::vector<std::vector<std::string>> runs;
  for (const char* plan : {"/transfer/hr/plan.yaml", "/transfer/refused/plan.yaml"}) {
    for (const char* kind : {"pipia", "sc-filing", "assessment", "certification"}) {
      runs.push_back(
          {"report", kind, *dir_ + plan, "--out", out + plan, "--format", "html", "--lang", "zh"});
    }
  }
  for (const char* plan : {"cn-crm-standard-contract.yaml", "cn-undetermined-ciio-unknown.yaml"}) {
    for (const char* kind : {"pipia", "sc-filing", "assessment", "certification"}) {
      runs.push_back({"report", kind, SourcePath(std::string("examples/plans/") + plan), "--out",
                      out + "/" + plan, "--format", "html", "--lang", "zh"});
    }
  }
  std::ofstream(*dir_ + "/incident-zh.yaml")
      << "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n  occurred_at: 2026-11-24\n"
         "  description: 人力资源部的一台笔记本电脑在车内被盗。\n  cause: "
         "未加密的笔记本电脑被盗。\n"
         "  categories: [identity, contact]\n  affected_individuals: 40\n  eu_data: true\n";
  runs.push_back({"report", "breach", *dir_ + "/incident-zh.yaml", "--out", out + "/breach",
                  "--format", "html", "--lang", "zh"});
  runs.push_back({"report", "annual", "--exporter", "Shanghai Huaxin Trading Co., Ltd.", "--year",
                  "2026", "--out", out + "/annual", "--format", "html", "--lang", "zh"});
  for (const auto& args : runs) {
    RunResult r = Run(args);
    ASSERT_EQ(r.exit_code, 0) << args[1] << " " << args[2] << ": " << r.err;
  }
  int documents = 0;
  for (const auto& file : fs::recursive_directory_iterator(out)) {
    if (file.path().extension() != ".html") continue;
    ++documents;
    std::string html = Slurp(file.path().string());
    // The text a reader reads: no style sheet, no markup, entities decoded where it matters.
    html.erase(html.find("<style"), html.find("</style>") - html.find("<style"));
    std::string text;
    bool tag = false;
    for (char c : html) {
      if (c == '<') tag = true;
      if (!tag) text += c;
      if (c == '>') {
        tag = false;
        text += '\n';
      }
    }
    for (const auto& [entity, c] : {std::pair{"&amp;", "&"}, {"&#39;", "'"}, {"&quot;", "\""}}) {
      for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at)) {
        text.replace(at, std::string(entity).size(), c);
      }
    }
    for (const std::string& name : names) {
      for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
        text.replace(at, name.size(), "〔名称〕");
      }
    }
    // Runs of Latin words (letters, apostrophes and hyphens) separated by spaces and commas.
    size_t i = 0;
    while (i < text.size()) {
      auto letter = [&](size_t k) {
        return k < text.size() &&
               ((text[k] >= 'a' && text[k] <= 'z') || (text[k] >= 'A' && text[k] <= 'Z'));
      };
      if (!letter(i)) {
        ++i;
        continue;
      }
      size_t start = i;
      int words = 0;
      while (letter(i)) {
        while (letter(i) || (i < text.size() && (text[i] == '\'' || text[i] == '-'))) ++i;
        ++words;
        size_t next = i;
        while (next < text.size() && (text[next] == ' ' || text[next] == ',')) ++next;
        if (next == i || !letter(next)) break;
        i = next;
      }
      std::string run = text.substr(start, i - start);
      std::string rest = text.substr(i, text.find('\n', i) - i);
      const std::string marker = "（英文原文）";
      bool marked = rest.size() >= marker.size() &&
                    rest.compare(rest.size() - marker.size(), marker.size(), marker) == 0;
      EXPECT_TRUE(words < 4 || marked) << file.path() << ": \"" << run << "\"";
    }
  }
  EXPECT_EQ(documents, static_cast<int>(runs.size()));
}

TEST_F(ReportCommandTest, AnnualAccountMatchesTheLedger) {
  std::string out = *dir_ + "/annual";
  RunResult r = Run({"report", "annual", "--exporter", "Shanghai Huaxin Trading Co., Ltd.",
                     "--year", "2026", "--out", out, "--format", "pdf", "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json facts = json::parse(Slurp(out + "/annual.facts.json"));
  EXPECT_EQ(Fact(facts, "annual.transfers")["value"], 1);
  json by = Fact(facts, "annual.by_recipient")["value"];
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by[0]["name"], "Huaxin Holding GmbH");
  EXPECT_EQ(by[0]["individuals"], 2722);
  EXPECT_EQ(Fact(facts, "annual.by_month")["value"][10]["individuals"], 2722);  // November
  EXPECT_EQ(Fact(facts, "history.exempt.individuals")["value"], 2722);
  EXPECT_EQ(Fact(facts, "history.counted.individuals")["value"], 0);
  // Withdrawals of consent in the year, as the registry holds them: the individuals of the
  // imported file with a 2026 withdrawal date.
  std::set<std::string> withdrew;
  std::ifstream consents(SourcePath("examples/transfer/hr/consents.csv"));
  std::string row;
  while (std::getline(consents, row)) {
    std::vector<std::string> cells;
    std::stringstream cells_in(row);
    for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
    if (cells.size() > 7 && cells[7].rfind("2026-", 0) == 0) withdrew.insert(cells[0]);
  }
  ASSERT_FALSE(withdrew.empty());
  EXPECT_EQ(Fact(facts, "annual.consent_withdrawals")["value"], withdrew.size());
  std::string text = PdfText(out + "/annual.en.pdf");
  EXPECT_NE(text.find("0/100,000(0.0%)"), std::string::npos);
  // The gauges count the counted paths only, and say so; the exempt individuals have their bar.
  EXPECT_NE(text.find(Collapse("Counted toward the thresholds in 2026")), std::string::npos);
  EXPECT_NE(text.find(Collapse("exempt paths (not counted)")), std::string::npos);
  EXPECT_NE(text.find("xborder.ledger"), std::string::npos);  // the signed checkpoint note
  EXPECT_FALSE(fs::exists(out + "/annual.zh.pdf"));
  RunResult html = Run({"report", "annual", "--exporter", "Shanghai Huaxin Trading Co., Ltd.",
                        "--year", "2026", "--out", out, "--format", "html", "--lang", "en"});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  std::string annual_html = Slurp(out + "/annual.en.html");
  EXPECT_NE(annual_html.find("class=\"bar\" data-value=\"2722\""), std::string::npos);
  // The signed checkpoint note, character for character, lines kept.
  json html_facts = json::parse(Slurp(out + "/annual.facts.json"));
  std::string note = Fact(html_facts, "ledger.checkpoint.note")["value"];
  ASSERT_NE(note.find('\n'), std::string::npos);
  EXPECT_NE(annual_html.find("<pre class=\"note verbatim\">" + note), std::string::npos);
}

TEST_F(ReportCommandTest, BadInputExitsTwoAndLeavesNothing) {
  std::string out = *dir_ + "/bad";
  RunResult kind = Run({"report", "dpia", *dir_ + "/transfer/hr/plan.yaml", "--out", out});
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_NE(kind.err.find("unknown report kind 'dpia'"), std::string::npos) << kind.err;

  std::ofstream(*dir_ + "/broken.yaml") << "as_of: 2026-11-20\nrecipient:\n  country: XX1\n";
  RunResult plan = Run({"report", "pipia", *dir_ + "/broken.yaml", "--out", out});
  EXPECT_EQ(plan.exit_code, 2);
  EXPECT_NE(plan.err.find("broken.yaml:3"), std::string::npos) << plan.err;
  EXPECT_NE(plan.err.find("recipient.country"), std::string::npos) << plan.err;

  // The PIPIA and the filings are PRC documents: an EU plan gets none.
  for (const char* plan_kind : {"pipia", "sc-filing", "assessment", "certification"}) {
    RunResult eu = Run({"report", plan_kind, SourcePath("examples/plans/eu-to-china-scc.yaml"),
                        "--out", out, "--format", "html"});
    EXPECT_EQ(eu.exit_code, 2) << plan_kind;
    EXPECT_NE(eu.err.find("eu-to-china-scc.yaml:4"), std::string::npos) << eu.err;
    EXPECT_NE(eu.err.find("'jurisdiction'"), std::string::npos) << eu.err;
  }

  std::ofstream(*dir_ + "/incident.yaml") << "incident:\n  occurred_at: 2026-11-24\n"
                                             "  affected_individuals: 3\n";
  RunResult incident = Run({"report", "breach", *dir_ + "/incident.yaml", "--out", out});
  EXPECT_EQ(incident.exit_code, 2);
  EXPECT_NE(incident.err.find("incident.discovered_at"), std::string::npos) << incident.err;

  // The officer's words are printed in the notices: personal information in them is refused.
  std::ofstream(*dir_ + "/incident-pi.yaml")
      << "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n  occurred_at: 2026-11-24\n"
         "  affected_individuals: 3\n  cause: Zhang Wei left the laptop in a car.\n";
  RunResult pi = Run({"report", "breach", *dir_ + "/incident-pi.yaml", "--out", out});
  EXPECT_EQ(pi.exit_code, 2);
  EXPECT_NE(pi.err.find("incident-pi.yaml:5"), std::string::npos) << pi.err;
  EXPECT_NE(pi.err.find("incident.cause"), std::string::npos) << pi.err;
  EXPECT_EQ(pi.err.find("Zhang"), std::string::npos) << pi.err;

  RunResult annual =
      Run({"report", "annual", "--exporter", "Nobody Ltd.", "--year", "2026", "--out", out});
  EXPECT_EQ(annual.exit_code, 2);
  EXPECT_NE(annual.err.find("no transfer of exporter 'Nobody Ltd.' in 2026"), std::string::npos);

  // Nothing was written, not even a staging folder, and the ledger holds no report for them.
  EXPECT_TRUE(!fs::exists(out) || fs::is_empty(out));
  for (const json& e : LedgerEntries()) {
    if (e["type"] == "report") {
      EXPECT_NE(e["subject"].value("plan", ""), "broken.yaml");
    }
  }
}

// A planted ledger: three transfers with known subjects, two recipients, one under the GDPR.
TEST(ReportBreachTest, CountsAffectedIndividualsPerTransferAndRecipient) {
  std::string dir = FreshTempDir();
  auto run = [&](std::vector<std::string> args) { return RunIn(dir, std::move(args)); };
  // Valid resident IDs from the synthetic HR data (already canonical: 18 characters).
  std::ifstream in(SourcePath("examples/transfer/hr/employees.csv"));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> ids;
  while (std::getline(in, line) && ids.size() < 40) {
    size_t a = 0;
    for (int i = 0; i < 3; ++i) a = line.find(',', a) + 1;
    ids.push_back(line.substr(a, 18));
  }
  auto write_ids = [&](const std::string& path, size_t from, size_t to) {
    std::ofstream f(path);
    for (size_t i = from; i < to; ++i) f << ids[i] << "\n";
  };
  struct Planted {
    const char* recipient;
    const char* country;
    const char* jurisdiction;
    size_t from, to;
  };
  const Planted planted[] = {{"Alpha GmbH", "DE", "CN", 0, 10},
                             {"Beta Inc.", "US", "EU", 5, 15},
                             {"Alpha GmbH", "DE", "CN", 20, 25}};
  for (const Planted& p : planted) {
    write_ids(dir + "/subjects.txt", p.from, p.to);
    json entry = {{"type", "transfer"},
                  {"exporter", "Planted Co."},
                  {"recipient", p.recipient},
                  {"country", p.country},
                  {"jurisdiction", p.jurisdiction},
                  {"as_of", "2026-03-01"},
                  {"counts", {{"individuals", p.to - p.from}}}};
    std::ofstream(dir + "/entry.json") << entry.dump();
    RunResult r = run({"ledger", "append", dir + "/entry.json", "--subjects", dir + "/subjects.txt",
                       "--exporter", "Planted Co.", "--year", "2026"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // Affected: ids 0..7 (in A and, 5..7, in B), 20 (in C), 30 (in no transfer), one unrecognised.
  {
    std::ofstream f(dir + "/affected.txt");
    for (size_t i = 0; i < 8; ++i) f << ids[i] << "\n";
    f << "  " << ids[20] << "  \n"
      << ids[30] << "\n"
      << "not-an-identifier\n\n";
  }
  std::ofstream(dir + "/incident.yaml")
      << "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n  occurred_at: 2026-11-24\n"
         "  categories: [identity]\n  affected_subjects_file: affected.txt\n";
  RunResult r = run({"report", "breach", dir + "/incident.yaml", "--out", dir + "/docs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json facts = json::parse(Slurp(dir + "/docs/breach.facts.json"));
  auto fact = [&](const std::string& id) {
    for (const json& f : facts["facts"]) {
      if (f["id"] == id) return f["value"];
    }
    return json();
  };
  EXPECT_EQ(fact("affected.identifiers"), 11);
  EXPECT_EQ(fact("affected.unrecognised"), 1);
  EXPECT_EQ(fact("affected.in_transfers"), 9);
  EXPECT_EQ(fact("affected.not_in_transfers"), 2);
  json transfers = fact("affected.transfers");
  ASSERT_EQ(transfers.size(), 3u);
  EXPECT_EQ(transfers[0]["index"], 0);
  EXPECT_EQ(transfers[0]["individuals"], 8);
  EXPECT_EQ(transfers[1]["recipient"], "Beta Inc.");
  EXPECT_EQ(transfers[1]["individuals"], 3);
  EXPECT_EQ(transfers[2]["individuals"], 1);
  json recipients = fact("affected.by_recipient");
  ASSERT_EQ(recipients.size(), 2u);
  EXPECT_EQ(recipients[0]["recipient"], "Alpha GmbH");
  EXPECT_EQ(recipients[0]["individuals"], 9);  // distinct across its two transfers
  EXPECT_EQ(recipients[1]["recipient"], "Beta Inc.");
  EXPECT_EQ(recipients[1]["individuals"], 3);
  // One matched transfer is under the GDPR: the Art. 33 deadline is 72 hours after discovery.
  EXPECT_EQ(fact("gdpr.applies"), true);
  EXPECT_EQ(fact("gdpr.art33_deadline")["local"], "2026-11-28T09:30+08:00");
  EXPECT_EQ(fact("gdpr.art33_deadline")["utc"], "2026-11-28T01:30Z");
  // The incident-reporting measures' tiers (1, 2, 4 hours), each with its deadline.
  json tiers = fact("cac.hour_limits")["tiers"];
  ASSERT_EQ(tiers.size(), 3u);
  EXPECT_EQ(tiers[0]["hours"], 1);
  EXPECT_EQ(tiers[1]["hours"], 2);
  EXPECT_EQ(tiers[2]["hours"], 4);
  EXPECT_EQ(tiers[2]["local"], "2026-11-25T13:30+08:00");

  std::string en = PdfText(dir + "/docs/breach.en.pdf");
  EXPECT_NE(en.find("AlphaGmbH"), std::string::npos);
  EXPECT_NE(en.find("2026-11-28T09:30+08:00"), std::string::npos);
  EXPECT_NE(en.find("GDPRArticles33and34"), std::string::npos);
  std::string zh = PdfText(dir + "/docs/breach.zh.pdf");
  EXPECT_NE(zh.find("《个人信息保护法》第五十七条"), std::string::npos);
  EXPECT_NE(zh.find("《国家网络安全事件报告管理办法》第四条"), std::string::npos);
  EXPECT_NE(zh.find("2026-11-25T13:30+08:00"), std::string::npos);

  // One source: the deadlines move with the packs.
  fs::copy(SourcePath("rules"), dir + "/rules", fs::copy_options::recursive);
  for (const auto& [file, from, to] :
       {std::tuple{"/rules/eu/gdpr-chapter-v.yaml", "within 72 hours", "within 48 hours"},
        std::tuple{"/rules/eu/gdpr-chapter-v.yaml", "hours: 72,", "hours: 48,"},
        std::tuple{"/rules/cn/incident-reporting-2025.yaml", "within 4 hours", "within 6 hours"},
        std::tuple{"/rules/cn/incident-reporting-2025.yaml", "hours: 4,", "hours: 6,"}}) {
    std::string text = Slurp(dir + file);
    ASSERT_NE(text.find(from), std::string::npos) << file;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, std::string(from).size(), to);
    }
    std::ofstream(dir + file) << text;
  }
  RunResult moved = run({"report", "breach", dir + "/incident.yaml", "--out", dir + "/moved",
                         "--rules", dir + "/rules", "--format", "html"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  json moved_facts = json::parse(Slurp(dir + "/moved/breach.facts.json"));
  for (const json& f : moved_facts["facts"]) {
    if (f["id"] == "gdpr.art33_deadline") {
      EXPECT_EQ(f["value"]["local"], "2026-11-27T09:30+08:00");
    } else if (f["id"] == "cac.hour_limits") {
      EXPECT_EQ(f["value"]["tiers"][2]["hours"], 6);
    }
  }
  EXPECT_NE(Slurp(dir + "/moved/breach.en.html").find("not later than 48 hours"),
            std::string::npos);

  // No identifier anywhere in the output.
  for (const auto& file : fs::directory_iterator(dir + "/docs")) {
    std::string text = file.path().extension() == ".pdf" ? PdfText(file.path().string())
                                                         : Slurp(file.path().string());
    for (size_t i = 0; i < 31; ++i) {
      EXPECT_EQ(text.find(ids[i]), std::string::npos) << file.path();
    }
    EXPECT_EQ(text.find("not-an-identifier"), std::string::npos) << file.path();
  }
}

// A mechanism's validity comes from the transfer entries when they record it; without it the
// expiry is a marked blank.
TEST(ReportAnnualTest, MechanismValidityFromTheTransferEntries) {
  std::string dir = FreshTempDir();
  auto run = [&](std::vector<std::string> args) { return RunIn(dir, std::move(args)); };
  const json mechanisms[] = {{{"type", "standard_contract"},
                              {"reference", "SC-1"},
                              {"effective", "2026-01-12"},
                              {"expires", "2029-01-11"}},
                             {{"type", "certification"}, {"reference", "CERT-9"}}};
  for (const json& m : mechanisms) {
    json entry = {{"type", "transfer"},
                  {"exporter", "Planted Co."},
                  {"recipient", "Alpha"},
                  {"country", "DE"},
                  {"jurisdiction", "CN"},
                  {"as_of", "2026-03-01"},
                  {"counts", {{"individuals", 0}}},
                  {"mechanism", m}};
    std::ofstream(dir + "/entry.json") << entry.dump();
    RunResult r = run({"ledger", "append", dir + "/entry.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult r = run({"report", "annual", "--exporter", "Planted Co.", "--year", "2026", "--out",
                     dir + "/docs", "--format", "html", "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json facts = json::parse(Slurp(dir + "/docs/annual.facts.json"));
  json listed;
  for (const json& f : facts["facts"]) {
    if (f["id"] == "annual.mechanisms") listed = f["value"];
  }
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["reference"], "SC-1");
  EXPECT_EQ(listed[1]["expires"], "2029-01-11");
  EXPECT_FALSE(listed[0].contains("expires"));
  std::string html = Slurp(dir + "/docs/annual.en.html");
  EXPECT_NE(html.find("from 12 January 2026; until 11 January 2029 (ledger entry #0)"),
            std::string::npos);
  EXPECT_NE(html.find("expiry date (not in the ledger)"), std::string::npos);  // CERT-9
}

// Every DOCX opens in a real office suite and its text survives: one LibreOffice call converts
// them all (it is slow to start).
TEST_F(ReportCommandTest, DocxOpensInLibreOffice) {
  std::string out = *dir_ + "/docx";
  for (const char* kind : {"pipia", "assessment"}) {
    RunResult r =
        Run({"report", kind, *dir_ + "/transfer/hr/plan.yaml", "--out", out, "--format", "docx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult annual = Run({"report", "annual", "--exporter", "Shanghai Huaxin Trading Co., Ltd.",
                          "--year", "2026", "--out", out, "--format", "docx"});
  ASSERT_EQ(annual.exit_code, 0) << annual.err;
  std::string profile = *dir_ + "/lo-profile";
  std::string files;
  for (const auto& f : fs::directory_iterator(out)) {
    if (f.path().extension() == ".docx") files += " '" + f.path().string() + "'";
  }
  std::string command = "soffice -env:UserInstallation=file://" + profile +
                        " --headless --convert-to txt:Text --outdir '" + *dir_ + "/txt'" + files +
                        " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  for (const char* name :
       {"pipia.zh", "pipia.en", "assessment.zh", "assessment.en", "annual.zh", "annual.en"}) {
    std::string text = Slurp(*dir_ + "/txt/" + name + ".txt");
    ASSERT_FALSE(text.empty()) << name;
    EXPECT_NE(text.find("2,722"), std::string::npos) << name;
    EXPECT_NE(text.find("Shanghai Huaxin Trading Co., Ltd."), std::string::npos) << name;
    ExpectNoRawIdentifier(text, name);
  }
  std::string pipia = Slurp(*dir_ + "/txt/pipia.zh.txt");
  EXPECT_NE(pipia.find("【待填写："), std::string::npos);
  EXPECT_NE(pipia.find("三、处理目的、方式的合法性、正当性和必要性"), std::string::npos);
  std::string assessment = Slurp(*dir_ + "/txt/assessment.zh.txt");
  EXPECT_NE(assessment.find("四、出境活动风险自评估结论"), std::string::npos);
}

}  // namespace
}  // namespace xb::cli::testing
