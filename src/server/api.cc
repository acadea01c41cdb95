// The JSON API handlers (DESIGN.md §12). Identity, role and CSRF are checked before these run
// (server.cc); a handler checks only what depends on the request itself (e.g. sending versus a
// dry run).
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "ledger/year_to_date_json.h"
#include "pg/url.h"
#include "rules/decision_render.h"
#include "server/plan_request.h"
#include "server/request_file.h"
#include "server/request_params.h"
#include "server/service.h"
#include "server/token.h"
#include "transfer/ledger_history.h"
#include "transfer/transfer.h"

namespace xb::server {
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

Json HexList(const std::vector<Digest>& ds) {
  Json list = Json::array();
  for (const Digest& d : ds) list.push_back(ToHex(d));
  return list;
}

}  // namespace

void Service::Healthz(Call& call) {
  uint64_t size = 0;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, l.Head());
    size = head.size;
    return Status::Ok();
  });
  if (!read.ok()) return SendProblem(call, MakeProblem(503, "the database does not answer"));
  SendJson(call, 200, Json{{"status", "ok"}, {"ledger_size", size}}.dump());
}

void Service::OpenApi(Call& call) { SendJson(call, 200, openapi_json_); }

void Service::MetricsText(Call& call) {
  (void)Snapshot();  // refreshes the ledger size gauge
  metrics_->SetStorageCounters(ledgers_->reconnects(), access_log_->dropped());
  call.res.status = 200;
  call.res.set_content(metrics_->Render(), "text/plain; version=0.0.4; charset=utf-8");
}

void Service::Assess(Call& call) {
  auto as_of = QueryDate(call.req, "as_of");
  if (!as_of.ok()) return SendError(call, as_of.error());
  auto request =
      ParsePlanBody(call.req.body, call.req.get_header_value("Content-Type"), &rules_->countries);
  if (!request.ok()) return SendError(call, request.error());
  // The history is read through the pool's handles: no connection of its own per request (a
  // new PostgreSQL session each), and a neutral description, never the database's location.
  std::optional<rules::Decision> decision;
  Status read = ledgers_->Read([&](ledger::Ledger& ledger) -> Status {
    transfer::LedgerHistorySource history(&ledger, key_.id, "the ledger");
    XB_ASSIGN_OR_RETURN(decision,
                        engine_->Assess(request->plan, history, rules::AssessOptions(), *as_of));
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  for (const auto& w : request->warnings) {
    decision->warnings.push_back("plan line " + std::to_string(w.line) + ": " + w.message);
  }
  SendJson(call, 200, rules::DecisionToJson(*decision));
}

Result<Service::TransferRun> Service::RunPlan(std::string_view body, std::string_view content_type,
                                              bool dry_run, std::optional<CivilDate> as_of) {
  XB_ASSIGN_OR_RETURN(PlanRequest request, ParsePlanBody(body, content_type, &rules_->countries));
  XB_RETURN_IF_ERROR(CheckPlanFiles(request.plan, options_.data_root));
  const CivilDate date = as_of ? *as_of : request.plan.as_of.value_or(CivilDate::TodayInChina());

  // The pipeline reads a plan file: a private copy outside the data root, its relative paths
  // resolved in the data root (CheckPlanFiles kept them inside it).
  XB_ASSIGN_OR_RETURN(auto plan_file, RequestFile::WritePrivate("plan", request.text));
  transfer::TransferOptions t;
  t.plan_path = plan_file->path();
  t.plan_folder = options_.data_root;
  t.out_dir =
      (fs::path(options_.packages_dir) / (date.ToString() + "-" + plan_file->id().substr(0, 12)))
          .string();
  t.dry_run = dry_run;
  t.as_of = as_of;
  t.rules_dir = rules_->rules_dir;
  t.resources = resources_.get();
  t.db_path = options_.db;
  t.key_path = options_.key_file;
  std::error_code ec;
  fs::create_directories(options_.packages_dir, ec);
  Result<transfer::TransferOutcome> ran = Internal("unset");
  Status wrote = Status::Ok();
  {
    PipelineSlot slot(pipeline_slots_);
    wrote = ledgers_->Write([&](ledger::Ledger& ledger) -> Status {
      t.ledger = &ledger;
      ran = transfer::RunTransfer(t);
      return ran.ok() ? Status::Ok() : Status(ran.error());
    });
  }
  if (!wrote.ok()) return wrote.error();
  transfer::TransferOutcome& outcome = *ran;
  TransferRun run;
  run.dry_run = dry_run;
  run.index = outcome.ledger_index;
  Json j = Json::parse(transfer::OutcomeToJson(outcome));
  // Server paths are not the client's business: the package is named by its folder.
  if (!outcome.package_dir.empty())
    j["package"] = fs::path(outcome.package_dir).filename().string();
  // Nor is the name of the plan's copy: warnings name it "plan".
  const std::string copy_name = fs::path(plan_file->path()).filename().string();
  for (auto& w : j["warnings"]) {
    if (w.is_string()) {
      std::string text = w.get<std::string>();
      if (size_t at = text.find(copy_name); at != std::string::npos) {
        text = "plan" + text.substr(at + copy_name.size());
      }
      w = text;
    }
  }
  run.json = j.dump();
  return run;
}

std::optional<bool> Service::DryRunOrRefuse(Call& call) {
  auto dry_run = FlagParam(call.req, "dry_run");
  if (!dry_run.ok()) {
    SendError(call, dry_run.error());
    return std::nullopt;
  }
  if (!*dry_run && !Allows(call.who->role, Access::kSend)) {
    SendProblem(call, MakeProblem(403, "the role " + std::string(RoleName(call.who->role)) +
                                           " may dry-run (dry_run=true) but not send"));
    return std::nullopt;
  }
  return *dry_run;
}

void Service::PostTransfer(Call& call) {
  const std::optional<bool> dry_run = DryRunOrRefuse(call);
  if (!dry_run) return;
  auto as_of = QueryDate(call.req, "as_of");
  if (!as_of.ok()) return SendError(call, as_of.error());
  auto run = RunPlan(call.req.body, call.req.get_header_value("Content-Type"), *dry_run, *as_of);
  if (!run.ok()) {
    Error e = std::move(run).error();
    // A dataset the plan names but the server lacks is a fault of the request.
    if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kInvalidArgument;
    return SendError(call, e);
  }
  if (run->index) call.res.set_header("Location", "/v1/transfers/" + std::to_string(*run->index));
  SendJson(call, run->index ? 201 : 200, run->json);
}

void Service::ListTransfers(Call& call) {
  auto page = QueryPage(call.req);
  if (!page.ok()) return SendError(call, page.error());
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  Json list = Json::array();
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    list = Json::array();
    for (uint64_t i : (*snap)->transfers) {
      if (page->after && i <= *page->after) continue;
      if (list.size() >= page->limit) break;
      XB_ASSIGN_OR_RETURN(std::string entry, l.Entry(i));
      list.push_back({{"index", i}, {"entry", Json::parse(entry)}});
    }
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  SendJson(call, 200, Json{{"size", (*snap)->size}, {"transfers", list}}.dump());
}

void Service::GetTransfer(Call& call) {
  auto index = ParseIndex(call.params[0]);
  if (!index) return SendProblem(call, MakeProblem(404, "no transfer with this index"));
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  if (*index >= (*snap)->size || !(*snap)->entries[*index].is_transfer()) {
    return SendProblem(call, MakeProblem(404, "no transfer with this index"));
  }
  std::string entry;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(entry, l.Entry(*index));
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  SendJson(call, 200, Json{{"index", *index}, {"entry", Json::parse(entry)}}.dump());
}

void Service::Checkpoint(Call& call) {
  std::string note;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(note, l.CheckpointNote());
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  call.res.status = 200;
  call.res.set_content(note, "text/plain; charset=utf-8");
}

void Service::GetEntry(Call& call) {
  auto index = ParseIndex(call.params[0]);
  if (!index) {
    return SendProblem(call, MakeProblem(400, "expected a non-negative integer", "index"));
  }
  std::optional<std::string> entry;  // none: the index is beyond the head
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, l.Head());
    if (*index >= head.size) return Status::Ok();
    XB_ASSIGN_OR_RETURN(entry, l.Entry(*index));
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  if (!entry) return SendProblem(call, MakeProblem(404, "no entry with this index"));
  std::string body = "{\"entry\":";
  body += Json(*entry).dump();
  body += ",\"index\":" + std::to_string(*index) + "}";
  SendJson(call, 200, body);
}

void Service::InclusionProof(Call& call) {
  auto index = QueryIndex(call.req, "index", true);
  if (!index.ok()) return SendError(call, index.error());
  auto size = QueryIndex(call.req, "size", false);
  if (!size.ok()) return SendError(call, size.error());
  // One read snapshot for the head and the O(log n) nodes (cheaper than one per read, and the
  // proof belongs to the head it was checked against).
  std::optional<Problem> refused;
  Result<ledger::InclusionProofResult> proof = Internal("unset");
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    return l.store().WithSnapshot([&]() -> Status {
      XB_ASSIGN_OR_RETURN(ledger::TreeHead head, l.Head());
      const uint64_t n = size->value_or(head.size);
      if (n > head.size || **index >= n) {
        refused = MakeProblem(404, "the ledger has " + std::to_string(head.size) +
                                       " entries; need index < size <= that");
        return Status::Ok();
      }
      proof = l.ProveInclusion(**index, n);
      // A lost session shows here: fail the snapshot, so the pool reads again on a new one.
      if (!proof.ok() && proof.error().code == ErrorCode::kIo) return proof.error();
      return Status::Ok();
    });
  });
  if (!read.ok()) return SendError(call, read.error());
  if (refused) return SendProblem(call, *refused);
  if (!proof.ok()) return SendError(call, proof.error());
  std::string body = "{\"hashes\":[";
  for (size_t i = 0; i < proof->proof.size(); ++i) {
    if (i > 0) body += ',';
    body += '"' + ToHex(proof->proof[i]) + '"';
  }
  body += "],\"index\":" + std::to_string(proof->index) + ",\"leaf_hash\":\"" +
          ToHex(proof->leaf_hash) + "\",\"size\":" + std::to_string(proof->size) + "}";
  SendJson(call, 200, body);
}

void Service::ConsistencyProof(Call& call) {
  auto from = QueryIndex(call.req, "from", true);
  if (!from.ok()) return SendError(call, from.error());
  auto to = QueryIndex(call.req, "to", true);
  if (!to.ok()) return SendError(call, to.error());
  std::optional<uint64_t> refused_size;  // set when the sizes do not fit the ledger
  std::vector<Digest> proof;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, l.Head());
    if (**from == 0 || **from > **to || **to > head.size) {
      refused_size = head.size;
      return Status::Ok();
    }
    XB_ASSIGN_OR_RETURN(proof, l.ProveConsistency(**from, **to));
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  if (refused_size) {
    return SendProblem(call, MakeProblem(404, "the ledger has " + std::to_string(*refused_size) +
                                                  " entries; need 0 < from <= to <= that"));
  }
  SendJson(call, 200, Json{{"from", **from}, {"to", **to}, {"hashes", HexList(proof)}}.dump());
}

void Service::Stats(Call& call) {
  if (!call.req.has_param("exporter") || call.req.get_param_value("exporter").empty()) {
    return SendError(call, ParseError("the query parameter is missing", {"query", 0, "exporter"}));
  }
  auto year = QueryIndex(call.req, "year", true);
  if (!year.ok()) return SendError(call, year.error());
  if (**year < 1900 || **year > 9999) {
    return SendError(call, InvalidArgument("expected a year 1900..9999", {"query", 0, "year"}));
  }
  std::string body;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(
        ledger::YearToDateCounts ytd,
        l.YearToDate(call.req.get_param_value("exporter"), static_cast<int>(**year), key_.id));
    body = ledger::YearToDateToJson(ytd);
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  SendJson(call, 200, body);
}

}  // namespace xb::server
