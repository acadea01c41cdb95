#include "scan/profile_format.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/utf8.h"

namespace xb::scan {
namespace {

using Json = nlohmann::ordered_json;

Json OptionalCount(const std::optional<uint64_t>& n) { return n ? Json(*n) : Json(nullptr); }

double Round4(double x) { return std::round(x * 10000.0) / 10000.0; }

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

std::string Pad(std::string_view text, size_t width) {
  std::string out(text);
  size_t w = DisplayWidth(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string WithThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Percent(double ratio) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100.0);
  return buf;
}

Json TextJson(const TextProfile& text) {
  Json entities = Json::array();
  for (const TextEntityCount& e : text.entities) {
    entities.push_back({{"type", EntityTypeName(e.type)},
                        {"findings", e.findings},
                        {"cells", e.cells},
                        {"masked", e.masked}});
  }
  return {{"cells", text.cells},
          {"cells_with_findings", text.cells_with_findings},
          {"entities", std::move(entities)}};
}

// How output names column `index` (from 0): by its position when its name holds data.
std::string ShownName(const DatasetProfile& p, size_t index) {
  const ColumnProfile& c = p.columns[index];
  return c.name_holds_data ? "column_" + std::to_string(index + 1) : c.name;
}

// The shown name of the column the file calls `name` (the subject and minors columns).
std::string ShownName(const DatasetProfile& p, const std::string& name) {
  for (size_t i = 0; i < p.columns.size(); ++i) {
    if (p.columns[i].name == name) return ShownName(p, i);
  }
  return name;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  while (!text.empty()) {
    utf8::Decoded d = utf8::DecodeOne(text);
    width += IsWide(d.code_point) ? 2 : 1;
    text.remove_prefix(d.length);
  }
  return width;
}

std::string ProfilesToJson(const std::vector<DatasetProfile>& profiles,
                           const FormatOptions& options) {
  Json datasets = Json::array();
  for (const DatasetProfile& p : profiles) {
    Json columns = Json::array();
    for (size_t i = 0; i < p.columns.size(); ++i) {
      const ColumnProfile& c = p.columns[i];
      Json types = Json::array();
      for (const auto& [type, matches] : c.verdict.types) {
        types.push_back({{"type", EntityTypeName(type)}, {"matches", matches}});
      }
      Json column = {
          {"name", ShownName(p, i)},
          {"type", c.verdict.type ? Json(EntityTypeName(*c.verdict.type)) : Json(nullptr)},
          {"matches", c.verdict.matches},
          {"ratio", Round4(c.verdict.ratio)},
          {"non_empty", c.non_empty},
          {"category", c.category ? Json(*c.category) : Json(nullptr)},
          {"sensitive", {{"CN", c.sensitive_cn}, {"EU", c.sensitive_eu}}},
          {"types", std::move(types)},
      };
      if (options.samples) column["samples"] = c.masked_samples;
      if (c.text) column["text"] = TextJson(*c.text);
      columns.push_back(std::move(column));
    }
    datasets.push_back({
        {"path", p.path},
        {"format", io::TableFormatName(p.format)},
        {"encoding", io::TextEncodingName(p.encoding)},
        {"bytes", p.bytes},
        {"rows", p.rows},
        {"ragged_rows", p.ragged_rows},
        {"first_ragged_line", p.first_ragged_line != 0 ? Json(p.first_ragged_line) : Json(nullptr)},
        {"individuals", OptionalCount(p.individuals)},
        {"first_record_is_data", p.first_record_is_data},
        {"subject_column",
         p.subject_column.empty() ? Json(nullptr) : Json(ShownName(p, p.subject_column))},
        {"subject_type", p.subject_type ? Json(EntityTypeName(*p.subject_type)) : Json(nullptr)},
        {"minors_under_14", OptionalCount(p.minors_under_14)},
        {"columns", std::move(columns)},
        {"warnings", p.warnings},
    });
  }
  Json root = {{"datasets", std::move(datasets)}};
  // Column names come from files: replace invalid UTF-8 rather than fail the whole report.
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string ProfilesToTable(const std::vector<DatasetProfile>& profiles,
                            const FormatOptions& options) {
  std::string out;
  for (const DatasetProfile& p : profiles) {
    if (!out.empty()) out += "\n";
    out += p.path + "  (" + io::TableFormatName(p.format) + ", " +
           io::TextEncodingName(p.encoding) + ")\n";
    out += "  rows: " + WithThousands(p.rows);
    if (p.ragged_rows != 0) {
      out += " (" + WithThousands(p.ragged_rows) + " ragged, first at line " +
             std::to_string(p.first_ragged_line) + ")";
    }
    out += "   individuals: ";
    out += p.individuals
               ? WithThousands(*p.individuals) + " (by " + ShownName(p, p.subject_column) + ")"
               : std::string("unknown (no identifier column; use --subject-column)");
    out += "   minors under 14: ";
    out += p.minors_under_14 ? WithThousands(*p.minors_under_14) : std::string("unknown");
    out += "\n";
    for (const std::string& w : p.warnings) out += "  warning: " + w + "\n";
    out += "\n";

    const std::vector<std::string> heads = {"column", "type", "match",     "category",
                                            "PIPL",   "GDPR", "also found"};
    std::vector<std::vector<std::string>> cells;
    for (size_t column = 0; column < p.columns.size(); ++column) {
      const ColumnProfile& c = p.columns[column];
      std::string also;
      // For free text the detector's per-entity counts replace the classifier's cell matches,
      // which read sentences as values and overcount (an address-like cell is not an address).
      const bool show_text = c.text && !c.text->entities.empty();
      for (const auto& [type, matches] : c.verdict.types) {
        if (show_text) break;
        if (c.verdict.type && type == *c.verdict.type) continue;
        if (!also.empty()) also += ", ";
        also += std::string(EntityTypeName(type)) + " " + WithThousands(matches);
      }
      if (show_text) {
        also += "in text of " + WithThousands(c.text->cells_with_findings) + " cells: ";
        for (size_t i = 0; i < c.text->entities.size(); ++i) {
          if (i != 0) also += ", ";
          also += std::string(EntityTypeName(c.text->entities[i].type)) + " " +
                  WithThousands(c.text->entities[i].cells);
        }
      }
      if (options.samples && !c.masked_samples.empty()) {
        if (!also.empty()) also += "; ";
        also += "e.g. ";
        for (size_t i = 0; i < c.masked_samples.size(); ++i) {
          if (i != 0) also += " ";
          also += c.masked_samples[i];
        }
      }
      cells.push_back({ShownName(p, column),
                       c.verdict.type ? std::string(EntityTypeName(*c.verdict.type)) : "-",
                       c.verdict.type ? Percent(c.verdict.ratio) : "", c.category.value_or(""),
                       c.sensitive_cn ? "yes" : "", c.sensitive_eu ? "yes" : "", also});
    }
    std::vector<size_t> widths(heads.size());
    for (size_t i = 0; i < heads.size(); ++i) widths[i] = DisplayWidth(heads[i]);
    for (const auto& row : cells) {
      for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
    auto emit = [&](const std::vector<std::string>& row) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        line += "  ";
        line += i + 1 == row.size() ? row[i] : Pad(row[i], widths[i]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    };
    emit(heads);
    for (const auto& row : cells) emit(row);
  }
  return out;
}

}  // namespace xb::scan
