// End-to-end tests of `xborder keys` and `xborder sign`: signatures that Debian's minisign
// verifies with the exported key (which is the ledger's checkpoint key), and passphrase
// protection of both key files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"
#include "core/base64.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class KeysCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = FreshTempDir(); }
  std::string Path(const std::string& name) { return dir_ + "/" + name; }
  RunResult Xb(std::vector<std::string> args, std::vector<std::string> env = {}) {
    std::vector<std::string> all = {
        "--db", Path("xborder.db"), "--key-file", Path("xborder.key"), "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    RunOptions options;
    options.cwd = dir_;
    for (const std::string& entry : env) {
      size_t eq = entry.find('=');
      options.env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return RunXborderWith(all, options);
  }
  std::string dir_;
};

TEST_F(KeysCommandTest, MinisignVerifiesWhatXborderSigns) {
  RunResult pub = Xb({"keys", "export", "--minisign"});
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  std::ofstream(Path("xborder.pub")) << pub.out;
  std::ofstream(Path("manifest.json")) << "{\"files\":[\"employees.csv.age\"]}\n";
  RunResult signed_ = Xb({"sign", "manifest.json"});
  ASSERT_EQ(signed_.exit_code, 0) << signed_.err;
  EXPECT_EQ(json::parse(signed_.out)["signature"], "manifest.json.minisig");

  RunResult ok =
      RunProgram({"minisign", "-V", "-p", Path("xborder.pub"), "-m", Path("manifest.json")});
  ASSERT_EQ(ok.exit_code, 0) << "Debian's minisign is needed (scripts/install-deps.sh): " << ok.err
                             << ok.out;
  EXPECT_NE(ok.out.find("file:manifest.json"), std::string::npos) << ok.out;

  std::string sig = Slurp(Path("manifest.json.minisig"));
  std::ofstream(Path("manifest.json"), std::ios::app) << " ";
  EXPECT_NE(RunProgram({"minisign", "-V", "-p", Path("xborder.pub"), "-m", Path("manifest.json")})
                .exit_code,
            0);
  ASSERT_EQ(Xb({"sign", "manifest.json"}).exit_code, 0);  // re-signed: valid again
  std::string resigned = Slurp(Path("manifest.json.minisig"));
  size_t comment = resigned.find("\ntrusted comment: ") + 18;  // not the untrusted one
  resigned[comment] = resigned[comment] == 't' ? 'T' : 't';
  std::ofstream(Path("manifest.json.minisig"), std::ios::trunc) << resigned;
  EXPECT_NE(RunProgram({"minisign", "-V", "-p", Path("xborder.pub"), "-m", Path("manifest.json")})
                .exit_code,
            0);
  EXPECT_NE(sig, resigned);
}

// Packages are signed with the checkpoint key (docs/keys.md): the exported minisign key and the
// ledger's verifier key hold the same Ed25519 public key.
TEST_F(KeysCommandTest, ExportedKeyIsTheCheckpointKey) {
  std::ofstream(Path("entry.json")) << "{\"type\":\"note\"}\n";
  ASSERT_EQ(Xb({"ledger", "append", "entry.json"}).exit_code, 0);
  RunResult verify = Xb({"ledger", "verify"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  std::string verifier = json::parse(verify.out)["verifier_key"];
  // "<name>+<hash>+<base64>": the name and hash hold no '+', the base64 may.
  size_t second_plus = verifier.find('+', verifier.find('+') + 1);
  auto note_key = Base64Decode(verifier.substr(second_plus + 1));
  RunResult pub = Xb({"keys", "export", "--minisign"});
  std::string line = pub.out.substr(pub.out.find('\n') + 1);
  auto minisign_key = Base64Decode(line.substr(0, line.find('\n')));
  ASSERT_TRUE(note_key.ok() && minisign_key.ok());
  EXPECT_EQ(note_key->substr(1), minisign_key->substr(10));  // 0x01 || key, "Ed" || id || key
}

TEST_F(KeysCommandTest, PassphraseProtectsBothKeyFiles) {
  std::ofstream(Path("entry.json")) << "{\"type\":\"transfer\"}\n";
  std::ofstream(Path("ids.txt")) << "110101199003074477\n110101199003075556\n";
  ASSERT_EQ(Xb({"ledger", "append", "entry.json", "--subjects", "ids.txt", "--exporter", "E",
                "--year", "2026"})
                .exit_code,
            0);
  RunResult before = Xb({"ledger", "stats", "--exporter", "E", "--year", "2026"});
  std::string pub_before = Xb({"keys", "export", "--minisign"}).out;
  ASSERT_EQ(before.exit_code, 0);

  RunResult protect = Xb({"keys", "passphrase"}, {"XBORDER_KEY_NEW_PASSPHRASE=tiger lily"});
  ASSERT_EQ(protect.exit_code, 0) << protect.err;
  for (const char* file : {"xborder.key", "xborder.key.ed25519"}) {
    std::string text = Slurp(Path(file));
    EXPECT_TRUE(text.starts_with("xborder-key-v1 argon2id13 ")) << file;
    EXPECT_EQ(fs::status(Path(file)).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
  }

  RunResult locked = Xb({"ledger", "stats", "--exporter", "E", "--year", "2026"});
  EXPECT_EQ(locked.exit_code, 2) << locked.err;  // no passphrase, no terminal: bad set-up
  EXPECT_NE(locked.err.find("XBORDER_KEY_PASSPHRASE"), std::string::npos) << locked.err;
  RunResult wrong = Xb({"keys", "export", "--minisign"}, {"XBORDER_KEY_PASSPHRASE=tulip"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("wrong passphrase"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("xborder.key.ed25519"), std::string::npos) << wrong.err;

  std::vector<std::string> pass = {"XBORDER_KEY_PASSPHRASE=tiger lily"};
  RunResult after = Xb({"ledger", "stats", "--exporter", "E", "--year", "2026"}, pass);
  EXPECT_EQ(after.out, before.out);  // same HMAC key: same key id and counts
  EXPECT_EQ(Xb({"keys", "export", "--minisign"}, pass).out, pub_before);

  ASSERT_EQ(Xb({"keys", "passphrase", "--remove"}, pass).exit_code, 0);
  EXPECT_FALSE(Slurp(Path("xborder.key")).starts_with("xborder-key-v1"));
  EXPECT_EQ(Xb({"ledger", "stats", "--exporter", "E", "--year", "2026"}).out, before.out);
}

TEST_F(KeysCommandTest, NewKeysAreProtectedWhenAPassphraseIsSet) {
  std::vector<std::string> pass = {"XBORDER_KEY_PASSPHRASE=first use"};
  RunResult pub = Xb({"keys", "export", "--minisign"}, pass);
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  EXPECT_TRUE(Slurp(Path("xborder.key.ed25519")).starts_with("xborder-key-v1 "));
  EXPECT_EQ(Xb({"keys", "export", "--minisign"}, pass).out, pub.out);
  EXPECT_EQ(Xb({"keys", "export"}).exit_code, 2);  // a format must be named
}

// sign never creates a key: a signature under a key made on the spot would check against no
// published key. With the key in place, the signature file is public (0644).
TEST_F(KeysCommandTest, SignUsesTheExistingKeyOnlyAndWritesAPublicSignature) {
  std::ofstream(Path("manifest.json")) << "{}\n";
  RunResult keyless = Xb({"sign", "manifest.json"});
  EXPECT_EQ(keyless.exit_code, 2) << keyless.err;
  EXPECT_NE(keyless.err.find("no signing key"), std::string::npos) << keyless.err;
  EXPECT_NE(keyless.err.find("xborder.key.ed25519"), std::string::npos) << keyless.err;
  EXPECT_FALSE(fs::exists(Path("xborder.key.ed25519")));
  EXPECT_FALSE(fs::exists(Path("manifest.json.minisig")));

  ASSERT_EQ(Xb({"keys", "export", "--minisign"}).exit_code, 0);
  ASSERT_EQ(Xb({"sign", "manifest.json"}).exit_code, 0);
  EXPECT_EQ(fs::status(Path("manifest.json.minisig")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

// `keys passphrase` protects the keys that exist and names the ones it did not cover; a key
// created afterwards is protected only under XBORDER_KEY_PASSPHRASE, else a second run covers it.
TEST_F(KeysCommandTest, PassphraseSaysWhichKeysItDidNotCover) {
  // Only the HMAC key (32 bytes as 64 hex digits, mode 0600); no signing key yet.
  std::ofstream(Path("xborder.key")) << std::string(64, 'a') << "\n";
  fs::permissions(Path("xborder.key"), fs::perms::owner_read | fs::perms::owner_write);
  RunResult protect = Xb({"keys", "passphrase"}, {"XBORDER_KEY_NEW_PASSPHRASE=p1"});
  ASSERT_EQ(protect.exit_code, 0) << protect.err;
  json report = json::parse(protect.out);
  EXPECT_EQ(report[Path("xborder.key")], "protected");
  std::string absent = report[Path("xborder.key.ed25519")];
  EXPECT_TRUE(absent.starts_with("absent: not covered")) << absent;
  EXPECT_NE(absent.find("XBORDER_KEY_PASSPHRASE"), std::string::npos) << absent;

  // Created later without the variable: plain, as the note said; a second run covers it.
  ASSERT_EQ(Xb({"keys", "export", "--minisign"}).exit_code, 0);
  EXPECT_FALSE(Slurp(Path("xborder.key.ed25519")).starts_with("xborder-key-v1 "));
  RunResult again =
      Xb({"keys", "passphrase"}, {"XBORDER_KEY_PASSPHRASE=p1", "XBORDER_KEY_NEW_PASSPHRASE=p1"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)[Path("xborder.key.ed25519")], "protected");
  EXPECT_TRUE(Slurp(Path("xborder.key.ed25519")).starts_with("xborder-key-v1 "));
}

}  // namespace
}  // namespace xb::cli::testing
