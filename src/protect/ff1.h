// Format-preserving encryption: FF1 of NIST SP 800-38G (Rev. 1) with AES (OpenSSL).
//
// A string of n numerals in base `radix` encrypts to another string of n numerals in the same
// base, under a key and a public tweak; Decrypt inverts it. Used to encrypt card numbers and
// other identifiers while keeping their format, so downstream systems still accept them and the
// key holder can reverse the transform. SP 800-38G Rev. 1 requires radix^n >= 1,000,000.
//
// Not thread-safe (owns an OpenSSL cipher context): use one Ff1 per thread. Not copyable.
#ifndef XBORDER_PROTECT_FF1_H_
#define XBORDER_PROTECT_FF1_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/status.h"

namespace xb::protect {

class Ff1 {
 public:
  // `key`: 16, 24 or 32 bytes (AES-128/192/256). `radix`: 2..65536.
  // Errors: kInvalidArgument for another key length or radix.
  static Result<std::unique_ptr<Ff1>> Create(std::span<const uint8_t> key, uint32_t radix);
  ~Ff1();
  Ff1(const Ff1&) = delete;
  Ff1& operator=(const Ff1&) = delete;

  // Errors: kInvalidArgument when a numeral is >= radix, n < 2, radix^n < 1,000,000 or
  // n > 2^16 numerals.
  Result<std::vector<uint32_t>> Encrypt(const std::vector<uint32_t>& numerals,
                                        std::span<const uint8_t> tweak) const;
  Result<std::vector<uint32_t>> Decrypt(const std::vector<uint32_t>& numerals,
                                        std::span<const uint8_t> tweak) const;

  uint32_t radix() const { return radix_; }

 private:
  struct Impl;
  Ff1(std::unique_ptr<Impl> impl, uint32_t radix);
  Result<std::vector<uint32_t>> Run(const std::vector<uint32_t>& numerals,
                                    std::span<const uint8_t> tweak, bool encrypt) const;
  std::unique_ptr<Impl> impl_;
  uint32_t radix_;
};

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_FF1_H_
