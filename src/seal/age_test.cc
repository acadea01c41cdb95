#include "seal/age.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <random>

#include "core/crypto.h"
#include "seal/age_header.h"
#include "seal/age_x25519.h"

namespace xb::seal {
namespace {

std::span<const uint8_t> Bytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string RandomText(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

ByteSink AppendTo(std::string& out) {
  return [&out](std::span<const uint8_t> b) {
    out.append(reinterpret_cast<const char*>(b.data()), b.size());
    return Status::Ok();
  };
}

std::string Seal(std::string_view plain, std::span<const AgeRecipient> recipients,
                 size_t piece = SIZE_MAX) {
  std::string out;
  auto writer = AgeWriter::Create(recipients, AppendTo(out));
  EXPECT_TRUE(writer.ok());
  for (size_t pos = 0; pos < plain.size(); pos += piece) {
    EXPECT_TRUE((*writer)->Write(Bytes(plain.substr(pos, piece))).ok());
  }
  EXPECT_TRUE((*writer)->Finish().ok());
  return out;
}

struct Opened {
  Status status;
  std::string plain;
};

Opened Open(const std::string& file, std::span<const AgeIdentity> ids) {
  Opened o;
  MemorySource source(file);
  o.status = DecryptAge(source, ids, AppendTo(o.plain));
  return o;
}

class AgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ids_.push_back(std::move(AgeIdentity::Generate()).value());
    recipients_.push_back(ids_[0].recipient());
  }
  std::vector<AgeIdentity> ids_;
  std::vector<AgeRecipient> recipients_;
};

TEST_F(AgeTest, RoundTripsAtChunkBoundaries) {
  for (size_t n : {size_t{0}, size_t{1}, kChunkSize - 1, kChunkSize, kChunkSize + 1, 2 * kChunkSize,
                   2 * kChunkSize + 1, 3 * kChunkSize + 77}) {
    std::string plain = RandomText(n, static_cast<uint32_t>(n));
    std::string file = Seal(plain, recipients_);
    size_t chunks = n == 0 ? 1 : (n + kChunkSize - 1) / kChunkSize;
    // Header, 16-byte nonce, every chunk with its 16-byte tag: nothing else.
    EXPECT_EQ(file.size() - file.find("\n", file.find("---")) - 1, 16 + n + chunks * kChunkTagSize)
        << n;
    Opened o = Open(file, ids_);
    ASSERT_TRUE(o.status.ok()) << n << ": " << o.status.error().ToString();
    EXPECT_EQ(o.plain, plain) << n;
  }
}

TEST_F(AgeTest, WritesInAnyPieceSizeGiveTheSameChunks) {
  std::string plain = RandomText(3 * kChunkSize, 7);
  for (size_t piece : {size_t{1000}, kChunkSize, kChunkSize + 1, 5 * kChunkSize}) {
    std::string file = Seal(plain, recipients_, piece);
    Opened o = Open(file, ids_);
    ASSERT_TRUE(o.status.ok()) << piece;
    EXPECT_EQ(o.plain, plain);
  }
}

TEST_F(AgeTest, EveryRecipientCanOpenOthersCannot) {
  std::vector<AgeIdentity> three;
  std::vector<AgeRecipient> recipients;
  for (int i = 0; i < 3; ++i) {
    three.push_back(std::move(AgeIdentity::Generate()).value());
    recipients.push_back(three.back().recipient());
  }
  std::string file = Seal("for three", recipients);
  for (const AgeIdentity& id : three) {
    Opened o = Open(file, std::span<const AgeIdentity>(&id, 1));
    ASSERT_TRUE(o.status.ok());
    EXPECT_EQ(o.plain, "for three");
  }
  Opened stranger = Open(file, ids_);
  ASSERT_FALSE(stranger.status.ok());
  EXPECT_EQ(stranger.status.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(stranger.status.error().where.field, "identity");
  EXPECT_TRUE(stranger.plain.empty());
}

// A changed byte anywhere (header, MAC line, nonce, any chunk, any tag) makes opening fail.
TEST_F(AgeTest, EveryChangedByteIsDetected) {
  std::string plain = RandomText(kChunkSize + 100, 3);
  std::string file = Seal(plain, recipients_);
  size_t payload_start = file.find("\n", file.find("---")) + 1;
  std::mt19937 rng(11);
  std::vector<size_t> positions;
  for (size_t i = 0; i < payload_start + 16; ++i) positions.push_back(i);  // header and nonce
  for (size_t i : {kChunkSize, kChunkSize + 15, kChunkSize + 16}) {
    positions.push_back(payload_start + 16 + i);  // around the first tag
  }
  positions.push_back(file.size() - 1);  // the final tag
  for (int i = 0; i < 200; ++i)
    positions.push_back(payload_start + rng() % (file.size() - payload_start));
  for (size_t pos : positions) {
    std::string altered = file;
    altered[pos] = static_cast<char>(altered[pos] ^ (1 << (pos % 8)));
    Opened o = Open(altered, ids_);
    ASSERT_FALSE(o.status.ok()) << "byte " << pos;
    // What was released before the fault is a prefix of the plaintext (a whole chunk, at most).
    EXPECT_EQ(o.plain, plain.substr(0, o.plain.size())) << pos;
  }
}

TEST_F(AgeTest, TruncationAndAppendedDataAreDetected) {
  std::string plain = RandomText(2 * kChunkSize, 5);
  std::string file = Seal(plain, recipients_);
  size_t payload = file.find("\n", file.find("---")) + 1 + 16;
  size_t sealed_chunk = kChunkSize + kChunkTagSize;
  for (size_t cut : {payload - 1, payload, payload + sealed_chunk, payload + sealed_chunk - 1,
                     payload + sealed_chunk + 1, file.size() - 1}) {
    Opened o = Open(file.substr(0, cut), ids_);
    ASSERT_FALSE(o.status.ok()) << cut;
  }
  Opened cut_at_chunk = Open(file.substr(0, payload + sealed_chunk), ids_);
  EXPECT_EQ(cut_at_chunk.status.error().code, ErrorCode::kCorruption);
  EXPECT_EQ(cut_at_chunk.status.error().where.field, "payload");
  for (std::string tail : {std::string("x"), std::string(16, '\0'), file.substr(payload)}) {
    Opened o = Open(file + tail, ids_);
    ASSERT_FALSE(o.status.ok());
    EXPECT_EQ(o.status.error().code, ErrorCode::kCorruption);
  }
}

// Files built by hand with the final flag misplaced: a last chunk sealed as non-final, and a
// full chunk sealed as final with another after it.
TEST_F(AgeTest, MisplacedFinalFlagIsDetected) {
  FileKey file_key{};
  file_key[0] = 1;
  auto stanza = WrapForX25519(file_key, recipients_[0]);
  ASSERT_TRUE(stanza.ok());
  std::string mac_input = FormatHeaderForMac({*stanza});
  PayloadNonce nonce{};
  std::string head = FinishHeader(mac_input, ComputeHeaderMac(file_key, mac_input)) +
                     std::string(nonce.begin(), nonce.end());
  PayloadKey key = DerivePayloadKey(file_key, nonce);
  auto chunk = [&](uint64_t counter, bool final, size_t size) {
    std::string plain(size, 'p'), out(size + kChunkTagSize, '\0');
    std::array<uint8_t, 12> n{};
    n[10] = static_cast<uint8_t>(counter);
    n[11] = final ? 1 : 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<uint8_t*>(out.data()), nullptr,
                                              reinterpret_cast<uint8_t*>(plain.data()), size,
                                              nullptr, 0, nullptr, n.data(), key.data());
    return out;
  };
  EXPECT_TRUE(Open(head + chunk(0, true, 10), ids_).status.ok());  // the control
  EXPECT_TRUE(Open(head + chunk(0, false, kChunkSize) + chunk(1, true, 5), ids_).status.ok());
  EXPECT_FALSE(Open(head + chunk(0, false, 10), ids_).status.ok());
  EXPECT_FALSE(Open(head + chunk(0, false, kChunkSize), ids_).status.ok());
  EXPECT_FALSE(Open(head + chunk(0, true, kChunkSize) + chunk(1, true, 5), ids_).status.ok());
  EXPECT_FALSE(Open(head + chunk(0, false, kChunkSize) + chunk(1, true, 0), ids_).status.ok());
  EXPECT_FALSE(Open(head + chunk(1, true, 10), ids_).status.ok());  // reordered
}

TEST_F(AgeTest, AlteredHeaderFailsTheMacOrTheParse) {
  std::string file = Seal("hello", recipients_);
  size_t mac_at = file.find("--- ") + 4;
  std::string altered = file;
  altered[mac_at] = altered[mac_at] == 'A' ? 'B' : 'A';
  Opened o = Open(altered, ids_);
  ASSERT_FALSE(o.status.ok());
  // Either the MAC no longer matches or the base64 is no longer canonical.
  EXPECT_TRUE(o.status.error().where.field == "header MAC" ||
              o.status.error().code == ErrorCode::kParse);
  // An extra stanza the identity ignores still changes the MAC.
  std::string grease = file;
  grease.insert(grease.find("---"), "-> grease\n\n");
  Opened g = Open(grease, ids_);
  ASSERT_FALSE(g.status.ok());
  EXPECT_EQ(g.status.error().where.field, "header MAC");
}

TEST_F(AgeTest, NoRecipientIsRefused) {
  std::string out;
  EXPECT_EQ(AgeWriter::Create({}, AppendTo(out)).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace xb::seal
