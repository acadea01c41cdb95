#include "report/facts.h"

namespace xb::report {

int64_t JsonInt(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

std::string JsonStr(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

bool JsonBool(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

void FactSet::Add(std::string id, nlohmann::json value, FactSource source) {
  for (Fact& f : facts_) {
    if (f.id == id) {
      f.value = std::move(value);
      f.source = std::move(source);
      return;
    }
  }
  facts_.push_back(Fact{std::move(id), std::move(value), std::move(source)});
}

const std::string& FactSet::AddBlank(std::string id, std::string needed_zh, std::string needed_en) {
  for (BlankFact& b : blanks_) {
    if (b.id == id) return b.id;
  }
  blanks_.push_back(BlankFact{std::move(id), std::move(needed_zh), std::move(needed_en)});
  return blanks_.back().id;
}

bool FactSet::Has(std::string_view id) const {
  for (const Fact& f : facts_) {
    if (f.id == id) return true;
  }
  return false;
}

const nlohmann::json& FactSet::Value(std::string_view id) const {
  static const nlohmann::json kNull;
  for (const Fact& f : facts_) {
    if (f.id == id) return f.value;
  }
  return kNull;
}

std::string FactSet::Str(std::string_view id) const {
  const nlohmann::json& v = Value(id);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  return "";
}

int64_t FactSet::Int(std::string_view id) const {
  const nlohmann::json& v = Value(id);
  return v.is_number() ? v.get<int64_t>() : 0;
}

bool FactSet::Bool(std::string_view id) const {
  const nlohmann::json& v = Value(id);
  return v.is_boolean() && v.get<bool>();
}

const FactSource* FactSet::SourceOf(std::string_view id) const {
  for (const Fact& f : facts_) {
    if (f.id == id) return &f.source;
  }
  return nullptr;
}

const BlankFact* FactSet::FindBlank(std::string_view id) const {
  for (const BlankFact& b : blanks_) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

nlohmann::json FactSet::ToJson() const {
  nlohmann::json facts = nlohmann::json::array();
  for (const Fact& f : facts_) {
    nlohmann::json source = {{"kind", f.source.kind}};
    if (!f.source.ref.empty()) source["ref"] = f.source.ref;
    if (!f.source.citation.empty()) source["citation"] = f.source.citation;
    if (!f.source.tag.empty()) source["tag"] = f.source.tag;
    facts.push_back({{"id", f.id}, {"value", f.value}, {"source", source}});
  }
  nlohmann::json blanks = nlohmann::json::array();
  for (const BlankFact& b : blanks_) {
    blanks.push_back({{"id", b.id}, {"needed", {{"zh", b.needed_zh}, {"en", b.needed_en}}}});
  }
  return {{"facts", facts}, {"blanks", blanks}};
}

}  // namespace xb::report
