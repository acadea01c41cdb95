// A throwaway PostgreSQL cluster for tests: initdb and pg_ctl from Debian's postgresql package
// (/usr/lib/postgresql/<version>/bin, or $XB_POSTGRES_BIN), run as a non-root user (the
// `postgres` system user when the tests run as root: initdb refuses root), listening on a unix
// socket in its own temporary directory only (listen_addresses = ''), with fsync off. Each test
// gets a fresh schema of its own in the cluster (FreshSchemaUrl), so tests never see each
// other's tables and nothing needs cleaning up between them.
//
// Not for production: for tests and benchmarks only (library xb_pg_cluster).
#ifndef XBORDER_PG_TEST_CLUSTER_H_
#define XBORDER_PG_TEST_CLUSTER_H_

#include <memory>
#include <string>

#include "core/status.h"

namespace xb::pg::testing {

// True when XB_SKIP_POSTGRES=1: tests that need PostgreSQL skip themselves.
bool PostgresSkipped();

struct TestClusterOptions {
  // fsync, synchronous commit and full-page writes on, as a production server runs (for
  // benchmarks); off by default, which is faster and enough for tests.
  bool durable = false;
};

// Creates a new empty schema in the database at `base_url` and returns a URL whose connections
// use it (options=-csearch_path%3D...). REQUIRES: `base_url` sets no options parameter.
Result<std::string> FreshSchemaUrl(const std::string& base_url);

class TestCluster {
 public:
  // initdb + pg_ctl start in `dir` (a fresh directory under the temp dir when empty; an existing
  // one is stopped and replaced). The cluster stops and its directory is removed when the
  // returned object is destroyed, unless Release() was called.
  // Errors: kNotFound without the PostgreSQL server programs; kFailedPrecondition when running
  // as root without a `postgres` user; kIo when initdb or pg_ctl fail (with their log's tail).
  static Result<std::unique_ptr<TestCluster>> Start(const std::string& dir = "",
                                                    const TestClusterOptions& options = {});

  // Uses a cluster that Start(dir) left running (a ctest fixture started it). It is not stopped
  // on destruction. Errors: kNotFound if nothing runs there.
  static Result<std::unique_ptr<TestCluster>> Attach(const std::string& dir);

  // Stops a cluster running in `dir` (if any) and removes the directory.
  static Status StopAndRemove(const std::string& dir);

  ~TestCluster();
  TestCluster(const TestCluster&) = delete;  // owns a running server
  TestCluster& operator=(const TestCluster&) = delete;

  // Leaves the cluster running after destruction (for the ctest fixture's start step).
  void Release() { owned_ = false; }

  const std::string& dir() const { return dir_; }
  // The URL of the cluster's `postgres` database, as superuser, over the socket.
  std::string Url() const;
  // Creates a new empty schema and returns a URL whose connections use it (search_path).
  Result<std::string> FreshSchemaUrl();

 private:
  TestCluster(std::string dir, bool owned) : dir_(std::move(dir)), owned_(owned) {}

  std::string dir_;
  bool owned_;
};

}  // namespace xb::pg::testing

#endif  // XBORDER_PG_TEST_CLUSTER_H_
