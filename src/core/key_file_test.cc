#include "core/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace xb {
namespace {

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("xb_key_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(KeyFile, CreatedOnceWithMode0600AndStable) {
  std::string path = TempDir() + "/sub/xborder.key";
  auto first = LoadOrCreateKey(path);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = LoadOrCreateKey(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->bytes, second->bytes);
  EXPECT_EQ(first->id.size(), 16u);
}

TEST(KeyFile, RefusesAWorldReadableKey) {
  std::string path = TempDir() + "/open.key";
  ASSERT_TRUE(LoadOrCreateKey(path).ok());
  ::chmod(path.c_str(), 0644);
  auto r = LoadKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyFile, RejectsMalformedKey) {
  std::string path = TempDir() + "/bad.key";
  { std::ofstream(path) << "not hex\n"; }
  ::chmod(path.c_str(), 0600);
  auto r = LoadKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyFile, SubKeysDifferByPurpose) {
  std::array<uint8_t, 32> raw{};
  raw[0] = 1;
  SecretKey key = KeyFromBytes(raw);
  EXPECT_NE(DeriveSubKey(key, "subject"), DeriveSubKey(key, "token"));
  EXPECT_EQ(DeriveSubKey(key, "subject"), DeriveSubKey(key, "subject"));
}

// The subject-key chain: layers after the key, the namespace named by the last one, a pending
// layer refused by LoadKey but kept by ReadKeyFileState, and the file rewritten the same way.
TEST(KeyFile, SubjectChainRoundTripsAndAPendingLayerBlocksLoadKey) {
  std::string path = TempDir() + "/chain.key";
  auto key = LoadOrCreateKey(path);
  ASSERT_TRUE(key.ok());
  const std::string base_id = key->id;
  auto state = ReadKeyFileState(path);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  EXPECT_TRUE(state->key.subject_layers.empty());
  EXPECT_FALSE(state->pending_layer.has_value());

  KeyBytes layer{};
  layer[0] = 7;
  state->pending_layer = layer;
  ASSERT_TRUE(WriteKeyFileState(path, *state).ok());
  auto blocked = LoadKey(path);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(blocked.error().message.find("keys rotate --subject"), std::string::npos);
  auto pending = ReadKeyFileState(path);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->pending_layer, layer);
  EXPECT_EQ(pending->key.id, base_id);

  pending->key.subject_layers.push_back(*pending->pending_layer);
  pending->pending_layer.reset();
  ASSERT_TRUE(WriteKeyFileState(path, *pending).ok());
  auto rotated = LoadKey(path);
  ASSERT_TRUE(rotated.ok()) << rotated.error().ToString();
  EXPECT_EQ(rotated->bytes, key->bytes);  // tokens, FF1 and date shifts are unchanged
  ASSERT_EQ(rotated->subject_layers.size(), 1u);
  EXPECT_EQ(rotated->id, KeyIdOf(layer));
  EXPECT_NE(rotated->id, base_id);
  EXPECT_EQ(SubjectKeyIds(*rotated), (std::vector<std::string>{base_id, KeyIdOf(layer)}));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(KeyFile, AMalformedChainLineIsNamedByLine) {
  std::string path = TempDir() + "/bad-chain.key";
  ASSERT_TRUE(LoadOrCreateKey(path).ok());
  {
    std::ofstream(path, std::ios::app) << "subject-layer " << std::string(64, 'a') << "\nlayer?\n";
  }
  auto r = LoadKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().where.line, 3);
}

}  // namespace
}  // namespace xb
