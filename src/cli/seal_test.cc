// End-to-end interoperability of `xborder seal` / `xborder open` with Debian's age and
// age-keygen, both ways (installed by scripts/install-deps.sh): what xborder seals, `age -d`
// opens; what `age -r` (binary or -a armored) seals, `xborder open` opens; and a changed byte
// anywhere, or a cut at a chunk boundary, makes opening fail with nothing written.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;

constexpr size_t kChunk = 64 * 1024;

void Spill(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

class SealInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    RunResult keygen = RunProgram({"age-keygen", "-o", Path("age_key.txt")});
    ASSERT_EQ(keygen.exit_code, 0)
        << "Debian's age is needed (scripts/install-deps.sh): " << keygen.err;
    RunResult pub = RunProgram({"age-keygen", "-y", Path("age_key.txt")});
    ASSERT_EQ(pub.exit_code, 0);
    age_recipient_ = pub.out.substr(0, pub.out.find('\n'));
  }
  std::string Path(const std::string& name) { return dir_ + "/" + name; }
  RunResult Xb(std::vector<std::string> args) {
    std::vector<std::string> all = {"--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all, "", dir_);
  }
  std::string dir_;
  std::string age_recipient_;
};

TEST_F(SealInteropTest, AgeOpensWhatXborderSeals) {
  for (size_t n :
       {size_t{0}, size_t{1}, kChunk - 1, kChunk, kChunk + 1, 2 * kChunk, 3 * kChunk + 5}) {
    std::string name = "data" + std::to_string(n) + ".csv";
    std::string plain = RandomBytes(n, static_cast<uint32_t>(n));
    Spill(Path(name), plain);
    RunResult sealed = Xb({"seal", name, "-r", age_recipient_});
    ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
    EXPECT_EQ(nlohmann::json::parse(sealed.out)["output"], name + ".age");
    RunResult opened = RunProgram(
        {"age", "-d", "-i", Path("age_key.txt"), "-o", Path(name + ".out"), Path(name + ".age")});
    ASSERT_EQ(opened.exit_code, 0) << n << ": " << opened.err;
    EXPECT_EQ(Slurp(Path(name + ".out")), plain) << n;
  }
}

TEST_F(SealInteropTest, XborderOpensWhatAgeSealsBinaryAndArmored) {
  for (size_t n : {size_t{0}, size_t{10}, kChunk, 2 * kChunk + 1}) {
    std::string plain = RandomBytes(n, static_cast<uint32_t>(n + 1));
    Spill(Path("plain"), plain);
    for (bool armor : {false, true}) {
      std::string name = "f" + std::to_string(n) + (armor ? "a" : "b") + ".age";
      std::vector<std::string> cmd = {"age", "-r", age_recipient_, "-o", Path(name)};
      if (armor) cmd.push_back("-a");
      cmd.push_back(Path("plain"));
      ASSERT_EQ(RunProgram(cmd).exit_code, 0);
      RunResult opened = Xb({"open", name, "-i", Path("age_key.txt")});
      ASSERT_EQ(opened.exit_code, 0) << name << ": " << opened.err;
      EXPECT_EQ(Slurp(Path(name.substr(0, name.size() - 4))), plain) << name;
    }
  }
}

TEST_F(SealInteropTest, IdentitiesFromXborderWorkWithAge) {
  RunResult made = Xb({"keys", "generate-recipient", "-o", "xb_key.txt"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string recipient = nlohmann::json::parse(made.out)["recipient"];
  EXPECT_EQ(fs::status(Path("xb_key.txt")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  RunResult derived = RunProgram({"age-keygen", "-y", Path("xb_key.txt")});
  EXPECT_EQ(derived.out, recipient + "\n");
  Spill(Path("note.txt"), "for two recipients\n");
  ASSERT_EQ(Xb({"seal", "note.txt", "-r", recipient, "-r", age_recipient_}).exit_code, 0);
  for (const char* key : {"xb_key.txt", "age_key.txt"}) {
    RunResult opened = RunProgram({"age", "-d", "-i", Path(key), Path("note.txt.age")});
    EXPECT_EQ(opened.exit_code, 0) << key << opened.err;
    EXPECT_EQ(opened.out, "for two recipients\n");
  }
  EXPECT_EQ(Xb({"keys", "generate-recipient", "-o", "xb_key.txt"}).exit_code, 2);  // no overwrite
}

// Every kind of damage, on a file `age` sealed and on one xborder sealed: both tools refuse it,
// and xborder leaves no output behind.
TEST_F(SealInteropTest, ChangedBytesAndCutsMakeOpeningFail) {
  std::string plain = RandomBytes(2 * kChunk + 100, 9);
  Spill(Path("plain"), plain);
  ASSERT_EQ(
      RunProgram({"age", "-r", age_recipient_, "-o", Path("by_age.age"), Path("plain")}).exit_code,
      0);
  ASSERT_EQ(Xb({"seal", "plain", "-r", age_recipient_, "-o", "by_xb.age"}).exit_code, 0);
  for (const std::string source : {"by_age.age", "by_xb.age"}) {
    std::string sealed = Slurp(Path(source));
    size_t mac = sealed.find("\n--- ") + 5;
    size_t payload = sealed.find('\n', mac) + 1 + 16;
    size_t sealed_chunk = kChunk + 16;
    struct Damage {
      std::string what;
      std::string bytes;
    };
    std::vector<Damage> damages;
    auto flip = [&](const std::string& what, size_t pos) {
      std::string b = sealed;
      b[pos] = static_cast<char>(b[pos] ^ 0x04);
      damages.push_back({what, b});
    };
    flip("header stanza", sealed.find("-> X25519 ") + 12);
    flip("header MAC", mac + 3);
    flip("payload nonce", payload - 3);
    flip("first chunk", payload + 10);
    flip("second chunk's tag", payload + 2 * sealed_chunk - 1);
    flip("last chunk", sealed.size() - 20);
    damages.push_back({"cut at a chunk boundary", sealed.substr(0, payload + sealed_chunk)});
    damages.push_back({"cut at the next boundary", sealed.substr(0, payload + 2 * sealed_chunk)});
    damages.push_back({"cut in the header", sealed.substr(0, mac)});
    damages.push_back({"trailing byte", sealed + "x"});
    for (const Damage& d : damages) {
      Spill(Path("damaged.age"), d.bytes);
      RunResult ours = Xb({"open", "damaged.age", "-i", Path("age_key.txt")});
      EXPECT_NE(ours.exit_code, 0) << source << ", " << d.what;
      EXPECT_TRUE(ours.exit_code == 1 || ours.exit_code == 2) << d.what << ours.err;
      EXPECT_NE(ours.err.find("damaged.age"), std::string::npos) << ours.err;
      EXPECT_FALSE(fs::exists(Path("damaged"))) << source << ", " << d.what;
      RunResult theirs = RunProgram(
          {"age", "-d", "-i", Path("age_key.txt"), "-o", Path("age_out"), Path("damaged.age")});
      EXPECT_NE(theirs.exit_code, 0) << source << ", " << d.what;
      fs::remove(Path("age_out"));
    }
    // Only stray files: the inputs; no temporary of the output was left.
    for (const auto& e : fs::directory_iterator(dir_)) {
      EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
    }
  }
}

TEST_F(SealInteropTest, AlteredPayloadIsExitOneWrongIdentityIsExitTwo) {
  Spill(Path("plain"), RandomBytes(1000, 1));
  ASSERT_EQ(Xb({"seal", "plain", "-r", age_recipient_}).exit_code, 0);
  std::string sealed = Slurp(Path("plain.age"));
  sealed[sealed.size() - 1] ^= 1;
  Spill(Path("altered.age"), sealed);
  RunResult altered = Xb({"open", "altered.age", "-i", Path("age_key.txt")});
  EXPECT_EQ(altered.exit_code, 1) << altered.err;
  EXPECT_NE(altered.err.find("fails authentication"), std::string::npos) << altered.err;

  ASSERT_EQ(RunProgram({"age-keygen", "-o", Path("other.txt")}).exit_code, 0);
  RunResult stranger = Xb({"open", "plain.age", "-i", Path("other.txt"), "-o", "x"});
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_NE(stranger.err.find("no identity matches"), std::string::npos) << stranger.err;
  EXPECT_FALSE(fs::exists(Path("x")));
}

TEST_F(SealInteropTest, BadArgumentsAreExitTwoWithoutQuotingKeys) {
  Spill(Path("plain"), "x");
  RunResult bad = Xb({"seal", "plain", "-r", "age1notarecipient"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("-r #1"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(Path("plain.age")));
  Spill(Path("bad_key.txt"), "AGE-SECRET-KEY-1NOTAKEY\n");
  fs::permissions(Path("bad_key.txt"), fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_EQ(Xb({"seal", "plain", "-r", age_recipient_}).exit_code, 0);
  RunResult bad_id = Xb({"open", "plain.age", "-i", "bad_key.txt", "-o", "out"});
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_NE(bad_id.err.find("bad_key.txt:1"), std::string::npos) << bad_id.err;
  EXPECT_EQ(bad_id.err.find("NOTAKEY"), std::string::npos);
  // Outputs are never replaced.
  EXPECT_EQ(Xb({"seal", "plain", "-r", age_recipient_}).exit_code, 2);
  RunResult no_suffix = Xb({"open", "plain", "-i", Path("age_key.txt")});
  EXPECT_EQ(no_suffix.exit_code, 2);
  EXPECT_NE(no_suffix.err.find("-o"), std::string::npos);
}

// True once `pid` has a file open in `dir` other than `except`: the output it is writing.
bool WritesInto(pid_t pid, const std::string& dir, const std::string& except) {
  std::error_code ec;
  for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    std::string target = fs::read_symlink(fd.path(), ec).string();
    if (!ec && target.starts_with(dir + "/") && target != except) return true;
  }
  return false;
}

// `open` killed while it decrypts (SIGTERM, Ctrl-C's SIGINT, or SIGKILL, which nothing can
// catch) leaves no plaintext behind: the output's temporary has no name until it is complete.
// The sealed file comes through a FIFO, so the process is caught mid-file on purpose.
TEST_F(SealInteropTest, InterruptedOpenLeavesNoPlaintext) {
  Spill(Path("plain"), RandomBytes(3 * kChunk, 5));
  ASSERT_EQ(Xb({"seal", "plain", "-r", age_recipient_}).exit_code, 0);
  std::string sealed = Slurp(Path("plain.age"));
  fs::remove(Path("plain"));
  std::string all_but_last = sealed.substr(0, sealed.size() - 1000);
  ::signal(SIGPIPE, SIG_IGN);
  for (int signal_number : {SIGTERM, SIGINT, SIGKILL}) {
    SCOPED_TRACE(signal_number);
    std::string fifo = Path("in.age");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl(XB_CLI_BINARY, "xborder", "open", "in.age", "-i", "age_key.txt", "-o", "out.csv",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    int writer = ::open(fifo.c_str(), O_WRONLY);  // waits for the child to open it
    ASSERT_GE(writer, 0);
    // The header and the first chunks: they authenticate and are written out; then it waits.
    EXPECT_EQ(::write(writer, all_but_last.data(), all_but_last.size()),
              static_cast<ssize_t>(all_but_last.size()));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!WritesInto(child, dir_, fifo) && std::chrono::steady_clock::now() < deadline) {
      ::usleep(10000);
    }
    EXPECT_TRUE(WritesInto(child, dir_, fifo)) << "open never started its output";
    ::kill(child, signal_number);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ::close(writer);
    EXPECT_TRUE(WIFSIGNALED(status));
    fs::remove(fifo);
    for (const auto& e : fs::directory_iterator(dir_)) {
      std::string name = e.path().filename().string();
      EXPECT_TRUE(name == "plain.age" || name == "age_key.txt") << "left behind: " << name;
    }
  }
}

// Armor never changes the outcome of a cut: in the payload (or only the END line missing) it
// is damage, exit 1, as for a binary file; in the header it is a malformed file, exit 2, in
// both. The file is named and nothing is written.
TEST_F(SealInteropTest, TruncationExitsTheSameArmoredOrBinary) {
  Spill(Path("plain"), RandomBytes(2 * kChunk + 7, 6));
  ASSERT_EQ(
      RunProgram({"age", "-r", age_recipient_, "-o", Path("bin.age"), Path("plain")}).exit_code, 0);
  ASSERT_EQ(RunProgram({"age", "-a", "-r", age_recipient_, "-o", Path("arm.age"), Path("plain")})
                .exit_code,
            0);
  std::string binary = Slurp(Path("bin.age"));
  std::string armored = Slurp(Path("arm.age"));
  size_t end_line = armored.find("-----END");
  struct Cut {
    std::string source;
    std::string bytes;
    int exit_code;
  };
  std::vector<Cut> cuts = {
      {"binary, in the header", binary.substr(0, binary.find("\n--- ")), 2},
      {"armored, in the header", armored.substr(0, 100), 2},
      {"binary, in the payload", binary.substr(0, binary.size() / 2), 1},
      {"armored, in the payload", armored.substr(0, armored.size() / 2), 1},
      {"binary, the last bytes", binary.substr(0, binary.size() - 40), 1},
      {"armored, the last line", armored.substr(0, armored.rfind('\n', end_line - 2) + 1), 1},
      {"armored, only the END line", armored.substr(0, end_line), 1},
  };
  for (const Cut& cut : cuts) {
    SCOPED_TRACE(cut.source);
    Spill(Path("cut.age"), cut.bytes);
    RunResult opened = Xb({"open", "cut.age", "-i", Path("age_key.txt"), "-o", "out"});
    EXPECT_EQ(opened.exit_code, cut.exit_code) << opened.err;
    if (cut.exit_code == 1) {
      EXPECT_NE(opened.err.find("truncated"), std::string::npos) << opened.err;
    }
    EXPECT_NE(opened.err.find("cut.age"), std::string::npos) << opened.err;
    EXPECT_FALSE(fs::exists(Path("out")));
  }
}

TEST_F(SealInteropTest, RecipientsAreCheckedAsAgeChecksThem) {
  Spill(Path("plain"), "x");
  // The all-zero point (low order): every sender's wrap key would be public.
  RunResult low =
      Xb({"seal", "plain", "-r", "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"});
  std::string upper = age_recipient_;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  RunResult shouting = Xb({"seal", "plain", "-r", age_recipient_, "-r", upper});
  for (const RunResult& r : {low, shouting}) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(fs::exists(Path("plain.age")));
  }
  EXPECT_NE(low.err.find("-r #1"), std::string::npos) << low.err;
  EXPECT_NE(low.err.find("low-order"), std::string::npos) << low.err;
  EXPECT_NE(shouting.err.find("-r #2"), std::string::npos) << shouting.err;
  EXPECT_NE(shouting.err.find("lowercase"), std::string::npos) << shouting.err;
  // Debian's age refuses the uppercase spelling too.
  EXPECT_NE(RunProgram({"age", "-r", upper, "-o", Path("x.age"), Path("plain")}).exit_code, 0);
}

// Paths the file system cannot even look up are an error naming the path, not a crash.
TEST_F(SealInteropTest, UnusableOutputPathIsExitTwo) {
  Spill(Path("plain"), "x");
  std::string too_long(300, 'a');
  RunResult sealed = Xb({"seal", "plain", "-r", age_recipient_, "-o", too_long});
  EXPECT_EQ(sealed.exit_code, 2) << sealed.err;
  EXPECT_NE(sealed.err.find("cannot check the output"), std::string::npos) << sealed.err;
  ASSERT_EQ(Xb({"seal", "plain", "-r", age_recipient_}).exit_code, 0);
  RunResult opened = Xb({"open", "plain.age", "-i", Path("age_key.txt"), "-o", too_long});
  EXPECT_EQ(opened.exit_code, 2) << opened.err;
  EXPECT_NE(opened.err.find("cannot check the output"), std::string::npos) << opened.err;
}

}  // namespace
}  // namespace xb::cli::testing
