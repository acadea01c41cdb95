// Lineage through the API (DESIGN.md §12; issue 15): the answers of `xborder lineage`, built by
// the same registry code (registry/lineage.h) from the ledger alone.
//
//   GET  /v1/lineage?sha256=HEX   where did this file go, what derived from it
//   POST /v1/lineage              which transfers and recipients hold these people's data
//
// The identifiers of a POST are hashed as they are read (lineage_request.h) with the server's
// key (the service's one hasher, as POST /v1/ledger/entries), and named afterwards only by
// position. The access log keeps the route template, never a body, and no error quotes an
// identifier.
#include <nlohmann/json.hpp>

#include "registry/lineage.h"
#include "server/lineage_request.h"
#include "server/service.h"

namespace xb::server {
using Json = nlohmann::json;

Result<registry::Lineage> Service::TraceFile(const std::string& sha256_hex) {
  Result<registry::Lineage> lineage = registry::Lineage{};
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    lineage = registry::TraceDataset(l, sha256_hex);
    // A lost session shows here: fail the read, so the pool reads again on a new one.
    if (!lineage.ok() && lineage.error().code == ErrorCode::kIo) return lineage.error();
    return Status::Ok();
  });
  if (!read.ok()) return std::move(read).error();
  if (!lineage.ok() && lineage.error().code == ErrorCode::kInvalidArgument) {
    // The library names the command line's flag; a client sent a query parameter.
    return ParseError("expected a SHA-256 as 64 lowercase hex digits", {"query", 0, "sha256"});
  }
  return lineage;
}

void Service::GetLineage(Call& call) {
  if (call.req.get_param_value("sha256").empty()) {
    return SendError(call, ParseError("the query parameter is missing", {"query", 0, "sha256"}));
  }
  auto lineage = TraceFile(call.req.get_param_value("sha256"));
  if (!lineage.ok()) return SendError(call, lineage.error());
  SendJson(call, 200, registry::LineageToJson(*lineage));
}

void Service::PostLineage(Call& call) {
  auto queries =
      ReadLineageIdentifiers(call.req.body, call.req.get_header_value("Content-Type"), *hasher_);
  if (!queries.ok()) return SendError(call, queries.error());
  uint64_t other_keys = 0;
  Result<registry::Lineage> lineage = registry::Lineage{};
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    lineage = registry::TraceSubjects(l, key_.id, *queries, &other_keys);
    return lineage.ok() ? Status::Ok() : Status(lineage.error());
  });
  if (!read.ok()) return SendError(call, read.error());
  Json answer = Json::parse(registry::LineageToJson(*lineage));
  // Transfers recorded under an earlier subject key cannot be matched: say how many.
  answer["entries_under_other_keys"] = other_keys;
  SendJson(call, 200, answer.dump(2) + "\n");
}

}  // namespace xb::server
