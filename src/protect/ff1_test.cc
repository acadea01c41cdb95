#include "protect/ff1.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/locations.h"

namespace xb::protect {
namespace {

std::vector<uint8_t> Bytes(const std::string& hex) {
  auto raw = FromHex(hex);
  EXPECT_TRUE(raw.ok());
  return std::vector<uint8_t>(raw->begin(), raw->end());
}

std::vector<uint32_t> Numerals(const std::string& text) {
  std::vector<uint32_t> out;
  for (char ch : text) out.push_back(ch <= '9' ? ch - '0' : ch - 'a' + 10);
  return out;
}

std::string Text(const std::vector<uint32_t>& numerals) {
  std::string out;
  for (uint32_t v : numerals) out.push_back(static_cast<char>(v < 10 ? '0' + v : 'a' + v - 10));
  return out;
}

TEST(Ff1, PassesTheNistSampleVectors) {
  auto text = ReadFile(xb::SourceTreeDir() + "/src/protect/testdata/nist-ff1-samples.json");
  ASSERT_TRUE(text.ok());
  auto samples = nlohmann::json::parse(*text);
  ASSERT_EQ(samples.size(), 9u);
  for (const auto& s : samples) {
    SCOPED_TRACE("sample " + std::to_string(s["sample"].get<int>()));
    auto key = Bytes(s["key"]);
    auto ff1 = Ff1::Create(key, s["radix"].get<uint32_t>());
    ASSERT_TRUE(ff1.ok());
    auto tweak = Bytes(s["tweak"]);
    auto ct = (*ff1)->Encrypt(Numerals(s["plaintext"]), tweak);
    ASSERT_TRUE(ct.ok()) << ct.error().ToString();
    EXPECT_EQ(Text(*ct), s["ciphertext"].get<std::string>());
    auto pt = (*ff1)->Decrypt(*ct, tweak);
    ASSERT_TRUE(pt.ok());
    EXPECT_EQ(Text(*pt), s["plaintext"].get<std::string>());
  }
}

TEST(Ff1, RoundTripsRandomCardNumbers) {
  std::vector<uint8_t> key(32, 7);
  auto ff1 = Ff1::Create(key, 10);
  ASSERT_TRUE(ff1.ok());
  std::mt19937 rng(1);
  for (int len = 6; len <= 19; ++len) {
    std::vector<uint32_t> x(len);
    for (auto& d : x) d = rng() % 10;
    auto ct = (*ff1)->Encrypt(x, {});
    ASSERT_TRUE(ct.ok());
    EXPECT_EQ(ct->size(), x.size());
    auto pt = (*ff1)->Decrypt(*ct, {});
    ASSERT_TRUE(pt.ok());
    EXPECT_EQ(*pt, x);
  }
}

TEST(Ff1, RejectsSmallDomainsAndBadNumerals) {
  std::vector<uint8_t> key(16, 1);
  auto ff1 = Ff1::Create(key, 10);
  ASSERT_TRUE(ff1.ok());
  EXPECT_FALSE((*ff1)->Encrypt({1, 2, 3, 4, 5}, {}).ok());  // 10^5 < 10^6
  EXPECT_FALSE((*ff1)->Encrypt({1, 2, 3, 4, 5, 10}, {}).ok());
  EXPECT_FALSE(Ff1::Create(std::vector<uint8_t>(15, 0), 10).ok());
  EXPECT_FALSE(Ff1::Create(key, 1).ok());
}

}  // namespace
}  // namespace xb::protect
