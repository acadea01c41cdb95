#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/locations.h"
#include "ledger/checkpoint.h"
#include "ledger/compact_range.h"

namespace xb::ledger {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string B64(const Json& j) {
  if (j.is_null()) return {};
  auto decoded = Base64Decode(j.get<std::string>());
  EXPECT_TRUE(decoded.ok()) << j;
  return decoded.ok() ? *decoded : std::string();
}

std::vector<std::string> Proof(const Json& j) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  for (const Json& p : j) out.push_back(B64(p));
  return out;
}

std::vector<fs::path> Vectors(const std::string& kind) {
  std::vector<fs::path> files;
  fs::path dir = fs::path(xb::SourceTreeDir()) / "src/ledger/testdata" / kind;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Json Load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

TEST(MerkleVectors, EveryInclusionVectorPasses) {
  auto files = Vectors("inclusion");
  ASSERT_GT(files.size(), 80u);
  int happy = 0;
  for (const auto& f : files) {
    Json v = Load(f);
    Status s = VerifyInclusion(v["leafIdx"].get<uint64_t>(), v["treeSize"].get<uint64_t>(),
                               B64(v["leafHash"]), Proof(v["proof"]), B64(v["root"]));
    bool want_err = v["wantErr"].get<bool>();
    EXPECT_EQ(s.ok(), !want_err) << f << ": " << v["desc"];
    happy += want_err ? 0 : 1;
  }
  EXPECT_GE(happy, 6);
}

TEST(MerkleVectors, EveryConsistencyVectorPasses) {
  auto files = Vectors("consistency");
  ASSERT_GT(files.size(), 80u);
  for (const auto& f : files) {
    Json v = Load(f);
    Status s = VerifyConsistency(v["size1"].get<uint64_t>(), v["size2"].get<uint64_t>(),
                                 Proof(v["proof"]), B64(v["root1"]), B64(v["root2"]));
    EXPECT_EQ(s.ok(), !v["wantErr"].get<bool>()) << f << ": " << v["desc"];
  }
}

// The eight leaves and roots listed in testdata/README.md.
const char* const kLeaves[] = {"",
                               "00",
                               "10",
                               "2021",
                               "3031",
                               "40414243",
                               "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"};
const char* const kRoots[] = {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                              "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                              "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                              "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                              "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                              "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                              "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                              "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Digest> ReferenceLeafHashes() {
  std::vector<Digest> leaves;
  for (const char* hex : kLeaves) leaves.push_back(HashLeaf(*FromHex(hex)));
  return leaves;
}

TEST(MerkleKnownRoots, RootOfLeavesMatchesReadme) {
  auto leaves = ReferenceLeafHashes();
  for (size_t n = 0; n <= leaves.size(); ++n) {
    EXPECT_EQ(ToHex(RootOfLeaves(std::span(leaves).first(n))), kRoots[n]) << n;
  }
}

// Keeps every complete node in memory, as the store does on disk.
class MemoryNodes : public NodeSource {
 public:
  Result<Digest> Node(int level, uint64_t index) override {
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) return NotFound("no node");
    ++reads_;
    return it->second;
  }
  CompactRange::NodeSink Sink() {
    return [this](int level, uint64_t index, const Digest& h) {
      nodes_[{level, index}] = h;
      return Status::Ok();
    };
  }
  int reads_ = 0;

 private:
  std::map<std::pair<int, uint64_t>, Digest> nodes_;
};

TEST(CompactRange, RootAfterEachAppendMatchesReadme) {
  MemoryNodes nodes;
  CompactRange range;
  EXPECT_EQ(ToHex(range.Root()), kRoots[0]);
  auto leaves = ReferenceLeafHashes();
  for (size_t i = 0; i < leaves.size(); ++i) {
    ASSERT_TRUE(range.Append(leaves[i], nodes.Sink()).ok());
    EXPECT_EQ(ToHex(range.Root()), kRoots[i + 1]);
    auto reloaded = CompactRange::Load(nodes, i + 1);
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ(reloaded->Root(), range.Root());
  }
}

// Generated proofs verify, for every index and size pair of a 40-leaf tree, and for every
// consistency pair; a proof for the wrong root or a flipped bit does not.
TEST(MerkleProofs, GeneratedProofsVerifyAndDetectTampering) {
  MemoryNodes nodes;
  CompactRange range;
  std::vector<Digest> leaves;
  std::vector<Digest> roots = {EmptyRoot()};
  for (int i = 0; i < 40; ++i) {
    leaves.push_back(HashLeaf("leaf " + std::to_string(i)));
    ASSERT_TRUE(range.Append(leaves.back(), nodes.Sink()).ok());
    roots.push_back(range.Root());
    ASSERT_EQ(roots.back(), RootOfLeaves(leaves));
  }
  auto bytes = [](const std::vector<Digest>& ds) {
    std::vector<std::string> out;
    for (const Digest& d : ds) out.push_back(DigestBytes(d));
    return out;
  };
  for (uint64_t size = 1; size <= 40; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(nodes, index, size);
      ASSERT_TRUE(proof.ok());
      auto p = bytes(*proof);
      EXPECT_TRUE(
          VerifyInclusion(index, size, DigestBytes(leaves[index]), p, DigestBytes(roots[size]))
              .ok())
          << index << "/" << size;
      if (!p.empty()) {
        p[0][3] ^= 1;
        EXPECT_FALSE(
            VerifyInclusion(index, size, DigestBytes(leaves[index]), p, DigestBytes(roots[size]))
                .ok());
      }
    }
    for (uint64_t old_size = 1; old_size <= size; ++old_size) {
      auto proof = ConsistencyProof(nodes, old_size, size);
      ASSERT_TRUE(proof.ok());
      auto p = bytes(*proof);
      EXPECT_TRUE(VerifyConsistency(old_size, size, p, DigestBytes(roots[old_size]),
                                    DigestBytes(roots[size]))
                      .ok())
          << old_size << "->" << size;
      if (old_size < size) {
        EXPECT_FALSE(VerifyConsistency(old_size, size, p, DigestBytes(roots[old_size - 1]),
                                       DigestBytes(roots[size]))
                         .ok());
      }
    }
  }
}

TEST(MerkleProofs, ProofReadsAreLogarithmic) {
  MemoryNodes nodes;
  CompactRange range;
  const uint64_t n = (1 << 14) + 12345;
  for (uint64_t i = 0; i < n; ++i) {
    ASSERT_TRUE(range.Append(HashLeaf(std::to_string(i)), nodes.Sink()).ok());
  }
  nodes.reads_ = 0;
  ASSERT_TRUE(InclusionProof(nodes, 777, n).ok());
  EXPECT_LE(nodes.reads_, 2 * 64);
  nodes.reads_ = 0;
  ASSERT_TRUE(ConsistencyProof(nodes, 1000, n).ok());
  EXPECT_LE(nodes.reads_, 2 * 64);
}

TEST(MerkleProofs, RejectsBadArguments) {
  MemoryNodes nodes;
  EXPECT_FALSE(InclusionProof(nodes, 3, 3).ok());
  EXPECT_FALSE(ConsistencyProof(nodes, 0, 3).ok());
  EXPECT_FALSE(ConsistencyProof(nodes, 4, 3).ok());
}

}  // namespace
}  // namespace xb::ledger
