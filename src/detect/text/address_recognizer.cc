#include "detect/text/address_recognizer.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "core/utf8.h"
#include "detect/text/word_list.h"

namespace xb::text {
namespace {

// Characters that end a road or compound name when walking back from its term: function words,
// verbs of motion and living, punctuation is already excluded by IsHan.
constexpr std::u32string_view kNameStops =
    U"的了在是与及或我你他她它们这那个不也都就还很把被从往向去来到送寄搬住于为给请已将要想说有没址";

bool IsNameStop(char32_t c) { return kNameStops.find(c) != std::u32string_view::npos; }

// starts_ bits.
constexpr uint8_t kStartsTerm = 1;        // a road, place or admin term
constexpr uint8_t kStartsNumberTerm = 2;  // a number term (号, 栋, 室 …)

bool IsNumberChar(char32_t c) {
  static constexpr std::u32string_view kNumerals = U"一二三四五六七八九十百零〇两";
  return IsAsciiAlnum(c) || kNumerals.find(c) != std::u32string_view::npos;
}

}  // namespace

Result<std::unique_ptr<AddressRecognizer>> AddressRecognizer::Load(const std::string& data_dir) {
  std::unique_ptr<AddressRecognizer> r(new AddressRecognizer());
  const std::string path = data_dir + "/text/address_terms.tsv";
  XB_ASSIGN_OR_RETURN(std::vector<WordListLine> lines, ReadWordList(path));
  std::unordered_map<char32_t, std::vector<Term>> terms;
  r->starts_.assign(0x10000, 0);
  for (const WordListLine& line : lines) {
    TermKind kind;
    const std::string& k = line.fields[0];
    if (line.fields.size() != 2)
      return ParseError("expected <kind>\\t<term>", Location(path, line.line));
    if (k == "road") {
      kind = TermKind::kRoad;
    } else if (k == "number") {
      kind = TermKind::kNumber;
    } else if (k == "place") {
      kind = TermKind::kPlace;
    } else if (k == "admin") {
      kind = TermKind::kAdmin;
    } else {
      return ParseError("unknown term kind", Location(path, line.line, "kind"));
    }
    std::u32string text = utf8::DecodeAll(line.fields[1]);
    terms[text[0]].push_back({text, kind});
    if (text[0] < r->starts_.size())
      r->starts_[text[0]] |= kind == TermKind::kNumber ? kStartsNumberTerm : kStartsTerm;
  }
  for (auto& [first, group] : terms) {
    std::stable_sort(group.begin(), group.end(),
                     [](const Term& a, const Term& b) { return a.text.size() > b.text.size(); });
  }
  r->terms_.Build(terms);
  return r;
}

size_t AddressRecognizer::TermAt(const Document& doc, size_t i, bool numbers,
                                 TermKind* kind) const {
  const char32_t c = doc.cps[i];
  if (c < starts_.size() && !(starts_[c] & (numbers ? kStartsNumberTerm : kStartsTerm))) return 0;
  for (const Term& t : terms_.For(c)) {
    if ((t.kind == TermKind::kNumber) != numbers) continue;
    if (i + t.text.size() > doc.size()) continue;
    if (SameCodePoints(t.text, doc.cps.data() + i)) {
      *kind = t.kind;
      return t.text.size();
    }
  }
  return 0;
}

size_t AddressRecognizer::NumberAt(const Document& doc, size_t i, TermKind previous) const {
  size_t j = i;
  while (j < doc.size() && j - i < 10 &&
         (IsNumberChar(doc.cps[j]) || (j > i && doc.cps[j] == '-'))) {
    ++j;
  }
  if (j == i) return 0;
  TermKind kind;
  if (j < doc.size()) {
    if (size_t len = TermAt(doc, j, /*numbers=*/true, &kind)) return j + len;
  }
  // A bare room number after a building or unit ("2单元301"), or "3-2-301".
  bool digits_only = true;
  for (size_t k = i; k < j; ++k)
    digits_only = digits_only && (IsAsciiDigit(doc.cps[k]) || doc.cps[k] == '-');
  if (digits_only && j - i >= 3 && previous == TermKind::kNumber && !IsHan(doc.at(j)) &&
      !IsAsciiAlpha(doc.at(j))) {
    return j;
  }
  return 0;
}

void AddressRecognizer::Find(const Document& doc, const std::vector<AdminHit>& admin,
                             const ContextIndex& context, std::vector<Candidate>* out) const {
  const size_t n = doc.size();
  thread_local std::vector<Component> comps;  // reused per thread: no allocation per document
  comps.clear();
  size_t next_admin = 0;
  size_t last_end = 0;
  for (size_t i = 0; i < n;) {
    // A gazetteer name starting here wins over term parsing.
    while (next_admin < admin.size() && admin[next_admin].start < i) ++next_admin;
    if (next_admin < admin.size() && admin[next_admin].start == i) {
      uint32_t end = admin[next_admin].end;
      while (next_admin + 1 < admin.size() && admin[next_admin + 1].start == i) {
        end = std::max(end, admin[++next_admin].end);
      }
      // A division name directly followed by a road or compound term is that road's name
      // (中山路, 北京路, 麓山南路 with 山南 a prefecture): let the term scan take it.
      TermKind following;
      if (end < n && TermAt(doc, end, /*numbers=*/false, &following) &&
          following != TermKind::kAdmin) {
        i = end;
        continue;
      }
      comps.push_back({static_cast<uint32_t>(i), end, TermKind::kAdmin, admin[next_admin].level});
      last_end = i = end;
      continue;
    }
    // Most Han characters start no term: test the bit here, without a call to TermAt.
    const char32_t c = doc.cps[i];
    if (!IsHan(c) || (c < starts_.size() && !(starts_[c] & kStartsTerm))) {
      ++i;
      continue;
    }
    TermKind kind;
    size_t len = TermAt(doc, i, /*numbers=*/false, &kind);
    if (len == 0) {
      ++i;
      continue;
    }
    const size_t max_name = kind == TermKind::kRoad ? 5 : kind == TermKind::kPlace ? 6 : 4;
    size_t s = i;
    const bool follows_component = !comps.empty() && comps.back().end == last_end;
    if (follows_component && i > last_end && i - last_end <= max_name) {
      s = last_end;  // right after a division or road the whole gap is this name (和平路)
      for (size_t k = last_end; k < i; ++k) {
        if (!IsHan(doc.cps[k])) s = i;
      }
    }
    if (s == i) {
      while (s > last_end && i - s < max_name && IsHan(doc.cps[s - 1]) &&
             !IsNameStop(doc.cps[s - 1])) {
        --s;
      }
    }
    const bool adjacent = s == last_end && !comps.empty() && comps.back().end == s;
    if (s == i && !adjacent) {  // a bare term ("路", "小区") names nothing
      i += len;
      continue;
    }
    if (kind == TermKind::kRoad && len == 1 && doc.cps[i] == U'道' && i - s < 2) {
      i += len;  // 知道, 通道: "道" ends a road name only after two characters
      continue;
    }
    comps.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(i + len), kind,
                     static_cast<uint8_t>(kind == TermKind::kAdmin ? 4 : 0)});
    last_end = i += len;
  }

  // Link adjacent components into chains, growing each with the numbers that follow.
  for (size_t c = 0; c < comps.size();) {
    const uint32_t start = comps[c].start;
    uint32_t end = comps[c].end;
    int divisions = 0, streets = 0, numbers = 0;
    uint8_t finest = comps[c].level;
    TermKind previous = comps[c].kind;
    auto count = [&](TermKind k) {
      if (k == TermKind::kAdmin) ++divisions;
      if (k == TermKind::kRoad || k == TermKind::kPlace) ++streets;
      if (k == TermKind::kNumber) ++numbers;
    };
    count(comps[c].kind);
    size_t next = c + 1;
    while (true) {
      if (size_t num_end = NumberAt(doc, end, previous)) {
        end = static_cast<uint32_t>(num_end);
        previous = TermKind::kNumber;
        ++numbers;
        continue;
      }
      // An estate or building whose name has no known suffix, followed by its units:
      // "…88号锦绣国际2栋", "…路3号海悦华庭20栋301室".
      if (previous == TermKind::kNumber || previous == TermKind::kRoad) {
        size_t j = end;
        while (j < n && j - end < 6 && IsHan(doc.cps[j]) && !IsNameStop(doc.cps[j])) ++j;
        bool absorbed = false;
        for (size_t k = j; k > end + 1 && !absorbed; --k) {
          if (size_t num_end = NumberAt(doc, k, TermKind::kPlace)) {
            end = static_cast<uint32_t>(num_end);
            previous = TermKind::kNumber;
            ++streets;
            ++numbers;
            absorbed = true;
          }
        }
        if (absorbed) continue;
        // An institution at the number: "…珞喻路1037号华中科技大学".
        if (previous == TermKind::kNumber) {
          static constexpr std::u32string_view kInstitutions[] = {
              U"大学", U"学院", U"医院", U"中学", U"小学", U"大厦", U"酒店", U"宾馆", U"商场"};
          size_t k = end;
          while (k < n && k - end < 10 && IsHan(doc.cps[k]) && !IsNameStop(doc.cps[k])) ++k;
          for (; k >= end + 3 && !absorbed; --k) {
            for (std::u32string_view suffix : kInstitutions) {
              if (std::u32string_view(doc.cps.data() + k - 2, 2) == suffix) {
                end = static_cast<uint32_t>(k);
                ++streets;
                absorbed = true;
                break;
              }
            }
          }
          if (absorbed) continue;
        }
      }
      while (next < comps.size() && comps[next].start < end) ++next;
      uint32_t gap_end = end;
      if (doc.at(gap_end) == ' ' && next < comps.size() && comps[next].start == gap_end + 1)
        ++gap_end;
      if (next < comps.size() && comps[next].start == gap_end) {
        end = comps[next].end;
        previous = comps[next].kind;
        finest = std::max(finest, comps[next].level);
        count(previous);
        ++next;
        continue;
      }
      break;
    }
    const int parts = divisions + streets + numbers;
    const bool address_word = context.Before(ContextClass::kAddress, start, 8).has_value();
    bool specific = (divisions >= 1 && streets + numbers >= 1) || (streets >= 1 && numbers >= 1) ||
                    (streets >= 1 && address_word);
    float score = std::min(0.95f, 0.55f + 0.08f * static_cast<float>(parts));
    // Divisions alone ("北京市朝阳区") are an address down to county level or after an
    // address word; a province and a city ("四川成都") are only a region.
    if (!specific && divisions >= 2 && (finest >= 3 || address_word)) {
      specific = true;
      score = 0.55f;
    }
    if (specific) {
      if (address_word) score = std::min(0.97f, score + 0.15f);
      out->push_back({EntityType::kAddress, start, end, score, Tier::kAddress, false});
    }
    c = next;
  }
}

}  // namespace xb::text
