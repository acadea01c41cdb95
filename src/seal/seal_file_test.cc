#include "seal/seal_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"

namespace xb::seal {
namespace {

namespace fs = std::filesystem;

class SealFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("xb_seal_file_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ids_.push_back(std::move(AgeIdentity::Generate()).value());
    recipients_.push_back(ids_[0].recipient());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name), std::ios::binary) << text;
  }
  // Every file in the directory, to show that nothing half-written is left behind.
  std::vector<std::string> Files() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
  std::vector<AgeIdentity> ids_;
  std::vector<AgeRecipient> recipients_;
};

TEST_F(SealFileTest, SealThenOpenGivesTheSameBytes) {
  std::string text(200000, 'x');
  Write("data.csv", text);
  auto sealed = SealFile(Path("data.csv"), Path("data.csv.age"), recipients_);
  ASSERT_TRUE(sealed.ok()) << sealed.error().ToString();
  EXPECT_EQ(sealed->input_bytes, text.size());
  EXPECT_EQ(sealed->output_bytes, fs::file_size(Path("data.csv.age")));
  EXPECT_EQ(ReadFile(Path("data.csv.age"))->find("xxxx"), std::string::npos);
  auto opened = OpenSealedFile(Path("data.csv.age"), Path("back.csv"), ids_);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  EXPECT_EQ(*ReadFile(Path("back.csv")), text);
}

TEST_F(SealFileTest, SealInPlaceLeavesOnlyTheSealedFile) {
  Write("report.html", "<p>names</p>");
  auto sealed = SealInPlace(Path("report.html"), recipients_);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->path, Path("report.html.age"));
  EXPECT_EQ(Files(), std::vector<std::string>{"report.html.age"});
}

TEST_F(SealFileTest, FailedOpenLeavesNothing) {
  Write("data.csv", std::string(150000, 'y'));
  ASSERT_TRUE(SealFile(Path("data.csv"), Path("data.age"), recipients_).ok());
  std::string sealed = *ReadFile(Path("data.age"));
  // Truncated after the first chunk: the first 64 KiB authenticate, then the file ends.
  Write("cut.age", sealed.substr(0, sealed.size() - 1000));
  auto cut = OpenSealedFile(Path("cut.age"), Path("out.csv"), ids_);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, ErrorCode::kCorruption);
  EXPECT_EQ(cut.error().where.file, Path("cut.age"));
  // A stranger's identity.
  std::vector<AgeIdentity> other;
  other.push_back(std::move(AgeIdentity::Generate()).value());
  auto wrong = OpenSealedFile(Path("data.age"), Path("out.csv"), other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Files(), (std::vector<std::string>{"cut.age", "data.age", "data.csv"}));
}

TEST_F(SealFileTest, MissingInputNamesIt) {
  auto r = SealFile(Path("absent.csv"), Path("absent.csv.age"), recipients_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().where.file, Path("absent.csv"));
  EXPECT_TRUE(Files().empty());
}

}  // namespace
}  // namespace xb::seal
