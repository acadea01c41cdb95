// POST /v1/ledger/entries: what `xborder ledger append` writes, through the API, without a
// pipeline — plain entries (one JSON object, or JSON Lines as one batch), or one transfer
// record with the individuals it concerns (?exporter=&year=[&exempt=]). The same reader
// (ledger/entry_lines.h) and the same hashing (SubjectHasher::HashBare) as the CLI, with the
// service's one hasher (POST /v1/lineage finds what it recorded); identifiers are hashed on
// arrival and never written, logged or echoed.
//
// Single entries from concurrent clients share commits (ledger/group_commit.h): on a disk where
// a durable commit costs milliseconds, that is what lets appends scale with clients.
#include <nlohmann/json.hpp>

#include "detect/subject_hasher.h"
#include "ledger/entry_lines.h"
#include "ledger/group_commit.h"
#include "server/request_params.h"
#include "server/service.h"

namespace xb::server {
using Json = nlohmann::json;

namespace {

constexpr const char* kBody = "body";

std::string AppendedJson(const ledger::AppendResult& r) {
  return Json{
      {"first_index", r.first_index}, {"count", r.count}, {"size", r.size}, {"root", ToHex(r.root)}}
      .dump();
}

// The identifiers of `list` ("individuals" or "sensitive"): an array of strings, blank ones
// skipped as blank lines are by the CLI. Errors name the field and position, never the value.
Result<std::vector<Digest>> HashList(const Json& body, const char* list,
                                     const SubjectHasher& hasher) {
  std::vector<Digest> out;
  if (!body.contains(list)) return out;
  const Json& ids = body[list];
  if (!ids.is_array()) return InvalidArgument("expected an array of identifiers", {kBody, 0, list});
  out.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!ids[i].is_string()) {
      return InvalidArgument("expected an identifier (a string)",
                             {kBody, 0, std::string(list) + "[" + std::to_string(i) + "]"});
    }
    const std::string& id = ids[i].get_ref<const std::string&>();
    if (id.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    out.push_back(hasher.HashBare(id));
  }
  return out;
}

}  // namespace

Result<ledger::TransferRecord> Service::SubjectRecord(Call& call) {
  const httplib::Request& req = call.req;
  const std::string exporter = req.get_param_value("exporter");
  if (exporter.empty())
    return ParseError("the query parameter is missing", {"query", 0, "exporter"});
  XB_ASSIGN_OR_RETURN(std::optional<uint64_t> year, QueryIndex(req, "year", true));
  XB_ASSIGN_OR_RETURN(bool exempt, FlagParam(req, "exempt"));
  // Never parse with exceptions: a parser's message quotes the text it stopped at.
  const Json body = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("entry") || !body["entry"].is_object()) {
    return ParseError("expected {\"entry\": {...}, \"individuals\": [...], \"sensitive\": [...]}",
                      {kBody, 0, "entry"});
  }
  XB_ASSIGN_OR_RETURN(std::vector<std::string> entry,
                      ledger::SplitEntryLines(body["entry"].dump(), kBody));
  ledger::TransferRecord record;
  record.entry_json = std::move(entry[0]);
  record.group = {key_.id, exporter, static_cast<int>(std::min<uint64_t>(*year, 100000)), !exempt};
  XB_ASSIGN_OR_RETURN(record.individuals, HashList(body, "individuals", *hasher_));
  XB_ASSIGN_OR_RETURN(record.sensitive, HashList(body, "sensitive", *hasher_));
  return record;
}

void Service::AppendEntries(Call& call) {
  Result<ledger::AppendResult> appended = Internal("unset");
  if (call.req.has_param("exporter") || call.req.has_param("year")) {
    auto record = SubjectRecord(call);
    if (!record.ok()) return SendError(call, record.error());
    // One record with its subject counters: the ledger serialises it with every other append.
    Status wrote = ledgers_->Write([&](ledger::Ledger& l) -> Status {
      appended = l.AppendTransfer(*record);
      return appended.ok() ? Status::Ok() : Status(appended.error());
    });
    if (!wrote.ok()) appended = wrote.error();
  } else {
    auto entries = ledger::SplitEntryLines(call.req.body, kBody);
    if (!entries.ok()) return SendError(call, entries.error());
    if (entries->size() == 1) {
      appended = committer_->Append(std::move((*entries)[0]));  // shares a commit
    } else {
      // A batch is one transaction of its own: all of it or nothing, in order.
      Status wrote = ledgers_->Write([&](ledger::Ledger& l) -> Status {
        appended = l.Append(*entries);
        return appended.ok() ? Status::Ok() : Status(appended.error());
      });
      if (!wrote.ok()) appended = wrote.error();
    }
  }
  if (!appended.ok()) {
    Error e = std::move(appended).error();
    if (e.where.file.empty()) e.where.file = kBody;
    return SendError(call, e);
  }
  if (appended->count == 1) {
    call.res.set_header("Location", "/v1/ledger/entries/" + std::to_string(appended->first_index));
  }
  SendJson(call, 201, AppendedJson(*appended));
}

}  // namespace xb::server
