// The C2SP age testkit (CCTV, testdata/age-testkit/, see its README.md for the licence): every
// vector whose keys this implementation supports (X25519 identities, binary and armored files)
// must end exactly as the vector expects: success with the right plaintext, or the right kind
// of failure with only authenticated plaintext released before it.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <map>
#include <vector>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/locations.h"
#include "seal/age.h"
#include "seal/age_armor.h"

namespace xb::seal {
namespace {

namespace fs = std::filesystem;

struct Vector {
  std::string name;
  std::multimap<std::string, std::string> fields;
  std::string file;  // the age file, decompressed
};

std::string Inflate(const std::string& compressed) {
  z_stream z{};
  EXPECT_EQ(inflateInit(&z), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

Vector Load(const fs::path& path) {
  Vector v;
  v.name = path.filename().string();
  std::string text = *ReadFile(path.string());
  size_t pos = 0;
  while (true) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) break;
    size_t colon = line.find(": ");
    v.fields.emplace(line.substr(0, colon), line.substr(colon + 2));
  }
  v.file = text.substr(pos);
  auto compressed = v.fields.find("compressed");
  if (compressed != v.fields.end() && compressed->second == "zlib") v.file = Inflate(v.file);
  return v;
}

std::vector<std::string> All(const Vector& v, const std::string& key) {
  std::vector<std::string> out;
  auto [from, to] = v.fields.equal_range(key);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

std::string One(const Vector& v, const std::string& key) {
  auto it = v.fields.find(key);
  return it == v.fields.end() ? "" : it->second;
}

TEST(AgeTestkit, EveryX25519VectorEndsAsExpected) {
  fs::path dir = fs::path(SourceTreeDir()) / "src/seal/testdata/age-testkit";
  int run = 0, skipped = 0;
  std::map<std::string, int> outcomes;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename() == "README.md") continue;
    Vector v = Load(entry.path());
    std::vector<AgeIdentity> ids;
    bool other_keys = !All(v, "passphrase").empty();
    for (const std::string& text : All(v, "identity")) {
      if (text.starts_with("AGE-SECRET-KEY-PQ-")) {
        other_keys = true;
        continue;
      }
      auto id = AgeIdentity::Parse(text);
      ASSERT_TRUE(id.ok()) << v.name;
      ids.push_back(std::move(id).value());
    }
    // Vectors for passphrases (scrypt) or post-quantum keys only: not this implementation's.
    if (other_keys && ids.empty()) {
      ++skipped;
      continue;
    }
    ++run;
    std::string expect = One(v, "expect");
    ++outcomes[expect];
    std::string plain;
    MemorySource source(v.file);
    Status s = DecryptAge(source, ids, [&plain](std::span<const uint8_t> b) {
      plain.append(reinterpret_cast<const char*>(b.data()), b.size());
      return Status::Ok();
    });
    SCOPED_TRACE(v.name + " (" + expect + "): " + (s.ok() ? "ok" : s.error().ToString()));
    if (expect == "success") {
      ASSERT_TRUE(s.ok());
    } else {
      ASSERT_FALSE(s.ok());
      const Error& e = s.error();
      if (expect == "header failure") {
        EXPECT_EQ(e.code, ErrorCode::kParse);
        EXPECT_NE(e.where.field, "armor");
      } else if (expect == "armor failure") {
        // A missing END line is truncation, reported as damage like a cut binary file.
        EXPECT_EQ(e.code,
                  v.name == "armor_no_end_line" ? ErrorCode::kCorruption : ErrorCode::kParse);
        // Armor is recognised by its BEGIN line; with something else first (garbage, a
        // misspelt BEGIN) the file is read as binary and fails on its first line, the
        // testkit's allowed aliasing of indistinguishable cases.
        if (LooksArmored(v.file)) {
          EXPECT_EQ(e.where.field, "armor");
        } else {
          EXPECT_EQ(e.where.line, 1);
        }
      } else if (expect == "no match") {
        EXPECT_EQ(e.code, ErrorCode::kNotFound);
      } else if (expect == "HMAC failure") {
        EXPECT_EQ(e.code, ErrorCode::kCorruption);
        EXPECT_EQ(e.where.field, "header MAC");
      } else if (expect == "payload failure") {
        EXPECT_EQ(e.code, ErrorCode::kCorruption);
        EXPECT_EQ(e.where.field, "payload");
      } else {
        ADD_FAILURE() << "unknown expectation";
      }
    }
    // All plaintext released, even before a failure, is what the vector says.
    if (expect == "success" || expect == "payload failure") {
      EXPECT_EQ(ToHex(Sha256(plain)), One(v, "payload"));
    }
  }
  // The testkit as committed: 143 vectors, 100 of them for X25519 identities or no key; every
  // kind of outcome is exercised.
  EXPECT_EQ(run + skipped, 143);
  EXPECT_EQ(run, 100);
  EXPECT_EQ(outcomes["success"], 19);
  EXPECT_EQ(outcomes["payload failure"], 19);
  EXPECT_EQ(outcomes["header failure"], 35);
  EXPECT_EQ(outcomes["armor failure"], 22);
  EXPECT_EQ(outcomes["no match"], 4);
  EXPECT_EQ(outcomes["HMAC failure"], 1);
}

}  // namespace
}  // namespace xb::seal
