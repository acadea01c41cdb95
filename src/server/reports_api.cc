// Documents through the API (DESIGN.md §12, Documents): POST /v1/reports/{kind} makes them with
// the documents library (report/report.h) and records them in the ledger; GET
// /v1/reports/{index}/{file} serves a file of such a "report" entry, and nothing else: the name
// must be one the entry lists and the bytes must have the SHA-256 it records, so no dataset,
// package or other file under the server's folders can be fetched this way.
//
// The files of entry N live in <reports>/N/: made in a staging folder, moved there once the
// entry is recorded (a crash in between leaves the staging folder, and the entry names files no
// server holds: the dashboard shows them without links).
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "pg/url.h"
#include "report/incident.h"
#include "report/report.h"
#include "server/plan_request.h"
#include "server/report_request.h"
#include "server/request_file.h"
#include "server/request_params.h"
#include "server/service.h"
#include "server/token.h"
#include "transfer/transfer.h"

namespace xb::server {
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

bool IsPlanKind(report::ReportKind kind) {
  return kind != report::ReportKind::kBreach && kind != report::ReportKind::kAnnual;
}

// The library's errors speak to a command line (flags, file paths); these speak to a client.
// `request_file`: the request's private copy, which errors may also name as if it were in the
// data root (report::ReportOptions::input_folder).
Error ForClient(Error e, const std::string& request_file, const std::string& data_root,
                const std::string& db) {
  const bool names_request =
      !request_file.empty() && (e.where.file == request_file ||
                                e.where.file == transfer::PlanFileIn(data_root, request_file));
  if (names_request || e.where.file == db || e.where.file == pg::DisplayDb(db)) {
    e.where.file.clear();
  }
  if (e.where.field == "--exporter") e.where.field = "exporter";
  if (e.where.field == "--year") e.where.field = "year";
  if (e.where.field == "PLAN" || e.where.field == "INCIDENT" || e.where.field == "INPUT") {
    e.where.field = "body";
  }
  return e;
}

// Removes the staging folder on every path out, unless released.
struct StagingFolder {
  std::string path;
  ~StagingFolder() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

}  // namespace

Status Service::PrepareReportInput(report::ReportKind kind, Call& call,
                                   report::ReportOptions* options,
                                   std::unique_ptr<RequestFile>* input) {
  const std::string content_type = call.req.get_header_value("Content-Type");
  if (kind == report::ReportKind::kAnnual) {
    XB_ASSIGN_OR_RETURN(AnnualRequest annual, ParseAnnualBody(call.req.body, content_type));
    options->exporter = annual.exporter;
    options->year = annual.year;
    return Status::Ok();
  }
  if (IsPlanKind(kind)) {
    XB_ASSIGN_OR_RETURN(PlanRequest plan,
                        ParsePlanBody(call.req.body, content_type, &rules_->countries));
    XB_RETURN_IF_ERROR(CheckPlanFiles(plan.plan, options_.data_root));
    XB_ASSIGN_OR_RETURN(*input, RequestFile::WritePrivate("plan", plan.text));
    options->input = (*input)->path();
    options->input_folder = options_.data_root;
    // The completed transfer of this plan (the latest), whose package the documents read.
    XB_ASSIGN_OR_RETURN(auto snap, Snapshot());
    const std::string sha = ToHex(Sha256(plan.text));
    for (auto it = snap->transfers.rbegin(); it != snap->transfers.rend(); ++it) {
      const EntrySummary& e = snap->entries[*it];
      if (e.type != "transfer" || e.plan_sha256 != sha) continue;
      if (e.has_package_folder()) {
        options->package_dir = (fs::path(options_.packages_dir) / e.package).string();
      }
      break;
    }
    return Status::Ok();
  }
  // An incident: checked as `report breach` reads it, and the identifiers file it names must
  // lie under the data root.
  if (call.req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ParseError("the request body is empty; send the incident (YAML)", {"body", 0, "body"});
  }
  XB_ASSIGN_OR_RETURN(*input, RequestFile::WritePrivate("incident", call.req.body));
  auto incident = report::LoadIncidentFile((*input)->path(), options_.data_root);
  if (!incident.ok()) {
    return ForClient(std::move(incident).error(), (*input)->path(), options_.data_root, "");
  }
  if (!incident->affected_subjects_file.empty()) {
    auto resolved = ResolveInDataRoot(options_.data_root, incident->affected_subjects_file,
                                      "incident.affected_subjects_file");
    if (!resolved.ok()) return std::move(resolved).error();
  }
  options->input = (*input)->path();
  options->input_folder = options_.data_root;
  return Status::Ok();
}

void Service::PostReport(Call& call) {
  auto request = ParseReportRequest(call.params[0], call.req.get_param_value("lang"),
                                    call.req.get_param_value("format"));
  if (!request.ok()) return SendError(call, request.error());
  report::ReportOptions o;
  o.kind = request->kind;
  o.languages = request->languages;
  o.html = request->html;
  o.pdf = request->pdf;
  o.docx = request->docx;
  o.db_path = options_.db;
  o.key_path = options_.key_file;
  o.rules_dir = rules_->rules_dir;
  std::unique_ptr<RequestFile> input;
  Status prepared = PrepareReportInput(request->kind, call, &o, &input);
  if (!prepared.ok()) {
    Error e = std::move(prepared).error();
    // A dataset the plan names but the server lacks is a fault of the request.
    if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kInvalidArgument;
    return SendError(call, e);
  }
  const std::string request_path = input ? input->path() : "";

  std::error_code ec;
  fs::create_directories(options_.reports_dir, ec);
  auto random = NewRandomHex32();
  if (!random.ok()) return SendError(call, random.error());
  StagingFolder staging{(fs::path(options_.reports_dir) / (".pending-" + *random)).string()};
  o.out_dir = staging.path;
  Result<report::ReportOutcome> outcome = Internal("unset");
  {
    // Plan documents dry-run the pipeline, which scans with every core.
    PipelineSlot slot(pipeline_slots_);
    outcome = report::GenerateReport(o);
  }
  if (!outcome.ok()) {
    return SendError(
        call, ForClient(std::move(outcome).error(), request_path, options_.data_root, options_.db));
  }
  const std::string index = std::to_string(outcome->ledger_index);
  const fs::path final_dir = fs::path(options_.reports_dir) / index;
  fs::rename(staging.path, final_dir, ec);
  if (ec) {
    return SendError(call, IoError("documents recorded in ledger entry " + index +
                                   " could not be moved into place: " + ec.message()));
  }
  staging.path.clear();

  Json files = Json::array();
  std::string facts_href;
  for (const report::ReportFile& f : outcome->files) {
    const std::string name = fs::path(f.path).filename().string();
    const std::string href = "/v1/reports/" + index + "/" + name;
    if (name.size() > 11 && name.substr(name.size() - 11) == ".facts.json") facts_href = href;
    files.push_back({{"name", name}, {"sha256", f.sha256}, {"bytes", f.bytes}, {"href", href}});
  }
  Json out = {
      {"kind", report::ReportKindName(request->kind)},
      {"files", files},
      {"checkpoint", {{"size", outcome->checkpoint_size}, {"root", outcome->checkpoint_root}}},
      {"ledger",
       {{"index", outcome->ledger_index},
        {"size", outcome->ledger_size},
        {"root", outcome->ledger_root}}},
      {"blanks", outcome->blanks}};
  if (!facts_href.empty()) call.res.set_header("Location", facts_href);
  SendJson(call, 201, out.dump());
}

void Service::GetReportFile(Call& call) {
  const std::optional<uint64_t> index = ParseIndex(call.params[0]);
  const std::string name(call.params[1]);
  auto missing = [&] { SendProblem(call, MakeProblem(404, "no such document")); };
  if (!index || !IsDocumentFileName(name)) return missing();
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  if (*index >= (*snap)->size || !(*snap)->entries[*index].is_report()) return missing();
  std::string entry;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(entry, l.Entry(*index));
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  const Json j = Json::parse(entry, nullptr, false);
  const Json* recorded = j.is_object() && j.contains("files") && j["files"].is_object() &&
                                 j["files"].contains(name) && j["files"][name].is_string()
                             ? &j["files"][name]
                             : nullptr;
  if (recorded == nullptr) return missing();
  auto bytes = ReadFile((fs::path(options_.reports_dir) / std::to_string(*index) / name).string());
  if (!bytes.ok()) {
    return SendProblem(call, MakeProblem(404,
                                         "the ledger records this document, but its file is "
                                         "not on this server"));
  }
  if (ToHex(Sha256(*bytes)) != recorded->get<std::string>()) {
    return SendProblem(call, MakeProblem(409,
                                         "the file on the server is not the one the ledger "
                                         "records (its SHA-256 differs)"));
  }
  const std::string type = DocumentContentType(name);
  call.res.status = 200;
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.set_header("ETag", "\"" + recorded->get<std::string>() + "\"");
  call.res.set_header(
      "Content-Disposition",
      std::string(type.rfind("application/vnd.", 0) == 0 ? "attachment" : "inline") +
          "; filename=\"" + name + "\"");
  // A document's HTML has no script; the sandbox keeps it from running any.
  call.res.set_header("Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
  call.res.set_content(std::move(*bytes), type);
}

}  // namespace xb::server
