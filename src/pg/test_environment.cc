#include "pg/test_environment.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "pg/test_cluster.h"

namespace xb::pg::testing {
namespace {

class PostgresEnvironment : public ::testing::Environment {
 public:
  // Stops the binary's own cluster (an attached one belongs to the ctest fixture).
  void TearDown() override { cluster_.reset(); }

  Result<TestCluster*> Cluster() {
    if (!cluster_ && !failure_) {
      const char* fixture = std::getenv("XB_TEST_POSTGRES_DIR");
      auto c = (fixture != nullptr && *fixture != '\0') ? TestCluster::Attach(fixture)
                                                        : TestCluster::Start();
      if (c.ok()) {
        cluster_ = std::move(c).value();
      } else {
        failure_ = std::move(c).error();
      }
    }
    if (failure_) return *failure_;
    return cluster_.get();
  }

 private:
  std::unique_ptr<TestCluster> cluster_;
  std::optional<Error> failure_;  // not retried: every test reports the same cause
};

PostgresEnvironment* const environment =
    static_cast<PostgresEnvironment*>(::testing::AddGlobalTestEnvironment(new PostgresEnvironment));

}  // namespace

Result<std::string> FreshPostgresUrl() {
  XB_ASSIGN_OR_RETURN(TestCluster * cluster, environment->Cluster());
  return cluster->FreshSchemaUrl();
}

std::string PostgresClusterDir() {
  auto cluster = environment->Cluster();
  return cluster.ok() ? (*cluster)->dir() : "";
}

}  // namespace xb::pg::testing
