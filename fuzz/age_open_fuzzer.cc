// Fuzzes opening age files (src/seal/age.h): header and armor parsing, stanza unwrapping, the
// MAC and the STREAM payload, with the identity the C2SP testkit vectors in the seed corpus were
// made for (fuzz/corpus/age_open_fuzzer: age files from src/seal/testdata/age-testkit). On
// arbitrary bytes it must succeed or return an error, never crash; what it releases is never
// more than the input could hold. The same bytes go through the minisign public-key and
// signature parsers (seed: fuzz/corpus/age_open_fuzzer/minisig_*).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_target.h"
#include "seal/age.h"
#include "seal/minisign.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 20) return 0;
  static const xb::seal::AgeIdentity identity =
      std::move(xb::seal::AgeIdentity::Parse(
                    "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"))
          .value();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  xb::seal::MemorySource source(bytes);
  size_t released = 0;
  xb::Status s = xb::seal::DecryptAge(source, std::span<const xb::seal::AgeIdentity>(&identity, 1),
                                      [&released](std::span<const uint8_t> b) {
                                        released += b.size();
                                        return xb::Status::Ok();
                                      });
  if (released > size) __builtin_trap();
  (void)s;
  // The minisign readers take any text too: a public key, and a signature file.
  (void)xb::seal::ParseMinisignPublicKey(bytes);
  (void)xb::seal::ParseMinisignSignature(bytes);
  return 0;
}
