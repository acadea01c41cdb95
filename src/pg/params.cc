#include "pg/params.h"

namespace xb::pg {
namespace {

void PutBigEndian(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// The binary array header (array_send): one dimension, no nulls, the element type, the length
// and a lower bound of 1. Each element then follows as its byte length and its bytes.
std::string ArrayHeader(TypeOid element, size_t count, size_t element_bytes) {
  std::string out;
  out.reserve(20 + count * (4 + element_bytes));
  PutBigEndian(out, 1, 4);
  PutBigEndian(out, 0, 4);
  PutBigEndian(out, element, 4);
  PutBigEndian(out, count, 4);
  PutBigEndian(out, 1, 4);
  return out;
}

// An array of variable-length elements (bytea, text): each is its length and its bytes.
std::string VarlenArray(TypeOid element, std::span<const std::string> v) {
  size_t total = 0;
  for (const std::string& x : v) total += x.size();
  std::string s = ArrayHeader(element, v.size(), v.empty() ? 0 : total / v.size());
  for (const std::string& x : v) {
    PutBigEndian(s, x.size(), 4);
    s.append(x);
  }
  return s;
}

}  // namespace

Params& Params::Add(TypeOid type, std::string value) {
  bytes_ += value.size();
  types_.push_back(type);
  values_.push_back(std::move(value));
  return *this;
}

Params& Params::Bool(bool v) { return Add(kBoolOid, std::string(1, v ? '\1' : '\0')); }

Params& Params::Int2(int16_t v) {
  std::string s;
  PutBigEndian(s, static_cast<uint16_t>(v), 2);
  return Add(kInt2Oid, std::move(s));
}

Params& Params::Int4(int32_t v) {
  std::string s;
  PutBigEndian(s, static_cast<uint32_t>(v), 4);
  return Add(kInt4Oid, std::move(s));
}

Params& Params::Int8(int64_t v) {
  std::string s;
  PutBigEndian(s, static_cast<uint64_t>(v), 8);
  return Add(kInt8Oid, std::move(s));
}

Params& Params::Text(std::string_view v) { return Add(kTextOid, std::string(v)); }

Params& Params::Bytea(std::string_view v) { return Add(kByteaOid, std::string(v)); }

Params& Params::Bytea(const Digest& v) {
  return Add(kByteaOid, std::string(reinterpret_cast<const char*>(v.data()), v.size()));
}

Params& Params::Int4Array(std::span<const int32_t> v) {
  std::string s = ArrayHeader(kInt4Oid, v.size(), 4);
  for (int32_t x : v) {
    PutBigEndian(s, 4, 4);
    PutBigEndian(s, static_cast<uint32_t>(x), 4);
  }
  return Add(kInt4ArrayOid, std::move(s));
}

Params& Params::Int8Array(std::span<const int64_t> v) {
  std::string s = ArrayHeader(kInt8Oid, v.size(), 8);
  for (int64_t x : v) {
    PutBigEndian(s, 8, 4);
    PutBigEndian(s, static_cast<uint64_t>(x), 8);
  }
  return Add(kInt8ArrayOid, std::move(s));
}

Params& Params::ByteaArray(std::span<const Digest> v) {
  std::string s = ArrayHeader(kByteaOid, v.size(), 32);
  for (const Digest& d : v) {
    PutBigEndian(s, d.size(), 4);
    s.append(reinterpret_cast<const char*>(d.data()), d.size());
  }
  return Add(kByteaArrayOid, std::move(s));
}

Params& Params::ByteaArray(std::span<const std::string> v) {
  return Add(kByteaArrayOid, VarlenArray(kByteaOid, v));
}

Params& Params::TextArray(std::span<const std::string> v) {
  return Add(kTextArrayOid, VarlenArray(kTextOid, v));
}

int64_t DecodeInt(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<uint8_t>(c);
  // Sign-extend from the value's width.
  int bits = static_cast<int>(bytes.size()) * 8;
  if (bits > 0 && bits < 64 && (v >> (bits - 1)) & 1) v |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(v);
}

}  // namespace xb::pg
