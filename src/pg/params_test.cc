#include "pg/params.h"

#include <gtest/gtest.h>

namespace xb::pg {
namespace {

TEST(PostgresParams, IntegersAreBigEndianAndDecodeBack) {
  Params p;
  p.Int8(-2).Int4(0x01020304).Int2(-1).Bool(true);
  ASSERT_EQ(p.size(), 4);
  EXPECT_EQ(p.values()[0], std::string("\xff\xff\xff\xff\xff\xff\xff\xfe", 8));
  EXPECT_EQ(p.values()[1], std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(p.types()[0], kInt8Oid);
  EXPECT_EQ(p.types()[3], kBoolOid);
  EXPECT_EQ(DecodeInt(p.values()[0]), -2);
  EXPECT_EQ(DecodeInt(p.values()[1]), 0x01020304);
  EXPECT_EQ(DecodeInt(p.values()[2]), -1);
  EXPECT_EQ(DecodeInt(p.values()[3]), 1);
  EXPECT_EQ(DecodeInt(std::string("\x00\x00\x00\x80", 4)), 128);
}

TEST(PostgresParams, ByteaArrayHasTheBinaryArrayLayout) {
  Digest a{};
  a.fill(0xAB);
  std::vector<Digest> hashes = {a, a};
  Params p;
  p.ByteaArray(hashes);
  const std::string& v = p.values()[0];
  EXPECT_EQ(p.types()[0], kByteaArrayOid);
  ASSERT_EQ(v.size(), 20u + 2 * (4 + 32));
  EXPECT_EQ(DecodeInt(v.substr(0, 4)), 1);          // dimensions
  EXPECT_EQ(DecodeInt(v.substr(4, 4)), 0);          // no nulls
  EXPECT_EQ(DecodeInt(v.substr(8, 4)), kByteaOid);  // element type
  EXPECT_EQ(DecodeInt(v.substr(12, 4)), 2);         // length
  EXPECT_EQ(DecodeInt(v.substr(16, 4)), 1);         // lower bound
  EXPECT_EQ(DecodeInt(v.substr(20, 4)), 32);        // first element's length
  EXPECT_EQ(v.substr(24, 32), std::string(32, '\xAB'));
  EXPECT_EQ(p.bytes(), v.size());
}

}  // namespace
}  // namespace xb::pg
