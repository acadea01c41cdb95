#include "consent/consent_import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/out_of_memory.h"
#include "core/strings.h"
#include "io/table_reader.h"

namespace xb::consent {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Column positions by canonical name; "notice_x" and "notice.x" are the same column.
class ColumnMap {
 public:
  explicit ColumnMap(const std::vector<std::string>& columns) {
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string name = Lower(TrimBlanks(columns[i]));
      if (name.rfind("notice_", 0) == 0) name[6] = '.';
      index_.emplace(name, i);
    }
  }
  std::optional<size_t> Find(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, size_t> index_;
};

}  // namespace

std::vector<std::string> ParseListCell(std::string_view cell) {
  cell = TrimBlanks(cell);
  std::vector<std::string> out;
  if (!cell.empty() && cell.front() == '[') {
    auto j = nlohmann::json::parse(cell, nullptr, false);
    if (j.is_array()) {
      for (const auto& v : j) {
        if (v.is_string()) out.push_back(v.get<std::string>());
      }
      return out;
    }
  }
  char sep = cell.find(';') != std::string_view::npos   ? ';'
             : cell.find('|') != std::string_view::npos ? '|'
                                                        : ',';
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(sep, start);
    if (end == std::string_view::npos) end = cell.size();
    std::string_view item = TrimBlanks(cell.substr(start, end - start));
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

std::optional<bool> ParseBoolCell(std::string_view cell) {
  std::string v = Lower(TrimBlanks(cell));
  if (v == "true" || v == "yes" || v == "y" || v == "1" || v == "是") return true;
  if (v == "false" || v == "no" || v == "n" || v == "0" || v == "否" || v.empty()) return false;
  return std::nullopt;
}

namespace {

// ReadConsentFile, except that memory exhaustion throws std::bad_alloc.
Result<ImportResult> ReadConsentFileOrThrow(const std::string& path,
                                            const SubjectKeyer& key_subject) {
  XB_ASSIGN_OR_RETURN(auto reader, io::OpenTable(path));
  ColumnMap columns(reader->columns());
  for (const char* required :
       {"subject_id", "recipients", "purposes", "categories", "separate_consent", "granted_at"}) {
    if (!columns.Find(required)) {
      return InvalidArgument(std::string("consent file has no '") + required + "' column",
                             {path, 1, required});
    }
  }
  auto col = [&](const char* name) { return columns.Find(name); };
  const size_t subject_col = *col("subject_id");

  ImportResult result;
  io::Row row;
  while (true) {
    XB_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    ++result.rows;
    auto cell = [&](const char* name) -> std::string_view {
      auto c = col(name);
      if (!c || *c >= row.fields.size()) return {};
      return TrimBlanks(row.fields[*c]);
    };
    Location here{path, row.line};
    ConsentRecord r;
    r.source_line = row.line;

    std::string_view raw =
        subject_col < row.fields.size() ? TrimBlanks(row.fields[subject_col]) : "";
    std::optional<Digest> subject = key_subject(raw);
    if (!subject) {
      here.field = "subject_id";
      return InvalidArgument("not a recognised identifier (" + std::to_string(raw.size()) +
                                 " bytes); expected a resident ID, passport, mobile or e-mail",
                             here);
    }
    r.subject = *subject;

    r.recipients = ParseListCell(cell("recipients"));
    r.purposes = ParseListCell(cell("purposes"));
    r.categories = ParseListCell(cell("categories"));
    for (auto [name, list] :
         {std::pair{"recipients", &r.recipients}, std::pair{"purposes", &r.purposes},
          std::pair{"categories", &r.categories}}) {
      if (list->empty()) {
        here.field = name;
        return InvalidArgument("empty list; use \"*\" to mean any", here);
      }
    }
    for (auto [name, flag] : {std::pair{"separate_consent", &r.separate_consent},
                              std::pair{"guardian_consent", &r.guardian_consent}}) {
      auto b = ParseBoolCell(cell(name));
      if (!b) {
        here.field = name;
        return InvalidArgument("expected true or false", here);
      }
      *flag = *b;
    }
    auto date = [&](const char* name, bool required) -> Result<std::optional<CivilDate>> {
      std::string_view v = cell(name);
      if (v.empty()) {
        if (!required) return std::optional<CivilDate>();
        return InvalidArgument("missing date", {path, row.line, name});
      }
      auto d = CivilDate::Parse(v.substr(0, 10));
      if (!d || (v.size() > 10 && v[10] != 'T' && v[10] != ' ')) {
        return InvalidArgument("expected a date YYYY-MM-DD", {path, row.line, name});
      }
      return std::optional<CivilDate>(d);
    };
    XB_ASSIGN_OR_RETURN(auto granted, date("granted_at", true));
    r.granted_at = *granted;
    XB_ASSIGN_OR_RETURN(r.withdrawn_at, date("withdrawn_at", false));
    if (r.withdrawn_at && *r.withdrawn_at < r.granted_at) {
      return InvalidArgument("withdrawn before it was granted", {path, row.line, "withdrawn_at"});
    }
    r.notice.version = std::string(cell("notice.version"));
    r.notice.recipient_name = std::string(cell("notice.recipient_name"));
    r.notice.recipient_contact = std::string(cell("notice.recipient_contact"));
    r.notice.purpose = std::string(cell("notice.purpose"));
    r.notice.method = std::string(cell("notice.method"));
    r.notice.categories = std::string(cell("notice.categories"));
    r.notice.rights_procedure = std::string(cell("notice.rights_procedure"));
    result.records.push_back(std::move(r));
  }
  return result;
}

}  // namespace

Result<ImportResult> ReadConsentFile(const std::string& path, const SubjectKeyer& key_subject) {
  return CatchOutOfMemory([&] { return ReadConsentFileOrThrow(path, key_subject); },
                          [] { return "reading the consent records"; },
                          [&] { return Location(path); });
}

}  // namespace xb::consent
