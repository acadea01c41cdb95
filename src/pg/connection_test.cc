#include "pg/connection.h"

#include <gtest/gtest.h>

#include "pg/test_environment.h"

namespace xb::pg {
namespace {

std::unique_ptr<Connection> Connect(const std::string& url) {
  auto c = Connection::Open(url);
  EXPECT_TRUE(c.ok()) << c.error().ToString();
  return c.ok() ? std::move(c).value() : nullptr;
}

TEST(PostgresConnection, MalformedUrlIsBadInputNamingTheFlag) {
  auto c = Connection::Open("postgresql://u:hunter2@h/d?no_such_option=1");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.error().where.field, "--db");
  EXPECT_EQ(c.error().ToString().find("hunter2"), std::string::npos) << c.error().ToString();
}

TEST(PostgresConnection, UnreachableServerIsAnIoErrorWithoutThePassword) {
  auto c = Connection::Open("postgresql://u:hunter2@/db?host=/nonexistent-xb-socket-dir");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kIo);
  std::string text = c.error().ToString();
  EXPECT_NE(text.find("cannot connect"), std::string::npos) << text;
  EXPECT_NE(text.find("u:***@"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
}

TEST(PostgresConnection, BinaryParametersAndResultsRoundTrip) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  Digest d{};
  d.fill(7);
  std::string bytes("a\0b\xff", 4);
  auto rows =
      conn->Query("SELECT $1::int8, $2::bytea, $3::text, $4::bool, $5::bytea",
                  Params().Int8(-5000000000).Bytea(bytes).Text("数据出境").Bool(false).Bytea(d));
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 1);
  EXPECT_EQ(rows->Int(0, 0), -5000000000);
  EXPECT_EQ(rows->Bytes(0, 1), bytes);
  EXPECT_EQ(rows->Bytes(0, 2), "数据出境");
  EXPECT_EQ(rows->Int(0, 3), 0);
  EXPECT_EQ(*rows->Hash(0, 4, "hash"), d);
  EXPECT_EQ(rows->Hash(0, 1, "short").error().code, ErrorCode::kCorruption);

  std::vector<Digest> many(1000, d);
  std::vector<int64_t> ids = {3, 1, 2};
  auto counted = conn->Query(
      "SELECT (SELECT count(*) FROM unnest($1::bytea[])), (SELECT sum(x) FROM unnest($2) x)",
      Params().ByteaArray(many).Int8Array(ids));
  ASSERT_TRUE(counted.ok()) << counted.error().ToString();
  EXPECT_EQ(counted->Int(0, 0), 1000);
  EXPECT_EQ(counted->Int(0, 1), 6);
}

TEST(PostgresConnection, BatchRunsInOrderAndStopsAtTheFirstFailure) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Exec("CREATE TABLE t(k int8 PRIMARY KEY, v text NOT NULL)").ok());
  std::vector<Statement> ok = {
      {"INSERT INTO t VALUES ($1, $2)", Params().Int8(1).Text("one")},
      {"INSERT INTO t VALUES ($1, $2)", Params().Int8(2).Text("two")},
      {"UPDATE t SET v = $1 WHERE k >= $2", Params().Text("x").Int8(1)},
  };
  auto results = conn->Batch(ok);
  ASSERT_TRUE(results.ok()) << results.error().ToString();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[2].affected(), 2);

  // In a transaction: the duplicate fails, the statement after it is skipped, and the
  // server's DETAIL (which quotes the key) stays out of the message.
  ASSERT_TRUE(conn->Exec("BEGIN").ok());
  std::vector<Statement> bad = {
      {"INSERT INTO t VALUES ($1, $2)", Params().Int8(3).Text("three")},
      {"INSERT INTO t VALUES ($1, $2)", Params().Int8(987654321).Text("v")},
      {"INSERT INTO t VALUES ($1, $2)", Params().Int8(987654321).Text("dup")},
      {"INSERT INTO t VALUES ($1, $2)", Params().Int8(4).Text("four")},
  };
  auto failed = conn->Batch(bad);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("23505"), std::string::npos) << failed.error().message;
  EXPECT_EQ(failed.error().message.find("987654321"), std::string::npos) << failed.error().message;
  EXPECT_TRUE(conn->InTransaction());
  ASSERT_TRUE(conn->Exec("ROLLBACK").ok());
  EXPECT_FALSE(conn->InTransaction());
  auto count = conn->Query("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok()) << count.error().ToString();
  EXPECT_EQ(count->Int(0, 0), 2);
}

TEST(PostgresConnection, NoticesAreNotPrinted) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(conn->Exec("CREATE TABLE IF NOT EXISTS n(x int)").ok());
  ASSERT_TRUE(conn->Exec("CREATE TABLE IF NOT EXISTS n(x int)").ok());  // NOTICE: exists
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(PostgresConnection, RefusesADatabaseThatIsNotUtf8) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  std::string name = "latin_" + std::to_string(conn->BackendPid());
  ASSERT_TRUE(conn->Exec("CREATE DATABASE " + name +
                         " TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'")
                  .ok());
  std::string latin = url;
  latin.replace(latin.find("/postgres?"), 10, "/" + name + "?");
  auto c = Connection::Open(latin);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(c.error().message.find("UTF8"), std::string::npos) << c.error().message;
  EXPECT_TRUE(conn->Exec("DROP DATABASE " + name).ok());
}

TEST(PostgresConnection, TextArraysRoundTrip) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  std::vector<std::string> texts = {"", "[\"A\"]", "数据出境"};
  auto rows = conn->Query("SELECT x FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n",
                          Params().TextArray(texts));
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(rows->Bytes(i, 0), texts[static_cast<size_t>(i)]);
}

TEST(PostgresConnection, ALostSessionIsBrokenUntilReconnected) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  auto killer = Connect(url);
  ASSERT_TRUE(conn != nullptr && killer != nullptr);
  ASSERT_TRUE(conn->Exec("CREATE TABLE r(x int)").ok());
  ASSERT_TRUE(conn->Query("SELECT count(*) FROM r").ok());  // a prepared statement
  EXPECT_FALSE(conn->Broken());
  const int old_pid = conn->BackendPid();
  ASSERT_TRUE(killer->Query("SELECT pg_terminate_backend($1)", Params().Int4(old_pid)).ok());
  auto failed = conn->Query("SELECT count(*) FROM r");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_TRUE(conn->Broken());
  ASSERT_TRUE(conn->Reconnect().ok());
  EXPECT_FALSE(conn->Broken());
  EXPECT_NE(conn->BackendPid(), old_pid);
  // The same URL (so the same schema), and the statement is prepared again.
  auto again = conn->Query("SELECT count(*) FROM r");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->Int(0, 0), 0);
}

TEST(PostgresConnection, InTransactionCommitsOrRollsBack) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Exec("CREATE TABLE t(x int)").ok());
  Status failed = InTransaction(*conn, "BEGIN", [&]() -> Status {
    XB_RETURN_IF_ERROR(conn->Exec("INSERT INTO t VALUES (1)"));
    return NotFound("stop");
  });
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(conn->InTransaction());
  ASSERT_TRUE(
      InTransaction(*conn, "BEGIN", [&] { return conn->Exec("INSERT INTO t VALUES (2)"); }).ok());
  EXPECT_EQ(conn->Query("SELECT sum(x) FROM t")->Int(0, 0), 2);
}

}  // namespace
}  // namespace xb::pg
