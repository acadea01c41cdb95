#include "protect/adult_test_util.h"

#include <string_view>

#include "core/atomic_file.h"
#include "core/locations.h"

namespace xb::protect::testing {
namespace {

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = line.find(';', start);
    out.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

std::string AdultDir() { return xb::SourceTreeDir() + "/bench/data/adult"; }

Table LoadAdult() {
  auto text = ReadFile(AdultDir() + "/adult.csv");
  Table table(AdultColumns());
  if (!text.ok()) return table;
  std::string_view rest = *text;
  int64_t line = 0;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view l = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);  // the file has CRLF line ends
    if (++line == 1 || l.empty()) continue;
    auto fields = Split(l);
    if (fields.size() == table.column_count()) table.AppendRow(fields, line);
  }
  return table;
}

std::vector<std::unique_ptr<Hierarchy>> LoadAdultHierarchies() {
  std::vector<std::unique_ptr<Hierarchy>> out;
  for (const auto& name : AdultColumns()) {
    std::string path = AdultDir() + "/adult_hierarchy_" + name + ".csv";
    auto text = ReadFile(path);
    if (!text.ok()) return {};
    auto h = Hierarchy::ParseCsv(*text, path);
    if (!h.ok()) return {};
    out.push_back(std::make_unique<Hierarchy>(std::move(h).value()));
  }
  return out;
}

SearchProblem AdultProblem(const Table& table,
                           const std::vector<std::unique_ptr<Hierarchy>>& hierarchies,
                           const PrivacyModel& model) {
  SearchProblem p;
  p.model = model;
  for (size_t i = 0; i < hierarchies.size(); ++i) {
    QuasiIdentifierCodes qi;
    qi.hierarchy = hierarchies[i].get();
    const Column& col = table.column(i);
    std::vector<uint32_t> leaf_of_code;
    for (const auto& v : col.dictionary())
      leaf_of_code.push_back(qi.hierarchy->FindLeaf(v).value_or(0));
    qi.leaves.reserve(col.size());
    for (uint32_t code : col.codes()) qi.leaves.push_back(leaf_of_code[code]);
    p.quasi_identifiers.push_back(std::move(qi));
  }
  return p;
}

}  // namespace xb::protect::testing
