// Secrets never outlive their use in freed memory: this binary replaces the global operator
// delete with one that looks, in every block freed while a probe is armed, for bytes that must
// have been wiped first (plaintext, an identity's secret, its Bech32 groups). A separate binary,
// because the replacement is global.
#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "seal/age.h"
#include "seal/age_keys.h"
#include "seal/bech32.h"
#include "seal/byte_stream.h"

namespace {

// What the probe looks for; empty: disarmed.
std::string g_needle;
int g_hits = 0;

void Scan(void* p) {
  if (g_needle.empty() || p == nullptr) return;
  size_t n = malloc_usable_size(p);
  if (memmem(p, n, g_needle.data(), g_needle.size()) != nullptr) ++g_hits;
}

// Counts freed blocks holding `needle` while it lives.
class Probe {
 public:
  explicit Probe(std::string needle) {
    g_hits = 0;
    g_needle = std::move(needle);
  }
  ~Probe() { Disarm(); }
  int Disarm() {
    std::string off;
    off.swap(g_needle);  // frees nothing while armed: `off` is freed after disarming
    return g_hits;
  }
};

}  // namespace

// Blocks start zeroed, so that a freed block holds only what was written during its own life,
// not what an earlier owner of the same memory left.
void* operator new(size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, malloc_usable_size(p));
  return p;
}
void operator delete(void* p) noexcept {
  Scan(p);
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  Scan(p);
  std::free(p);
}

namespace xb::seal {
namespace {

constexpr char kMarker[] = "PII-MARKER-0123456789";

std::span<const uint8_t> Bytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string Seal(const AgeRecipient& r, const std::string& plain, std::string& sealed) {
  sealed.reserve(plain.size() + 4096);  // the test's own buffer never reallocates
  auto writer = AgeWriter::Create(
      std::span<const AgeRecipient>(&r, 1), [&sealed](std::span<const uint8_t> b) {
        sealed.append(reinterpret_cast<const char*>(b.data()), b.size());
        return Status::Ok();
      });
  EXPECT_TRUE(writer.ok());
  // Small writes: every chunk goes through the encryptor's own buffer.
  for (size_t i = 0; i < plain.size(); i += 1000) {
    EXPECT_TRUE((*writer)->Write(Bytes(std::string_view(plain).substr(i, 1000))).ok());
  }
  EXPECT_TRUE((*writer)->Finish().ok());
  return sealed;
}

TEST(Wiping, NeitherSealingNorAFailedOpenLeavesPlaintextInFreedMemory) {
  auto id = AgeIdentity::Generate();
  ASSERT_TRUE(id.ok());
  std::string plain;
  while (plain.size() < 3 * kChunkSize) plain += kMarker;
  std::string sealed;
  {
    Probe probe(kMarker);
    Seal(id->recipient(), plain, sealed);
    EXPECT_EQ(probe.Disarm(), 0) << "sealing freed plaintext unwiped";
  }
  // The whole chunks authenticate and are released; the last fails: the error path.
  sealed.back() ^= 1;
  Probe probe(kMarker);
  MemorySource source(sealed);
  size_t released = 0;
  Status s = DecryptAge(source, std::span<const AgeIdentity>(&*id, 1),
                        [&released](std::span<const uint8_t> b) {
                          released += b.size();
                          return Status::Ok();
                        });
  EXPECT_EQ(s.error().code, ErrorCode::kCorruption);
  EXPECT_EQ(released, plain.size() / kChunkSize * kChunkSize);  // all but the last chunk
  EXPECT_EQ(probe.Disarm(), 0) << "a failed open freed plaintext unwiped";
}

TEST(Wiping, ParsingAndPrintingAnIdentityLeavesNoCopyOfItsSecret) {
  auto id = AgeIdentity::Generate();
  ASSERT_TRUE(id.ok());
  std::string text = id->ToString();
  std::string secret(reinterpret_cast<const char*>(id->secret().data()), 12);
  auto groups = Bech32Parse(text);
  ASSERT_TRUE(groups.ok());
  std::string group_bytes(groups->groups.begin(), groups->groups.begin() + 16);
  for (const std::string& needle : {secret, group_bytes}) {
    Probe probe(needle);
    {
      auto parsed = AgeIdentity::Parse(text);
      ASSERT_TRUE(parsed.ok());
      std::string again = parsed->ToString();
      EXPECT_EQ(again, text);
      std::memset(again.data(), 0, again.size());  // the text form is the caller's to wipe
    }
    EXPECT_EQ(probe.Disarm(), 0);
  }
}

}  // namespace
}  // namespace xb::seal
