// The lineage page's graph: drawn by dot up to kMostNodesDrawn nodes, never above (issue #15
// review 15b, finding 3: dot's time grows faster than the graph). A stand-in for dot records
// every run, so the test sees whether it was started at all.
#include "server/lineage_graph.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace xb::server {
namespace {

namespace fs = std::filesystem;

class LineageGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("xb-lineage-graph-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    dot_ = (dir_ / "dot").string();
    runs_ = (dir_ / "runs").string();
    std::ofstream script(dot_);
    script << "#!/bin/sh\necho run >> '" << runs_ << "'\ncat > /dev/null\n"
           << "echo '<svg width=\"1pt\"><g id=\"graph0\"></g></svg>'\n";
    script.close();
    fs::permissions(dot_, fs::perms::owner_all);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static registry::Lineage WithNodes(size_t n) {
    registry::Lineage l;
    for (size_t i = 0; i < n; ++i) {
      l.nodes.push_back({"transfer:" + std::to_string(i), "transfer", "#" + std::to_string(i), {}});
      if (i > 0) l.edges.push_back({"transfer:0", "transfer:" + std::to_string(i), ""});
    }
    return l;
  }
  size_t Runs() const {
    std::ifstream in(runs_);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  }

  fs::path dir_;
  std::string dot_;
  std::string runs_;
};

TEST_F(LineageGraphTest, DrawsUpToTheCapAndNeverRunsDotAboveIt) {
  const std::string at_cap = LineageGraphHtml(Lang::kEn, WithNodes(kMostNodesDrawn), dot_);
  EXPECT_EQ(Runs(), 1u);
  EXPECT_NE(at_cap.find("id=\"lineage-svg\""), std::string::npos) << at_cap.substr(0, 200);

  const std::string over = LineageGraphHtml(Lang::kEn, WithNodes(kMostNodesDrawn + 1), dot_);
  EXPECT_EQ(Runs(), 1u) << "dot ran for a graph above the cap";
  EXPECT_NE(over.find("id=\"lineage-too-large\""), std::string::npos) << over;
  EXPECT_EQ(over.find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace xb::server
