#include "scan/dataset_scanner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/scope_guard.h"
#include "core/strings.h"
#include "detect/subject_hasher.h"
#include "detect/text/name_vetting.h"
#include "detect/validators.h"
#include "io/block_reader.h"
#include "io/csv_syntax.h"
#include "io/json_flattener.h"
#include "scan/cell_memo.h"
#include "scan/distinct_set.h"
#include "scan/memory_budget.h"
#include "scan/text_column_stats.h"

namespace xb::scan {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// What the full pass does besides classifying: which column names individuals and with which
// identifier type, and which resident-ID column gives birth dates.
struct SubjectPlan {
  std::string subject_column;
  std::optional<EntityType> subject_type;
  std::string minors_column;
  // Columns with a dominant type in the first block: their cells are values, not prose, and
  // skip the text detector.
  std::vector<std::string> typed_columns;
};

// The part of a cell the text detector reads: all of it up to 1 MiB, else its first 1 MiB cut
// at a character boundary. A 64 MiB cell (the record limit) would cost the detector ~20 bytes of
// scratch per input byte; the entities of a giant cell's head are enough to grade its column.
std::string_view TextWindow(std::string_view cell) {
  constexpr size_t kMaxBytes = size_t{1} << 20;
  if (cell.size() <= kMaxBytes) return cell;
  size_t end = kMaxBytes;
  while (end > 0 && (static_cast<unsigned char>(cell[end]) & 0xC0) == 0x80) --end;
  return cell.substr(0, end);
}

// The error for memory that ran out while scanning `where`: the subject memory limit when
// `budget` refused a table, the system's memory otherwise.
Error OutOfMemory(const MemoryBudget* budget, Location where) {
  if (budget != nullptr && budget->refused()) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "counting distinct individuals needs more memory than the limit of " +
                         std::to_string(budget->limit() >> 20) + " MiB (--max-subject-memory)",
                     std::move(where));
  }
  return MakeError(ErrorCode::kResourceExhausted, "out of memory", std::move(where));
}

// The state of one classifying thread. Not thread-safe; one per thread.
class Worker {
 public:
  // `use_memo`: whether repeated cells may be replayed (cell_memo.h); it pays only over many
  // blocks.
  Worker(const ColumnClassifier& classifier, const SubjectHasher& hasher, const SubjectPlan& plan,
         const ScanOptions& options, const io::BlockReader& reader,
         const std::vector<std::string>& header, const TextDetector* text_detector,
         MemoryBudget* budget, bool use_memo)
      : memo_budget(options.memo_bytes_per_thread),
        use_memo_(use_memo),
        subjects(budget),
        minors(budget),
        classifier_(classifier),
        text_detector_(text_detector),
        hasher_(hasher),
        plan_(plan),
        first_minor_birth_(FirstMinorBirthDate(
            options.as_of, options.taxonomy != nullptr ? options.taxonomy->minor_age_limit()
                                                       : Taxonomy().minor_age_limit())),
        path_(reader.path()),
        format_(reader.format()),
        delimiter_(reader.delimiter()) {
    if (format_ != io::TableFormat::kJsonLines) {
      for (size_t i = 0; i < header.size(); ++i) AddColumn(header[i], {0, i});
    }
  }

  // Classifies every record of `block`; the block's bytes are rewritten (quoted fields).
  // Errors, naming the file and line: kParse for a JSON Lines record that is not a JSON object
  // or repeats a key; those of TextDetector::Detect; kResourceExhausted when memory or the
  // subject memory budget runs out; kInternal for any other exception. Never throws: this is
  // the boundary of a worker thread, where an exception would end the process.
  Status ProcessBlock(io::RecordBlock* block) {
    return Guarded([&] {
      if (format_ == io::TableFormat::kJsonLines) return ProcessJsonLines(block);
      return ProcessDelimited(block);
    });
  }

  // Completes the deferred work; call once after the last block. Errors: as ProcessBlock's.
  Status Finish() {
    return Guarded([&] {
      subjects.Flush();
      return Status::Ok();
    });
  }

  MemoryBudget memo_budget;  // the columns' memos share it: declared before them

 private:
  const bool use_memo_;

 public:
  struct Column {
    std::string name;
    std::pair<int64_t, size_t> first_seen;  // (line, field index): document order
    ColumnStats stats;
    std::vector<int64_t> sample_lines;  // the line of each of stats.masked_samples
    TextColumnStats text;
    bool may_hold_prose = false;  // prose cells go to the text detector
    CellMemo memo;                // repeated short values replay their first classification
  };
  std::vector<Column> columns;
  DistinctSet subjects;
  DistinctSet minors;
  uint64_t rows = 0;
  uint64_t ragged = 0;
  int64_t first_ragged_line = 0;

 private:
  template <class F>
  Status Guarded(F&& work) {
    try {
      Status status = work();
      if (status.ok() && text_error_) {
        status = std::move(*text_error_);
        text_error_.reset();
      }
      return status;
    } catch (const std::bad_alloc&) {
      return OutOfMemory(subjects.budget(), Location(path_, line_));
    } catch (const std::exception& e) {
      return Internal(std::string("unexpected exception: ") + e.what(), Location(path_, line_));
    }
  }

  void AddColumn(std::string_view name, std::pair<int64_t, size_t> first_seen) {
    size_t index = columns.size();
    bool may_hold_prose = text_detector_ != nullptr &&
                          std::find(plan_.typed_columns.begin(), plan_.typed_columns.end(), name) ==
                              plan_.typed_columns.end();
    columns.push_back({std::string(name),
                       first_seen,
                       ColumnStats{},
                       {},
                       TextColumnStats{},
                       may_hold_prose,
                       CellMemo(use_memo_ ? &memo_budget : nullptr)});
    index_.emplace(std::string(name), index);
    // A repeated header name (备注,备注) means its first column, as in ChoosePlan.
    if (subject_index_ == SIZE_MAX && !plan_.subject_column.empty() &&
        name == plan_.subject_column) {
      subject_index_ = index;
    }
    if (minors_index_ == SIZE_MAX && !plan_.minors_column.empty() && name == plan_.minors_column) {
      minors_index_ = index;
    }
  }

  Status ProcessDelimited(io::RecordBlock* block) {
    char* p = block->data.data();
    char* end = p + block->data.size();
    int64_t line = block->first_line;
    const size_t width = columns.size();
    while (p < end) {
      bool blank = io::IsBlankRecordAt(p, end);
      int newlines = 0;
      p = io::ParseCsvRecord(p, end, delimiter_, &fields_, &newlines);
      int64_t record_line = line;
      line += newlines;
      if (blank) continue;
      if (text_error_) break;  // the block fails; Guarded reports it
      line_ = record_line;
      ++rows;
      if (fields_.size() != width) {
        ++ragged;
        if (first_ragged_line == 0 || record_line < first_ragged_line) {
          first_ragged_line = record_line;
        }
      }
      const size_t n = std::min(fields_.size(), width);
      for (size_t i = 0; i < n; ++i) AddCell(i, fields_[i]);
      for (size_t i = n; i < width; ++i) AddCell(i, std::string_view());
    }
    return Status::Ok();
  }

  Status ProcessJsonLines(io::RecordBlock* block) {
    const char* base = block->data.data();
    const char* p = base;
    const char* end = base + block->data.size();
    const size_t capacity = block->data.capacity();
    int64_t line = block->first_line;
    for (; p < end; ++line) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      const char* line_end = nl == nullptr ? end : nl;
      std::string_view text(p, line_end - p);
      const char* start = p;
      p = nl == nullptr ? end : nl + 1;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      if (text_error_) break;  // the block fails; Guarded reports it
      line_ = line;
      Status s = flattener_.Flatten(start, text.size(), capacity - (start - base), &flat_);
      if (!s.ok()) {
        return ParseError(s.error().message, Location(path_, line, s.error().where.field));
      }
      ++rows;
      for (size_t i = 0; i < flat_.size(); ++i) {
        auto it = index_.find(flat_[i].name);
        size_t column;
        if (it == index_.end()) {
          column = columns.size();
          AddColumn(flat_[i].name, {line, i});
        } else {
          column = it->second;
        }
        AddCell(column, flat_[i].value);
      }
    }
    return Status::Ok();
  }

  void AddCell(size_t column, std::string_view cell) {
    Column& c = columns[column];
    const size_t samples = c.stats.masked_samples.size();
    if (c.memo.Consult(cell)) {
      ClassifyThroughMemo(cell, &c);
    } else {
      Classify(cell, &c);
    }
    if (c.stats.masked_samples.size() != samples) c.sample_lines.push_back(line_);
    if (column == subject_index_) CountSubject(cell);
    if (column == minors_index_) CountMinor(cell);
  }

  // The classifier's work on a cell, then the text detector's when the cell reads as prose in a
  // column that may hold it. Returns whether the text detector was called.
  bool Classify(std::string_view cell, Column* c) {
    classifier_.AddCell(cell, &c->stats);
    if (!c->may_hold_prose || !LooksLikeProse(cell)) return false;
    AnalyseText(cell, &c->text);
    return true;
  }

  // Classify's work on a short cell, replayed when the column's memo has seen the value (same
  // counts, see cell_memo.h), recorded when it has not.
  void ClassifyThroughMemo(std::string_view cell, Column* c) {
    if (const CellMemo::Effect* seen = c->memo.Find(cell)) {
      CellMemo::Apply(*seen, &c->stats);
      if (seen->analysed_text) c->text.AddCell(seen->text_findings);
      return;
    }
    const CellMemo::Counts before = CellMemo::Snapshot(c->stats);
    const bool failed_before = text_error_.has_value();
    CellMemo::Effect effect;
    effect.analysed_text = Classify(cell, c);
    if (!CellMemo::Diff(before, c->stats, &effect)) return;
    if (effect.analysed_text) {
      if (failed_before || text_error_) return;  // findings_ are not this cell's
      effect.text_findings = findings_;
    }
    c->memo.Remember(cell, std::move(effect));
  }

  // A detector failure is kept for the end of the block (AddCell has no error channel, to
  // keep the per-cell path lean); the cell is not counted, so no partial result is reported.
  void AnalyseText(std::string_view cell, TextColumnStats* text) {
    if (text_error_) return;
    Status detected = text_detector_->Detect(TextWindow(cell), &findings_);
    if (!detected.ok()) {
      text_error_ = std::move(detected).error();
      text_error_->where = Location(path_, line_);
      return;
    }
    text->AddCell(findings_);
  }

  void CountSubject(std::string_view cell) {
    std::string_view value = TrimBlanks(cell);
    if (value.empty()) return;
    subjects.InsertSoon(hasher_.FastHash(value, plan_.subject_type));
  }

  void CountMinor(std::string_view cell) {
    std::string_view value = TrimBlanks(cell);
    if (value.empty()) return;
    std::optional<CivilDate> birth = classifier_.BirthDateFromResidentId(value);
    if (!birth || *birth < first_minor_birth_) return;  // IsMinor, one compare per row
    minors.Insert(hasher_.FastHash(value, EntityType::kCnResidentId));
  }

  const ColumnClassifier& classifier_;
  const TextDetector* const text_detector_;  // null: no free-text analysis
  const SubjectHasher& hasher_;
  const SubjectPlan& plan_;
  const CivilDate first_minor_birth_;  // FirstMinorBirthDate(as_of, minor age limit)
  const std::string path_;
  const io::TableFormat format_;
  const char delimiter_;
  size_t subject_index_ = SIZE_MAX;
  size_t minors_index_ = SIZE_MAX;
  int64_t line_ = 0;                 // of the record being classified, for errors
  std::optional<Error> text_error_;  // the first failure of the text detector in this block
  std::vector<std::string_view> fields_;
  std::vector<TextFinding> findings_;
  io::JsonFlattener flattener_;
  std::vector<io::FlatField> flat_;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> index_;
};

// Takes the first non-blank record off the front of the first block as the header and returns
// its line. Leaves *header empty when the block holds blank lines only.
// Removes the first non-blank record from `block` and returns its line; *fields receives its
// fields, copied (empty when the block holds blank lines only).
int64_t TakeFirstRecord(io::RecordBlock* block, char delimiter, std::vector<std::string>* fields) {
  char* begin = block->data.data();
  char* end = begin + block->data.size();
  char* p = begin;
  int64_t line = block->first_line;
  std::vector<std::string_view> parsed;
  while (p < end) {
    bool blank = io::IsBlankRecordAt(p, end);
    int newlines = 0;
    p = io::ParseCsvRecord(p, end, delimiter, &parsed, &newlines);
    if (blank) {
      line += newlines;
      continue;
    }
    fields->assign(parsed.begin(), parsed.end());
    block->data.erase(0, p - begin);
    block->first_line = line + newlines;
    return line;
  }
  block->data.clear();
  return line;
}

// The column names of a delimited file, from its first record: its fields, unless the caller
// said there is no header or the record is a person's data (FirstRecordIsData); then
// column_1 ... column_N, and the record stays in `first` as data. Returns the record's line.
int64_t TakeHeader(const ColumnClassifier& classifier, const ScanOptions& options, char delimiter,
                   io::RecordBlock* first, std::vector<std::string>* header,
                   bool* first_record_is_data) {
  io::RecordBlock rest = *first;  // parsing rewrites the block; `first` keeps a data record
  std::vector<std::string> fields;
  const int64_t line = TakeFirstRecord(&rest, delimiter, &fields);
  *first_record_is_data =
      options.read.has_header && FirstRecordIsData(classifier, options.text_detector, fields);
  if (options.read.has_header && !*first_record_is_data) {
    *header =
        io::ColumnNamesFromHeader(std::vector<std::string_view>(fields.begin(), fields.end()));
    *first = std::move(rest);
    return line;
  }
  header->clear();
  for (size_t i = 0; i < fields.size(); ++i) header->push_back("column_" + std::to_string(i + 1));
  return line;
}

SubjectPlan ChoosePlan(const Worker& pilot, const ColumnClassifier& classifier,
                       const std::string& subject_column) {
  SubjectPlan plan;
  int best_rank = static_cast<int>(kSubjectIdentifierTypes.size());
  uint64_t best_matches = 0;
  uint64_t best_id_matches = 0;
  std::unordered_set<std::string_view> seen;
  for (const Worker::Column& column : pilot.columns) {
    // The plan names columns; of a repeated header name only the first column can be named.
    if (!seen.insert(column.name).second) continue;
    ColumnVerdict verdict = classifier.Decide(column.name, column.stats);
    if (!verdict.type) continue;
    plan.typed_columns.push_back(column.name);
    if (*verdict.type == EntityType::kCnResidentId && verdict.matches > best_id_matches) {
      best_id_matches = verdict.matches;
      plan.minors_column = column.name;
    }
    if (!subject_column.empty()) {
      if (column.name == subject_column && IsSubjectIdentifierType(*verdict.type)) {
        plan.subject_type = verdict.type;
      }
      continue;
    }
    auto it =
        std::find(kSubjectIdentifierTypes.begin(), kSubjectIdentifierTypes.end(), *verdict.type);
    if (it == kSubjectIdentifierTypes.end()) continue;
    int rank = static_cast<int>(it - kSubjectIdentifierTypes.begin());
    if (rank < best_rank || (rank == best_rank && verdict.matches > best_matches)) {
      best_rank = rank;
      best_matches = verdict.matches;
      plan.subject_column = column.name;
      plan.subject_type = verdict.type;
    }
  }
  if (!subject_column.empty()) plan.subject_column = subject_column;
  return plan;
}

// A bounded queue of blocks between the reading thread and the classifying threads. Blocks
// circulate through a fixed pool, so memory does not grow with the file.
class BlockPipeline {
 public:
  explicit BlockPipeline(size_t pool_size) {
    for (size_t i = 0; i < pool_size; ++i) free_.push_back(std::make_unique<io::RecordBlock>());
  }

  std::unique_ptr<io::RecordBlock> TakeFree() {
    std::unique_lock lock(mu_);
    free_cv_.wait(lock, [&] { return !free_.empty(); });
    auto block = std::move(free_.back());
    free_.pop_back();
    return block;
  }
  void GiveBack(std::unique_ptr<io::RecordBlock> block) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(std::move(block));
    }
    free_cv_.notify_one();
  }
  void Push(std::unique_ptr<io::RecordBlock> block) {
    {
      std::lock_guard lock(mu_);
      work_.push_back(std::move(block));
    }
    work_cv_.notify_one();
  }
  // Null when the queue is closed and drained.
  std::unique_ptr<io::RecordBlock> Pop() {
    std::unique_lock lock(mu_);
    work_cv_.wait(lock, [&] { return !work_.empty() || closed_; });
    if (work_.empty()) return nullptr;
    auto block = std::move(work_.front());
    work_.pop_front();
    return block;
  }
  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    work_cv_.notify_all();
  }

  // Keeps the error of the earliest block, so the report does not depend on thread timing.
  void Fail(uint64_t sequence, Error error) {
    std::lock_guard lock(mu_);
    if (!error_ || sequence < error_->first) error_.emplace(sequence, std::move(error));
    failed_.store(true, std::memory_order_relaxed);
  }
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  std::optional<std::pair<uint64_t, Error>> TakeError() {
    std::lock_guard lock(mu_);
    return std::move(error_);
  }

 private:
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable free_cv_;
  std::deque<std::unique_ptr<io::RecordBlock>> work_;
  std::vector<std::unique_ptr<io::RecordBlock>> free_;
  bool closed_ = false;
  std::atomic<bool> failed_{false};
  std::optional<std::pair<uint64_t, Error>> error_;
};

void Report(const ScanOptions& options, const io::BlockReader& reader) {
  if (options.progress) options.progress({reader.path(), reader.input_read(), reader.input_size()});
}

// The loop of one classifying thread. Never throws (Worker reports errors as values). After the
// first failure, its own or another thread's, it only hands blocks back to the pool.
void RunWorker(BlockPipeline* pipeline, Worker* worker) {
  while (auto block = pipeline->Pop()) {
    if (!pipeline->failed()) {
      Status s = worker->ProcessBlock(block.get());
      if (!s.ok()) pipeline->Fail(block->sequence, std::move(s).error());
    }
    pipeline->GiveBack(std::move(block));
  }
  Status s = worker->Finish();
  if (!s.ok()) pipeline->Fail(UINT64_MAX, std::move(s).error());
  ForgetLastResidentId();  // a raw ID; the thread's memory outlives the scan
}

// Reads the rest of the file on this thread and classifies it on `threads` workers.
Status RunParallel(io::BlockReader* reader, std::unique_ptr<io::RecordBlock> first,
                   std::vector<std::unique_ptr<Worker>>* workers, const ScanOptions& options) {
  BlockPipeline pipeline(2 * workers->size() + 1);
  std::vector<std::jthread> threads;
  // However this function ends (an exception from this thread included), the queue closes
  // before the threads are joined, so a worker waiting for a block wakes up and ends.
  ScopeGuard close_queue([&pipeline] { pipeline.Close(); });
  for (auto& worker : *workers) threads.emplace_back(RunWorker, &pipeline, worker.get());
  pipeline.Push(std::move(first));
  uint64_t next_sequence = 1;
  while (!pipeline.failed()) {
    auto block = pipeline.TakeFree();
    Result<bool> more = reader->Next(block.get());
    if (!more.ok()) {
      pipeline.Fail(next_sequence, std::move(more).error());
      pipeline.GiveBack(std::move(block));
      break;
    }
    if (!*more) {
      pipeline.GiveBack(std::move(block));
      break;
    }
    ++next_sequence;
    Report(options, *reader);
    pipeline.Push(std::move(block));
  }
  pipeline.Close();
  threads.clear();  // joins
  if (auto error = pipeline.TakeError()) return std::move(error->second);
  return Status::Ok();
}

// Keeps in `into` the first `limit` masked samples of both columns in file order, which are those
// one thread would have kept: each worker kept its own first ones, and a worker's blocks come in
// file order. Which worker took which block (a race) changes nothing.
void MergeSamples(size_t limit, Worker::Column* from, Worker::Column* into) {
  std::vector<std::pair<int64_t, std::string>> all;
  for (Worker::Column* c : {into, from}) {
    for (size_t i = 0; i < c->stats.masked_samples.size(); ++i) {
      all.emplace_back(c->sample_lines[i], std::move(c->stats.masked_samples[i]));
    }
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (all.size() > limit) all.resize(limit);
  into->stats.masked_samples.clear();
  into->sample_lines.clear();
  for (auto& [line, sample] : all) {
    into->sample_lines.push_back(line);
    into->stats.masked_samples.push_back(std::move(sample));
  }
}

// The workers' columns as one list in document order. A delimited file's columns are its
// header's, in the same order in every worker, and two may share a name (备注,备注): they merge
// by position. A JSON Lines worker adds keys as it meets them, so its order is its own, but a
// name is one column (a record cannot repeat a key): they merge by name.
std::vector<Worker::Column> MergeColumns(std::vector<std::unique_ptr<Worker>>* workers,
                                         bool delimited, size_t max_samples) {
  std::vector<Worker::Column> merged;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> index;
  for (auto& worker : *workers) {
    for (size_t i = 0; i < worker->columns.size(); ++i) {
      Worker::Column& c = worker->columns[i];
      size_t into_index = i;
      if (!delimited) {
        into_index = index.try_emplace(c.name, merged.size()).first->second;
      }
      if (into_index == merged.size()) {
        merged.push_back(std::move(c));
        continue;
      }
      Worker::Column& into = merged[into_index];
      MergeSamples(max_samples, &c, &into);
      c.stats.masked_samples.clear();
      into.stats.Merge(c.stats);
      into.text.Merge(c.text);
      into.first_seen = std::min(into.first_seen, c.first_seen);
    }
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const auto& a, const auto& b) { return a.first_seen < b.first_seen; });
  return merged;
}

// Category and sensitivity of a typed column from the taxonomy (data, cited there).
void GradeColumn(const Taxonomy& taxonomy, bool has_minors, ColumnProfile* column) {
  std::string_view entity = EntityTypeName(*column->verdict.type);
  const EntityClassification* classification = taxonomy.Find(entity);
  if (classification == nullptr) return;
  column->category = classification->category;
  if (!classification->personal_information) return;
  column->sensitive_cn = taxonomy.IsSensitive(entity, Jurisdiction::kCN, has_minors);
  column->sensitive_eu = taxonomy.IsSensitive(entity, Jurisdiction::kEU);
}

// A free-text column carries every kind of PI found in its text: it is sensitive when any of
// them is, and its category is that of the most serious one: sensitive in more jurisdictions
// first, then the higher GB/T 43697 grade, then the most cells.
void GradeTextColumn(const Taxonomy& taxonomy, bool has_minors, ColumnProfile* column) {
  std::pair<int, int> best{-1, -1};
  for (const TextEntityCount& e : column->text->entities) {
    std::string_view entity = EntityTypeName(e.type);
    const EntityClassification* classification = taxonomy.Find(entity);
    if (classification == nullptr || !classification->personal_information) continue;
    const bool cn = taxonomy.IsSensitive(entity, Jurisdiction::kCN, has_minors);
    const bool eu = taxonomy.IsSensitive(entity, Jurisdiction::kEU);
    const std::pair<int, int> rank{int{cn} + int{eu}, classification->grade};
    if (rank > best) {  // entities come most cells first: ties keep the earlier one
      best = rank;
      column->category = classification->category;
    }
    column->sensitive_cn |= cn;
    column->sensitive_eu |= eu;
  }
}

// ScanDataset, except that memory exhaustion on this thread throws std::bad_alloc. The distinct
// sets charge `budget` (null: no limit).
Result<DatasetProfile> ScanOrThrow(const std::string& path, const ColumnClassifier& classifier,
                                   const ScanOptions& options, MemoryBudget* budget) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<io::BlockReader> reader,
                      io::BlockReader::Open(path, options.read));
  auto first = std::make_unique<io::RecordBlock>();
  XB_ASSIGN_OR_RETURN(bool any, reader->Next(first.get()));
  if (!any) return InvalidArgument("empty file", Location(path));
  Report(options, *reader);

  const bool delimited = reader->format() != io::TableFormat::kJsonLines;
  std::vector<std::string> header;
  int64_t header_line = first->first_line;
  bool first_record_is_data = false;
  if (delimited) {
    header_line = TakeHeader(classifier, options, reader->delimiter(), first.get(), &header,
                             &first_record_is_data);
    if (header.empty()) return InvalidArgument("empty file (blank lines only)", Location(path));
    if (!options.subject_column.empty() &&
        std::find(header.begin(), header.end(), options.subject_column) == header.end()) {
      return InvalidArgument("no column named '" + options.subject_column + "' (--subject-column)",
                             Location(path, header_line));
    }
  }

  // The whole file fits in its first block: the memo's probing would not pay, as most of a
  // small file's columns never repeat kProbeLookups times (the many-small-files case).
  const bool whole_file_read =
      reader->input_size() > 0 && reader->input_read() >= reader->input_size();

  // Pilot: classify a copy of the first block to choose the subject and minors columns.
  SubjectHasher hasher(options.key, classifier);
  SubjectPlan plan;
  uint64_t estimated_rows = 0;
  uint64_t estimated_subjects = 0;
  {
    SubjectPlan no_plan;
    Worker pilot(classifier, hasher, no_plan, options, *reader, header, nullptr, nullptr,
                 /*use_memo=*/false);
    io::RecordBlock copy = *first;
    copy.data.reserve(copy.data.size() + io::kBlockPadding);
    XB_RETURN_IF_ERROR(pilot.ProcessBlock(&copy));
    plan = ChoosePlan(pilot, classifier, options.subject_column);
    // Rows in the whole file, extrapolated from the first block, to size the distinct sets
    // once instead of rehashing them as they grow (an over-estimate only reserves address
    // space: DistinctSet zeroes lazily).
    if (reader->input_size() > 0 && !first->data.empty()) {
      estimated_rows = static_cast<uint64_t>(static_cast<double>(pilot.rows) *
                                             static_cast<double>(reader->input_size()) /
                                             static_cast<double>(first->data.size()));
    }
    // Individuals, not rows, fill the sets: in a file of many rows, a subject column that
    // repeats its values in the first block (a customer per order line, a city) gets a set sized
    // for its share of distinct values, so memory follows the individuals rather than the file's
    // size. The sets still grow if the rest of the file holds more. A smaller file reserves for
    // its rows, cheaply, and is spared a third pass over its first block (most of its work).
    constexpr uint64_t kSampleAboveRows = uint64_t{1} << 20;
    if (estimated_rows <= kSampleAboveRows) {
      estimated_subjects = std::max(estimated_rows, pilot.rows);
    } else if (!plan.subject_column.empty() && pilot.rows > 0) {
      Worker sampler(classifier, hasher, plan, options, *reader, header, nullptr, nullptr,
                     /*use_memo=*/false);
      io::RecordBlock sample = *first;
      sample.data.reserve(sample.data.size() + io::kBlockPadding);
      XB_RETURN_IF_ERROR(sampler.ProcessBlock(&sample));
      XB_RETURN_IF_ERROR(sampler.Finish());
      estimated_subjects = static_cast<uint64_t>(static_cast<double>(estimated_rows) *
                                                 static_cast<double>(sampler.subjects.size()) /
                                                 static_cast<double>(sampler.rows));
    }
    if (!delimited && !options.subject_column.empty() &&
        std::none_of(pilot.columns.begin(), pilot.columns.end(),
                     [&](const Worker::Column& c) { return c.name == options.subject_column; })) {
      return InvalidArgument(
          "no key named '" + options.subject_column + "' in the first records (--subject-column)",
          Location(path));
    }
  }

  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<Worker>> workers;
  constexpr uint64_t kMaxReserve = uint64_t{1} << 26;  // 2^27 slots, 2 GiB of address space
  for (int i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<Worker>(classifier, hasher, plan, options, *reader, header,
                                               options.text_detector, budget, !whole_file_read));
    // Under a memory limit the sets grow as needed instead: an estimate is not a need.
    if (!plan.subject_column.empty() && budget == nullptr) {
      workers.back()->subjects.Reserve(
          std::min(kMaxReserve, estimated_subjects / static_cast<uint64_t>(threads) + 1024));
    }
  }
  if (threads == 1 || options.sequential) {
    // Read and classify on this thread, no queue; blocks go to the workers in turn.
    io::RecordBlock* block = first.get();
    for (size_t next = 0;; ++next) {
      XB_RETURN_IF_ERROR(workers[next % workers.size()]->ProcessBlock(block));
      XB_ASSIGN_OR_RETURN(bool more, reader->Next(block));
      if (!more) break;
      Report(options, *reader);
    }
    for (auto& worker : workers) XB_RETURN_IF_ERROR(worker->Finish());
  } else {
    XB_RETURN_IF_ERROR(RunParallel(reader.get(), std::move(first), &workers, options));
  }

  if (options.memo_peak_bytes != nullptr) {
    *options.memo_peak_bytes = 0;
    for (const auto& worker : workers) {
      *options.memo_peak_bytes = std::max(*options.memo_peak_bytes, worker->memo_budget.peak());
    }
  }
  std::vector<Worker::Column> merged = MergeColumns(&workers, delimited, classifier.max_samples());
  DistinctSet subjects(budget), minors(budget);
  DatasetProfile profile;
  for (auto& worker : workers) {
    if (subjects.size() == 0) {
      subjects = std::move(worker->subjects);  // no copy for the first (or only) worker
    } else {
      subjects.Merge(worker->subjects);
    }
    minors.Merge(worker->minors);
    profile.rows += worker->rows;
    profile.ragged_rows += worker->ragged;
    if (worker->first_ragged_line != 0 &&
        (profile.first_ragged_line == 0 || worker->first_ragged_line < profile.first_ragged_line)) {
      profile.first_ragged_line = worker->first_ragged_line;
    }
  }
  if (profile.rows == 0) {
    return InvalidArgument(
        delimited ? "no data rows (header only)" : "no records (blank lines only)",
        Location(path, header_line));
  }

  profile.path = path;
  profile.first_record_is_data = first_record_is_data;
  if (first_record_is_data) {
    profile.warnings.push_back(
        "the first row holds personal data, not column names: it is read as data, and the "
        "columns are named column_1 to column_" +
        std::to_string(header.size()));
  }
  profile.format = reader->format();
  profile.encoding = reader->encoding();
  profile.delimiter = delimited ? reader->delimiter() : 0;
  profile.bytes = reader->input_read();
  if (!plan.subject_column.empty()) {
    profile.subject_column = plan.subject_column;
    profile.subject_type = plan.subject_type;
    profile.individuals = subjects.size();
  }
  if (!plan.minors_column.empty()) {
    profile.minors_column = plan.minors_column;
    profile.minors_under_14 = minors.size();
  }
  for (Worker::Column& c : merged) {
    ColumnProfile column;
    column.name = c.name;
    // Names the scanner made up (column_N) are safe; names from the file are vetted.
    column.name_holds_data = !(delimited && (first_record_is_data || !options.read.has_header)) &&
                             NameHoldsData(classifier, options.text_detector, c.name);
    if (column.name_holds_data) {
      profile.warnings.push_back("the name of column " +
                                 std::to_string(profile.columns.size() + 1) +
                                 " holds personal data; it is referred to by its position");
    }
    column.verdict = classifier.Decide(c.name, c.stats);
    column.cells = c.stats.cells;
    column.non_empty = c.stats.non_empty;
    if (options.keep_samples) column.masked_samples = std::move(c.stats.masked_samples);
    if (c.text.cells() > 0) {
      column.text = TextProfile{c.text.cells(), c.text.cells_with_findings(), c.text.Entities()};
    }
    if (options.taxonomy != nullptr) {
      const bool has_minors = profile.minors_under_14.value_or(0) > 0;
      if (column.verdict.type) {
        GradeColumn(*options.taxonomy, has_minors, &column);
      } else if (column.text) {
        GradeTextColumn(*options.taxonomy, has_minors, &column);
      }
    }
    profile.columns.push_back(std::move(column));
  }
  return profile;
}

}  // namespace

Result<DatasetProfile> ScanDataset(const std::string& path, const ColumnClassifier& classifier,
                                   const ScanOptions& options) {
  std::optional<MemoryBudget> budget;
  if (options.subject_memory_limit > 0) budget.emplace(options.subject_memory_limit);
  MemoryBudget* budget_ptr = budget ? &*budget : nullptr;
  // The pilot and a one-thread scan validate on this thread, which may live on (serve).
  ScopeGuard forget_id([] { ForgetLastResidentId(); });
  try {
    return ScanOrThrow(path, classifier, options, budget_ptr);
  } catch (const std::bad_alloc&) {
    // The worker threads report their own failures as values; this is the calling thread's
    // (reading blocks, sizing or merging the sets), after every worker was joined.
    return OutOfMemory(budget_ptr, Location(path));
  } catch (const std::system_error& e) {  // a thread could not be started
    return MakeError(ErrorCode::kResourceExhausted, e.what(), Location(path));
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected exception: ") + e.what(), Location(path));
  }
}

Result<std::vector<std::string>> ExpandScanPaths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    if (path == "-") {
      out.push_back(path);
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return NotFound("no such file or directory", Location(path));
    if (!fs::is_directory(status)) {
      out.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string file = it->path().string();
      if (io::FormatFromExtension(file) != io::TableFormat::kAuto) found.push_back(file);
    }
    if (ec) return IoError("cannot list directory: " + ec.message(), Location(path));
    if (found.empty()) {
      return InvalidArgument("no table files (.csv .tsv .jsonl ...) in this directory",
                             Location(path));
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace xb::scan
