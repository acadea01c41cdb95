#include "detect/dictionary.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/strings.h"
#include "core/utf8.h"
#include "core/word_hash.h"

namespace xb {
namespace {

uint64_t HashBytes(std::string_view s) { return WordHash(s); }

uint16_t Tag(uint64_t hash) { return static_cast<uint16_t>(hash >> 48); }

}  // namespace

std::string_view FoldAsciiCase(std::string_view in, char* out) {
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(out, in.size());
}

Result<Dictionary> Dictionary::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open dictionary", Location(path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return IoError("cannot read dictionary", Location(path));
  const std::string text = buffer.str();
  Dictionary dict;
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 BOM
  int64_t line_no = 0;
  char folded[kMaxEntryBytes];
  while (!rest.empty()) {
    ++line_no;
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    line = TrimBlanks(line);
    if (line.empty() || line.front() == '#') continue;
    if (!utf8::IsValid(line)) {
      return ParseError("entry is not valid UTF-8", Location(path, line_no));
    }
    if (line.size() > kMaxEntryBytes) {
      return ParseError("entry longer than " + std::to_string(kMaxEntryBytes) + " bytes",
                        Location(path, line_no));
    }
    dict.Insert(FoldAsciiCase(line, folded));
  }
  return dict;
}

Result<Dictionary> Dictionary::FromEntries(const std::vector<std::string>& entries,
                                           std::string_view source) {
  Dictionary dict;
  char folded[kMaxEntryBytes];
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string_view e = TrimBlanks(entries[i]);
    if (e.empty()) continue;
    if (!utf8::IsValid(e) || e.size() > kMaxEntryBytes) {
      return InvalidArgument("entry " + std::to_string(i) +
                                 " is not valid UTF-8 or is longer than " +
                                 std::to_string(kMaxEntryBytes) + " bytes",
                             Location(std::string(source)));
    }
    dict.Insert(FoldAsciiCase(e, folded));
  }
  return dict;
}

void Dictionary::Rehash(size_t slots) {
  slots_.assign(slots, Slot{});
  for (size_t k = 0; k < order_offsets_.size(); ++k) {
    const std::string_view e(arena_.data() + order_offsets_[k], order_lengths_[k]);
    const uint64_t hash = HashBytes(e);
    const size_t at = Find(e, hash);
    slots_[at] = Slot{order_offsets_[k], static_cast<uint32_t>(k), order_lengths_[k], Tag(hash)};
  }
}

size_t Dictionary::Find(std::string_view folded, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.length == 0) return i;
    if (s.length == folded.size() && s.tag == Tag(hash) &&
        std::memcmp(arena_.data() + s.offset, folded.data(), folded.size()) == 0) {
      return i;
    }
  }
}

void Dictionary::Insert(std::string_view folded) {
  if (slots_.empty()) Rehash(16);
  const uint64_t hash = HashBytes(folded);
  size_t at = Find(folded, hash);
  if (slots_[at].length != 0) return;  // duplicate
  const uint32_t offset = static_cast<uint32_t>(arena_.size());
  arena_.append(folded);
  order_offsets_.push_back(offset);
  order_lengths_.push_back(static_cast<uint16_t>(folded.size()));
  ++count_;
  max_length_ = std::max(max_length_, folded.size());
  min_length_ = count_ == 1 ? folded.size() : std::min(min_length_, folded.size());
  if (count_ * 2 > slots_.size()) {
    Rehash(slots_.size() * 2);  // re-inserts every entry, this one included
  } else {
    slots_[at] = Slot{offset, static_cast<uint32_t>(count_ - 1),
                      static_cast<uint16_t>(folded.size()), Tag(hash)};
  }
}

int64_t Dictionary::IndexOf(std::string_view word) const {
  if (count_ == 0 || word.size() < min_length_ || word.size() > max_length_) return -1;
  char folded[kMaxEntryBytes];
  const std::string_view key = FoldAsciiCase(word, folded);
  const Slot& slot = slots_[Find(key, HashBytes(key))];
  return slot.length == 0 ? -1 : static_cast<int64_t>(slot.index);
}

std::vector<std::string_view> Dictionary::Entries() const {
  std::vector<std::string_view> out;
  out.reserve(count_);
  for (size_t k = 0; k < order_offsets_.size(); ++k) {
    out.emplace_back(arena_.data() + order_offsets_[k], order_lengths_[k]);
  }
  return out;
}

}  // namespace xb
