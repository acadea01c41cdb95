// Sealed export packages end to end (issue #16 phase 2): `transfer --seal-to` writes a package
// whose data files and reports only the recipient opens, with Debian's `age -d`; its manifest is
// signed so that Debian's `minisign -V` verifies it; `verify-package` checks the signature,
// every file and the ledger entry, and names what was changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class SealedTransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    fs::copy(SourcePath("examples/transfer/hr"), dir_ + "/hr", fs::copy_options::recursive);
    RunResult keygen = RunProgram({"age-keygen", "-o", dir_ + "/recipient.key"});
    ASSERT_EQ(keygen.exit_code, 0)
        << "Debian's age is needed (scripts/install-deps.sh): " << keygen.err;
    RunResult pub = RunProgram({"age-keygen", "-y", dir_ + "/recipient.key"});
    ASSERT_EQ(pub.exit_code, 0);
    recipient_ = pub.out.substr(0, pub.out.find('\n'));
  }
  RunResult Xb(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> all = {
        "--db", dir_ + "/" + db, "--key-file", dir_ + "/xborder.key", "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all);
  }
  // Consents imported, then the HR example's transfer into `package`.
  RunResult Transfer(const std::string& db, const std::string& package,
                     std::vector<std::string> extra = {}) {
    RunResult imported = Xb(db, {"consent", "import", dir_ + "/hr/consents.csv"});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    std::vector<std::string> args = {"transfer", dir_ + "/hr/plan.yaml", "--out",
                                     dir_ + "/" + package};
    args.insert(args.end(), extra.begin(), extra.end());
    return Xb(db, args);
  }
  RunResult SealedTransfer() {
    return Transfer("xborder.db", "package", {"--seal-to", recipient_});
  }
  std::string Pkg(const std::string& name) { return dir_ + "/package/" + name; }

  std::string dir_;
  std::string recipient_;
};

TEST_F(SealedTransferTest, AgeOpensEveryFileAndNothingIsLeftClear) {
  RunResult done = SealedTransfer();
  ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
  for (const auto& e : fs::recursive_directory_iterator(dir_ + "/package")) {
    if (e.is_directory()) continue;
    const std::string name = fs::relative(e.path(), dir_ + "/package").generic_string();
    // Signatures are public: the manifest's and the sealed summary's.
    if (name == "manifest.json" || name == "manifest.json.minisig" ||
        name == "SUMMARY.txt.age.minisig") {
      continue;
    }
    EXPECT_EQ(e.path().extension(), ".age") << name << " is in the package in clear";
  }
  EXPECT_TRUE(fs::exists(Pkg("data/employees.csv.age")));
  EXPECT_TRUE(fs::exists(Pkg("decision.json.age")));
  EXPECT_TRUE(fs::exists(Pkg("SUMMARY.txt.age")));

  // The same transfer unsealed (another database, the same key: the same protected output).
  RunResult plain = Transfer("plain.db", "plain");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (const std::string name : {"data/employees.csv", "decision.json", "protection-report.json"}) {
    RunResult opened = RunProgram(
        {"age", "-d", "-i", dir_ + "/recipient.key", "-o", dir_ + "/opened", Pkg(name + ".age")});
    ASSERT_EQ(opened.exit_code, 0) << name << ": " << opened.err;
    EXPECT_EQ(Slurp(dir_ + "/opened"), Slurp(dir_ + "/plain/" + name)) << name;
    fs::remove(dir_ + "/opened");
  }
  // A wrong identity opens nothing.
  ASSERT_EQ(RunProgram({"age-keygen", "-o", dir_ + "/other.key"}).exit_code, 0);
  EXPECT_NE(
      RunProgram({"age", "-d", "-i", dir_ + "/other.key", Pkg("data/employees.csv.age")}).exit_code,
      0);
}

TEST_F(SealedTransferTest, ManifestListsSealedDigestsAndFingerprintsAndTheLedgerItsHash) {
  ASSERT_EQ(SealedTransfer().exit_code, 0);
  const std::string manifest_text = Slurp(Pkg("manifest.json"));
  const json manifest = json::parse(manifest_text);
  ASSERT_EQ(manifest["files"].size(), 3u) << manifest.dump();
  for (const auto& [name, sha] : manifest["files"].items()) {
    EXPECT_EQ(fs::path(name).extension(), ".age") << name;
    RunResult sum = RunProgram({"sha256sum", Pkg(name)});
    EXPECT_EQ(sum.out.substr(0, 64), sha.get<std::string>()) << name;
  }
  // The recipient's fingerprint, never its text, and never an identity.
  RunResult fp = RunProgram({"sh", "-c", "printf %s '" + recipient_ + "' | sha256sum"});
  ASSERT_EQ(manifest["sealed_to"], json::array({"sha256:" + fp.out.substr(0, 16)}));
  EXPECT_EQ(manifest_text.find(recipient_), std::string::npos);
  EXPECT_EQ(manifest["ledger"]["index"], 0);

  RunResult exported = Xb("xborder.db", {"ledger", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const json entry = json::parse(exported.out.substr(0, exported.out.find('\n')));
  RunResult sum = RunProgram({"sha256sum", Pkg("manifest.json")});
  EXPECT_EQ(entry["manifest_sha256"], sum.out.substr(0, 64));
  EXPECT_EQ(entry["sealed_to"], manifest["sealed_to"]);
  EXPECT_EQ(entry["files"], manifest["files"]);
  EXPECT_EQ(exported.out.find(Slurp(dir_ + "/recipient.key").substr(0, 40)), std::string::npos);
}

TEST_F(SealedTransferTest, MinisignAndVerifyPackageAcceptItAndNameWhatChanged) {
  ASSERT_EQ(SealedTransfer().exit_code, 0);
  EXPECT_EQ(fs::status(Pkg("manifest.json.minisig")).permissions() & fs::perms::all,
            fs::perms(0644));
  RunResult exported = Xb("xborder.db", {"keys", "export", "--minisign"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ofstream(dir_ + "/exporter.pub") << exported.out;
  RunResult minisign =
      RunProgram({"minisign", "-Vm", Pkg("manifest.json"), "-p", dir_ + "/exporter.pub"});
  EXPECT_EQ(minisign.exit_code, 0) << minisign.err << minisign.out;

  RunResult ok = Xb("xborder.db", {"verify-package", dir_ + "/package", "--ledger"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err << ok.out;
  json verified = json::parse(ok.out);
  EXPECT_EQ(verified["files_checked"], 3);
  EXPECT_EQ(verified["ledger_index"], 0);
  // An auditor with the published key only (no key file of the exporter's).
  RunResult auditor = RunXborder({"--key-file", dir_ + "/none.key", "verify-package",
                                  dir_ + "/package", "-p", dir_ + "/exporter.pub"});
  EXPECT_EQ(auditor.exit_code, 0) << auditor.err << auditor.out;

  // One byte of a sealed data file changed: verify-package names the file, age refuses it.
  const std::string data = Pkg("data/employees.csv.age");
  std::string bytes = Slurp(data);
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(data, std::ios::binary | std::ios::trunc) << bytes;
  RunResult changed = Xb("xborder.db", {"verify-package", dir_ + "/package"});
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_NE(changed.out.find("data/employees.csv.age"), std::string::npos) << changed.out;
  EXPECT_NE(RunProgram({"age", "-d", "-i", dir_ + "/recipient.key", data}).exit_code, 0);

  // A file slipped in is named too.
  std::ofstream(Pkg("data/extra.csv")) << "a,b\n";
  changed = Xb("xborder.db", {"verify-package", dir_ + "/package"});
  EXPECT_NE(changed.out.find("data/extra.csv"), std::string::npos) << changed.out;
}

TEST_F(SealedTransferTest, AChangedManifestFailsItsSignatureAndTheLedger) {
  ASSERT_EQ(SealedTransfer().exit_code, 0);
  std::string manifest = Slurp(Pkg("manifest.json"));
  manifest.insert(manifest.find('{') + 1, " ");
  std::ofstream(Pkg("manifest.json"), std::ios::trunc) << manifest;
  RunResult r = Xb("xborder.db", {"verify-package", dir_ + "/package", "--ledger"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json v = json::parse(r.out);
  ASSERT_EQ(v["mismatches"].size(), 2u) << r.out;
  EXPECT_NE(v["mismatches"][0].get<std::string>().find("manifest.json.minisig"), std::string::npos);
  EXPECT_NE(v["mismatches"][1].get<std::string>().find("ledger entry 0"), std::string::npos);

  // No signature at all is bad input, naming the file.
  fs::remove(Pkg("manifest.json.minisig"));
  r = Xb("xborder.db", {"verify-package", dir_ + "/package"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("manifest.json.minisig"), std::string::npos) << r.err;
}

// What a recipient cannot be made to accept: a summary someone else sealed for it, another
// package's summary with its signature, a clear summary beside sealed files, a manifest edited
// and re-signed with `xborder sign` (a signature, but not a transfer's), a symbolic link.
TEST_F(SealedTransferTest, ForgedSummariesResignedManifestsAndLinksDoNotVerify) {
  ASSERT_EQ(SealedTransfer().exit_code, 0);
  ASSERT_EQ(Transfer("xborder.db", "other", {"--seal-to", recipient_}).exit_code, 0);
  const std::string pristine = dir_ + "/pristine";
  fs::copy(dir_ + "/package", pristine, fs::copy_options::recursive);
  auto mismatches_after = [&](const std::function<void()>& change) {
    fs::remove_all(dir_ + "/package");
    fs::copy(pristine, dir_ + "/package", fs::copy_options::recursive);
    change();
    RunResult r = Xb("xborder.db", {"verify-package", dir_ + "/package"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    return r.exit_code == 1 ? json::parse(r.out)["mismatches"].dump() : r.out + r.err;
  };
  ASSERT_EQ(Xb("xborder.db", {"verify-package", dir_ + "/package"}).exit_code, 0);

  std::string m = mismatches_after([&] {
    std::ofstream(dir_ + "/forged.txt") << "TRANSFER COMPLETED\nObligations: none\n";
    RunProgram({"age", "-r", recipient_, "-o", Pkg("SUMMARY.txt.age"), dir_ + "/forged.txt"});
  });
  EXPECT_NE(m.find("SUMMARY.txt.age.minisig"), std::string::npos) << m;
  m = mismatches_after([&] {
    for (const std::string name : {"SUMMARY.txt.age", "SUMMARY.txt.age.minisig"}) {
      fs::copy_file(dir_ + "/other/" + name, Pkg(name), fs::copy_options::overwrite_existing);
    }
  });
  EXPECT_NE(m.find("another ledger entry"), std::string::npos) << m;
  m = mismatches_after([&] { std::ofstream(Pkg("SUMMARY.txt")) << "name,id_card\n"; });
  EXPECT_NE(m.find("SUMMARY.txt: does not belong"), std::string::npos) << m;
  m = mismatches_after([&] {
    std::string manifest = Slurp(Pkg("manifest.json"));
    manifest.insert(manifest.find('{') + 1, " ");
    std::ofstream(Pkg("manifest.json"), std::ios::trunc) << manifest;
    fs::remove(Pkg("manifest.json.minisig"));
    ASSERT_EQ(Xb("xborder.db", {"sign", Pkg("manifest.json")}).exit_code, 0);
  });
  EXPECT_NE(m.find("not signed by a transfer"), std::string::npos) << m;
  m = mismatches_after([&] { fs::create_directory_symlink(dir_ + "/other/data", Pkg("more")); });
  EXPECT_NE(m.find("more: a symbolic link"), std::string::npos) << m;
}

TEST_F(SealedTransferTest, AMalformedRecipientIsRefusedBeforeAnythingIsWritten) {
  RunResult r = Transfer("xborder.db", "package", {"--seal-to", recipient_, "--seal-to", "age1x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--seal-to #2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/package"));
  RunResult exported = Xb("xborder.db", {"ledger", "export"});
  EXPECT_EQ(exported.out.find("transfer"), std::string::npos) << exported.out;
}

}  // namespace
}  // namespace xb::cli::testing
