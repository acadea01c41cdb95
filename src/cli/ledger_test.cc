// End-to-end tests of `xborder ledger`, including an independent verifier written from
// docs/ledger.md that uses nothing but SHA-256 (and the Python one in docs/, when python3 is
// installed).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "core/crypto.h"

namespace xb::cli::testing {
namespace {

using Json = nlohmann::json;

// ---- Independent verifier (docs/ledger.md, "Checking an inclusion/consistency proof") ----

std::string H(const std::string& data) {
  Digest d = Sha256(data);
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}
std::string Leaf(const std::string& entry) { return H(std::string(1, '\0') + entry); }
std::string Node(const std::string& l, const std::string& r) { return H("\x01" + l + r); }
std::string Unhex(const std::string& hex) { return *FromHex(hex); }

bool InclusionOk(uint64_t fn, uint64_t size, std::string r, const std::vector<std::string>& proof,
                 const std::string& root) {
  if (fn >= size) return false;
  uint64_t sn = size - 1;
  for (const std::string& p : proof) {
    if (sn == 0) return false;
    if (fn % 2 == 1 || fn == sn) {
      r = Node(p, r);
      if (fn % 2 == 0) {
        while (fn % 2 == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = Node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool ConsistencyOk(uint64_t m, uint64_t n, std::vector<std::string> proof, const std::string& r1,
                   const std::string& r2) {
  if (m > n || m == 0) return false;
  if (m == n) return proof.empty() && r1 == r2;
  if (proof.empty()) return false;
  if ((m & (m - 1)) == 0) proof.insert(proof.begin(), r1);
  uint64_t fn = m - 1, sn = n - 1;
  while (fn % 2 == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = proof[0], sr = proof[0];
  for (size_t i = 1; i < proof.size(); ++i) {
    const std::string& c = proof[i];
    if (sn == 0) return false;
    if (fn % 2 == 1 || fn == sn) {
      fr = Node(c, fr);
      sr = Node(c, sr);
      if (fn % 2 == 0) {
        while (fn % 2 == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = Node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == r1 && sr == r2 && sn == 0;
}

std::string RootOf(const std::vector<std::string>& leaves, size_t begin, size_t end) {
  if (end == begin) return H("");
  if (end - begin == 1) return leaves[begin];
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return Node(RootOf(leaves, begin, begin + k), RootOf(leaves, begin + k, end));
}

std::vector<std::string> HexList(const Json& j) {
  std::vector<std::string> out;
  for (const Json& h : j) out.push_back(Unhex(h.get<std::string>()));
  return out;
}

// ---- Fixture ----

class LedgerCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    db_ = dir_ + "/x.db";
  }
  RunResult Run(std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> full = {"--db", db_, "--key-file", dir_ + "/x.key"};
    full.insert(full.end(), args.begin(), args.end());
    return RunXborder(full, input);
  }
  Json RunJson(std::vector<std::string> args) {
    args.push_back("--format");
    args.push_back("json");
    RunResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  void AppendLines(int from, int to) {
    std::string text;
    for (int i = from; i < to; ++i) {
      text += "{\"tag\": \"e" + std::to_string(i) + "\", \"n\": " + std::to_string(i) + "}\n";
    }
    Json r = RunJson({"ledger", "append", Write("batch.jsonl", text)});
    ASSERT_EQ(r["count"], to - from);
  }

  std::string dir_;
  std::string db_;
};

TEST_F(LedgerCli, AppendPrintsTheStableFields) {
  Json r = RunJson({"ledger", "append", Write("a.jsonl", "{\"b\":1,\"a\":2}\n\n{\"c\":3}\n")});
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r.size(), 4u);
  EXPECT_EQ(r["first_index"], 0);
  EXPECT_EQ(r["count"], 2);
  EXPECT_EQ(r["size"], 2);
  std::string root = r["root"];
  EXPECT_EQ(root.size(), 64u);
  EXPECT_EQ(root.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(Unhex(root), Node(Leaf("{\"a\":2,\"b\":1}"), Leaf("{\"c\":3}")));
  // A pretty-printed single object is one entry.
  Json one = RunJson({"ledger", "append", Write("one.json", "{\n  \"x\": [1,\n 2]\n}\n")});
  EXPECT_EQ(one["first_index"], 2);
  EXPECT_EQ(one["count"], 1);
  // The signing key was created beside the HMAC key, private.
  struct stat st;
  ASSERT_EQ(::stat((dir_ + "/x.key.ed25519").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(LedgerCli, ABadLineIsExit2NamingTheLineAndAppendsNothing) {
  AppendLines(0, 2);
  RunResult r =
      Run({"ledger", "append", Write("bad.jsonl", "{\"a\":1}\n{\"a\":1.5}\n{\"c\":3}\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.jsonl:2"), std::string::npos) << r.err;
  EXPECT_EQ(RunJson({"ledger", "checkpoint"})["size"], 2);
  EXPECT_EQ(Run({"ledger", "append", dir_ + "/missing.jsonl"}).exit_code, 2);
  EXPECT_EQ(Run({"ledger", "append", Write("arr.json", "[1]\n")}).exit_code, 2);
}

TEST_F(LedgerCli, ProofsPrintedByTheCliPassAnIndependentVerifier) {
  std::vector<Json> heads = {Json()};
  for (int step = 0; step < 6; ++step) {
    AppendLines(step * 3, step * 3 + 1 + step);
    heads.push_back(RunJson({"ledger", "checkpoint"}));
  }
  RunResult exported = Run({"ledger", "export"});
  ASSERT_EQ(exported.exit_code, 0);
  std::vector<std::string> entries;
  std::istringstream in(exported.out);
  for (std::string line; std::getline(in, line);) entries.push_back(line);
  std::vector<std::string> leaves;
  for (const std::string& e : entries) leaves.push_back(Leaf(e));
  Json head = heads.back();
  ASSERT_EQ(entries.size(), head["size"].get<size_t>());
  EXPECT_EQ(RootOf(leaves, 0, leaves.size()), Unhex(head["root"]));

  for (size_t h = 1; h < heads.size(); ++h) {
    uint64_t size = heads[h]["size"];
    std::string root = Unhex(heads[h]["root"]);
    for (uint64_t i = 0; i < size; i += 2) {
      Json p = RunJson({"ledger", "prove", std::to_string(i), "--size", std::to_string(size)});
      EXPECT_EQ(p["index"], i);
      EXPECT_EQ(p["size"], size);
      EXPECT_EQ(Unhex(p["leaf_hash"]), leaves[i]);
      EXPECT_TRUE(InclusionOk(i, size, leaves[i], HexList(p["proof"]), root)) << i << "/" << size;
      EXPECT_FALSE(InclusionOk(i, size, leaves[(i + 1) % size], HexList(p["proof"]), root) &&
                   size > 1);
    }
    for (size_t old = 1; old <= h; ++old) {
      uint64_t size1 = heads[old]["size"];
      Json c = RunJson({"ledger", "consistency", std::to_string(size1), std::to_string(size)});
      EXPECT_EQ(c["size1"], size1);
      EXPECT_EQ(c["size2"], size);
      EXPECT_TRUE(ConsistencyOk(size1, size, HexList(c["proof"]), Unhex(heads[old]["root"]), root))
          << size1 << "->" << size;
    }
  }
  // Without --size, prove uses the current tree.
  EXPECT_EQ(RunJson({"ledger", "prove", "0"})["size"], head["size"]);
  EXPECT_EQ(Run({"ledger", "prove", "999"}).exit_code, 2);
  EXPECT_EQ(Run({"ledger", "consistency", "5", "2"}).exit_code, 2);
}

TEST_F(LedgerCli, TheDocumentedPythonVerifierAcceptsCliProofs) {
  // A requirement, not an option: scripts/install-deps.sh installs python3, and a skipped
  // check would pass silently on a machine that lacks it.
  ASSERT_EQ(std::system("python3 -c 'import hashlib' >/dev/null 2>&1"), 0)
      << "python3 is missing: run scripts/install-deps.sh";
  AppendLines(0, 5);
  std::string old_head = Write("old.json", Run({"ledger", "checkpoint", "--format", "json"}).out);
  AppendLines(5, 12);
  std::string head = Write("head.json", Run({"ledger", "checkpoint", "--format", "json"}).out);
  std::string script = SourcePath("docs/ledger_verify.py");
  RunResult exported = Run({"ledger", "export"});
  std::string all = Write("all.txt", exported.out);
  std::istringstream in(exported.out);
  std::vector<std::string> entries;
  for (std::string line; std::getline(in, line);) entries.push_back(line);
  auto py = [&](const std::string& args) {
    return std::system(("python3 " + script + " " + args + " >/dev/null").c_str());
  };
  for (int i : {0, 7}) {
    std::string proof =
        Write("p.json", Run({"ledger", "prove", std::to_string(i), "--format", "json"}).out);
    std::string entry = Write("e.bin", entries[i]);
    EXPECT_EQ(py("inclusion " + entry + " " + proof + " " + head), 0) << i;
    std::string wrong = Write("w.bin", entries[(i + 1) % entries.size()]);
    EXPECT_NE(py("inclusion " + wrong + " " + proof + " " + head), 0);
  }
  std::string cons =
      Write("c.json", Run({"ledger", "consistency", "5", "12", "--format", "json"}).out);
  EXPECT_EQ(py("consistency " + cons + " " + old_head + " " + head), 0);
  EXPECT_EQ(py("root " + all + " " + head), 0);
  EXPECT_NE(py("root " + all + " " + old_head), 0);
}

TEST_F(LedgerCli, CheckpointNoteIsASignedC2spNote) {
  AppendLines(0, 3);
  RunResult r = Run({"ledger", "checkpoint", "--format", "note"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_EQ(lines[0].rfind("xborder.ledger/", 0), 0u);
  EXPECT_EQ(lines[1], "3");
  EXPECT_EQ(lines[2].size(), 44u);
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(lines[4].rfind("\xE2\x80\x94 " + lines[0] + " ", 0), 0u);
  Json j = RunJson({"ledger", "checkpoint"});
  EXPECT_EQ(j.size(), 2u);
  EXPECT_EQ(j["size"], 3);
}

TEST_F(LedgerCli, VerifyPassesThenNamesAnAlteredEntry) {
  AppendLines(0, 10);
  std::string note = Write("cp.note", Run({"ledger", "checkpoint", "--format", "note"}).out);
  AppendLines(10, 12);
  RunResult ok = Run({"ledger", "verify", "--checkpoint", note, "--format", "json"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  Json j = Json::parse(ok.out);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["size"], 12);

  // Flip one character of entry 6 inside the database file.
  std::string bytes;
  {
    std::ifstream f(db_, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    bytes = ss.str();
  }
  size_t at = bytes.find("\"tag\":\"e6\"");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 8] = '7';
  std::ofstream(db_, std::ios::binary | std::ios::trunc) << bytes;
  RunResult bad = Run({"ledger", "verify", "--format", "json"});
  EXPECT_EQ(bad.exit_code, 1);
  Json b = Json::parse(bad.out);
  EXPECT_FALSE(b["ok"].get<bool>());
  EXPECT_EQ(b["first_bad_index"], 6);
  EXPECT_NE(bad.err.find("entry 6"), std::string::npos) << bad.err;
  // Appending on a damaged tail is refused only when the tail is damaged; this one is not, but
  // verify keeps failing.
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 1);
}

TEST_F(LedgerCli, VerifyRejectsACheckpointOfAnotherLog) {
  AppendLines(0, 3);
  std::string other_dir = dir_ + "/other";
  std::filesystem::create_directories(other_dir);
  RunResult o = RunXborder({"--db", other_dir + "/o.db", "--key-file", other_dir + "/o.key",
                            "ledger", "append", Write("o.jsonl", "{\"o\":1}\n")});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::string foreign = Write(
      "foreign.note", RunXborder({"--db", other_dir + "/o.db", "--key-file", other_dir + "/o.key",
                                  "ledger", "checkpoint", "--format", "note"})
                          .out);
  RunResult r = Run({"ledger", "verify", "--checkpoint", foreign});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not signed by this ledger"), std::string::npos) << r.err;
}

TEST_F(LedgerCli, TruncatedDatabaseIsExit1WithAMessage) {
  AppendLines(0, 300);
  auto size = std::filesystem::file_size(db_);
  std::filesystem::resize_file(db_, size / 2);
  RunResult r = Run({"ledger", "verify"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("xborder:"), std::string::npos);
  std::filesystem::resize_file(db_, 512);
  r = Run({"ledger", "verify"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("damaged"), std::string::npos) << r.err;
}

TEST_F(LedgerCli, MissingDatabaseIsExit2) {
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 2);
  EXPECT_EQ(Run({"ledger", "prove", "0"}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(LedgerCli, StatsCountDistinctKeyedIndividuals) {
  std::string ids1 =
      Write("ids1.txt", "110101199001011234\n110101199001011235\n110101199001011236\n");
  std::string ids2 = Write("ids2.txt", "110101199001011236\n110101199001011237\n");
  std::string sens = Write("sens.txt", "110101199001011236\n");
  std::string rec =
      Write("rec.json", "{\"purpose\":\"hr_management\",\"recipient\":\"Example GmbH\"}");
  RunJson({"ledger", "append", rec, "--subjects", ids1, "--exporter", "ACME", "--year", "2026"});
  RunJson({"ledger", "append", rec, "--subjects", ids2, "--sensitive-subjects", sens, "--exporter",
           "ACME", "--year", "2026"});
  RunJson({"ledger", "append", rec, "--subjects", ids2, "--exporter", "ACME", "--year", "2026",
           "--exempt"});
  Json s = RunJson({"ledger", "stats", "--exporter", "ACME", "--year", "2026"});
  EXPECT_EQ(s["year_to_date"]["counted"]["individuals"], 4);
  EXPECT_EQ(s["year_to_date"]["counted"]["sensitive_individuals"], 1);
  EXPECT_EQ(s["year_to_date"]["exempt"]["individuals"], 2);
  EXPECT_EQ(s["since_previous_year"]["counted"]["individuals"], 4);
  EXPECT_EQ(s["key_id"].get<std::string>().size(), 16u);
  EXPECT_EQ(RunJson({"ledger", "stats", "--exporter", "ACME", "--year",
                     "2025"})["year_to_date"]["counted"]["individuals"],
            0);
  // No raw identifier is printed or stored.
  RunResult exported = Run({"ledger", "export"});
  EXPECT_EQ(exported.out.find("1101011990"), std::string::npos);
  std::ifstream f(db_, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str().find("110101199001011234"), std::string::npos);
  EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);
}

// Issue 11, defect 5: `ledger append --subjects` hashed identifiers as written, so one person
// written three ways counted as three individuals.
TEST_F(LedgerCli, OnePersonWrittenThreeWaysIsCountedOnce) {
  std::string ids = Write("ids.txt", "13800138000\n138 0013 8000\n+86 13800138000\n");
  std::string rec = Write("rec.json", R"({"purpose":"hr_management"})");
  RunJson({"ledger", "append", rec, "--subjects", ids, "--sensitive-subjects", ids, "--exporter",
           "ACME", "--year", "2026"});
  Json s = RunJson({"ledger", "stats", "--exporter", "ACME", "--year", "2026"});
  EXPECT_EQ(s["year_to_date"]["counted"]["individuals"], 1);
  EXPECT_EQ(s["year_to_date"]["counted"]["sensitive_individuals"], 1);
}

// The ledger, consent import and consent withdrawal name a person by the same hash: a
// withdrawal written one way finds the transfer that listed the person another way.
TEST_F(LedgerCli, SubjectsMatchConsentRecordsWrittenAnotherWay) {
  std::string consents =
      Write("consents.csv",
            "subject_id,recipients,purposes,categories,separate_consent,granted_at\n"
            "+86 138 0013 8000,Example GmbH,hr_management,contact,yes,2026-01-05\n");
  ASSERT_EQ(Run({"consent", "import", consents}).exit_code, 0);
  std::string ids = Write("ids.txt", "138 0013 8000\n");
  std::string rec = Write("rec.json", R"({"recipient":"Example GmbH"})");
  RunJson({"ledger", "append", rec, "--subjects", ids, "--exporter", "ACME", "--year", "2026"});
  Json withdrawn = RunJson(
      {"consent", "withdraw", Write("withdrawn.txt", "13800138000\n"), "--date", "2026-06-01"});
  EXPECT_EQ(withdrawn["records_withdrawn"], 1);
  // An identifier as an argument would stay in the shell's history: refused, and not repeated.
  RunResult argument = Run({"consent", "withdraw", "--subject", "13800138000"});
  EXPECT_EQ(argument.exit_code, 2);
  EXPECT_NE(argument.err.find("--subject is no longer accepted"), std::string::npos)
      << argument.err;
  EXPECT_EQ(argument.err.find("13800138000"), std::string::npos) << argument.err;
  Json impacts = RunJson({"consent", "withdrawals", "--since", "2026-01-01"});
  ASSERT_EQ(impacts["entries"].size(), 1u) << impacts.dump();
  EXPECT_EQ(impacts["entries"][0]["withdrawn_individuals"], 1);
}

}  // namespace
}  // namespace xb::cli::testing
