// End-to-end tests of `xborder scan` on the bundled examples and on bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

using nlohmann::json;

std::string WriteIn(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Splits a generated CSV line that has no quoted fields.
std::vector<std::string> SplitPlain(const std::string& line) {
  std::vector<std::string> fields(1);
  for (char c : line) {
    if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

// Runs scan with a fresh key in `dir` and the given arguments.
RunResult Scan(const std::string& dir, std::vector<std::string> args,
               const std::string& input = "") {
  std::vector<std::string> all = {"--key-file", dir + "/test.key", "scan"};
  all.insert(all.end(), args.begin(), args.end());
  return RunXborder(all, input);
}

const json& Dataset(const json& j, const std::string& file) {
  for (const json& d : j.at("datasets")) {
    std::string path = d.at("path");
    if (path.size() >= file.size() &&
        path.compare(path.size() - file.size(), file.size(), file) == 0) {
      return d;
    }
  }
  ADD_FAILURE() << "no dataset " << file;
  static const json kEmpty = json::object();
  return kEmpty;
}

json ColumnTypes(const json& dataset) {
  json types = json::object();
  for (const json& c : dataset.at("columns")) types[c.at("name").get<std::string>()] = c.at("type");
  return types;
}

class ScanExamples : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = FreshTempDir();
    RunResult r =
        Scan(dir, {SourcePath("examples/data"), "--format", "json", "--as-of", "2026-11-22"});
    exit_code_ = r.exit_code;
    err_ = r.err;
    result_ = json::parse(r.out, nullptr, false);
  }
  static int exit_code_;
  static std::string err_;
  static json result_;
};
int ScanExamples::exit_code_ = -1;
std::string ScanExamples::err_;
json ScanExamples::result_;

TEST_F(ScanExamples, ExitsZeroQuietlyWithEveryFileInPathOrder) {
  ASSERT_EQ(exit_code_, 0) << err_;
  EXPECT_EQ(err_, "");  // no progress when stderr is not a terminal
  ASSERT_FALSE(result_.is_discarded());
  std::vector<std::string> paths;
  for (const json& d : result_.at("datasets")) paths.push_back(d.at("path"));
  ASSERT_EQ(paths.size(), 5u);
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
}

TEST_F(ScanExamples, JsonShapeIsStable) {
  ASSERT_EQ(exit_code_, 0) << err_;
  for (const json& d : result_.at("datasets")) {
    for (const char* key : {"path", "rows", "individuals", "minors_under_14", "columns"}) {
      EXPECT_TRUE(d.contains(key)) << key;
    }
    for (const json& c : d.at("columns")) {
      for (const char* key :
           {"name", "type", "matches", "ratio", "category", "sensitive", "types"}) {
        EXPECT_TRUE(c.contains(key)) << key;
      }
      EXPECT_TRUE(c.at("sensitive").at("CN").is_boolean());
      EXPECT_TRUE(c.at("sensitive").at("EU").is_boolean());
      for (const json& t : c.at("types")) {
        EXPECT_TRUE(t.at("type").is_string());
        EXPECT_TRUE(t.at("matches").is_number_unsigned());
      }
    }
  }
}

TEST_F(ScanExamples, HrColumnsAndIndividuals) {
  ASSERT_EQ(exit_code_, 0) << err_;
  const json& hr = Dataset(result_, "hr_employees.csv");
  EXPECT_EQ(hr.at("rows"), 3000);
  EXPECT_EQ(hr.at("individuals"), 3000);
  EXPECT_EQ(hr.at("subject_column"), "resident_id");
  EXPECT_EQ(hr.at("minors_under_14"), 0);
  json types = ColumnTypes(hr);
  EXPECT_EQ(types["name"], "PERSON_NAME");
  EXPECT_EQ(types["gender"], "GENDER");
  EXPECT_EQ(types["ethnicity"], "ETHNICITY");
  EXPECT_EQ(types["religion"], "RELIGION");
  EXPECT_EQ(types["resident_id"], "CN_RESIDENT_ID");
  EXPECT_EQ(types["mobile"], "CN_MOBILE");
  EXPECT_EQ(types["email"], "EMAIL_ADDRESS");
  EXPECT_EQ(types["bank_card"], "BANK_CARD");
  EXPECT_EQ(types["diagnosis"], "HEALTH");
  EXPECT_TRUE(types["salary"].is_null());
  EXPECT_TRUE(types["department"].is_null());
}

TEST_F(ScanExamples, DecoysAreNotIdentifiers) {
  ASSERT_EQ(exit_code_, 0) << err_;
  json types = ColumnTypes(Dataset(result_, "customer_orders.csv"));
  EXPECT_TRUE(types["order_no"].is_null());
  EXPECT_TRUE(types["device_serial"].is_null());
  EXPECT_TRUE(types["tracking_no"].is_null());
  EXPECT_TRUE(types["amount"].is_null());
  EXPECT_EQ(types["id_card_no"], "CN_RESIDENT_ID");
  EXPECT_EQ(types["customer_mobile"], "CN_MOBILE");
  EXPECT_EQ(types["payment_card"], "BANK_CARD");
  EXPECT_EQ(types["client_ip"], "IP_ADDRESS");
}

// Counts minors and distinct IDs in customer_orders.csv directly from the file.
TEST_F(ScanExamples, MinorsAndIndividualsMatchAnIndependentCount) {
  ASSERT_EQ(exit_code_, 0) << err_;
  std::istringstream in(Slurp(SourcePath("examples/data/customer_orders.csv")));
  std::string line;
  std::getline(in, line);
  std::set<std::string> ids, minors;
  while (std::getline(in, line)) {
    std::vector<std::string> f = SplitPlain(line);
    const std::string& id = f.at(4);
    ids.insert(id);
    // Under 14 on 2026-11-22 (PRC counting: 14 is reached the day after the 14th birthday):
    // born on or after 2012-11-22.
    if (id.substr(6, 8) >= "20121122") minors.insert(id);
  }
  const json& orders = Dataset(result_, "customer_orders.csv");
  EXPECT_EQ(orders.at("subject_column"), "id_card_no");
  EXPECT_EQ(orders.at("individuals"), ids.size());
  EXPECT_EQ(orders.at("minors_under_14"), minors.size());
  EXPECT_GT(minors.size(), 0u);
}

TEST_F(ScanExamples, Gb18030File) {
  ASSERT_EQ(exit_code_, 0) << err_;
  const json& members = Dataset(result_, "members_gb18030.csv");
  EXPECT_EQ(members.at("encoding"), "GB18030");
  EXPECT_EQ(members.at("rows"), 800);
  json types = ColumnTypes(members);
  EXPECT_EQ(types["姓名"], "PERSON_NAME");
  EXPECT_EQ(types["手机号码"], "CN_MOBILE");
  EXPECT_EQ(types["身份证号码"], "CN_RESIDENT_ID");
  EXPECT_EQ(types["民族"], "ETHNICITY");
}

TEST_F(ScanExamples, JsonLinesNestedKeys) {
  ASSERT_EQ(exit_code_, 0) << err_;
  const json& events = Dataset(result_, "app_events.jsonl");
  EXPECT_EQ(events.at("rows"), 2000);
  json types = ColumnTypes(events);
  EXPECT_EQ(types["user.phone"], "CN_MOBILE");
  EXPECT_EQ(types["user.email"], "EMAIL_ADDRESS");
  EXPECT_EQ(types["device.ip"], "IP_ADDRESS");
  EXPECT_EQ(types["device.mac"], "MAC_ADDRESS");
  EXPECT_EQ(types["device.imei"], "IMEI");
  EXPECT_TRUE(types.contains("tags"));
  EXPECT_EQ(events.at("subject_column"), "user.phone");
  EXPECT_LE(events.at("individuals").get<int>(), 400);
  EXPECT_GT(events.at("individuals").get<int>(), 350);
}

// Lines of the file that contain `marker` (the ticket templates' fixed words occur only in the
// content column): an independent count of what the detector should find.
int LinesWith(const std::string& text, const std::string& marker) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += line.find(marker) != std::string::npos;
  return n;
}

TEST_F(ScanExamples, FreeTextColumnCountsEntitiesInsideSentences) {
  ASSERT_EQ(exit_code_, 0) << err_;
  const json& tickets = Dataset(result_, "support_tickets.csv");
  const json* content = nullptr;
  for (const json& c : tickets.at("columns")) {
    if (c.at("name") == "content") content = &c;
    if (c.at("name") == "customer_mobile" || c.at("name") == "channel") {
      EXPECT_FALSE(c.contains("text")) << c.at("name");  // typed values and short labels
    }
  }
  ASSERT_NE(content, nullptr);
  ASSERT_TRUE(content->contains("text"));
  const json& text = content->at("text");
  std::map<std::string, json> by_type;
  for (const json& e : text.at("entities")) by_type[e.at("type")] = e;

  const std::string csv = Slurp(SourcePath("examples/data/support_tickets.csv"));
  const int ids = LinesWith(csv, "身份证号");
  const int masked = LinesWith(csv, "****");
  const int families = LinesWith(csv, "家属咨询");
  const int names = LinesWith(csv, "来电反映") + families + LinesWith(csv, "Customer ");
  const int addresses = LinesWith(csv, "送货地址");
  const int nothing = LinesWith(csv, "物流延误") + LinesWith(csv, "退款已原路返回");
  ASSERT_GT(ids, 50);
  EXPECT_EQ(text.at("cells"), 1000);
  // Sentences holding nothing personal (a refund to a card ending 4536) stay clean.
  EXPECT_EQ(text.at("cells_with_findings"), 1000 - nothing);
  EXPECT_EQ(by_type["CN_RESIDENT_ID"].at("cells"), ids);
  EXPECT_EQ(by_type["CN_MOBILE"].at("masked"), masked);
  EXPECT_GE(by_type["PERSON_NAME"].at("cells").get<int>(), names * 95 / 100);
  EXPECT_LE(by_type["PERSON_NAME"].at("cells").get<int>(), names);
  EXPECT_GE(by_type["ADDRESS"].at("cells").get<int>(), addresses * 9 / 10);
  EXPECT_GE(by_type["HEALTH"].at("cells").get<int>(), families * 7 / 10);
  // Diagnoses in the remarks make the column sensitive health data under both laws.
  EXPECT_EQ(content->at("category"), "health");
  EXPECT_EQ(content->at("sensitive").at("CN"), true);
  EXPECT_EQ(content->at("sensitive").at("EU"), true);
}

TEST(ScanCommand, NoTextSkipsTheDetector) {
  std::string dir = FreshTempDir();
  RunResult r =
      Scan(dir, {SourcePath("examples/data/support_tickets.csv"), "--no-text", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  for (const json& c : j["datasets"][0]["columns"]) EXPECT_FALSE(c.contains("text"));
}

TEST(ScanCommand, NoRawValuesEvenWithSamples) {
  std::string dir = FreshTempDir();
  RunResult r =
      Scan(dir, {SourcePath("examples/data/hr_employees.csv"), "--samples", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(Slurp(SourcePath("examples/data/hr_employees.csv")));
  std::string line;
  std::getline(in, line);
  std::getline(in, line);  // first employee: E100000,name,gender,...,resident_id,mobile,...
  std::vector<std::string> f = SplitPlain(line);
  EXPECT_EQ(r.out.find(f.at(5)), std::string::npos);  // resident ID
  EXPECT_EQ(r.out.find(f.at(6)), std::string::npos);  // mobile
  EXPECT_EQ(r.out.find(f.at(8)), std::string::npos);  // bank card
  json j = json::parse(r.out);
  bool any_sample = false;
  for (const json& c : j["datasets"][0]["columns"]) any_sample |= !c.at("samples").empty();
  EXPECT_TRUE(any_sample);
}

TEST(ScanCommand, TableOutput) {
  std::string dir = FreshTempDir();
  RunResult r = Scan(dir, {SourcePath("examples/data/hr_employees.csv"), "--format", "table"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("hr_employees.csv"), std::string::npos);
  EXPECT_NE(r.out.find("rows: 3,000"), std::string::npos);
  EXPECT_NE(r.out.find("CN_RESIDENT_ID"), std::string::npos);
}

TEST(ScanCommand, SubjectColumnAndStdin) {
  std::string dir = FreshTempDir();
  std::string csv = "phone,note\n13800138000,a\n13800138000,b\n13900139000,c\n";
  RunResult r = Scan(dir, {"-", "--subject-column", "phone", "--format", "json"}, csv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json d = json::parse(r.out)["datasets"][0];
  EXPECT_EQ(d["individuals"], 2);
  EXPECT_EQ(d["subject_column"], "phone");
  EXPECT_EQ(d["rows"], 3);
}

TEST(ScanCommand, RaggedRowsAreReportedNotFatal) {
  std::string dir = FreshTempDir();
  std::string path = WriteIn(dir, "ragged.csv", "a,b\n1,2\n3\n4,5,6\n");
  RunResult r = Scan(dir, {path, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json d = json::parse(r.out)["datasets"][0];
  EXPECT_EQ(d["ragged_rows"], 2);
  EXPECT_EQ(d["first_ragged_line"], 3);
}

struct BadInput {
  std::string name;
  std::string bytes;
  std::string expect_in_error;  // besides the file name
};

TEST(ScanCommand, BadInputExitsTwoNamingFileAndLine) {
  std::string dir = FreshTempDir();
  const std::vector<BadInput> cases = {
      {"empty.csv", "", "empty file"},
      {"header_only.csv", "name,mobile\n", ":1: no data rows"},
      {"binary.csv",
       std::string("a,b\n\x7f"
                   "ELF\0\0\x01\x02",
                   12),
       ":2: binary content"},
      {"unclosed.csv", "a,b\n1,\"open\n2,3\n", ":2: quoted field not closed"},
      {"garbage.csv", "a,b\n\xff\xfe\x80\x81,\xc0\xc1\n", ":2: neither UTF-8 nor GB18030"},
      {"bad.jsonl", "{\"a\":1}\n{\"a\":\n", ":2: invalid JSON"},
  };
  for (const BadInput& c : cases) {
    std::string path = WriteIn(dir, c.name, c.bytes);
    RunResult r = Scan(dir, {path, "--format", "json"});
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_EQ(r.out, "") << c.name;
    EXPECT_NE(r.err.find(path), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expect_in_error), std::string::npos) << c.name << ": " << r.err;
  }
}

TEST(ScanCommand, MissingFileAndBadFlags) {
  std::string dir = FreshTempDir();
  RunResult missing = Scan(dir, {dir + "/nope.csv"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.csv"), std::string::npos);
  std::string path = WriteIn(dir, "ok.csv", "a\n1\n");
  EXPECT_EQ(Scan(dir, {path, "--as-of", "2026-02-30"}).exit_code, 2);
  EXPECT_EQ(Scan(dir, {path, "--encoding", "latin1"}).exit_code, 2);
  RunResult no_column = Scan(dir, {path, "--subject-column", "zzz"});
  EXPECT_EQ(no_column.exit_code, 2);
  EXPECT_NE(no_column.err.find("zzz"), std::string::npos);
}

// Counting 20,000 people needs about 1 MiB of distinct sets; with a limit of 1 MiB the scan
// stops with exit 2 and a message naming the file and the option, on the worker threads as on
// the calling one, instead of aborting (a worker's std::bad_alloc used to end the process).
TEST(ScanCommand, SubjectMemoryLimitExitsTwoWithAMessage) {
  std::string dir = FreshTempDir();
  std::string csv = "mobile\n";
  for (int i = 0; i < 20000; ++i) csv += std::to_string(13800000000 + i) + "\n";
  std::string path = WriteIn(dir, "people.csv", csv);
  for (const char* threads : {"1", "2"}) {
    RunResult r = Scan(dir, {path, "--threads", threads, "--max-subject-memory", "1"});
    EXPECT_EQ(r.exit_code, 2) << threads << " threads: " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--max-subject-memory"), std::string::npos) << r.err;
  }
  RunResult ok =
      Scan(dir, {path, "--threads", "2", "--max-subject-memory", "64", "--format", "json"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["datasets"][0]["individuals"], 20000);
}

TEST(ScanCommand, ForcedEncoding) {
  std::string dir = FreshTempDir();
  // "姓名\n张三\n" in GB18030 read as forced UTF-8 is an encoding error; auto reads it.
  std::string path = WriteIn(dir, "gb.csv", "\xD0\xD5\xC3\xFB\n\xD5\xC5\xC8\xFD\n");
  EXPECT_EQ(Scan(dir, {path, "--encoding", "utf-8"}).exit_code, 2);
  RunResult ok = Scan(dir, {path, "--encoding", "gb18030", "--format", "json"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["datasets"][0]["columns"][0]["name"], "姓名");
}

// Review F5: a CSV without a header row is read as data, whether its first record holds a subject
// identifier or only a name, an address, a bank card and a birth date: the first person counts,
// the columns are column_1 ..., a warning says so, and no value of that record is printed.
TEST(ScanCommand, AFirstRowOfPersonalDataIsReadAsDataAndNeverPrinted) {
  std::string dir = FreshTempDir();
  std::string with_ids, without_ids;
  for (int i = 0; i < 20; ++i) {
    std::string person = NameAddressCardDate(i);
    with_ids += person.substr(0, person.find(',')) + "," +
                ResidentId("110101", "199001" + std::to_string(10 + i), i) + "," +
                std::to_string(13800000000 + i) + "\n";
    without_ids += person + "\n";
  }
  for (const std::string& csv : {with_ids, without_ids}) {
    const std::string path = WriteIn(dir, "people.csv", csv);
    const std::vector<std::string> first = SplitPlain(csv.substr(0, csv.find('\n')));
    json d;
    for (const char* format : {"json", "table"}) {
      RunResult r = Scan(dir, {path, "--format", format});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      for (const std::string& value : first) {
        EXPECT_EQ(r.out.find(value), std::string::npos) << value << " printed:\n" << r.out;
        EXPECT_EQ(r.err.find(value), std::string::npos) << value << " on stderr";
      }
      EXPECT_NE(r.out.find("the first row holds personal data"), std::string::npos) << r.out;
      if (std::string(format) == "json") d = json::parse(r.out)["datasets"][0];
    }
    EXPECT_EQ(d["rows"], 20);
    EXPECT_EQ(d["first_record_is_data"], true);
    EXPECT_EQ(d["columns"][0]["name"], "column_1");
    EXPECT_EQ(d["columns"][1]["type"], csv == with_ids ? "CN_RESIDENT_ID" : "ADDRESS");
    if (csv == with_ids) {
      EXPECT_EQ(d["individuals"], 20) << "the first person counts";
    }
  }

  // The same records under a header are not data; nor is a header with one name that is.
  for (const std::string& header : {std::string("name,address,bank_card,birth_date\n"),
                                    std::string("姓名,住址,银行卡号,出生日期\n"),
                                    std::string("张伟,address,bank_card,birth_date\n")}) {
    const std::string path = WriteIn(dir, "people.csv", header + without_ids);
    RunResult r = Scan(dir, {path, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json d = json::parse(r.out)["datasets"][0];
    EXPECT_EQ(d["rows"], 20) << header;
    EXPECT_EQ(d["first_record_is_data"], false) << header;
    EXPECT_EQ(r.out.find("张伟"), std::string::npos) << "a name that is data is not shown";
  }
}

}  // namespace
}  // namespace xb::cli::testing
