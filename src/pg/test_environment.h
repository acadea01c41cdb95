// The PostgreSQL cluster of a test binary (a gtest Environment, registered by linking this
// library). Tests ask for a fresh schema with FreshPostgresUrl(); the first request brings the
// cluster up, so binaries and filters that never touch PostgreSQL pay nothing:
//   - under ctest, the fixture test 'postgres_cluster_start' has started one cluster for the
//     whole run and XB_TEST_POSTGRES_DIR names it (tests attach to it);
//   - run directly, the binary starts its own cluster once and stops it when the tests end.
// If PostgreSQL cannot be started, every test that needs it FAILS, saying why. Only an explicit
// XB_SKIP_POSTGRES=1 turns them into skips.
#ifndef XBORDER_PG_TEST_ENVIRONMENT_H_
#define XBORDER_PG_TEST_ENVIRONMENT_H_

#include <string>

#include "core/status.h"
#include "pg/test_cluster.h"  // PostgresSkipped

namespace xb::pg::testing {

// A URL whose connections use a new, empty schema of the test cluster.
// Errors: why the cluster could not be started or reached.
Result<std::string> FreshPostgresUrl();

// The cluster's directory (its socket lives there); empty before the first FreshPostgresUrl.
std::string PostgresClusterDir();

}  // namespace xb::pg::testing

// In a test body: skips under XB_SKIP_POSTGRES=1, otherwise assigns a fresh schema's URL to
// `var` or fails the test.
#define XB_FRESH_POSTGRES_URL(var)                                                \
  if (::xb::pg::testing::PostgresSkipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1"; \
  auto var##_result_ = ::xb::pg::testing::FreshPostgresUrl();                     \
  ASSERT_TRUE(var##_result_.ok()) << var##_result_.error().ToString();            \
  std::string var = std::move(var##_result_).value()

#endif  // XBORDER_PG_TEST_ENVIRONMENT_H_
