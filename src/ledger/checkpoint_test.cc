#include "ledger/checkpoint.h"

#include <gtest/gtest.h>

#include <string>

#include "ledger/merkle.h"

namespace xb::ledger {
namespace {

SigningKey TestKey(uint8_t fill = 7) {
  std::array<uint8_t, 32> seed;
  seed.fill(fill);
  return SigningKey::FromSeed(seed);
}

TEST(Checkpoint, SignedNoteHasTheC2spShape) {
  SigningKey key = TestKey();
  Checkpoint cp{"example.com/log", 20852163, HashLeaf("x")};
  std::string note = SignCheckpoint(cp, key);
  std::string body = "example.com/log\n20852163\n" + Base64Encode(cp.root) + "\n";
  ASSERT_EQ(note.substr(0, body.size() + 1), body + "\n");
  std::string sig_line = note.substr(body.size() + 1);
  EXPECT_EQ(sig_line.substr(0, 4), "\xE2\x80\x94 ");
  EXPECT_EQ(sig_line.back(), '\n');
  auto blob = Base64Decode(sig_line.substr(4 + 16, sig_line.size() - 21));
  ASSERT_TRUE(blob.ok());
  ASSERT_EQ(blob->size(), 68u);
  auto kh = NoteKeyHash("example.com/log", key.public_key());
  EXPECT_EQ(blob->substr(0, 4), std::string(kh.begin(), kh.end()));
  // The signature is plain Ed25519 over the body.
  EXPECT_TRUE(VerifySignature(
      key.public_key(), body,
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(blob->data()) + 4, 64)));
}

TEST(Checkpoint, KeyHashFollowsSignedNoteSpec) {
  SigningKey key = TestKey();
  std::string material = "example.com/log\n\x01";
  material.append(reinterpret_cast<const char*>(key.public_key().data()), 32);
  Digest d = Sha256(material);
  auto kh = NoteKeyHash("example.com/log", key.public_key());
  EXPECT_TRUE(std::equal(kh.begin(), kh.end(), d.begin()));
  std::string vkey = VerifierKey("example.com/log", key.public_key());
  EXPECT_EQ(vkey.substr(0, 16), "example.com/log+");
  EXPECT_EQ(vkey.substr(16, 8), ToHex(kh));
}

TEST(Checkpoint, OpenRoundTripsAndRejectsTampering) {
  SigningKey key = TestKey();
  Checkpoint cp{"xborder.ledger/abc", 5, HashLeaf("y")};
  std::string note = SignCheckpoint(cp, key);
  auto opened = OpenCheckpoint(note, key.public_key());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->size, 5u);
  EXPECT_EQ(opened->root, cp.root);

  std::string changed = note;
  changed[changed.find("\n5\n") + 1] = '6';
  EXPECT_EQ(OpenCheckpoint(changed, key.public_key()).error().code, ErrorCode::kCorruption);
  EXPECT_EQ(OpenCheckpoint(note, TestKey(8).public_key()).error().code, ErrorCode::kCorruption);
  EXPECT_FALSE(OpenCheckpoint("garbage", key.public_key()).ok());
  EXPECT_FALSE(OpenCheckpoint(note.substr(0, note.size() - 3) + "\n", key.public_key()).ok());
}

TEST(Checkpoint, IgnoresOtherSignersLines) {
  SigningKey key = TestKey();
  SigningKey witness = TestKey(9);
  Checkpoint cp{"xborder.ledger/abc", 1, HashLeaf("z")};
  std::string note = SignCheckpoint(cp, key);
  std::string other = SignCheckpoint({"witness.example", 1, cp.root}, witness);
  note += other.substr(other.rfind("\xE2\x80\x94"));
  EXPECT_TRUE(OpenCheckpoint(note, key.public_key()).ok());
}

}  // namespace
}  // namespace xb::ledger
