#include "core/key_passphrase.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/key_file.h"
#include "core/secret_file.h"

namespace xb {
namespace {

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("xb_pass_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Sets $XBORDER_KEY_PASSPHRASE for one test.
class ScopedPassphrase {
 public:
  explicit ScopedPassphrase(const char* value) { ::setenv("XBORDER_KEY_PASSPHRASE", value, 1); }
  ~ScopedPassphrase() { ::unsetenv("XBORDER_KEY_PASSPHRASE"); }
};

TEST(KeyPassphrase, WrapsAndUnwrapsAndRefusesAWrongPassphrase) {
  std::string plain = std::string(64, 'a') + "\n";
  auto wrapped = WrapWithPassphrase(plain, "correct horse");
  ASSERT_TRUE(wrapped.ok());
  EXPECT_TRUE(IsPassphraseProtected(*wrapped));
  EXPECT_EQ(wrapped->find(plain.substr(0, 8)), std::string::npos);
  EXPECT_EQ(*UnwrapWithPassphrase(*wrapped, "correct horse"), plain);
  auto wrong = UnwrapWithPassphrase(*wrapped, "battery staple");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(wrong.error().message.find("wrong passphrase"), std::string::npos);
  // Two wraps of the same key differ (fresh salt and nonce).
  EXPECT_NE(*WrapWithPassphrase(plain, "correct horse"), *wrapped);
}

// Lowered costs derive another key, so the unwrap fails (the wrong-passphrase error: the two
// cannot be told apart); costs above the bounds are refused before Argon2id runs, so a crafted
// file cannot make opening it take seconds or gigabytes.
TEST(KeyPassphrase, LoweredCostsFailAndCostsAboveTheBoundsAreRefused) {
  auto wrapped = WrapWithPassphrase("secret\n", "pw");
  ASSERT_TRUE(wrapped.ok());
  std::string weaker = *wrapped;
  weaker.replace(weaker.find(" 3 "), 3, " 2 ");  // opslimit 3 -> 2
  auto lowered = UnwrapWithPassphrase(weaker, "pw");
  ASSERT_FALSE(lowered.ok());
  EXPECT_NE(lowered.error().message.find("wrong passphrase"), std::string::npos);
  struct Greedy {
    std::string from, to;
  };
  for (const Greedy& g : {Greedy{" 3 ", " 9 "},                 // passes: at most 8
                          Greedy{" 67108864 ", " 268436480 "},  // 256 MiB + 1 KiB
                          Greedy{" 67108864 ", " 99999999999 "}}) {
    std::string greedy = *wrapped;
    greedy.replace(greedy.find(g.from), g.from.size(), g.to);
    auto r = UnwrapWithPassphrase(greedy, "pw");
    ASSERT_FALSE(r.ok()) << g.to;
    EXPECT_NE(r.error().message.find("out of bounds"), std::string::npos) << r.error().message;
  }
  // At the bounds exactly: read (and, the parameters being wrong, a failed unwrap).
  std::string at_bound = *wrapped;
  at_bound.replace(at_bound.find(" 3 "), 3, " 8 ");
  auto bounded = UnwrapWithPassphrase(at_bound, "pw");
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.error().message.find("out of bounds"), std::string::npos);
  EXPECT_FALSE(UnwrapWithPassphrase("xborder-key-v1 argon2id13 3", "pw").ok());
}

TEST(KeyPassphrase, NewKeyIsWrappedWhenThePassphraseIsSet) {
  std::string path = TempDir() + "/xborder.key";
  SecretKey created;
  {
    ScopedPassphrase pass("s3cret");
    auto key = LoadOrCreateKey(path);
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    created = *key;
    EXPECT_TRUE(IsPassphraseProtected(*ReadFile(path)));
    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto again = LoadKey(path);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->bytes, created.bytes);
  }
  // Without a passphrase (and no terminal prompt in a test) the key cannot be read.
  auto none = LoadKey(path);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(none.error().where.file, path);
  {
    ScopedPassphrase pass("not it");
    auto wrong = LoadKey(path);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
    // LoadOrCreate must not replace a key it cannot open.
    EXPECT_FALSE(LoadOrCreateKey(path).ok());
  }
}

TEST(KeyPassphrase, PlainKeysKeepWorkingWithAPassphraseSet) {
  std::string path = TempDir() + "/xborder.key";
  auto plain = LoadOrCreateKey(path);
  ASSERT_TRUE(plain.ok());
  ScopedPassphrase pass("s3cret");
  auto again = LoadKey(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->bytes, plain->bytes);
  EXPECT_FALSE(IsPassphraseProtected(*ReadFile(path)));
}

TEST(KeyPassphrase, ReplaceProtectsAndUnprotectsAnExistingKey) {
  std::string path = TempDir() + "/xborder.key";
  auto key = LoadOrCreateKey(path);
  ASSERT_TRUE(key.ok());
  std::string text = *ReadSecretFile(path);
  ASSERT_TRUE(ReplaceSecretFile(path, text, SecretProtection::kPassphrase, "pw").ok());
  {
    ScopedPassphrase pass("pw");
    EXPECT_EQ(LoadKey(path)->bytes, key->bytes);
  }
  ScopedPassphrase pass("pw");
  ASSERT_TRUE(ReplaceSecretFile(path, *ReadSecretFile(path), SecretProtection::kPlain).ok());
  EXPECT_EQ(*ReadFile(path), text);
}

TEST(KeyPassphrase, PromptIsAskedOnceAndRemembered) {
  std::string path = TempDir() + "/xborder.key";
  {
    ScopedPassphrase pass("asked");
    ASSERT_TRUE(LoadOrCreateKey(path).ok());
  }
  int asked = 0;
  SetPassphrasePrompt([&asked](const std::string&) -> Result<std::string> {
    ++asked;
    return std::string("asked");
  });
  EXPECT_TRUE(LoadKey(path).ok());
  EXPECT_TRUE(LoadKey(path).ok());
  EXPECT_EQ(asked, 1);
  SetPassphrasePrompt(nullptr);
}

}  // namespace
}  // namespace xb
