#include "detect/text/pattern_set.h"

#include <hs/hs.h>

#include <atomic>
#include <new>
#include <string>
#include <vector>

namespace xb::text {
namespace {

// One scratch per thread, grown to fit every database the thread scans with (hs_alloc_scratch
// on an existing scratch enlarges it), freed when the thread ends.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  // The serial numbers of the sets fitted with hs_alloc_scratch (a detector scans with two, in
  // turns). Serial numbers, not addresses: a new database at a freed one's address needs its own
  // fitting, and Vectorscan does not always reject a scratch fitted for another database.
  std::vector<uint64_t> fitted;
  bool Fits(uint64_t serial) const {
    for (uint64_t f : fitted) {
      if (f == serial) return true;
    }
    return false;
  }
  ~ThreadScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};

// What a scan's match callback writes to. The callback runs inside Vectorscan's C code, which an
// exception must not cross: a failed append stops the scan and is reported from here.
struct MatchSink {
  std::vector<RawMatch>* out;
  bool out_of_memory = false;
};

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  auto* sink = static_cast<MatchSink*>(context);
  try {
    sink->out->push_back({id, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
  } catch (const std::bad_alloc&) {
    sink->out_of_memory = true;
    return 1;  // stop scanning
  }
  return 0;  // keep scanning
}

Error ScratchError() {
  return MakeError(ErrorCode::kResourceExhausted, "cannot allocate pattern scratch space");
}

}  // namespace

std::string EscapeLiteral(std::string_view literal) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(literal.size() * 4);
  for (unsigned char c : literal) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Result<std::unique_ptr<PatternSet>> PatternSet::Compile(const std::vector<PatternSpec>& specs) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  expressions.reserve(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    expressions.push_back(specs[i].expression.c_str());
    flags.push_back(specs[i].flags);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(specs.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    std::string message = "cannot compile text patterns";
    if (error != nullptr) {
      if (error->expression >= 0) message += " (pattern " + std::to_string(error->expression) + ")";
      message += ": ";
      message += error->message;
      hs_free_compile_error(error);
    }
    return Internal(message);
  }
  static std::atomic<uint64_t> next_serial{1};
  return std::unique_ptr<PatternSet>(new PatternSet(db, next_serial.fetch_add(1)));
}

PatternSet::~PatternSet() { hs_free_database(db_); }

Status PatternSet::Scan(std::string_view text, std::vector<RawMatch>* out) const {
  thread_local ThreadScratch tls;
  // hs_alloc_scratch costs far more than scanning a short document, so it runs only when this
  // thread meets a set it has not scanned with, or when Vectorscan rejects the scratch.
  if (tls.scratch == nullptr || !tls.Fits(serial_)) {
    if (hs_alloc_scratch(db_, &tls.scratch) != HS_SUCCESS) return ScratchError();
    if (tls.fitted.size() >= 16) tls.fitted.clear();  // bounded: databases come and go in tests
    tls.fitted.push_back(serial_);
  }
  const size_t before = out->size();
  MatchSink sink{out};
  const auto length = static_cast<unsigned>(text.size());
  hs_error_t rc = hs_scan(db_, text.data(), length, 0, tls.scratch, OnMatch, &sink);
  if (rc == HS_INVALID) {
    out->resize(before);
    if (hs_alloc_scratch(db_, &tls.scratch) != HS_SUCCESS) return ScratchError();
    rc = hs_scan(db_, text.data(), length, 0, tls.scratch, OnMatch, &sink);
  }
  if (rc == HS_SUCCESS) return Status::Ok();
  out->resize(before);
  if (sink.out_of_memory) {
    return MakeError(ErrorCode::kResourceExhausted, "out of memory collecting pattern matches");
  }
  return Internal("pattern scan failed (Vectorscan error " + std::to_string(rc) + ")");
}

}  // namespace xb::text
