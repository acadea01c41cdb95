// xb_pg_test_cluster start|stop DIR [--durable]: the ctest fixture around the tests that need
// PostgreSQL (src/pg/CMakeLists.txt). `start` leaves one throwaway cluster running in DIR for the
// whole test run; `stop` stops it and removes DIR. With XB_SKIP_POSTGRES=1 both do nothing.
// --durable (for benchmarks, bench/serve_bench.sh): fsync and synchronous commit on, as a
// production server runs.
#include <cstdio>
#include <cstring>
#include <string>

#include "pg/test_cluster.h"

int main(int argc, char** argv) {
  using xb::pg::testing::TestCluster;
  const bool durable = argc == 4 && std::strcmp(argv[3], "--durable") == 0;
  if ((argc != 3 && !durable) ||
      (std::strcmp(argv[1], "start") != 0 && std::strcmp(argv[1], "stop") != 0)) {
    std::fprintf(stderr, "usage: xb_pg_test_cluster start|stop DIR [--durable]\n");
    return 2;
  }
  if (xb::pg::testing::PostgresSkipped()) {
    std::printf("XB_SKIP_POSTGRES=1: no PostgreSQL test cluster\n");
    return 0;
  }
  const std::string dir = argv[2];
  if (std::strcmp(argv[1], "stop") == 0) {
    xb::Status s = TestCluster::StopAndRemove(dir);
    if (!s.ok()) {
      std::fprintf(stderr, "xb_pg_test_cluster: %s\n", s.error().ToString().c_str());
      return 1;
    }
    return 0;
  }
  xb::pg::testing::TestClusterOptions options;
  options.durable = durable;
  auto cluster = TestCluster::Start(dir, options);
  if (!cluster.ok()) {
    std::fprintf(stderr,
                 "xb_pg_test_cluster: %s\n(set XB_SKIP_POSTGRES=1 to run the tests without "
                 "PostgreSQL)\n",
                 cluster.error().ToString().c_str());
    return 1;
  }
  (*cluster)->Release();
  std::printf("PostgreSQL test cluster running in %s: %s\n", dir.c_str(),
              (*cluster)->Url().c_str());
  return 0;
}
