// Lineage: where transferred data went and who holds it, answered from the ledger alone
// (DESIGN.md §12; issue 15). Three questions:
//
//   1. Where did this dataset go? source fingerprint → protected files → packages → recipients
//      → onward recipients (TraceDataset).
//   2. What derived from it? The protected files made from it, and, transitively, the files made
//      from those when a later transfer took one of them as its source (TraceDataset's `derived`);
//      and, for a file that is itself an output, what it was made from (`derived_from`).
//   3. Which transfers and recipients hold this person's data? Given keyed hashes of identifiers,
//      the transfers and onward transfers whose subject sets include them (TraceSubjects) — the
//      question of an access or deletion request (PIPL Arts. 45, 47) or a withdrawal of consent.
//
// The answer is a graph (nodes and edges) plus the direct answers. Labels carry no personal
// data: organisations by name, individual recipients as "individual <id>", individual third
// parties as "individual third party" and the first 12 hex digits of the keyed hash of their
// name (so two people stay apart), identifiers by the line they were read from.
//
// Thread-safety: plain functions over a ledger used by one thread.
#ifndef XBORDER_REGISTRY_LINEAGE_H_
#define XBORDER_REGISTRY_LINEAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::registry {

struct LineageNode {
  std::string id;    // unique in the graph: "dataset:<sha>", "transfer:<i>", "file:<sha>", ...
  std::string kind;  // dataset | transfer | file | package | recipient | onward_transfer |
                     // third_party | identifier
  std::string label;
  std::vector<std::pair<std::string, std::string>> facts;  // shown in JSON and tooltips
};

struct LineageEdge {
  std::string from;
  std::string to;
  std::string label;
};

struct Holding {
  uint64_t entry = 0;
  std::string type;  // transfer | onward_transfer
  std::string as_of;
  std::string exporter;
  std::string recipient;    // label
  std::string country;      // the recipient's; for an onward transfer, the third party's
  std::string third_party;  // onward transfers only (label)
};

struct DerivedFile {
  std::string name;  // inside its package
  std::string sha256;
  uint64_t from_entry = 0;  // the transfer that wrote it
  std::string package;
  int generation = 1;  // 1: made from the dataset; 2: from a file of generation 1; ...
};

struct IdentifierTrace {
  int64_t line = 0;  // where the identifier was read; the identifier itself is never kept
  std::vector<Holding> holdings;
};

struct Lineage {
  std::vector<LineageNode> nodes;
  std::vector<LineageEdge> edges;
  std::vector<Holding> holdings;             // every transfer and onward transfer found
  std::vector<DerivedFile> derived;          // question 2
  std::vector<DerivedFile> derived_from;     // when the fingerprint is a transfer's output
  std::vector<IdentifierTrace> identifiers;  // question 3, one per identifier asked
};

// Questions 1 and 2 for the file whose SHA-256 is `sha256_hex` (lowercase hex).
// Errors: kInvalidArgument for a malformed digest; ledger errors.
Result<Lineage> TraceDataset(ledger::Ledger& ledger, const std::string& sha256_hex);

struct SubjectQuery {
  int64_t line = 0;
  Digest hash{};
};

// Question 3 for subjects hashed under `key_id` (transfers recorded under another key cannot be
// matched; `unmatched_keys` in the result counts them). Errors: ledger errors.
Result<Lineage> TraceSubjects(ledger::Ledger& ledger, const std::string& key_id,
                              const std::vector<SubjectQuery>& subjects,
                              uint64_t* entries_under_other_keys = nullptr);

// The graph in Graphviz DOT, and the whole answer as JSON.
std::string LineageToDot(const Lineage& lineage);
std::string LineageToJson(const Lineage& lineage);

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_LINEAGE_H_
