// `xborder lineage`: where transferred data went and who holds it, from the ledger alone
// (registry/lineage.h).
//
//   xborder lineage --dataset FILE | --sha256 HEX    where did it go, what derived from it
//   xborder lineage --subjects FILE|-                 which transfers and recipients hold these
//                                                     people's data (identifiers hashed on read)
//   ... [--dot FILE] [--svg FILE]                     the graph (SVG needs Graphviz's dot)
//
// A read-only command: it writes nothing to the database and needs only read access to it (the
// key file is read, never created, for --subjects).
//
// Exit codes: 0 answered (also when nothing was found); 2 bad input.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/identifier_input.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/open_ledger.h"
#include "registry/graphviz.h"
#include "registry/lineage.h"
#include "transfer/package_builder.h"

namespace xb::cli {
namespace {

struct LineageArgs {
  std::string dataset;
  std::string sha256;
  std::string subjects;
  std::string dot;
  std::string svg;
};

std::string HoldingText(const registry::Holding& h) {
  if (h.type == "onward_transfer") {
    return "onward #" + std::to_string(h.entry) + " (" + h.as_of + ") by " + h.recipient + " to " +
           h.third_party + " (" + h.country + ")";
  }
  return "transfer #" + std::to_string(h.entry) + " (" + h.as_of + ") from " + h.exporter + " to " +
         h.recipient + " (" + h.country + ")";
}

std::string DatasetText(const registry::Lineage& l, const std::string& what) {
  std::string t;
  for (const auto& d : l.derived_from) {
    t += what + " was written by transfer #" + std::to_string(d.from_entry) + " from " + d.name +
         " (" + d.sha256.substr(0, 16) + "...)\n";
  }
  if (l.holdings.empty()) return t + "no recorded transfer sent " + what + "\n";
  t += what + " went to:\n";
  for (const auto& h : l.holdings) t += "  " + HoldingText(h) + "\n";
  if (!l.derived.empty()) t += "derived from it:\n";
  for (const auto& d : l.derived) {
    t += "  " + d.name + " in package " + d.package + " (transfer #" +
         std::to_string(d.from_entry) + ", generation " + std::to_string(d.generation) + ", " +
         d.sha256.substr(0, 16) + "...)\n";
  }
  return t;
}

std::string SubjectsText(const registry::Lineage& l, uint64_t other_keys) {
  std::string t;
  for (const auto& id : l.identifiers) {
    t += "identifier on line " + std::to_string(id.line) + ": ";
    if (id.holdings.empty()) {
      t += "in no recorded transfer\n";
      continue;
    }
    t += "\n";
    for (const auto& h : id.holdings) t += "  " + HoldingText(h) + "\n";
  }
  if (other_keys > 0) {
    t += std::to_string(other_keys) +
         " transfer entries were recorded under another key and could not be searched\n";
  }
  return t;
}

Status WriteGraphs(const registry::Lineage& l, const LineageArgs& args) {
  const std::string dot = registry::LineageToDot(l);
  if (!args.dot.empty()) XB_RETURN_IF_ERROR(WriteFileAtomically(args.dot, dot));
  if (!args.svg.empty()) {
    XB_ASSIGN_OR_RETURN(std::string svg, registry::RenderSvg(dot));
    XB_RETURN_IF_ERROR(WriteFileAtomically(args.svg, svg));
  }
  return Status::Ok();
}

int RunLineage(const GlobalOptions& global, const LineageArgs& args) {
  const int questions = !args.dataset.empty() + !args.sha256.empty() + !args.subjects.empty();
  if (questions != 1) {
    return ReportError(
        InvalidArgument("ask one question: --dataset FILE, --sha256 HEX or --subjects FILE|-"));
  }
  auto ledger =
      ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  Result<registry::Lineage> lineage = registry::Lineage{};
  std::string text;
  if (!args.subjects.empty()) {
    auto key = LoadKey(global.ResolvedKeyFile());
    if (!key.ok()) return ReportError(key.error());
    auto classifier = ColumnClassifier::Create();
    if (!classifier.ok()) return ReportError(classifier.error());
    const SubjectHasher hasher(*key, **classifier);
    auto ids = ReadHashedIdentifiers(args.subjects, hasher);
    if (!ids.ok()) return ReportError(ids.error());
    std::vector<registry::SubjectQuery> queries;
    for (const auto& id : *ids) queries.push_back({id.line, id.hash});
    uint64_t other_keys = 0;
    lineage = registry::TraceSubjects(**ledger, key->id, queries, &other_keys);
    if (!lineage.ok()) return ReportError(lineage.error());
    text = SubjectsText(*lineage, other_keys);
  } else {
    std::string sha = args.sha256;
    std::string what = "the file with SHA-256 " + sha.substr(0, 16) + "...";
    if (!args.dataset.empty()) {
      auto digest = transfer::Sha256OfFile(args.dataset);
      if (!digest.ok()) return ReportError(digest.error());
      sha = *digest;
      what = args.dataset;
    }
    lineage = registry::TraceDataset(**ledger, sha);
    if (!lineage.ok()) return ReportError(lineage.error());
    text = DatasetText(*lineage, what);
  }
  Status graphs = WriteGraphs(*lineage, args);
  if (!graphs.ok()) return ReportError(graphs.error());
  return EmitResult(global, global.ResolvedFormat() == OutputFormat::kJson
                                ? registry::LineageToJson(*lineage)
                                : text);
}

CommandRunner MakeLineageCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<LineageArgs>();
  CLI::App* sub = app.add_subcommand(
      "lineage", "Where transferred data went and who holds it (from the ledger alone)");
  sub->fallthrough();
  sub->add_option("--dataset", args->dataset, "A dataset (or protected file): where did it go?");
  sub->add_option("--sha256", args->sha256, "The same, by the file's SHA-256");
  sub->add_option("--subjects", args->subjects,
                  "Identifiers, one per line ('-' = stdin): which transfers hold their data?");
  sub->add_option("--dot", args->dot, "Write the graph as Graphviz DOT to FILE");
  sub->add_option("--svg", args->svg, "Write the graph as SVG to FILE (runs Graphviz's dot)");
  return [&global, args] { return RunLineage(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("lineage", xb::cli::MakeLineageCommand);
