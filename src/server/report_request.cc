#include "server/report_request.h"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace xb::server {
namespace {

Result<AnnualRequest> Check(std::optional<std::string> exporter, std::optional<int64_t> year,
                            bool exporter_wrong_type, bool year_wrong_type) {
  if (!exporter || exporter_wrong_type || exporter->empty()) {
    return InvalidArgument("the exporter's name, as the ledger records it, is required",
                           {"body", 0, "exporter"});
  }
  if (!year || year_wrong_type || *year < 1900 || *year > 9999) {
    return InvalidArgument("expected a year 1900..9999", {"body", 0, "year"});
  }
  return AnnualRequest{*exporter, static_cast<int>(*year)};
}

Result<AnnualRequest> FromJson(std::string_view body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return ParseError("malformed JSON", {"body", 0, "body"});
  if (!j.is_object()) return InvalidArgument("expected a JSON object", {"body", 0, "body"});
  std::optional<std::string> exporter;
  std::optional<int64_t> year;
  bool bad_exporter = false, bad_year = false;
  if (j.contains("exporter")) {
    bad_exporter = !j["exporter"].is_string();
    if (!bad_exporter) exporter = j["exporter"].get<std::string>();
  }
  if (j.contains("year")) {
    bad_year = !j["year"].is_number_integer();
    if (!bad_year) year = j["year"].get<int64_t>();
  }
  return Check(exporter, year, bad_exporter, bad_year);
}

Result<AnnualRequest> FromYaml(std::string_view body) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(body));
  } catch (const YAML::Exception& e) {
    // The mark, not the message: yaml-cpp messages can quote the input.
    return ParseError("malformed YAML", {"body", e.mark.line + 1, "body"});
  }
  if (!root.IsMap()) return InvalidArgument("expected a mapping", {"body", 1, "body"});
  std::optional<std::string> exporter;
  std::optional<int64_t> year;
  bool bad_exporter = false, bad_year = false;
  if (root["exporter"]) {
    bad_exporter = !root["exporter"].IsScalar();
    if (!bad_exporter) exporter = root["exporter"].as<std::string>();
  }
  if (root["year"]) {
    int64_t y = 0;
    bad_year = !root["year"].IsScalar() || !YAML::convert<int64_t>::decode(root["year"], y);
    if (!bad_year) year = y;
  }
  return Check(exporter, year, bad_exporter, bad_year);
}

}  // namespace

Result<ReportRequest> ParseReportRequest(std::string_view kind, std::string_view lang,
                                         std::string_view format) {
  ReportRequest r;
  auto parsed = report::ParseReportKind(kind);
  if (!parsed.ok()) {
    return NotFound(
        "no such document; kinds are pipia, sc-filing, assessment, certification, breach and "
        "annual",
        {"", 0, "kind"});
  }
  r.kind = *parsed;
  if (lang == "zh") {
    r.languages = {report::Lang::kZh};
  } else if (lang == "en") {
    r.languages = {report::Lang::kEn};
  } else if (!lang.empty() && lang != "both") {
    return ParseError("expected zh, en or both", {"query", 0, "lang"});
  }
  if (!format.empty() && format != "all") {
    if (format != "html" && format != "pdf" && format != "docx") {
      return ParseError("expected html, pdf, docx or all", {"query", 0, "format"});
    }
    r.html = format == "html";
    r.pdf = format == "pdf";
    r.docx = format == "docx";
  }
  return r;
}

Result<AnnualRequest> ParseAnnualBody(std::string_view body, std::string_view content_type) {
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return ParseError("the request body is empty; send {\"exporter\": NAME, \"year\": YYYY}",
                      {"body", 0, "body"});
  }
  if (content_type.find("json") != std::string_view::npos || body[first] == '{') {
    return FromJson(body);
  }
  return FromYaml(body);
}

bool IsDocumentFileName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

std::string DocumentContentType(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".docx")) {
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  }
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace xb::server
