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

TEST(PostgresUrl, RequireSqliteNamesWhatAndNeverThePassword) {
  EXPECT_TRUE(RequireSqlite("x.db", "consent records").ok());
  Status s = RequireSqlite("postgresql://u:hunter2@h/d", "consent records");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  std::string text = s.error().ToString();
  EXPECT_NE(text.find("consent records"), std::string::npos) << text;
  EXPECT_NE(text.find("--db"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
}

}  // namespace
}  // namespace xb::pg
