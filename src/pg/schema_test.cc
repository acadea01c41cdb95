#include "pg/schema.h"

#include <gtest/gtest.h>

#include <thread>

#include "pg/test_environment.h"

namespace xb::pg {
namespace {

constexpr SchemaStep kV1[] = {{1, "CREATE TABLE widget(id int8 PRIMARY KEY)"}};
constexpr SchemaStep kV2[] = {{1, "CREATE TABLE widget(id int8 PRIMARY KEY)"},
                              {2, "ALTER TABLE widget ADD COLUMN name text"}};

std::unique_ptr<Connection> Connect(const std::string& url) {
  auto c = Connection::Open(url);
  EXPECT_TRUE(c.ok()) << c.error().ToString();
  return c.ok() ? std::move(c).value() : nullptr;
}

TEST(PostgresSchema, CreatesOnceThenUpgradesStepByStep) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(*SchemaVersion(*conn, "widgets"), 0);
  ASSERT_TRUE(EnsureSchema(*conn, "widgets", kV1).ok());
  EXPECT_EQ(*SchemaVersion(*conn, "widgets"), 1);
  ASSERT_TRUE(conn->Exec("INSERT INTO widget VALUES (1)").ok());
  ASSERT_TRUE(EnsureSchema(*conn, "widgets", kV1).ok());  // nothing to do, data kept
  ASSERT_TRUE(EnsureSchema(*conn, "widgets", kV2).ok());  // only step 2 runs
  EXPECT_EQ(*SchemaVersion(*conn, "widgets"), 2);
  auto rows = conn->Query("SELECT count(*), count(name) FROM widget");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(rows->Int(0, 0), 1);
  EXPECT_EQ(*SchemaVersion(*conn, "other"), 0);  // components are separate
  EXPECT_FALSE(conn->InTransaction());
}

TEST(PostgresSchema, AnOlderProgramRefusesANewerSchema) {
  XB_FRESH_POSTGRES_URL(url);
  auto conn = Connect(url);
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(EnsureSchema(*conn, "widgets", kV2).ok());
  Status s = EnsureSchema(*conn, "widgets", kV1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("version 2"), std::string::npos) << s.error().message;
}

TEST(PostgresSchema, ProcessesCreatingAtOnceDoNotRace) {
  XB_FRESH_POSTGRES_URL(url);
  constexpr int kThreads = 4;
  std::vector<Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto conn = Connection::Open(url);
      results[i] = conn.ok() ? EnsureSchema(**conn, "widgets", kV2) : Status(conn.error());
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.error().ToString();
  auto conn = Connect(url);
  EXPECT_EQ(*SchemaVersion(*conn, "widgets"), 2);
}

}  // namespace
}  // namespace xb::pg
