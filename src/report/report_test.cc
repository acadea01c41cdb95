// The report module's parts that the end-to-end tests (src/cli/report_test.cc) do not pin down
// one by one: the law's names and numbers, the thresholds against the rule packs, the incident
// file, column-name vetting, facts, and the headerless-CSV case of issue #11 item 3.
#include "report/report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/locations.h"
#include "report/column_names.h"
#include "report/docx_renderer.h"
#include "report/facts.h"
#include "report/incident.h"
#include "report/lexicon.h"
#include "report/report_test_util.h"
#include "report/sections.h"
#include "rules/locate.h"

namespace xb::report {
namespace {
namespace fs = std::filesystem;

TEST(Lexicon, ChineseNumbers) {
  EXPECT_EQ(ChineseNumber(1), "一");
  EXPECT_EQ(ChineseNumber(10), "十");
  EXPECT_EQ(ChineseNumber(12), "十二");
  EXPECT_EQ(ChineseNumber(20), "二十");
  EXPECT_EQ(ChineseNumber(56), "五十六");
  EXPECT_EQ(ChineseNumber(101), "一百零一");
  EXPECT_EQ(ChineseNumber(110), "一百一十");
  EXPECT_EQ(ChineseNumber(1005), "一千零五");
}

TEST(Lexicon, CitationsInEachLanguagesForm) {
  auto rules = rules::LoadRulesContext("");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  const rules::RuleSet& set = (*rules)->rules;
  EXPECT_EQ(RuleCitation(Lang::kZh, set, "cn.provisions-2024.art5.2.hr", ""),
            "《促进和规范数据跨境流动规定》第五条第（二）项");
  EXPECT_EQ(RuleCitation(Lang::kEn, set, "cn.provisions-2024.art5.2.hr", ""),
            "Provisions on Promoting and Regulating Cross-Border Data Flows (2024), Art. 5(2)");
  EXPECT_EQ(RuleCitation(Lang::kZh, set, "cn.pipl.art57.breach", ""),
            "《个人信息保护法》第五十七条");
  EXPECT_EQ(RuleCitation(Lang::kZh, set, "no.such.rule", "fallback"), "fallback");
  EXPECT_EQ(DateText(Lang::kZh, "2026-11-20"), "2026年11月20日");
  EXPECT_EQ(DateText(Lang::kEn, "2026-11-20"), "20 November 2026");
}

// The Chinese documents speak Chinese: every PRC pack's instrument, obligation title and notice
// has Chinese wording (a new rule without one fails here, not in a filing).
TEST(Lexicon, EveryPrcPackTextHasChineseWording) {
  auto rules = rules::LoadRulesContext("");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  int checked = 0;
  for (const rules::Rule& r : (*rules)->rules.rules()) {
    if (r.file.find("/eu/") != std::string::npos) continue;
    ++checked;
    EXPECT_NE(ChineseInstrumentName(r.instrument), r.instrument) << r.id;
    if (r.kind == rules::RuleKind::kNotice) {
      EXPECT_FALSE(ends_with(NoticeText(Lang::kZh, r.id, r.notice), "（规则包原文）")) << r.id;
      EXPECT_EQ(NoticeText(Lang::kEn, r.id, r.notice), r.notice);
    }
    if (r.kind == rules::RuleKind::kObligation) {
      std::string title = ObligationTitle(Lang::kZh, r.obligation.id, r.obligation.title);
      EXPECT_FALSE(ends_with(title, "（英文原文）")) << r.obligation.id;
    }
  }
  EXPECT_GT(checked, 100);
}

// The thresholds the charts draw are the rule packs' own numbers: if a pack changes a
// boundary, this fails until the report follows.
TEST(Thresholds, MatchTheRulePacks) {
  auto rules = rules::LoadRulesContext("");
  ASSERT_TRUE(rules.ok());
  FactSet facts;
  AddThresholdFacts((*rules)->rules, &facts);
  for (const char* id : {"small_volume", "assessment_individuals", "assessment_sensitive"}) {
    const nlohmann::json& t = facts.Value(std::string("law.threshold.") + id);
    ASSERT_TRUE(t.is_object()) << id;
    std::string rule = t["rule"];
    const rules::Rule* found = nullptr;
    for (const rules::Rule& r : (*rules)->rules.rules()) {
      if (r.id == rule) found = &r;
    }
    ASSERT_NE(found, nullptr) << rule;
    auto text = ReadFile(found->file);
    ASSERT_TRUE(text.ok());
    // The rule's block in its pack holds the boundary as written there (1_000_000 style).
    size_t at = text->find("id: " + rule);
    ASSERT_NE(at, std::string::npos);
    std::string block = text->substr(at, text->find("- id:", at + 5) - at);
    std::string digits = std::to_string(t["value"].get<int64_t>());
    std::string written;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) written += '_';
      written += digits[i];
    }
    EXPECT_NE(block.find(written), std::string::npos) << rule << " has no " << written;
    EXPECT_FALSE(facts.SourceOf(std::string("law.threshold.") + id)->citation.empty());
  }
}

TEST(Incident, TimestampsAndTheGdprDeadline) {
  auto t = ParseTimestamp("2026-11-25T09:30:00+08:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->ToString(), "2026-11-25T09:30+08:00");
  EXPECT_EQ(t->ToUtcString(), "2026-11-25T01:30Z");
  EXPECT_EQ(t->Plus(72 * 60).ToString(), "2026-11-28T09:30+08:00");
  auto z = ParseTimestamp("2026-12-31T23:00Z");
  ASSERT_TRUE(z.has_value());
  EXPECT_EQ(z->Plus(72 * 60).ToString(), "2027-01-03T23:00Z");
  auto west = ParseTimestamp("2026-01-01T02:00-05:00");
  ASSERT_TRUE(west.has_value());
  EXPECT_EQ(west->ToUtcString(), "2026-01-01T07:00Z");
  for (const char* bad : {"2026-11-25", "2026-11-25T09:30", "2026-11-25T25:00+08:00",
                          "2026-02-30T09:30Z", "2026-11-25T09:30+8", "x"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

TEST(Incident, BadFilesNameTheField) {
  std::string dir = testing::ScratchDir();
  auto load = [&](const std::string& body) {
    std::ofstream(dir + "/i.yaml") << body;
    return LoadIncidentFile(dir + "/i.yaml");
  };
  auto missing = load("incident:\n  occurred_at: 2026-11-24\n  affected_individuals: 1\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().where.field, "incident.discovered_at");
  auto category = load(
      "incident:\n  discovered_at: 2026-11-25T09:30Z\n  occurred_at: 2026-11-24\n"
      "  categories: [identity, hobbies]\n  affected_individuals: 1\n");
  ASSERT_FALSE(category.ok());
  EXPECT_EQ(category.error().where.field, "incident.categories");
  EXPECT_EQ(category.error().where.line, 4);
  auto nobody = load("incident:\n  discovered_at: 2026-11-25T09:30Z\n  occurred_at: 2026-11-24\n");
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().where.field, "incident.affected_subjects_file");
  auto range = load(
      "incident:\n  discovered_at: 2026-11-25T09:30Z\n  occurred_at: {from: 2026-11-24, to: "
      "2026-11-20}\n  affected_individuals: 1\n");
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().where.field, "incident.occurred_at");
  auto yaml = load("incident: [unclosed\n");
  ASSERT_FALSE(yaml.ok());
  EXPECT_EQ(yaml.error().code, ErrorCode::kParse);
  auto good = load(
      "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n  occurred_at: 2026-11-24\n"
      "  affected_subjects_file: ids.txt\n  measures_taken: [a, b]\n  eu_data: true\n");
  ASSERT_TRUE(good.ok()) << good.error().ToString();
  EXPECT_EQ(good->affected_subjects_file, (fs::path(dir) / "ids.txt").string());
  EXPECT_EQ(good->measures_taken.size(), 2u);
  EXPECT_TRUE(good->eu_data);
}

// The officer's words are printed in the notices: personal information in any of them is bad
// input, named by file, line and field, and the value never appears in the error.
TEST(Incident, FreeTextWithPersonalInformationIsRefused) {
  std::string dir = testing::ScratchDir();
  auto detector = SharedTextDetector("");
  ASSERT_TRUE(detector.ok()) << detector.error().ToString();
  auto check = [&](const std::string& body) {
    std::ofstream(dir + "/i.yaml") << body;
    auto in = LoadIncidentFile(dir + "/i.yaml");
    EXPECT_TRUE(in.ok()) << in.error().ToString();
    return in.ok() ? CheckFreeText(*in, **detector) : Status(in.error());
  };
  const std::string head =
      "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n  occurred_at: 2026-11-24\n"
      "  affected_individuals: 3\n";
  Status clean = check(head +
                       "  description: A laptop of the HR department was stolen from a car.\n"
                       "  cause: Theft of an unencrypted laptop.\n"
                       "  measures_taken: [Accounts revoked on 2026-11-25.]\n");
  EXPECT_TRUE(clean.ok()) << clean.error().ToString();

  Status named = check(head + "  description: Zhang Wei lost the laptop on the train.\n");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(named.error().where.field, "incident.description");
  EXPECT_EQ(named.error().where.line, 5);
  EXPECT_EQ(named.error().ToString().find("Zhang"), std::string::npos);

  Status id = check(head +
                    "  cause: Theft.\n  measures_taken:\n    - Accounts revoked.\n"
                    "    - Called 13800138000 about ID 110101199003078531.\n");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().where.field, "incident.measures_taken[2]");
  EXPECT_EQ(id.error().where.line, 8);
  EXPECT_EQ(id.error().ToString().find("13800138000"), std::string::npos);
  EXPECT_EQ(id.error().ToString().find("110101199003078531"), std::string::npos);

  for (const char* field : {"cause", "possible_harm", "individual_measures"}) {
    Status s = check(head + "  " + field + ": 张伟的笔记本电脑被盗。\n");
    ASSERT_FALSE(s.ok()) << field;
    EXPECT_EQ(s.error().where.field, std::string("incident.") + field);
  }
}

TEST(Incident, OccurredAfterDiscoveryIsRefused) {
  std::string dir = testing::ScratchDir();
  auto load = [&](const std::string& occurred) {
    std::ofstream(dir + "/i.yaml") << "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n"
                                      "  occurred_at: "
                                   << occurred << "\n  affected_individuals: 3\n";
    return LoadIncidentFile(dir + "/i.yaml");
  };
  for (const char* late : {"2026-11-26", "{from: 2026-11-24, to: 2026-11-27}"}) {
    auto in = load(late);
    ASSERT_FALSE(in.ok()) << late;
    EXPECT_EQ(in.error().where.field, "incident.occurred_at");
    EXPECT_EQ(in.error().where.line, 3);
  }
  EXPECT_TRUE(load("2026-11-25").ok());  // the same day
}

TEST(Incident, UnknownKeysAreReported) {
  std::string dir = testing::ScratchDir();
  std::ofstream(dir + "/i.yaml")
      << "incident:\n  discovered_at: 2026-11-25T09:30:00+08:00\n"
         "  occurred_at: {from: 2026-11-24, to: 2026-11-24, until: 2026-11-25}\n"
         "  affected_individuals: 3\n  descripton: typo\n  contact: {name: DPO, fax: 1}\n"
         "severity: high\n";
  auto in = LoadIncidentFile(dir + "/i.yaml");
  ASSERT_TRUE(in.ok()) << in.error().ToString();
  EXPECT_EQ(in->unknown_keys,
            (std::vector<std::string>{"severity", "incident.descripton",
                                      "incident.occurred_at.until", "incident.contact.fax"}));
}

TEST(ColumnNames, HeadersThatLookLikeDataAreWithheld) {
  auto namer = ColumnNamer::Create("");
  ASSERT_TRUE(namer.ok()) << namer.error().ToString();
  for (const char* ok : {"employee_no", "name", "gender", "id_card", "sick_leave_diagnosis", "姓名",
                         "身份证号", "手机"}) {
    EXPECT_TRUE((*namer)->Vetted(ok)) << ok;
  }
  for (const char* data : {"林刚健", "13800138000", "cloud92592@example.cn", "350922199208221290",
                           "John Smith", "乙肝", "北京市朝阳区建国路88号", ""}) {
    EXPECT_FALSE((*namer)->Vetted(data)) << data;
  }
  EXPECT_FALSE((*namer)->HeaderIsVetted({"name", "林刚健"}));
  EXPECT_EQ(ColumnByPosition(Lang::kZh, 3), "第 3 列");
}

TEST(Facts, JsonListsEveryFactWithItsSourceAndEveryBlank) {
  FactSet f;
  f.Add("transfer.individuals", 2722, FactSource::LedgerEntry(0));
  f.Add("transfer.individuals", 2723, FactSource::LedgerEntry(1));  // replaced, not duplicated
  f.Add("decision.outcome", "exempt", FactSource::Rule("cn.x", "PIPL Art. 1", "V"));
  f.AddBlank("pipia.assessors", "评估人员", "assessors");
  f.AddBlank("pipia.assessors", "评估人员", "assessors");
  nlohmann::json j = f.ToJson();
  ASSERT_EQ(j["facts"].size(), 2u);
  EXPECT_EQ(j["facts"][0]["value"], 2723);
  EXPECT_EQ(j["facts"][0]["source"]["ref"], "entry 1");
  EXPECT_EQ(j["facts"][1]["source"]["citation"], "PIPL Art. 1");
  ASSERT_EQ(j["blanks"].size(), 1u);
  EXPECT_EQ(j["blanks"][0]["needed"]["zh"], "评估人员");
  EXPECT_EQ(f.Int("missing"), 0);
  EXPECT_EQ(f.Str("decision.outcome"), "exempt");
}

// A CSV without a header row: its first row is personal data. The PIPIA refers to the columns
// by position and no value of that row appears in any document or the facts (issue #11 item 3).
TEST(Report, HeaderlessCsvColumnsAreReferredToByPosition) {
  std::string dir = testing::ScratchDir();
  {
    std::ofstream csv(dir + "/people.csv");
    csv << "林刚健,350922199208221290,18589670670\n"
           "胡浩博,511304198612250414,13052041345\n"
           "王晓明,110101199001014569,13800138000\n";
  }
  std::ofstream(dir + "/plan.yaml")
      << "as_of: 2026-11-20\njurisdiction: CN\n"
         "exporter: {name: Example Co., ciio: false, state_organ: false}\n"
         "recipient: {name: Example GmbH, country: DE, kind: company}\n"
         "purpose: hr_management\n"
         "data: {personal_information: true, important_data: false, datasets: [people.csv]}\n"
         "consent: none\n";
  ReportOptions o;
  o.kind = ReportKind::kPipia;
  o.input = dir + "/plan.yaml";
  o.out_dir = dir + "/docs";
  o.db_path = dir + "/xborder.db";
  o.key_path = dir + "/xborder.key";
  o.pdf = false;
  auto outcome = GenerateReport(o);
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  std::string facts = testing::ReadFileOrEmpty(dir + "/docs/pipia.facts.json");
  EXPECT_NE(facts.find("\"column_names_shown\": false"), std::string::npos);
  std::vector<std::string> texts = {facts, testing::ReadFileOrEmpty(dir + "/docs/pipia.zh.html"),
                                    testing::ReadFileOrEmpty(dir + "/docs/pipia.en.html")};
  std::string docx = testing::ReadFileOrEmpty(dir + "/docs/pipia.zh.docx");
  texts.push_back(testing::ZipPart(docx, "word/document.xml"));
  for (const std::string& text : texts) {
    ASSERT_FALSE(text.empty());
    for (const char* value : {"林刚健", "350922199208221290", "18589670670"}) {
      EXPECT_EQ(text.find(value), std::string::npos) << value;
    }
  }
  EXPECT_NE(texts[1].find("第 2 列"), std::string::npos);
  EXPECT_NE(texts[2].find("column 2"), std::string::npos);
}

// The output folder holds the files and nothing else: no staging folder is left behind.
TEST(Report, WritesOnlyTheDocumentsAndFacts) {
  std::string dir = testing::ScratchDir();
  ReportOptions o;
  o.kind = ReportKind::kPipia;
  o.input = SourceTreeDir() + "/examples/plans/cn-crm-standard-contract.yaml";
  o.out_dir = dir + "/docs";
  o.db_path = dir + "/xborder.db";
  o.key_path = dir + "/xborder.key";
  o.languages = {Lang::kEn};
  o.pdf = false;
  o.docx = false;
  auto outcome = GenerateReport(o);
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(o.out_dir)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"pipia.en.html", "pipia.facts.json"}));
  // A plan without datasets: the figures are the plan's, and the document says so.
  std::string facts = testing::ReadFileOrEmpty(o.out_dir + "/pipia.facts.json");
  EXPECT_NE(facts.find("\"plan_only\""), std::string::npos);
  EXPECT_EQ(outcome->ledger_index, 0u);
  EXPECT_EQ(outcome->checkpoint_size, 0u);

  // A later run in other languages and formats leaves no document of the earlier one behind
  // (it would pass for this version); files the command does not write are not touched.
  std::ofstream(o.out_dir + "/notes.txt") << "the officer's own file\n";
  std::ofstream(o.out_dir + "/sc-filing.en.html") << "another kind's document\n";
  o.languages = {Lang::kZh};
  o.html = false;
  o.pdf = true;
  auto again = GenerateReport(o);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  names.clear();
  for (const auto& e : fs::directory_iterator(o.out_dir)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"notes.txt", "pipia.facts.json", "pipia.zh.pdf",
                                             "sc-filing.en.html"}));
}

}  // namespace
}  // namespace xb::report
