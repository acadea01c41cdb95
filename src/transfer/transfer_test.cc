// End-to-end tests of the transfer pipeline on the bundled HR example (3,000 synthetic
// employees, examples/transfer/hr/): success, every refusal, consent filtering, withdrawal, and
// package/ledger consistency under injected faults.
#include "transfer/transfer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "consent/consent_import.h"
#include "consent/consent_store.h"
#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/key_file.h"
#include "core/locations.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "ledger/signing_key.h"
#include "ledger/sqlite_store.h"
#include "transfer/package_recovery.h"
#include "transfer/transfer_stages.h"
#include "transfer/withdrawals.h"

namespace xb::transfer {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const std::string kExample = xb::SourceTreeDir() + "/examples/transfer/hr";
constexpr const char* kHistory =
    "history: {individuals_ytd: 150000, sensitive_individuals_ytd: 0}\n";

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("xb_transfer_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy_file(kExample + "/policy.yaml", dir_ / "policy.yaml");
  }

  // The HR plan with `extra` YAML lines appended (later keys win) and `replace` applied.
  std::string WritePlan(const std::string& body) {
    std::string path = (dir_ / "plan.yaml").string();
    std::ofstream(path) << body;
    return path;
  }

  std::string HrPlan(const std::string& overrides = "", const std::string& consent = "require",
                     const std::string& purpose = "hr_management",
                     const std::string& recipient_extra = "") {
    return "as_of: 2026-11-20\njurisdiction: CN\n"
           "exporter: {name: Shanghai Huaxin Trading Co., Ltd., ciio: false, state_organ: false, "
           "sector: other}\n"
           "recipient: {name: Huaxin Holding GmbH, country: DE, kind: company" +
           recipient_extra + "}\npurpose: " + purpose +
           "\ndata:\n  personal_information: true\n  important_data: false\n"
           "  subjects: [employees]\n"
           "  datasets: [" +
           kExample +
           "/employees.csv]\n"
           "  categories_needed: [identity, contact, financial]\n"
           "policy: policy.yaml\nconsent: " +
           consent + "\n" + overrides;
  }

  TransferOptions Options(const std::string& plan) {
    TransferOptions o;
    o.plan_path = plan;
    o.out_dir = (dir_ / "package").string();
    o.db_path = (dir_ / "xborder.db").string();
    o.key_path = (dir_ / "xborder.key").string();
    o.threads = 1;
    return o;
  }

  void ImportConsents() {
    auto key = LoadOrCreateKey((dir_ / "xborder.key").string());
    ASSERT_TRUE(key.ok());
    auto classifier = ColumnClassifier::Create();
    ASSERT_TRUE(classifier.ok());
    SubjectHasher hasher(*key, **classifier);
    auto read = consent::ReadConsentFile(
        kExample + "/consents.csv",
        [&hasher](std::string_view raw) { return hasher.HashRecognised(raw); });
    ASSERT_TRUE(read.ok()) << read.error().ToString();
    auto store = consent::ConsentStore::Open((dir_ / "xborder.db").string());
    ASSERT_TRUE(store.ok());
    Status imported = (*store)->Import(key->id, read->records);
    ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  }

  std::unique_ptr<ledger::Ledger> OpenLedger() {
    auto store = ledger::OpenSqliteStore((dir_ / "xborder.db").string());
    if (!store.ok()) return nullptr;
    auto l = ledger::Ledger::Open(std::move(*store), std::nullopt);
    return l.ok() ? std::move(*l) : nullptr;
  }

  uint64_t LedgerSize() {
    auto l = OpenLedger();
    return l ? l->Head()->size : 0;
  }

  // Resident IDs of employees.csv (column 4), read independently of the pipeline.
  std::vector<std::string> SourceIds() {
    std::ifstream in(kExample + "/employees.csv");
    std::string line;
    std::getline(in, line);
    std::vector<std::string> ids;
    while (std::getline(in, line)) {
      size_t a = 0;
      for (int i = 0; i < 3; ++i) a = line.find(',', a) + 1;
      ids.push_back(line.substr(a, 18));
    }
    return ids;
  }

  fs::path dir_;
};

TEST_F(TransferTest, CompletesWithPackageAndLedgerEntryThatAgree) {
  ImportConsents();
  auto outcome = RunTransfer(Options(WritePlan(HrPlan())));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  ASSERT_EQ(outcome->status, TransferStatus::kCompleted)
      << (outcome->refusal_reasons.empty() ? "" : outcome->refusal_reasons[0]);
  EXPECT_EQ(outcome->decision.outcome, rules::Outcome::kExempt);
  ASSERT_TRUE(outcome->ledger_index.has_value());
  EXPECT_EQ(*outcome->ledger_index, 0u);
  // Columns are graded: what leaves is identity and contact data; the dropped bank card and
  // diagnosis take the financial and health categories with them. The tokenised resident ID is
  // still (pseudonymised) sensitive PI of every employee sent.
  std::set<std::string> categories(outcome->categories.begin(), outcome->categories.end());
  EXPECT_EQ(categories, (std::set<std::string>{"contact", "identity"}));
  EXPECT_EQ(outcome->sensitive_individuals, outcome->individuals);

  // The manifest lists every data file with its SHA-256, and names the ledger entry.
  auto manifest = json::parse(*ReadFile((dir_ / "package" / "manifest.json").string()));
  for (auto& [name, sha] : manifest["files"].items()) {
    auto actual = Sha256OfFile((dir_ / "package" / name).string());
    ASSERT_TRUE(actual.ok()) << name;
    EXPECT_EQ(*actual, sha.get<std::string>()) << name;
  }
  EXPECT_EQ(manifest["ledger"]["index"], 0);
  // The ledger entry carries the same digests and the subject set, not the subjects.
  auto l = OpenLedger();
  ASSERT_NE(l, nullptr);
  auto entry = json::parse(*l->Entry(0));
  EXPECT_EQ(entry["type"], "transfer");
  EXPECT_EQ(entry["files"], manifest["files"]);
  EXPECT_EQ(entry["subject_set"]["individuals"]["count"], outcome->individuals);

  // No raw resident ID leaves: the package data and the ledger hold none of them.
  std::string data = *ReadFile((dir_ / "package" / "data" / "employees.csv").string());
  std::string entry_text = *l->Entry(0);
  for (const std::string& id : SourceIds()) {
    ASSERT_EQ(data.find(id), std::string::npos);
    ASSERT_EQ(entry_text.find(id), std::string::npos);
  }
  // Dropped columns are gone.
  EXPECT_EQ(data.find("sick_leave_diagnosis"), std::string::npos);
  EXPECT_EQ(data.find("bank_card"), std::string::npos);
  // Exactly one staging-free package directory beside the database and key.
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".staging"), std::string::npos);
  }
}

TEST_F(TransferTest, ConsentRequireRemovesExactlyThoseWithoutValidConsent) {
  ImportConsents();
  auto outcome = RunTransfer(Options(WritePlan(HrPlan())));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  const DatasetReport& d = outcome->datasets.at(0);
  uint64_t valid = d.consent.individuals[static_cast<size_t>(consent::Coverage::kValid)];
  uint64_t total = 0;
  for (uint64_t n : d.consent.individuals) total += n;
  EXPECT_EQ(total, d.individuals_in);
  EXPECT_GT(valid, 0u);
  EXPECT_LT(valid,
            d.individuals_in);   // the example has missing, withdrawn and non-separate consents
  EXPECT_EQ(d.rows_out, valid);  // one row per employee
  EXPECT_EQ(d.rows_in - d.rows_out, d.consent.rows_removed);
  EXPECT_EQ(outcome->individuals, valid);
  // The package holds exactly the kept rows (header + rows).
  std::string data = *ReadFile((dir_ / "package" / "data" / "employees.csv").string());
  EXPECT_EQ(static_cast<uint64_t>(std::count(data.begin(), data.end(), '\n')), valid + 1);
}

TEST_F(TransferTest, StrictConsentRefusesAndRecordsARefusal) {
  ImportConsents();
  auto outcome = RunTransfer(Options(WritePlan(HrPlan("", "strict"))));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->status, TransferStatus::kRefused);
  ASSERT_FALSE(outcome->refusal_reasons.empty());
  EXPECT_NE(outcome->refusal_reasons[0].find("lack valid consent"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "package"));
  auto l = OpenLedger();
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->Head()->size, 1u);
  EXPECT_EQ(json::parse(*l->Entry(0))["type"], "transfer_refused");
}

TEST_F(TransferTest, NoConsentOnFileMeansNothingToSendAndARefusal) {
  auto outcome = RunTransfer(Options(WritePlan(HrPlan())));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->status, TransferStatus::kRefused);
  EXPECT_FALSE(fs::exists(dir_ / "package"));
}

TEST_F(TransferTest, ProhibitedRecipientIsRefused) {
  auto outcome = RunTransfer(
      Options(WritePlan(HrPlan("", "none", "hr_management", ", restricted_list: true"))));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->decision.outcome, rules::Outcome::kProhibited);
  EXPECT_EQ(outcome->status, TransferStatus::kRefused);
  EXPECT_FALSE(fs::exists(dir_ / "package"));
  EXPECT_EQ(LedgerSize(), 1u);
}

TEST_F(TransferTest, MechanismRequiredButMissingExpiredOrWrongIsRefused) {
  // Analytics is no scenario exemption, and with 150,000 individuals already sent this year the
  // cumulative volume needs a standard contract or certification (Provisions 2024 Art. 8).
  for (const std::string& mechanism :
       {std::string(""),
        std::string("mechanism: {type: standard_contract, reference: X-1, effective: 2023-07-01, "
                    "expires: 2025-06-30}\n"),
        std::string(
            "mechanism: {type: security_assessment, reference: X-2, effective: 2026-01-01}\n"),
        std::string(
            "mechanism: {type: standard_contract, reference: X-3, effective: 2026-12-01}\n")}) {
    std::string plan = HrPlan(mechanism + kHistory, "none", "analytics");
    auto outcome = RunTransfer(Options(WritePlan(plan)));
    ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
    ASSERT_EQ(outcome->decision.outcome, rules::Outcome::kMechanismRequired) << mechanism;
    EXPECT_EQ(outcome->status, TransferStatus::kRefused) << mechanism;
    EXPECT_FALSE(outcome->refusal_reasons.empty()) << mechanism;
    EXPECT_FALSE(fs::exists(dir_ / "package"));
  }
}

TEST_F(TransferTest, ValidMechanismLetsTheTransferThrough) {
  std::string plan = HrPlan(
      "mechanism: {type: standard_contract, reference: 沪网信标备-2026-0142, effective: "
      "2026-05-01, "
      "filed: 2026-05-08}\n" +
          std::string(kHistory),
      "none", "analytics");
  auto outcome = RunTransfer(Options(WritePlan(plan)));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  ASSERT_EQ(outcome->decision.outcome, rules::Outcome::kMechanismRequired);
  EXPECT_EQ(outcome->status, TransferStatus::kCompleted)
      << (outcome->refusal_reasons.empty() ? "" : outcome->refusal_reasons[0]);
  EXPECT_TRUE(fs::exists(dir_ / "package" / "manifest.json"));
}

// A remarks column is graded by what its text holds, and only the rows whose own remark names
// a diagnosis count as sensitive PI sent.
TEST_F(TransferTest, FreeTextRemarksCountOnlyTheRowsThatHoldSensitiveEntities) {
  static const char* kNames[] = {"张伟", "王芳", "李娜", "刘洋", "陈静"};
  std::string csv = "mobile,name,remark\n";
  for (int i = 0; i < 200; ++i) {
    char mobile[16];
    std::snprintf(mobile, sizeof mobile, "138%08d", i);
    csv +=
        std::string(mobile) + "," + kNames[i % 5] + "," +
        (i % 4 == 0 ? "复诊记录：病人患有2型糖尿病，服用二甲双胍" : "周末送货上门请提前电话联系") +
        "\n";
  }
  std::ofstream(dir_ / "clinic.csv") << csv;
  std::string plan =
      "as_of: 2026-11-20\njurisdiction: CN\n"
      "exporter: {name: Shanghai Clinic Co., Ltd., ciio: false, state_organ: false, "
      "sector: other}\n"
      "recipient: {name: Lab GmbH, country: DE, kind: company}\n"
      "purpose: analytics\n"
      "data:\n  personal_information: true\n  important_data: false\n"
      "  datasets: [" +
      (dir_ / "clinic.csv").string() +
      "]\n"
      "consent: none\n"
      "mechanism: {type: standard_contract, reference: 沪网信标备-2026-0142, "
      "effective: 2026-05-01, filed: 2026-05-08}\n" +
      std::string(kHistory);
  auto outcome = RunTransfer(Options(WritePlan(plan)));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  ASSERT_EQ(outcome->status, TransferStatus::kCompleted)
      << (outcome->refusal_reasons.empty() ? "" : outcome->refusal_reasons[0]);
  EXPECT_EQ(outcome->individuals, 200u);
  EXPECT_EQ(outcome->sensitive_individuals, 50u);
  std::set<std::string> categories(outcome->categories.begin(), outcome->categories.end());
  EXPECT_TRUE(categories.count("health")) << "remarks with diagnoses carry health data";
  const ColumnFate& remark = outcome->datasets.at(0).columns.at(2);
  EXPECT_EQ(remark.name, "remark");
  EXPECT_TRUE(remark.sensitive);
  EXPECT_NE(std::find(remark.text_entities.begin(), remark.text_entities.end(), "HEALTH"),
            remark.text_entities.end());
}

// The race of issue #11, stage by stage: transfer A decides, transfer B of the same exporter
// is recorded, then A records. Each alone is in the standard-contract band (6,000 sensitive
// individuals, Provisions 2024 Art. 8); together they need a security assessment (Art. 7), so
// A, re-deciding under the ledger's write lock, is refused and leaves no package.
TEST_F(TransferTest, ADecisionOvertakenByAnotherTransferIsRefusedUnderTheLock) {
  auto write_data = [&](const std::string& name, int offset) {
    std::string csv = "mobile,diagnosis\n";
    for (int i = 0; i < 6000; ++i) {
      char mobile[16];
      std::snprintf(mobile, sizeof mobile, "138%08d", offset + i);
      csv += std::string(mobile) + ",糖尿病\n";
    }
    std::ofstream(dir_ / name) << csv;
  };
  write_data("a.csv", 0);
  write_data("b.csv", 1000000);
  auto plan = [&](const std::string& name, const std::string& data) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << "as_of: 2026-11-20\njurisdiction: CN\n"
                           "exporter: {name: Acme, ciio: false, state_organ: false, "
                           "sector: other}\n"
                           "recipient: {name: Lab GmbH, country: DE, kind: company}\n"
                           "purpose: analytics\ndata:\n  personal_information: true\n"
                           "  subjects: [customers]\n  datasets: ["
                        << data
                        << "]\nconsent: none\nmechanism: {type: standard_contract, reference: "
                           "X-1, effective: 2026-05-01, filed: 2026-05-08}\n";
    return path;
  };
  TransferOptions a_options = Options(plan("a.yaml", "a.csv"));
  TransferContext a(a_options);
  ASSERT_TRUE(LoadInputs(a).ok());
  ASSERT_TRUE(IdentifyDatasets(a).ok());
  FilterByConsent(a);
  CountWhatLeaves(a);
  ASSERT_TRUE(Decide(a).ok());
  CollectRefusals(a);
  ASSERT_EQ(a.outcome.decision.outcome, rules::Outcome::kMechanismRequired);
  ASSERT_TRUE(a.outcome.refusal_reasons.empty()) << a.outcome.refusal_reasons[0];

  TransferOptions b_options = Options(plan("b.yaml", "b.csv"));
  b_options.out_dir = (dir_ / "package-b").string();
  auto b = RunTransfer(b_options);
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  ASSERT_EQ(b->status, TransferStatus::kCompleted);

  std::string policy_sha256;
  auto package = ProtectAndPackage(a, &policy_sha256);
  ASSERT_TRUE(package.ok()) << package.error().ToString();
  ASSERT_TRUE(RecordTransfer(a, *package, policy_sha256).ok());
  EXPECT_EQ(a.outcome.status, TransferStatus::kRefused);
  ASSERT_EQ(a.outcome.refusal_reasons.size(), 1u);
  EXPECT_NE(a.outcome.refusal_reasons[0].find("while this transfer ran"), std::string::npos);
  EXPECT_EQ(a.outcome.decision.mechanisms, std::vector<std::string>{"security_assessment"});
  EXPECT_FALSE(fs::exists(dir_ / "package"));
  auto l = OpenLedger();
  ASSERT_EQ(l->Head()->size, 2u);
  EXPECT_EQ(json::parse(*l->Entry(1))["type"], "transfer_refused");
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".staging"), std::string::npos);
  }
}

TEST_F(TransferTest, DryRunWritesNothing) {
  ImportConsents();
  auto options = Options(WritePlan(HrPlan()));
  options.dry_run = true;
  auto outcome = RunTransfer(options);
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->status, TransferStatus::kDryRun);
  EXPECT_FALSE(fs::exists(dir_ / "package"));
  EXPECT_EQ(LedgerSize(), 0u);
}

TEST_F(TransferTest, InjectedFaultsLeaveNeitherPackageNorEntry) {
  ImportConsents();
  // Up to the ledger's commit (the manifest is written inside its transaction), a failure
  // leaves nothing behind.
  for (const std::string failing :
       {"write:data/employees.csv", "write:decision.json", "write:manifest.json"}) {
    auto options = Options(WritePlan(HrPlan()));
    options.fault = [&](std::string_view step) -> Status {
      return step == failing ? IoError("No space left on device") : Status::Ok();
    };
    auto outcome = RunTransfer(options);
    ASSERT_FALSE(outcome.ok()) << failing;
    EXPECT_EQ(outcome.error().code, ErrorCode::kIo) << failing;
    EXPECT_FALSE(fs::exists(dir_ / "package")) << failing;
    EXPECT_EQ(LedgerSize(), 0u) << failing;
    for (const auto& e : fs::directory_iterator(dir_)) {
      EXPECT_EQ(e.path().filename().string().find(".staging"), std::string::npos) << failing;
    }
  }
  // After the faults, the same transfer succeeds cleanly.
  auto outcome = RunTransfer(Options(WritePlan(HrPlan())));
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->status, TransferStatus::kCompleted);
  EXPECT_EQ(*outcome->ledger_index, 0u);
}

// Another writer appends after the manifest was signed for index 0 (a concurrent transfer of
// any exporter): the manifest is written and signed again for the index the entry then gets,
// and the entry records that manifest's hash.
TEST_F(TransferTest, AManifestWhoseIndexWasTakenIsSignedAgainForTheNextIndex) {
  ImportConsents();
  auto options = Options(WritePlan(HrPlan()));
  int signings = 0;
  options.fault = [&](std::string_view step) -> Status {
    if (step != "signed:manifest.json" || ++signings > 1) return Status::Ok();
    XB_ASSIGN_OR_RETURN(auto other, ledger::OpenLedgerFile((dir_ / "xborder.db").string(),
                                                           (dir_ / "xborder.key").string(),
                                                           ledger::LedgerAccess::kAppend));
    const std::vector<std::string> entry = {R"({"type":"note","text":"another writer"})"};
    auto appended = other->Append(entry);
    return appended.ok() ? Status::Ok() : Status(std::move(appended).error());
  };
  auto outcome = RunTransfer(options);
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->status, TransferStatus::kCompleted);
  EXPECT_EQ(signings, 2);
  ASSERT_TRUE(outcome->ledger_index.has_value());
  EXPECT_EQ(*outcome->ledger_index, 1u);
  EXPECT_EQ(LedgerSize(), 2u);

  const std::string manifest_text = *ReadFile((dir_ / "package" / "manifest.json").string());
  EXPECT_EQ(json::parse(manifest_text)["ledger"]["index"], 1);
  auto l = OpenLedger();
  ASSERT_NE(l, nullptr);
  auto entry = l->Entry(1);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(json::parse(*entry)["manifest_sha256"], ToHex(Sha256(manifest_text)));
}

// Once the entry is committed the package only has to move into place; if that fails (or the
// process dies), the entry stands and the next transfer moves the package there.
TEST_F(TransferTest, APackageRecordedButNotMovedIsMovedByTheNextTransfer) {
  ImportConsents();
  auto options = Options(WritePlan(HrPlan()));
  options.fault = [](std::string_view step) -> Status {
    return step == "commit" ? IoError("No space left on device") : Status::Ok();
  };
  auto failed = RunTransfer(options);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_NE(failed.error().message.find("ledger entry 0"), std::string::npos)
      << failed.error().ToString();
  EXPECT_EQ(LedgerSize(), 1u);
  // Only the transfer's claim on the name is there: empty, kept for the package.
  EXPECT_TRUE(fs::is_directory(dir_ / "package"));
  EXPECT_TRUE(fs::is_empty(dir_ / "package"));
  {
    auto l = ledger::OpenLedgerFile((dir_ / "xborder.db").string(), (dir_ / "xborder.key").string(),
                                    ledger::LedgerAccess::kRead);
    ASSERT_TRUE(l.ok());
    auto unfinished = UnfinishedPackages(**l);
    ASSERT_TRUE(unfinished.ok());
    ASSERT_EQ(unfinished->size(), 1u);
    EXPECT_NE((*unfinished)[0].find("ledger entry 0"), std::string::npos) << (*unfinished)[0];
  }

  auto next_options = Options(WritePlan(HrPlan()));
  next_options.out_dir = (dir_ / "package-2").string();
  auto next = RunTransfer(next_options);
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(*next->ledger_index, 1u);
  EXPECT_TRUE(std::any_of(next->warnings.begin(), next->warnings.end(), [](const std::string& w) {
    return w.find("moved the package of ledger entry 0") != std::string::npos;
  }));
  auto manifest = json::parse(*ReadFile((dir_ / "package" / "manifest.json").string()));
  EXPECT_EQ(manifest["ledger"]["index"], 0);
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".staging"), std::string::npos);
  }
}

TEST_F(TransferTest, RefusesToAppendToABrokenLedger) {
  ImportConsents();
  ASSERT_TRUE(RunTransfer(Options(WritePlan(HrPlan()))).ok());
  fs::remove_all(dir_ / "package");
  // Tamper with the last entry behind the ledger's back.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "xborder.db").string().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE entry SET data = '{\"tampered\":true}' WHERE idx = 0", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto outcome = RunTransfer(Options(WritePlan(HrPlan())));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, ErrorCode::kCorruption);
  EXPECT_FALSE(fs::exists(dir_ / "package"));
}

TEST_F(TransferTest, WithdrawalsPointAtTheEntriesThatCarriedThem) {
  ImportConsents();
  ASSERT_TRUE(RunTransfer(Options(WritePlan(HrPlan()))).ok());
  auto key = LoadOrCreateKey((dir_ / "xborder.key").string());
  auto classifier = ColumnClassifier::Create();
  ASSERT_TRUE(classifier.ok());
  SubjectHasher hasher(*key, **classifier);
  auto store = consent::ConsentStore::Open((dir_ / "xborder.db").string());
  ASSERT_TRUE(store.ok());
  // Find two employees that were sent (valid consent) and withdraw them after the transfer.
  auto index = (*store)->LoadAll(key->id);
  ASSERT_TRUE(index.ok());
  consent::ConsentRequest request{
      "Huaxin Holding GmbH", "hr_management", {}, *CivilDate::Parse("2026-11-20")};
  int withdrawn = 0;
  for (const std::string& id : SourceIds()) {
    std::optional<Digest> recognised = hasher.HashRecognised(id);
    ASSERT_TRUE(recognised.has_value());
    Digest h = *recognised;
    auto it = index->find(h);
    if (it == index->end() ||
        consent::Evaluate(it->second, request, false) != consent::Coverage::kValid)
      continue;
    ASSERT_TRUE((*store)->Withdraw(key->id, h, *CivilDate::Parse("2026-11-25"), std::nullopt).ok());
    if (++withdrawn == 2) break;
  }
  ASSERT_EQ(withdrawn, 2);
  auto l = OpenLedger();
  auto impacts = FindWithdrawalImpact(*l, **store, key->id, *CivilDate::Parse("2026-11-21"));
  ASSERT_TRUE(impacts.ok()) << impacts.error().ToString();
  ASSERT_EQ(impacts->size(), 1u);
  EXPECT_EQ(impacts->at(0).index, 0u);
  EXPECT_EQ(impacts->at(0).individuals, 2u);
  EXPECT_EQ(impacts->at(0).recipient, "Huaxin Holding GmbH");
  // Withdrawals before the date are not listed.
  EXPECT_TRUE(FindWithdrawalImpact(*l, **store, key->id, *CivilDate::Parse("2026-12-01"))->empty());
}

TEST_F(TransferTest, BadInputIsAnErrorAndWritesNothing) {
  auto missing =
      RunTransfer(Options(WritePlan(HrPlan("data: {datasets: [/nonexistent/x.csv]}\n"))));
  ASSERT_FALSE(missing.ok());
  // The policy names a column the data lacks: bad input, even for a plan that would be refused.
  auto bad_policy = HrPlan("", "require");
  bad_policy.replace(bad_policy.find("policy: policy.yaml"), 19,
                     "policy: {columns: {no_such_column: drop}}");
  auto r = RunTransfer(Options(WritePlan(bad_policy)));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("no_such_column"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "package"));
  EXPECT_EQ(LedgerSize(), 0u);
}

TEST(ColumnFateTest, ReferenceNamesThePositionUnlessTheNameIsSafe) {
  ColumnFate f;
  f.name = "mobile";
  f.position = 3;
  EXPECT_EQ(f.Reference(), "column 'mobile'");
  EXPECT_EQ(f.DisplayName(), "mobile");
  f.name_holds_data = true;
  EXPECT_EQ(f.Reference(), "column 3");
  EXPECT_EQ(f.DisplayName(), "column 3");
  f.name_holds_data = false;
  f.name = "column_3";
  f.name_generated = true;
  EXPECT_EQ(f.Reference(), "column 3");
  EXPECT_EQ(f.DisplayName(), "column_3");
}

}  // namespace
}  // namespace xb::transfer
