#include "scan/dataset_scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hs/hs.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include "scan/fake_classifier.h"

namespace xb::scan {
namespace {

using testing::FakeClassifier;

std::string WriteFile(const std::string& name, std::string_view bytes) {
  std::string path = ::testing::TempDir() + "xb_scan_" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

ScanOptions Options(int threads = 1) {
  ScanOptions o;
  o.threads = threads;
  o.as_of = *CivilDate::FromYmd(2026, 11, 22);
  o.key = KeyFromBytes(std::array<uint8_t, 32>{42});
  o.read.block_bytes = 4096;  // many blocks even for small test files
  return o;
}

// 3000 rows over 1000 people (each appears three times), 1 in 10 born in 2015 (a minor on
// 2026-11-22), with the mobile column first so the priority rule, not the order, picks the ID.
std::string HrCsv() {
  std::string csv = "mobile,resident_id,email,note\n";
  for (int i = 0; i < 3000; ++i) {
    int person = i % 1000;
    char id[32], mobile[16];
    std::snprintf(id, sizeof id, "ID%s%04d", person % 10 == 0 ? "20150601" : "19800101", person);
    std::snprintf(mobile, sizeof mobile, "138%08d", person);
    csv += std::string(mobile) + "," + (i % 2 ? id : std::string("id") + (id + 2)) + "," +
           (i % 3 ? "User" : "user") + std::to_string(person) + "@example.com,\"note, " +
           std::to_string(i) + "\"\n";
  }
  return csv;
}

TEST(ScanDataset, CountsRowsIndividualsAndMinors) {
  FakeClassifier classifier;
  auto p = ScanDataset(WriteFile("hr.csv", HrCsv()), classifier, Options());
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->rows, 3000u);
  EXPECT_EQ(p->subject_column, "resident_id");
  EXPECT_EQ(p->subject_type, EntityType::kCnResidentId);
  EXPECT_EQ(p->individuals, 1000u);  // upper/lower case IDs canonicalise to one person
  EXPECT_EQ(p->minors_under_14, 100u);
  ASSERT_EQ(p->columns.size(), 4u);
  EXPECT_EQ(p->columns[0].verdict.type, EntityType::kCnMobile);
  EXPECT_EQ(p->columns[1].verdict.type, EntityType::kCnResidentId);
  EXPECT_EQ(p->columns[2].verdict.type, EntityType::kEmailAddress);
  EXPECT_FALSE(p->columns[3].verdict.type.has_value());
  EXPECT_EQ(p->columns[3].non_empty, 3000u);
  EXPECT_EQ(p->format, io::TableFormat::kCsv);
}

TEST(ScanDataset, TaxonomyGradesTypedColumnsAndMinorsMakeThemSensitive) {
  auto taxonomy = Taxonomy::LoadDefault();
  ASSERT_TRUE(taxonomy.ok()) << taxonomy.error().ToString();
  FakeClassifier classifier;
  ScanOptions o = Options();
  o.taxonomy = &*taxonomy;
  auto p = ScanDataset(WriteFile("hr_graded.csv", HrCsv()), classifier, o);
  ASSERT_TRUE(p.ok());
  const EntityClassification* mobile = taxonomy->Find("CN_MOBILE");
  ASSERT_NE(mobile, nullptr);
  EXPECT_EQ(p->columns[0].category, mobile->category);
  EXPECT_TRUE(p->columns[0].sensitive_cn);  // the dataset holds minors under 14
  EXPECT_EQ(p->columns[0].sensitive_eu, taxonomy->IsSensitive("CN_MOBILE", Jurisdiction::kEU));
  EXPECT_FALSE(p->columns[3].category.has_value());  // untyped
  EXPECT_FALSE(p->columns[3].sensitive_cn);

  o.as_of = *CivilDate::FromYmd(2040, 1, 1);  // nobody is a minor any more
  p = ScanDataset(WriteFile("hr_graded.csv", HrCsv()), classifier, o);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->columns[0].sensitive_cn, taxonomy->IsSensitive("CN_MOBILE", Jurisdiction::kCN));
}

TEST(ScanDataset, MinorsDependOnTheAsOfDate) {
  FakeClassifier classifier;
  ScanOptions o = Options();
  // Born 2015-06-01: 14 full years are reached the day after the 14th birthday (PRC counting).
  o.as_of = *CivilDate::FromYmd(2029, 6, 2);
  auto p = ScanDataset(WriteFile("hr_asof.csv", HrCsv()), classifier, o);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->minors_under_14, 0u);
  o.as_of = *CivilDate::FromYmd(2029, 6, 1);
  p = ScanDataset(WriteFile("hr_asof.csv", HrCsv()), classifier, o);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->minors_under_14, 100u);
}

TEST(ScanDataset, ThreadCountDoesNotChangeTheResult) {
  FakeClassifier classifier;
  std::string path = WriteFile("hr_threads.csv", HrCsv());
  auto one = ScanDataset(path, classifier, Options(1));
  ASSERT_TRUE(one.ok());
  for (auto [threads, sequential] : {std::pair{2, false}, {3, false}, {2, true}, {3, true}}) {
    ScanOptions o = Options(threads);
    o.sequential = sequential;  // the same workers and merge, on this thread
    auto many = ScanDataset(path, classifier, o);
    ASSERT_TRUE(many.ok()) << many.error().ToString();
    EXPECT_EQ(many->rows, one->rows);
    EXPECT_EQ(many->individuals, one->individuals);
    EXPECT_EQ(many->minors_under_14, one->minors_under_14);
    ASSERT_EQ(many->columns.size(), one->columns.size());
    for (size_t i = 0; i < one->columns.size(); ++i) {
      EXPECT_EQ(many->columns[i].name, one->columns[i].name);
      EXPECT_EQ(many->columns[i].verdict.types, one->columns[i].verdict.types);
      EXPECT_EQ(many->columns[i].non_empty, one->columns[i].non_empty);
    }
  }
}

// A note column and a mobile column that is empty but for one mobile every 500 rows: with
// small blocks, a column's first three samples lie in three different blocks.
std::string SparseMobilesCsv() {
  std::string csv = "note,mobile\n";
  for (int i = 0; i < 6000; ++i) {
    char mobile[16];
    std::snprintf(mobile, sizeof mobile, "138%08d", i);
    csv += "remark number " + std::to_string(i) + "," + (i % 500 == 0 ? mobile : "") + "\n";
  }
  return csv;
}

TEST(ScanDataset, SamplesAreTheFirstInFileOrderWhicheverThreadTookWhichBlock) {
  FakeClassifier classifier;
  const std::string path = WriteFile("sparse_mobiles.csv", SparseMobilesCsv());
  ScanOptions o = Options(1);
  o.keep_samples = true;
  auto one = ScanDataset(path, classifier, o);
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  const std::vector<std::string> first_three = {"*0000", "*0500", "*1000"};
  ASSERT_EQ(one->columns[1].masked_samples, first_three);
  // Sequential: blocks are dealt to the workers in turn, so the worker holding the first block
  // also holds the third and fifth; threads: which worker takes which block is a race.
  for (auto [threads, sequential] : {std::pair{2, true},
                                     {3, true},
                                     {2, false},
                                     {2, false},
                                     {2, false},
                                     {2, false},
                                     {2, false},
                                     {3, false},
                                     {3, false}}) {
    o.threads = threads;
    o.sequential = sequential;
    auto many = ScanDataset(path, classifier, o);
    ASSERT_TRUE(many.ok()) << many.error().ToString();
    EXPECT_EQ(many->columns[1].masked_samples, first_three)
        << threads << " threads, sequential " << sequential;
  }
}

// A JSON Lines file whose records each add three keys of their own (30,000 columns), and a
// key in every record that repeats a few values (the memo pays there).
std::string ManyKeysJsonl() {
  std::string jsonl;
  for (int i = 0; i < 10000; ++i) {
    jsonl += "{\"id\":" + std::to_string(i) + ",\"city\":\"city " + std::to_string(i % 20) +
             "\",\"attrs\":{";
    for (int k = 0; k < 3; ++k) {
      jsonl += std::string(k ? "," : "") + "\"k" + std::to_string(3 * i + k) + "\":\"v\"";
    }
    jsonl += "}}\n";
  }
  return jsonl;
}

TEST(ScanDataset, CellMemosOfManyColumnsStayUnderTheirBudget) {
  FakeClassifier classifier;
  const std::string path = WriteFile("many_keys.jsonl", ManyKeysJsonl());
  ScanOptions o = Options(2);
  o.read.block_bytes = 64 << 10;
  o.memo_bytes_per_thread = 256 << 10;  // four tables' worth
  uint64_t peak = 0;
  o.memo_peak_bytes = &peak;
  auto with_memo = ScanDataset(path, classifier, o);
  ASSERT_TRUE(with_memo.ok()) << with_memo.error().ToString();
  EXPECT_GT(peak, 0u);
  EXPECT_LE(peak, o.memo_bytes_per_thread);
  o.memo_bytes_per_thread = 0;  // no memo at all
  auto without = ScanDataset(path, classifier, o);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(peak, 0u);
  ASSERT_EQ(with_memo->columns.size(), 30002u);
  ASSERT_EQ(without->columns.size(), with_memo->columns.size());
  for (size_t i = 0; i < without->columns.size(); ++i) {
    EXPECT_EQ(with_memo->columns[i].name, without->columns[i].name);
    EXPECT_EQ(with_memo->columns[i].non_empty, without->columns[i].non_empty);
    EXPECT_EQ(with_memo->columns[i].verdict.types, without->columns[i].verdict.types);
  }
}

TEST(ScanDataset, SubjectColumnOverride) {
  FakeClassifier classifier;
  ScanOptions o = Options(2);
  o.subject_column = "email";
  auto p = ScanDataset(WriteFile("hr_subject.csv", HrCsv()), classifier, o);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->subject_column, "email");
  EXPECT_EQ(p->subject_type, EntityType::kEmailAddress);
  EXPECT_EQ(p->individuals, 1000u);  // User7@ and user7@ are one address
  o.subject_column = "note";         // not an identifier: trimmed values are counted
  p = ScanDataset(WriteFile("hr_subject.csv", HrCsv()), classifier, o);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->individuals, 3000u);
  EXPECT_FALSE(p->subject_type.has_value());
}

TEST(ScanDataset, UnknownSubjectColumnIsAnError) {
  FakeClassifier classifier;
  ScanOptions o = Options();
  o.subject_column = "nope";
  auto p = ScanDataset(WriteFile("hr_nope.csv", HrCsv()), classifier, o);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.error().where.line, 1);
}

TEST(ScanDataset, NoIdentifierMeansUnknownIndividuals) {
  FakeClassifier classifier;
  auto p = ScanDataset(WriteFile("plain.csv", "a,b\nx,y\nz,w\n"), classifier, Options());
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->individuals.has_value());
  EXPECT_FALSE(p->minors_under_14.has_value());
  EXPECT_EQ(p->rows, 2u);
}

TEST(ScanDataset, HeaderOnlyIsAnErrorNamingTheLine) {
  FakeClassifier classifier;
  auto p = ScanDataset(WriteFile("header_only.csv", "\na,b\n\n"), classifier, Options());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.error().where.line, 2);
  EXPECT_NE(p.error().message.find("header only"), std::string::npos);
}

TEST(ScanDataset, RaggedRowsAreCountedWithTheFirstLine) {
  FakeClassifier classifier;
  std::string csv = "a,b\n";
  for (int i = 0; i < 2000; ++i) csv += i == 1500 || i == 1700 ? "1,2,3\n" : "1,2\n";
  for (int threads : {1, 2}) {
    auto p = ScanDataset(WriteFile("ragged.csv", csv), classifier, Options(threads));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->ragged_rows, 2u);
    EXPECT_EQ(p->first_ragged_line, 1502);
  }
}

TEST(ScanDataset, JsonLinesNestedObjects) {
  std::string jsonl;
  for (int i = 0; i < 500; ++i) {
    jsonl += "{\"order\":" + std::to_string(i) + ",\"customer\":{\"mobile\":\"139" +
             std::to_string(10000000 + i % 250) + "\"" + (i == 7 ? ",\"late\":\"x\"" : "") + "}}\n";
  }
  FakeClassifier classifier;
  for (int threads : {1, 2}) {
    auto p = ScanDataset(WriteFile("orders.jsonl", jsonl), classifier, Options(threads));
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    EXPECT_EQ(p->format, io::TableFormat::kJsonLines);
    EXPECT_EQ(p->rows, 500u);
    ASSERT_EQ(p->columns.size(), 3u);
    EXPECT_EQ(p->columns[0].name, "order");
    EXPECT_EQ(p->columns[1].name, "customer.mobile");
    EXPECT_EQ(p->columns[2].name, "customer.late");
    EXPECT_EQ(p->columns[2].cells, 1u);
    EXPECT_EQ(p->subject_column, "customer.mobile");
    EXPECT_EQ(p->individuals, 250u);
  }
}

TEST(ScanDataset, BadJsonLineNamesItsLineWithAnyThreadCount) {
  std::string jsonl;
  for (int i = 0; i < 3000; ++i) jsonl += i == 2345 ? "{\"a\": oops}\n" : "{\"a\":1}\n";
  FakeClassifier classifier;
  for (int threads : {1, 2}) {
    auto p = ScanDataset(WriteFile("bad.jsonl", jsonl), classifier, Options(threads));
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kParse);
    EXPECT_EQ(p.error().where.line, 2346);
  }
}

TEST(ScanDataset, ReaderErrorsSurfaceFromThePipeline) {
  std::string csv = "a,b\n";
  for (int i = 0; i < 3000; ++i) csv += "1,2\n";
  csv += "3,\"never closed\n";
  FakeClassifier classifier;
  auto p = ScanDataset(WriteFile("unclosed.csv", csv), classifier, Options(2));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().where.line, 3002);
}

TEST(ScanDataset, Gb18030Input) {
  // 手机 (mobile) header and a GBK-encoded name column.
  std::string gb = "\xCA\xD6\xBB\xFA,\xD0\xD5\xC3\xFB\n13800138000,\xD5\xC5\xC8\xFD\n";
  FakeClassifier classifier;
  auto p = ScanDataset(WriteFile("gb.csv", gb), classifier, Options());
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->encoding, io::TextEncoding::kGb18030);
  EXPECT_EQ(p->columns[0].name, "手机");
  EXPECT_EQ(p->columns[0].verdict.type, EntityType::kCnMobile);
}

// Remarks hold running text: the detector counts the entities in it and the taxonomy grades the
// column by what its text holds. Typed and code-like columns are not analysed as text.
std::string RemarksCsv() {
  std::string csv = "resident_id,order_no,remark\n";
  for (int i = 0; i < 900; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "ID19800101%04d", i);
    csv += std::string(id) + ",ORD-" + std::to_string(100000 + i) + ",";
    switch (i % 3) {
      case 0:
        csv += "客户张伟来电反映，电话138-0013-8000\n";
        break;
      case 1:
        csv += "已复诊，病人患有2型糖尿病，服用二甲双胍\n";
        break;
      default:
        csv += "周末送货上门\n";
    }
  }
  return csv;
}

const TextDetector& Detector() {
  static const TextDetector* detector = [] {
    auto created = TextDetector::Create();
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().ToString());
    return created.ok() ? created->release() : nullptr;
  }();
  return *detector;
}

TEST(ScanDataset, FreeTextColumnsGetEntityCountsAndAreGradedByThem) {
  auto taxonomy = Taxonomy::LoadDefault();
  ASSERT_TRUE(taxonomy.ok()) << taxonomy.error().ToString();
  FakeClassifier classifier;
  std::string path = WriteFile("remarks.csv", RemarksCsv());
  std::vector<DatasetProfile> by_threads;
  for (int threads : {1, 2}) {
    ScanOptions o = Options(threads);
    o.taxonomy = &*taxonomy;
    o.text_detector = &Detector();
    auto p = ScanDataset(path, classifier, o);
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    ASSERT_EQ(p->columns.size(), 3u);
    EXPECT_FALSE(p->columns[0].text.has_value());  // typed: values, not prose
    EXPECT_FALSE(p->columns[1].text.has_value());  // codes: nothing reads as prose
    const ColumnProfile& remark = p->columns[2];
    EXPECT_FALSE(remark.verdict.type.has_value());
    ASSERT_TRUE(remark.text.has_value());
    EXPECT_EQ(remark.text->cells, 900u);
    EXPECT_EQ(remark.text->cells_with_findings, 600u);
    std::map<EntityType, uint64_t> cells;
    for (const TextEntityCount& e : remark.text->entities) cells[e.type] = e.cells;
    EXPECT_EQ(cells[EntityType::kPersonName], 300u);
    EXPECT_EQ(cells[EntityType::kCnMobile], 300u);
    EXPECT_EQ(cells[EntityType::kHealth], 300u);
    // Health in the text makes the column sensitive, and its category the health category.
    EXPECT_TRUE(remark.sensitive_cn);
    EXPECT_TRUE(remark.sensitive_eu);
    EXPECT_EQ(remark.category, taxonomy->Find("HEALTH")->category);
    by_threads.push_back(std::move(p).value());
  }
  EXPECT_EQ(by_threads[0].columns[2].text->entities.size(),
            by_threads[1].columns[2].text->entities.size());
}

TEST(ScanDataset, GiantTextCellsAreReadUpToTheirFirstMebibyte) {
  FakeClassifier classifier;
  std::string prose;
  while (prose.size() < (3u << 20)) prose += "客户要求周末送货上门，";  // 3 MiB of sentences
  std::string csv = "remark\n联系电话13800138000，" + prose + "另一号码13912345678\n";
  ScanOptions o = Options();
  o.text_detector = &Detector();
  auto p = ScanDataset(WriteFile("giant_cell.csv", csv), classifier, o);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  ASSERT_TRUE(p->columns[0].text.has_value());
  ASSERT_EQ(p->columns[0].text->entities.size(), 1u);
  EXPECT_EQ(p->columns[0].text->entities[0].type, EntityType::kCnMobile);
  EXPECT_EQ(p->columns[0].text->entities[0].findings, 1u);  // the tail is beyond the window
}

TEST(ScanDataset, WithoutADetectorFreeTextIsNotAnalysed) {
  FakeClassifier classifier;
  auto p = ScanDataset(WriteFile("remarks_plain.csv", RemarksCsv()), classifier, Options());
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_FALSE(p->columns[2].text.has_value());
  EXPECT_FALSE(p->columns[2].category.has_value());
}

// Two columns may share a header name; each keeps its own counts, free text included, with any
// number of threads (they were merged into one column, so its counts exceeded the rows).
TEST(ScanDataset, RepeatedHeaderNamesStaySeparateColumns) {
  std::string csv = "remark,remark\n";
  for (int i = 0; i < 600; ++i)
    csv += "客户张伟来电反映，电话13800138000,周末送货上门，请提前联系\n";
  std::string path = WriteFile("repeated_header.csv", csv);
  FakeClassifier classifier;
  for (auto [threads, sequential] : {std::pair{1, false}, {2, false}, {2, true}}) {
    ScanOptions o = Options(threads);
    o.sequential = sequential;
    o.text_detector = &Detector();
    auto p = ScanDataset(path, classifier, o);
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    EXPECT_EQ(p->rows, 600u);
    ASSERT_EQ(p->columns.size(), 2u) << threads << " threads";
    for (const ColumnProfile& c : p->columns) {
      EXPECT_EQ(c.name, "remark");
      EXPECT_EQ(c.cells, 600u);
      ASSERT_TRUE(c.text.has_value());
      EXPECT_EQ(c.text->cells, 600u);
    }
    EXPECT_EQ(p->columns[0].text->cells_with_findings, 600u);
    EXPECT_EQ(p->columns[1].text->cells_with_findings, 0u);
  }
}

// The fuzz finding scan_fuzzer-text-counts.jsonl: a record giving "device" twice put two cells
// of one record into each device.* column, so a column had more cells than the file has rows.
// JSON leaves a repeated key's meaning undefined: the record is an error naming line and field.
TEST(ScanDataset, RepeatedJsonKeyIsAnErrorNamingLineAndField) {
  const std::string jsonl =
      R"({"event_id":"evt-1","user":{"phone":"18852219645"},)"
      R"("device":{"ip":"27.160.114.48","imei":"36 19957342468"},"device":{"ip":"108.253.12.177"}})"
      "\n"
      R"({"event_id":"evt-2","user":{"phone":"18780803069"},"device":{"ip":"72.52.141.243"}})"
      "\n";
  std::string path = WriteFile("repeated_key.jsonl", jsonl);
  FakeClassifier classifier;
  for (int threads : {1, 2}) {
    ScanOptions o = Options(threads);
    o.text_detector = &Detector();
    auto p = ScanDataset(path, classifier, o);
    ASSERT_FALSE(p.ok()) << threads << " threads: device.ip has " << p->columns[2].cells
                         << " cells in " << p->rows << " rows";
    EXPECT_EQ(p.error().code, ErrorCode::kParse);
    EXPECT_EQ(p.error().where.line, 1);
    EXPECT_EQ(p.error().where.field, "device.ip");
  }
}

// 20,000 distinct mobiles need a table of 64 Ki slots (1 MiB) per set: more than a limit of
// 256 KiB. Counting stops with an error on whichever thread grows a set, never with an abort
// (a worker thread's std::bad_alloc used to end the process).
TEST(ScanDataset, SubjectMemoryLimitIsAnErrorOnEveryThreadCount) {
  std::string csv = "mobile\n";
  for (int i = 0; i < 20000; ++i) csv += "138" + std::to_string(10000000 + i) + "\n";
  std::string path = WriteFile("many_people.csv", csv);
  FakeClassifier classifier;
  for (int threads : {1, 2, 3}) {
    ScanOptions o = Options(threads);
    o.subject_memory_limit = 256u << 10;
    auto p = ScanDataset(path, classifier, o);
    ASSERT_FALSE(p.ok()) << threads << " threads";
    EXPECT_EQ(p.error().code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(p.error().where.file, path);
    EXPECT_NE(p.error().message.find("--max-subject-memory"), std::string::npos)
        << p.error().message;
  }
  ScanOptions o = Options(2);
  o.subject_memory_limit = 64u << 20;  // enough
  auto p = ScanDataset(path, classifier, o);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->individuals, 20000u);
}

void* FailingAlloc(size_t /*bytes*/) { return nullptr; }

// When the text detector cannot run (here: Vectorscan's scratch cannot be allocated on the new
// worker threads), the scan fails naming the file and line instead of reporting remarks that
// hold a name and a mobile as free of PI.
TEST(ScanDataset, TextDetectorFailureFailsTheScan) {
  FakeClassifier classifier;
  std::string path = WriteFile("remarks_failing.csv", RemarksCsv());
  ScanOptions o = Options(2);
  o.text_detector = &Detector();
  ASSERT_EQ(hs_set_scratch_allocator(FailingAlloc, nullptr), HS_SUCCESS);
  auto p = ScanDataset(path, classifier, o);
  ASSERT_EQ(hs_set_scratch_allocator(nullptr, nullptr), HS_SUCCESS);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(p.error().where.file, path);
  EXPECT_GT(p.error().where.line, 1);
}

TEST(ExpandScanPaths, DirectoriesExpandToSortedTableFiles) {
  std::string dir = ::testing::TempDir() + "xb_scan_dir/";
  std::filesystem::remove_all(dir);
  WriteFile("dir/b.csv", "a\n1\n");
  WriteFile("dir/a/z.jsonl", "{}\n");
  WriteFile("dir/notes.md", "# not a table\n");
  auto paths = ExpandScanPaths({dir, WriteFile("single.tsv", "a\n")});
  ASSERT_TRUE(paths.ok());
  ASSERT_EQ(paths->size(), 3u);
  EXPECT_NE((*paths)[0].find("a/z.jsonl"), std::string::npos);
  EXPECT_NE((*paths)[1].find("b.csv"), std::string::npos);
  EXPECT_NE((*paths)[2].find("single.tsv"), std::string::npos);
}

TEST(ExpandScanPaths, MissingPathIsNotFound) {
  auto paths = ExpandScanPaths({"/no/such/place"});
  ASSERT_FALSE(paths.ok());
  EXPECT_EQ(paths.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace xb::scan
