// Regression tests for issue #11 ("Trust first"), the transfer pipeline's part: each runs the
// built `xborder` on real files and reproduces one reported defect from the outside.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cli_test_util.h"
#include "core/crypto.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kExporter = "Acme Trading Co., Ltd.";
constexpr const char* kRecipient = "Acme GmbH";

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string Mobile(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "138%08d", i);
  return buf;
}

// Adults born in 1990, one per index and region (distinct resident IDs).
std::string AdultId(int i, std::string_view region = "110101") {
  char birth[9];
  std::snprintf(birth, sizeof birth, "1990%02d%02d", 1 + i % 12, 1 + (i / 12) % 28);
  return ResidentId(region, birth, i / 336);
}

class TransferTrustTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = FreshTempDir(); }

  std::vector<std::string> Global() const {
    return {"--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "json"};
  }
  RunResult Run(std::vector<std::string> args) const {
    std::vector<std::string> all = Global();
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all);
  }
  std::string Write(const std::string& name, const std::string& content) const {
    fs::path path = fs::path(dir_) / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  // A plan in the test folder; `datasets` relative to it.
  std::string WritePlan(const std::string& name, const std::string& datasets,
                        const std::string& extra, const std::string& purpose = "hr_management",
                        const std::string& jurisdiction = "CN",
                        const std::string& country = "DE") const {
    const std::string subjects = purpose == "hr_management" ? "employees" : "customers";
    return Write(name, "as_of: 2026-11-20\njurisdiction: " + jurisdiction +
                           "\nexporter: {name: \"" + kExporter +
                           "\", ciio: false, state_organ: false, sector: other}\n"
                           "recipient: {name: " +
                           kRecipient + ", country: " + country +
                           ", kind: company}\npurpose: " + purpose +
                           "\ndata:\n  personal_information: true\n  important_data: false\n"
                           "  subjects: [" +
                           subjects + "]\n  datasets: [" + datasets + "]\n" + extra);
  }
  // The ledger's entries, in order (`ledger export`).
  std::vector<json> LedgerEntries() const {
    RunResult r = Run({"ledger", "export"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<json> entries;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) entries.push_back(json::parse(line));
    }
    return entries;
  }
  static const json& Dataset(const json& outcome, const std::string& source) {
    for (const json& d : outcome["datasets"]) {
      if (d["source"] == source) return d;
    }
    static const json kNone;
    ADD_FAILURE() << "no dataset " << source << " in " << outcome.dump();
    return kNone;
  }

  std::string dir_;
};

// Defect 1: with consent on file for `identity` only, a.csv (identity) is sent in full and
// b.csv (identity + contact) not at all, whichever order the plan lists them in.
TEST_F(TransferTrustTest, ConsentUsesEachDatasetsOwnCategoriesInAnyOrder) {
  std::string a = "id_card,department\n", b = "id_card,mobile\n";
  std::string consents =
      "subject_id,recipients,purposes,categories,separate_consent,guardian_consent,granted_at,"
      "withdrawn_at,notice.version,notice.recipient_name,notice.recipient_contact,"
      "notice.purpose,notice.method,notice.categories,notice.rights_procedure\n";
  for (int i = 0; i < 20; ++i) {
    a += AdultId(i) + ",销售部\n";
    b += AdultId(i) + "," + Mobile(i) + "\n";
    consents += AdultId(i) + "," + kRecipient +
                ",hr_management,identity,true,false,2025-01-01,,v1,Acme GmbH,privacy@acme.example,"
                "group HR,HR system,identity,write to privacy@acme.example\n";
  }
  Write("a.csv", a);
  Write("b.csv", b);
  RunResult imported = Run({"consent", "import", Write("consents.csv", consents)});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  for (const std::string order : {"a.csv, b.csv", "b.csv, a.csv"}) {
    std::string plan = WritePlan("plan.yaml", order, "consent: require\n");
    RunResult r = Run({"transfer", plan, "--dry-run"});
    ASSERT_EQ(r.exit_code, 0) << order << "\n" << r.err << r.out;
    json outcome = json::parse(r.out);
    EXPECT_EQ(Dataset(outcome, "a.csv")["rows_out"], 20) << order;
    EXPECT_EQ(Dataset(outcome, "b.csv")["rows_out"], 0) << order;
    EXPECT_EQ(outcome["individuals"], 20) << order;
  }
}

// Defect 2: someone born exactly 14 years before as_of is still under 14 on that day (the
// taxonomy's reading of 不满十四周岁), for `scan --as-of` and `transfer` alike.
TEST_F(TransferTrustTest, FourteenthBirthdayCountsTheSameInScanAndTransfer) {
  std::string csv = "id_card,mobile\n";
  csv += ResidentId("110101", "20121119", 1) + "," + Mobile(1) + "\n";  // 14 since yesterday
  csv += ResidentId("110101", "20121120", 2) + "," + Mobile(2) + "\n";  // 14th birthday today
  csv += ResidentId("110101", "20121121", 3) + "," + Mobile(3) + "\n";  // 14 tomorrow
  csv += AdultId(4) + "," + Mobile(4) + "\n";
  std::string data = Write("children.csv", csv);

  RunResult scanned = Run({"scan", data, "--as-of", "2026-11-20"});
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  json profile = json::parse(scanned.out);
  const json& p = profile.is_array() ? profile[0] : profile["datasets"][0];
  EXPECT_EQ(p["minors_under_14"], 2) << scanned.out;

  std::string plan = WritePlan("plan.yaml", "children.csv", "consent: none\n");
  RunResult r = Run({"transfer", plan, "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(json::parse(r.out)["minors_under_14"], 2) << r.out;
}

// Defect 3: a CSV without a header row: its first row is data, and no cell value (nor a column
// name that is itself personal data) reaches the ledger, a refusal reason, a warning, stdout or
// stderr.
TEST_F(TransferTrustTest, HeaderlessDataNeverReachesTheLedgerOrTheOutput) {
  static const char* kNames[] = {"张伟", "王芳", "李娜", "刘洋", "陈静"};
  std::string csv;
  std::vector<std::string> values;
  for (int i = 0; i < 20; ++i) {
    std::string id = AdultId(i), mobile = Mobile(i);
    csv += std::string(kNames[i % 5]) + "," + id + "," + mobile + "\n";
    values.insert(values.end(), {id, mobile});
  }
  Write("people.csv", csv);
  std::string plan =
      WritePlan("plan.yaml", "people.csv", "  categories_needed: [identity]\nconsent: none\n");
  RunResult r = Run({"transfer", plan, "--strict", "--out", dir_ + "/package"});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;  // the contact column is beyond the purpose
  json outcome = json::parse(r.out);
  EXPECT_EQ(outcome["datasets"][0]["rows_in"], 20) << "the first row is data, not a header";
  ASSERT_FALSE(outcome["refusal_reasons"].empty());
  EXPECT_NE(outcome["refusal_reasons"][0].get<std::string>().find("column 3"), std::string::npos)
      << outcome["refusal_reasons"][0];

  std::vector<json> entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 1u);
  std::string entry = entries[0].dump();
  for (const std::string& v : values) {
    EXPECT_EQ(entry.find(v), std::string::npos) << v << " in the ledger: " << entry;
    EXPECT_EQ(r.out.find(v), std::string::npos) << v << " on stdout";
    EXPECT_EQ(r.err.find(v), std::string::npos) << v << " on stderr";
  }
  for (const char* name : kNames) EXPECT_EQ(entry.find(name), std::string::npos) << name;

  // A header row that is a header, but one of its names is itself personal data (a person's
  // name): the refusal refers to that column by position.
  std::string named = "张伟,mobile\n";
  for (int i = 0; i < 20; ++i) named += std::string(kNames[i % 5]) + "," + Mobile(i) + "\n";
  Write("named.csv", named);
  plan = WritePlan("plan2.yaml", "named.csv", "  categories_needed: [contact]\nconsent: none\n");
  r = Run({"transfer", plan, "--strict", "--out", dir_ + "/package2"});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  outcome = json::parse(r.out);
  EXPECT_EQ(outcome["datasets"][0]["rows_in"], 20);
  ASSERT_FALSE(outcome["refusal_reasons"].empty()) << r.out;
  const std::string reason = outcome["refusal_reasons"][0];
  EXPECT_NE(reason.find("column 1"), std::string::npos) << reason;
  entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].dump().find("张伟"), std::string::npos) << entries[1].dump();
  for (const json& w : outcome["warnings"])
    EXPECT_EQ(w.get<std::string>().find("张伟"), std::string::npos);
}

// Review F5: a headerless file whose first record holds no subject identifier, only a name, an
// address, a bank card and a birth date, is read as data too: that person passes through every
// row check and is sent like the others, under a generated header, and none of their values is
// written anywhere but the package's data file.
TEST_F(TransferTrustTest, AFirstRowWithoutIdentifiersIsStillData) {
  std::string csv;
  for (int i = 0; i < 20; ++i) csv += NameAddressCardDate(i) + "\n";
  Write("people.csv", csv);
  std::string plan = WritePlan("plan.yaml", "people.csv", "consent: none\n");
  RunResult r = Run({"transfer", plan, "--out", dir_ + "/package"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  json outcome = json::parse(r.out);
  EXPECT_EQ(outcome["datasets"][0]["rows_in"], 20) << "the first row is data, not a header";
  for (const json& c : outcome["datasets"][0]["columns"]) {
    EXPECT_EQ(c["name"].get<std::string>().rfind("column_", 0), 0u) << c.dump();
  }
  const std::string data = FileText(dir_ + "/package/data/people.csv");
  EXPECT_EQ(data.substr(0, data.find_first_of("\r\n")), "column_1,column_2,column_3,column_4");
  EXPECT_NE(data.find(csv.substr(0, csv.find('\n'))), std::string::npos) << "the person is sent";

  std::vector<json> entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 1u);
  const std::string entry = entries[0].dump();
  std::string first = csv.substr(0, csv.find('\n'));
  for (size_t start = 0, comma; start <= first.size(); start = comma + 1) {
    comma = std::min(first.find(',', start), first.size());
    const std::string value = first.substr(start, comma - start);
    EXPECT_EQ(entry.find(value), std::string::npos) << value << " in the ledger: " << entry;
    EXPECT_EQ(r.out.find(value), std::string::npos) << value << " on stdout";
    EXPECT_EQ(r.err.find(value), std::string::npos) << value << " on stderr";
    for (const char* file : {"manifest.json", "SUMMARY.txt", "decision.json"}) {
      EXPECT_EQ(FileText(dir_ + "/package/" + file).find(value), std::string::npos) << file;
    }
  }
}

// Defect 4: two datasets with the same file name in different folders both reach the package,
// under their paths relative to the plan.
TEST_F(TransferTrustTest, SameFileNameInTwoFoldersKeepsBoth) {
  std::string hr = "id_card,mobile\n", crm = "id_card,mobile\n";
  for (int i = 0; i < 10; ++i) {
    hr += AdultId(i) + "," + Mobile(i) + "\n";
    crm += AdultId(100 + i) + "," + Mobile(100 + i) + "\n";
  }
  Write("hr/people.csv", hr);
  Write("crm/people.csv", crm);
  std::string plan = WritePlan("plan.yaml", "hr/people.csv, crm/people.csv", "consent: none\n");
  RunResult r = Run({"transfer", plan, "--out", dir_ + "/package"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(fs::exists(dir_ + "/package/data/hr/people.csv"));
  EXPECT_TRUE(fs::exists(dir_ + "/package/data/crm/people.csv"));
  std::ifstream in(dir_ + "/package/manifest.json");
  json manifest = json::parse(in);
  EXPECT_TRUE(manifest["files"].contains("data/hr/people.csv")) << manifest.dump();
  EXPECT_TRUE(manifest["files"].contains("data/crm/people.csv")) << manifest.dump();
  std::vector<json> entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 1u);
  std::set<std::string> sources;
  for (const json& d : entries[0]["datasets"]) sources.insert(d["source"].get<std::string>());
  EXPECT_EQ(sources, (std::set<std::string>{"hr/people.csv", "crm/people.csv"}));
}

// Review of issue #11, F3: a natural person as recipient (recipient.kind: individual) is
// recorded as the registry records one, by the keyed hash of the name, never by the name.
TEST_F(TransferTrustTest, AnIndividualRecipientsNameNeverReachesTheLedger) {
  std::string csv = "id_card,mobile\n";
  for (int i = 0; i < 10; ++i) csv += AdultId(i) + "," + Mobile(i) + "\n";
  Write("people.csv", csv);
  std::string plan = WritePlan("plan.yaml", "people.csv", "consent: none\n");
  std::string text = FileText(plan);
  text.replace(text.find("name: Acme GmbH"), 15, "name: 王秀英");
  text.replace(text.find("kind: company"), 13, "kind: individual");
  Write("plan.yaml", text);
  RunResult r = Run({"transfer", plan, "--out", dir_ + "/package"});
  ASSERT_LE(r.exit_code, 1) << r.err << r.out;
  std::vector<json> entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].dump().find("王秀英"), std::string::npos) << entries[0].dump();
  const std::string hmac = entries[0].value("recipient_name_hmac", "");
  EXPECT_EQ(hmac.size(), 64u) << entries[0].dump();
  EXPECT_EQ(entries[0]["recipient"], "individual " + hmac.substr(0, 12));
  if (fs::exists(dir_ + "/package/manifest.json")) {
    EXPECT_EQ(FileText(dir_ + "/package/manifest.json").find("王秀英"), std::string::npos);
  }
  // The same person named the same way hashes the same (so reports group the transfers).
  r = Run({"transfer", plan, "--out", dir_ + "/package2"});
  ASSERT_LE(r.exit_code, 1) << r.err << r.out;
  entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].value("recipient_name_hmac", ""), hmac);
}

// Review of issue #11, F4: a dataset's file or folder name that holds personal data (a
// per-person HR export) is referred to by its position in the ledger entry, the manifest and
// the package, never by its name. An ordinary name is kept.
TEST_F(TransferTrustTest, ADatasetPathHoldingPersonalDataIsRecordedByPosition) {
  const std::string id = AdultId(7);
  const std::string person_file = "张伟_" + id + ".csv";
  std::string csv = "id_card,mobile\n";
  for (int i = 0; i < 10; ++i) csv += AdultId(i) + "," + Mobile(i) + "\n";
  Write(person_file, csv);
  Write("王芳/records.csv", csv);  // a folder named after a person
  Write("staff.csv", csv);
  std::string plan = WritePlan("plan.yaml", "\"" + person_file + "\", 王芳/records.csv, staff.csv",
                               "consent: none\n");
  RunResult r = Run({"transfer", plan, "--out", dir_ + "/package"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  std::vector<json> entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 1u);
  const std::string entry = entries[0].dump();
  const std::string manifest = FileText(dir_ + "/package/manifest.json");
  const std::string summary = FileText(dir_ + "/package/SUMMARY.txt");
  for (const std::string& pi : {id, std::string("张伟"), std::string("王芳")}) {
    EXPECT_EQ(entry.find(pi), std::string::npos) << pi << " in the entry: " << entry;
    EXPECT_EQ(manifest.find(pi), std::string::npos) << pi << " in the manifest";
    EXPECT_EQ(summary.find(pi), std::string::npos) << pi << " in SUMMARY.txt";
  }
  EXPECT_EQ(entries[0]["datasets"][0]["source"], "dataset-1");
  EXPECT_EQ(entries[0]["datasets"][0]["output"], "data/dataset-1.csv");
  EXPECT_EQ(entries[0]["datasets"][1]["output"], "data/dataset-2.csv");
  EXPECT_EQ(entries[0]["datasets"][2]["output"], "data/staff.csv") << "an ordinary name stays";
  EXPECT_TRUE(fs::exists(dir_ + "/package/data/dataset-1.csv"));
  EXPECT_TRUE(fs::exists(dir_ + "/package/data/dataset-2.csv"));
  for (const auto& e : fs::recursive_directory_iterator(dir_ + "/package")) {
    const std::string name = e.path().string();
    EXPECT_EQ(name.find("张伟"), std::string::npos) << name;
    EXPECT_EQ(name.find("王芳"), std::string::npos) << name;
  }
}

// Every file under `dir` with the SHA-256 of its bytes.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string name = fs::relative(e.path(), dir).string();
    if (e.is_directory()) {
      files[name + "/"] = "";
      continue;
    }
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files[name] = ToHex(Sha256(bytes.str()));
  }
  return files;
}

// A dry run writes nothing at all: no key file, no database, no package, and it leaves an
// existing database and key byte for byte as they were.
TEST_F(TransferTrustTest, DryRunLeavesTheFolderUntouched) {
  std::string csv = "id_card,mobile\n";
  for (int i = 0; i < 10; ++i) csv += AdultId(i) + "," + Mobile(i) + "\n";
  Write("people.csv", csv);
  std::string plan = WritePlan("plan.yaml", "people.csv", "consent: require\n");

  auto before = Snapshot(dir_);
  RunResult r = Run({"transfer", plan, "--dry-run"});
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;  // nobody has consented: nothing would leave
  EXPECT_EQ(Snapshot(dir_), before);
  EXPECT_NE(r.out.find("ephemeral"), std::string::npos) << "the output says no key exists yet";

  // With a key and a ledger in place (a completed transfer), a dry run changes neither.
  plan = WritePlan("plan.yaml", "people.csv", "consent: none\n");
  RunResult done = Run({"transfer", plan, "--out", dir_ + "/package"});
  ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
  before = Snapshot(dir_);
  for (const std::string consent : {"none", "require"}) {
    plan = WritePlan("plan.yaml", "people.csv", "consent: " + consent + "\n");
    before["plan.yaml"] = Snapshot(dir_)["plan.yaml"];
    r = Run({"transfer", plan, "--dry-run", "--out", dir_ + "/package2"});
    EXPECT_LE(r.exit_code, 1) << r.err << r.out;
    EXPECT_EQ(Snapshot(dir_), before) << consent;
  }
}

// Sensitivity follows the plan's jurisdiction: a resident ID is sensitive PI in the PRC but
// not a special category under GDPR Art. 9.
TEST_F(TransferTrustTest, SensitivityFollowsThePlansJurisdiction) {
  std::string csv = "id_card,mobile\n";
  for (int i = 0; i < 10; ++i) csv += AdultId(i) + "," + Mobile(i) + "\n";
  Write("people.csv", csv);
  std::string cn = WritePlan("cn.yaml", "people.csv", "consent: none\n");
  std::string eu =
      WritePlan("eu.yaml", "people.csv", "consent: none\n", "hr_management", "EU", "US");
  RunResult r = Run({"transfer", cn, "--dry-run"});
  ASSERT_LE(r.exit_code, 1) << r.err;
  EXPECT_EQ(json::parse(r.out)["sensitive_individuals"], 10);
  r = Run({"transfer", eu, "--dry-run"});
  ASSERT_LE(r.exit_code, 1) << r.err;
  json outcome = json::parse(r.out);
  EXPECT_EQ(outcome["sensitive_individuals"], 0) << r.out;
  EXPECT_EQ(outcome["datasets"][0]["columns"][0]["sensitive"], false);
}

// The race: two transfers for one exporter, each below the 10,000 sensitive-individual
// threshold of Provisions 2024 Art. 7 on its own, together above it. Whichever records second
// re-checks the counts under the ledger's write lock and is refused.
TEST_F(TransferTrustTest, TwoConcurrentTransfersCannotJointlyCrossAThreshold) {
  // 6,000 people with a diagnosis (sensitive) and 14,000 without in each: each transfer is in
  // the standard-contract band alone (Art. 8), together they need an assessment (Art. 7). The
  // people without one make the work after the decision long enough for the runs to overlap.
  constexpr int kSensitive = 6000, kRows = 20000;
  std::string first = "mobile,diagnosis\n", second = "mobile,diagnosis\n";
  for (int i = 0; i < kRows; ++i) {
    const char* diagnosis = i < kSensitive ? ",糖尿病\n" : ",\n";
    first += Mobile(i) + diagnosis;
    second += Mobile(1000000 + i) + diagnosis;
  }
  Write("first.csv", first);
  Write("second.csv", second);
  const std::string extra =
      "consent: none\nmechanism: {type: standard_contract, reference: X-1, effective: "
      "2026-05-01, filed: 2026-05-08}\n";
  std::string plan1 = WritePlan("first.yaml", "first.csv", extra, "analytics");
  std::string plan2 = WritePlan("second.yaml", "second.csv", extra, "analytics");

  // Each alone needs (and has) a standard contract. The first is decided while the ledger is
  // empty and then held before it records (a test hook, transfer_command.cc); the second runs
  // meanwhile and is recorded; then the first goes on, and must re-check under the write lock.
  const std::string hold = dir_ + "/hold";
  fs::create_directories(hold);
  std::vector<std::string> args1 = Global(), args2 = Global();
  for (auto* a : {&args1, &args2}) a->insert(a->end(), {"transfer", "--threads", "1"});
  args1.insert(args1.end(), {plan1, "--out", dir_ + "/p1"});
  args2.insert(args2.end(), {plan2, "--out", dir_ + "/p2"});
  RunOptions held;
  held.env = {{"XBORDER_TEST_PAUSE_BEFORE_APPEND", hold}};
  Spawned one = SpawnXborder(args1, held);
  for (int i = 0; i < 6000 && !fs::exists(hold + "/decided"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(fs::exists(hold + "/decided")) << "the first transfer never reached its append";
  RunResult r2 = RunXborder(args2);
  EXPECT_EQ(r2.exit_code, 0) << r2.err << r2.out;
  std::ofstream(hold + "/go").put('\n');
  RunResult r1 = WaitXborder(one);
  EXPECT_EQ(r1.exit_code, 1) << r1.err << r1.out;

  std::vector<json> entries = LedgerEntries();
  ASSERT_EQ(entries.size(), 2u) << r1.err << r2.err;
  EXPECT_EQ(entries[0]["type"], "transfer");
  EXPECT_EQ(entries[1]["type"], "transfer_refused");
  // The refusal stands on the decision as it is with both: a security assessment
  // (12,000 sensitive individuals), which the plan's standard contract does not satisfy.
  EXPECT_EQ(entries[1]["decision"]["mechanisms"], json::array({"security_assessment"}));
  json outcome = json::parse(r1.out);
  ASSERT_FALSE(outcome["refusal_reasons"].empty()) << r1.out;
  const std::string reason = outcome["refusal_reasons"][0];
  EXPECT_NE(reason.find("while this transfer ran, another transfer of " + std::string(kExporter) +
                        " was recorded"),
            std::string::npos)
      << reason;
  EXPECT_NE(reason.find("security_assessment"), std::string::npos) << reason;
  EXPECT_FALSE(fs::exists(dir_ + "/p1"));
  EXPECT_TRUE(fs::exists(dir_ + "/p2/manifest.json"));
}

}  // namespace
}  // namespace xb::cli::testing
