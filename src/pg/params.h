// Statement parameters for libpq, all sent in binary form: integers in network byte order, bytea
// and text as raw bytes, and one-dimensional arrays (int8[], int4[], bytea[], text[]) in
// PostgreSQL's binary array layout, so a batch of hashes travels as one parameter with no escaping
// (INSERT ... SELECT ... FROM unnest($1::bytea[])). Each parameter carries its type, so SQL
// needs no casts.
//
// Thread-safety: a Params is a value; use one per thread.
#ifndef XBORDER_PG_PARAMS_H_
#define XBORDER_PG_PARAMS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"

namespace xb::pg {

using TypeOid = uint32_t;  // libpq's Oid

// Built-in type OIDs (pg_type.dat), the ones xborder sends.
inline constexpr TypeOid kBoolOid = 16;
inline constexpr TypeOid kByteaOid = 17;
inline constexpr TypeOid kInt8Oid = 20;
inline constexpr TypeOid kInt2Oid = 21;
inline constexpr TypeOid kInt4Oid = 23;
inline constexpr TypeOid kTextOid = 25;
inline constexpr TypeOid kInt4ArrayOid = 1007;
inline constexpr TypeOid kTextArrayOid = 1009;
inline constexpr TypeOid kByteaArrayOid = 1001;
inline constexpr TypeOid kInt8ArrayOid = 1016;

class Params {
 public:
  Params& Bool(bool v);
  Params& Int2(int16_t v);
  Params& Int4(int32_t v);
  Params& Int8(int64_t v);
  Params& Text(std::string_view v);  // REQUIRES: valid UTF-8 without NUL bytes
  Params& Bytea(std::string_view v);
  Params& Bytea(const Digest& v);
  Params& Int4Array(std::span<const int32_t> v);
  Params& Int8Array(std::span<const int64_t> v);
  Params& ByteaArray(std::span<const Digest> v);
  Params& ByteaArray(std::span<const std::string> v);
  Params& TextArray(std::span<const std::string> v);  // REQUIRES: as Text, for each element

  int size() const { return static_cast<int>(values_.size()); }
  const std::vector<TypeOid>& types() const { return types_; }
  const std::vector<std::string>& values() const { return values_; }
  // Total bytes of all values (to bound what a batch holds in memory).
  size_t bytes() const { return bytes_; }

 private:
  Params& Add(TypeOid type, std::string value);

  std::vector<TypeOid> types_;
  std::vector<std::string> values_;
  size_t bytes_ = 0;
};

// Network-order integer decoding for binary result columns.
int64_t DecodeInt(std::string_view bytes);  // REQUIRES: 1, 2, 4 or 8 bytes (bool, int2/4/8)

}  // namespace xb::pg

#endif  // XBORDER_PG_PARAMS_H_
