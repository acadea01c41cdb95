#include "pg/url.h"

#include <gtest/gtest.h>

namespace xb::pg {
namespace {

TEST(PostgresUrl, RecognisesBothSchemes) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://host/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres:///db?host=/run/postgresql"));
  EXPECT_FALSE(IsPostgresUrl("xborder.db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/postgresql.db"));
  EXPECT_FALSE(IsPostgresUrl("mysql://host/db"));
}

TEST(PostgresUrl, RedactsThePasswordWhereverItIs) {
  EXPECT_EQ(RedactUrl("postgresql://alice:s3cret@db.example:5432/xb"),
            "postgresql://alice:***@db.example:5432/xb");
  EXPECT_EQ(RedactUrl("postgresql://alice@db/xb"), "postgresql://alice@db/xb");
  EXPECT_EQ(RedactUrl("postgresql:///xb?host=/tmp&password=s3cret&user=bob"),
            "postgresql:///xb?host=/tmp&password=***&user=bob");
  // An unencoded '@' in the password: everything up to the last '@' is hidden.
  EXPECT_EQ(RedactUrl("postgresql://alice:p@ss@db/xb"), "postgresql://alice:***@db/xb");
  EXPECT_EQ(RedactUrl("postgresql://db/xb"), "postgresql://db/xb");
  EXPECT_EQ(RedactUrl("garbage with password"), "***");
}

TEST(PostgresUrl, DisplayLeavesPathsAlone) {
  EXPECT_EQ(DisplayDb("/srv/xborder.db"), "/srv/xborder.db");
  EXPECT_EQ(DisplayDb("postgres://u:pw@h/d"), "postgres://u:***@h/d");
}

}  // namespace
}  // namespace xb::pg
