#include "detect/text/text_detector.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_set>
#include <utility>

#include "core/atomic_file.h"
#include "core/locations.h"
#include "core/utf8.h"
#include "detect/lexicon.h"
#include "detect/text/address_recognizer.h"
#include "detect/text/chinese_name_recognizer.h"
#include "detect/text/context_index.h"
#include "detect/text/digit_run_shapes.h"
#include "detect/text/document.h"
#include "detect/text/hand_shapes.h"
#include "detect/text/identifier_recognizer.h"
#include "detect/text/latin_name_recognizer.h"
#include "detect/text/match_starts.h"
#include "detect/text/normalized_text.h"
#include "detect/text/text_patterns.h"
#include "detect/text/utf8_inline.h"

namespace xb {

using text::AdminHit;
using text::Candidate;
using text::Document;
using text::PatternKind;
using text::Tier;

struct TextDetector::Impl {
  text::TextPatterns patterns;
  std::unique_ptr<text::ChineseNameRecognizer> chinese_names;
  std::unique_ptr<text::LatinNameRecognizer> latin_names;
  std::unique_ptr<text::AddressRecognizer> addresses;
  std::unordered_set<int> area_codes;
  CivilDate today;
  float min_score = 0.5f;
};

namespace {

// Per-thread buffers reused across documents, so the steady state allocates nothing.
struct Workspace {
  text::NormalizedText normalized;
  Document doc;
  std::vector<text::RawMatch> matches;
  text::MatchStarts starts;
  text::ContextIndex context;
  std::vector<Candidate> candidates;
  std::vector<AdminHit> admin;
  struct Shape {
    PatternKind kind;
    uint32_t from;
    uint32_t to;
  };
  std::vector<Shape> shapes;
  std::vector<text::ShapeMatch> hand;
  std::vector<uint32_t> ends;
  // One flag per code point of the longest document seen; all zero between documents (Detect
  // clears the spans it set), so a document costs its findings, not its length.
  std::vector<uint8_t> taken;
};

// This thread's workspace: buffers that keep their capacity from one document to the next.
Workspace& ThreadWorkspace() {
  thread_local Workspace ws;
  return ws;
}

// Fills doc from s in one pass. The vectors are sized for the worst case (one code point per
// byte) and trimmed, so the loop writes through pointers and the steady state allocates nothing.
void Decode(std::string_view s, Document* doc) {
  const size_t n = s.size();
  doc->text = s;
  doc->cps.resize(n);
  doc->byte.resize(n + 1);
  doc->cp_of_byte.resize(n + 1);
  char32_t* cps = doc->cps.data();
  uint32_t* byte = doc->byte.data();
  uint32_t* cp_of_byte = doc->cp_of_byte.data();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  uint32_t k = 0;
  for (size_t i = 0; i < n;) {
    // Eight ASCII bytes at once: one code point each.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        for (size_t j = 0; j < 8; ++j) {
          byte[k + j] = static_cast<uint32_t>(i + j);
          cps[k + j] = p[i + j];
          cp_of_byte[i + j] = static_cast<uint32_t>(k + j);
        }
        i += 8;
        k += 8;
        continue;
      }
    }
    const unsigned c = p[i];
    byte[k] = static_cast<uint32_t>(i);
    if (c < 0x80) {
      cps[k] = c;
      cp_of_byte[i++] = k++;
      continue;
    }
    const utf8::Decoded d = text::DecodeAt(p + i, n - i);
    cps[k] = d.code_point;
    if (d.length == 3) {  // most Chinese characters
      cp_of_byte[i] = cp_of_byte[i + 1] = cp_of_byte[i + 2] = k;
    } else {
      for (size_t j = 0; j < d.length; ++j) cp_of_byte[i + j] = k;
    }
    i += d.length;
    ++k;
  }
  byte[k] = static_cast<uint32_t>(n);
  cp_of_byte[n] = k;
  doc->cps.resize(k);
  doc->byte.resize(k + 1);
}

float DictionaryScore(EntityType type) {
  switch (type) {
    case EntityType::kEthnicity:
      return 0.9f;
    case EntityType::kGender:
      return 0.8f;
    default:
      return 0.85f;
  }
}

Result<std::unordered_set<int>> LoadAreaCodes(const std::string& data_dir) {
  const std::string path = data_dir + "/cn-admin-divisions/areas.csv";
  XB_ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
  std::unordered_set<int> codes;
  size_t pos = 0;
  while (pos < contents.size()) {
    size_t eol = contents.find('\n', pos);
    if (eol == std::string::npos) eol = contents.size();
    if (eol - pos > 6 && contents[pos] >= '0' && contents[pos] <= '9') {
      codes.insert(std::atoi(contents.c_str() + pos));
    }
    pos = eol + 1;
  }
  return codes;
}

}  // namespace

TextDetector::TextDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextDetector::~TextDetector() = default;

float TextDetector::min_score() const { return impl_->min_score; }

Result<std::unique_ptr<TextDetector>> TextDetector::Create(const TextDetectorOptions& options) {
  auto impl = std::make_unique<Impl>();
  const std::string dir = options.data_dir.empty() ? LocateDataDir() : options.data_dir;
  XB_ASSIGN_OR_RETURN(impl->patterns, text::BuildTextPatterns(dir));
  XB_ASSIGN_OR_RETURN(impl->chinese_names, text::ChineseNameRecognizer::Load(dir));
  XB_ASSIGN_OR_RETURN(impl->latin_names, text::LatinNameRecognizer::Load(dir));
  XB_ASSIGN_OR_RETURN(impl->addresses, text::AddressRecognizer::Load(dir));
  XB_ASSIGN_OR_RETURN(impl->area_codes, LoadAreaCodes(dir));
  impl->today = options.today.value_or(CivilDate::TodayInChina());
  impl->min_score = options.min_score;
  return std::unique_ptr<TextDetector>(new TextDetector(std::move(impl)));
}

Status TextDetector::Detect(std::string_view input, std::vector<TextFinding>* findings) const {
  try {
    return DetectOrThrow(input, findings);
  } catch (const std::bad_alloc&) {
    findings->clear();
    ThreadWorkspace().taken.clear();  // its flags may have been left set: start it afresh
    return MakeError(ErrorCode::kResourceExhausted, "out of memory detecting entities in text");
  }
}

Status TextDetector::DetectOrThrow(std::string_view input,
                                   std::vector<TextFinding>* findings) const {
  findings->clear();
  if (input.empty()) return Status::Ok();
  Workspace& ws = ThreadWorkspace();
  ws.normalized.Reset(input);
  Document& doc = ws.doc;
  Decode(ws.normalized.text(), &doc);
  ws.matches.clear();
  ws.context.Clear();
  ws.candidates.clear();
  ws.admin.clear();
  ws.shapes.clear();

  // One pass of the pattern set. A failed scan is an error, not an empty result: without the
  // patterns only the name recognisers would run, and the text would look free of identifiers.
  XB_RETURN_IF_ERROR(impl_->patterns.set->Scan(doc.text, &ws.matches));
  ws.starts.Reset(&impl_->patterns, doc.text);
  for (const text::RawMatch& m : ws.matches) {
    const text::PatternInfo& info = impl_->patterns.info[m.id];
    XB_ASSIGN_OR_RETURN(const uint32_t from_byte, ws.starts.StartOf(m));
    const uint32_t s = doc.CpAt(from_byte);
    const uint32_t e = doc.CpAt(m.to);
    if (info.word_bounded &&
        ((s > 0 && text::IsAsciiAlnum(doc.at(s - 1))) || text::IsAsciiAlnum(doc.at(e)))) {
      continue;
    }
    switch (info.kind) {
      case PatternKind::kContext:
        ws.context.Add(static_cast<text::ContextClass>(info.payload), s, e);
        break;
      case PatternKind::kDictionary: {
        auto type = static_cast<EntityType>(info.payload);
        ws.candidates.push_back({type, s, e, DictionaryScore(type), Tier::kDictionary, false});
        break;
      }
      case PatternKind::kAdmin:
        ws.admin.push_back({s, e, info.payload});
        break;
      default:
        ws.shapes.push_back({info.kind, s, doc.CpAt(text::TokenEnd(info.kind, doc.text, m.to))});
    }
  }

  ws.hand.clear();
  text::FindHandShapes(doc.text, &ws.hand);
  text::FindDigitRunShapes(doc.text, &ws.hand);
  for (const text::ShapeMatch& m : ws.hand) {
    ws.shapes.push_back(
        {m.kind, doc.CpAt(m.from), doc.CpAt(text::TokenEnd(m.kind, doc.text, m.to))});
  }

  // Shapes: group the ends each (kind, start) was reported with, longest first.
  std::sort(ws.shapes.begin(), ws.shapes.end(), [](const auto& a, const auto& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.from != b.from) return a.from < b.from;
    return a.to > b.to;
  });
  const text::IdentifierEnv env{impl_->today, &impl_->area_codes};
  for (size_t i = 0; i < ws.shapes.size();) {
    size_t j = i;
    ws.ends.clear();
    while (j < ws.shapes.size() && ws.shapes[j].kind == ws.shapes[i].kind &&
           ws.shapes[j].from == ws.shapes[i].from) {
      if (ws.ends.size() < 40 && (ws.ends.empty() || ws.ends.back() != ws.shapes[j].to)) {
        ws.ends.push_back(ws.shapes[j].to);
      }
      ++j;
    }
    text::RecognizeIdentifier(ws.shapes[i].kind, ws.shapes[i].from, ws.ends, doc, ws.context, env,
                              &ws.candidates);
    i = j;
  }

  std::sort(ws.admin.begin(), ws.admin.end(),
            [](const AdminHit& a, const AdminHit& b) { return a.start < b.start; });
  if (utf8::HasNonAscii(doc.text)) {
    impl_->chinese_names->Find(doc, &ws.candidates);
    impl_->addresses->Find(doc, ws.admin, ws.context, &ws.candidates);
  }
  impl_->latin_names->Find(doc, &ws.candidates);

  // Health words gain from a clinical context ("诊断：", "diagnosed with").
  for (Candidate& c : ws.candidates) {
    if (c.type == EntityType::kHealth && c.tier == Tier::kDictionary &&
        ws.context.Near(text::ContextClass::kHealth, c.start, c.end, 12, 4)) {
      c.score = 0.95f;
    }
  }

  // Overlaps: the stronger kind of evidence wins, then the longer span, then the score.
  auto& cands = ws.candidates;
  cands.erase(std::remove_if(cands.begin(), cands.end(),
                             [this](const Candidate& c) {
                               return c.score < impl_->min_score || c.end <= c.start;
                             }),
              cands.end());
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.tier != b.tier) return a.tier > b.tier;
    if (a.end - a.start != b.end - b.start) return a.end - a.start > b.end - b.start;
    if (a.score != b.score) return a.score > b.score;
    return a.start < b.start;
  });
  if (ws.taken.size() < doc.size()) ws.taken.resize(doc.size(), 0);
  for (const Candidate& c : cands) {
    // Free when no code point of the span is taken (c.end > c.start: empty spans were dropped).
    if (std::memchr(ws.taken.data() + c.start, 1, c.end - c.start) != nullptr) continue;
    std::fill(ws.taken.begin() + c.start, ws.taken.begin() + c.end, 1);
    TextFinding f;
    f.type = c.type;
    f.start = c.start;
    f.end = c.end;
    f.byte_start = static_cast<uint32_t>(ws.normalized.ToOriginal(doc.byte[c.start]));
    f.byte_end = static_cast<uint32_t>(ws.normalized.ToOriginal(doc.byte[c.end]));
    f.score = c.score;
    f.masked = c.masked;
    findings->push_back(f);
  }
  for (const TextFinding& f : *findings) {
    std::fill(ws.taken.begin() + f.start, ws.taken.begin() + f.end, 0);
  }
  std::sort(findings->begin(), findings->end(),
            [](const TextFinding& a, const TextFinding& b) { return a.start < b.start; });
  return Status::Ok();
}

}  // namespace xb
