#include "rules/definitions.h"

#include <algorithm>

namespace xb::rules {
namespace {

// The characters of one word of the condition language: fact names (exporter.ciio), symbols
// (shanghai-lingang), numbers (1_000_000) and dates (2024-03-22). Splitting on anything else
// finds every name a condition uses without tokenizing it fully.
bool WordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool ValidName(const std::string& name) {
  return !name.empty() && name[0] >= 'a' && name[0] <= 'z' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool IsFactOrValue(const std::string& name, const FactModel& model) {
  if (model.Find(name)) return true;
  for (int id = 0; id < kNumFacts; ++id) {
    if (model.SymbolIndex(id, name)) return true;
  }
  return false;
}

}  // namespace

Status Definitions::Add(const std::string& name, const std::string& condition,
                        const FactModel& model) {
  if (!ValidName(name)) {
    return InvalidArgument("'" + name + "': a definition's name is lower_case_with_underscores");
  }
  if (by_name_.count(name) != 0) return InvalidArgument("'" + name + "' is defined twice");
  if (IsFactOrValue(name, model)) {
    return InvalidArgument("'" + name + "' is a fact or a value of a fact; choose another name");
  }
  if (Expand(condition) != condition) {
    return InvalidArgument("'" + name + "' uses another definition; write its condition out");
  }
  by_name_.emplace(name, condition);
  return Status::Ok();
}

std::string Definitions::Expand(std::string_view text) const {
  if (by_name_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!WordChar(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && WordChar(text[end])) ++end;
    const std::string_view word = text.substr(i, end - i);
    auto it = by_name_.find(word);
    if (it == by_name_.end()) {
      out += word;
    } else {
      out += "(" + it->second + ")";
    }
    i = end;
  }
  return out;
}

}  // namespace xb::rules
