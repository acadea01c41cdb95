// `xborder ledger append|checkpoint|prove|consistency|export|verify|stats`: the transfer ledger
// (DESIGN.md §4, §7; docs/ledger.md). A thin door: parse arguments, call src/ledger, print.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/identifier_input.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/key_file.h"
#include "core/strings.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/checkpoint.h"
#include "ledger/entry_lines.h"
#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "ledger/signing_key.h"
#include "ledger/year_to_date_json.h"
#include "pg/url.h"
#include "seal/minisign.h"
#include "transfer/package_recovery.h"

namespace xb::cli {
namespace {

using Json = nlohmann::json;

struct LedgerArgs {
  // append
  std::string file;
  std::string subjects_file;
  std::string sensitive_file;
  std::string exporter;
  int year = 0;
  bool exempt = false;
  // prove / consistency
  uint64_t index = 0;
  uint64_t size = 0;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  // verify
  std::string checkpoint_file;
  std::string public_key;
};

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return text;
  }
  return ReadFile(path);
}

// Only `append` writes; every other subcommand opens the database read-only, so it works for a
// user who may only read it, and writes nothing (docs/ledger.md).
Result<std::unique_ptr<ledger::Ledger>> OpenLedger(const GlobalOptions& global,
                                                   ledger::LedgerAccess access) {
  return ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), access);
}

// True when `path` exists but this user may not read it (another user's key, read by an
// auditor): read-only commands then go on without it and say so, rather than fail.
bool ExistsButUnreadable(const std::string& path) {
  return ::access(path.c_str(), R_OK) != 0 && errno == EACCES;
}

// One identifier per line, read and hashed as every command reads identifiers
// (identifier_input.h), so that "138 0013 8000" and "+86 13800138000" are the person a
// dataset's mobile column names.
Result<std::vector<Digest>> HashIdentifiers(const std::string& path, const SubjectHasher& hasher) {
  XB_ASSIGN_OR_RETURN(std::vector<HashedIdentifier> read, ReadHashedIdentifiers(path, hasher));
  std::vector<Digest> out;
  out.reserve(read.size());
  for (const HashedIdentifier& h : read) out.push_back(h.hash);
  return out;
}

std::string Dump(const Json& j) { return j.dump() + "\n"; }

int RunAppend(const GlobalOptions& global, const LedgerArgs& args) {
  auto text = ReadInput(args.file);
  if (!text.ok()) return ReportError(text.error());
  std::string where = args.file == "-" ? "<stdin>" : args.file;
  auto entries = ledger::SplitEntryLines(*text, where);
  if (!entries.ok()) return ReportError(entries.error());
  bool transfer = !args.subjects_file.empty() || !args.sensitive_file.empty();
  if (transfer && (entries->size() != 1 || args.exporter.empty() || args.year == 0)) {
    return ReportError(InvalidArgument(
        "--subjects needs one JSON object in FILE, --exporter and --year", {where}));
  }
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kAppend);
  if (!ledger.ok()) return ReportError(ledger.error());
  Result<ledger::AppendResult> result = Internal("unreachable");
  if (transfer) {
    auto key = LoadOrCreateKey(global.ResolvedKeyFile());
    if (!key.ok()) return ReportError(key.error());
    auto classifier = ColumnClassifier::Create();
    if (!classifier.ok()) return ReportError(classifier.error());
    const SubjectHasher hasher(*key, **classifier);
    ledger::TransferRecord record;
    record.entry_json = (*entries)[0];
    record.group = {key->id, args.exporter, args.year, !args.exempt};
    if (!args.subjects_file.empty()) {
      auto hashes = HashIdentifiers(args.subjects_file, hasher);
      if (!hashes.ok()) return ReportError(hashes.error());
      record.individuals = std::move(hashes).value();
    }
    if (!args.sensitive_file.empty()) {
      auto hashes = HashIdentifiers(args.sensitive_file, hasher);
      if (!hashes.ok()) return ReportError(hashes.error());
      record.sensitive = std::move(hashes).value();
    }
    result = (*ledger)->AppendTransfer(record);
  } else {
    result = (*ledger)->Append(*entries);
  }
  if (!result.ok()) {
    Error e = std::move(result).error();
    if (e.where.file.empty() && !e.where.field.empty()) {
      // "entry N" of the batch: name the file's line instead.
      e.where.file = where;
    }
    return ReportError(e);
  }
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    return EmitResult(global, "appended " + std::to_string(result->count) + " entries at index " +
                                  std::to_string(result->first_index) + "; tree size " +
                                  std::to_string(result->size) + ", root " + ToHex(result->root) +
                                  "\n");
  }
  return EmitResult(global, Dump({{"first_index", result->first_index},
                                  {"count", result->count},
                                  {"size", result->size},
                                  {"root", ToHex(result->root)}}));
}

int RunCheckpoint(const GlobalOptions& global) {
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  auto note = (*ledger)->CheckpointNote();
  if (!note.ok()) return ReportError(note.error());
  auto cp = ledger::OpenCheckpoint(*note, *(*ledger)->LogPublicKey());
  if (!cp.ok()) return ReportError(cp.error());
  switch (global.ResolvedFormat()) {
    case OutputFormat::kNote:
      return EmitResult(global, *note);
    case OutputFormat::kTable:
      return EmitResult(global, "size " + std::to_string(cp->size) + "\nroot " + ToHex(cp->root) +
                                    "\norigin " + cp->origin + "\n");
    case OutputFormat::kJson:
      break;
  }
  return EmitResult(global, Dump({{"size", cp->size}, {"root", ToHex(cp->root)}}));
}

Json HexList(const std::vector<Digest>& ds) {
  Json list = Json::array();
  for (const Digest& d : ds) list.push_back(ToHex(d));
  return list;
}

int RunProve(const GlobalOptions& global, const LedgerArgs& args, bool size_given) {
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  uint64_t size = args.size;
  if (!size_given) {
    auto head = (*ledger)->Head();
    if (!head.ok()) return ReportError(head.error());
    size = head->size;
  }
  auto proof = (*ledger)->ProveInclusion(args.index, size);
  if (!proof.ok()) return ReportError(proof.error());
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    std::string text = "index " + std::to_string(proof->index) + " of tree size " +
                       std::to_string(proof->size) + "\nleaf hash " + ToHex(proof->leaf_hash) +
                       "\n";
    for (const Digest& d : proof->proof) text += "  " + ToHex(d) + "\n";
    return EmitResult(global, text);
  }
  return EmitResult(global, Dump({{"index", proof->index},
                                  {"size", proof->size},
                                  {"leaf_hash", ToHex(proof->leaf_hash)},
                                  {"proof", HexList(proof->proof)}}));
}

int RunConsistency(const GlobalOptions& global, const LedgerArgs& args) {
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  auto proof = (*ledger)->ProveConsistency(args.old_size, args.new_size);
  if (!proof.ok()) return ReportError(proof.error());
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    std::string text = "tree size " + std::to_string(args.old_size) + " -> " +
                       std::to_string(args.new_size) + "\n";
    for (const Digest& d : *proof) text += "  " + ToHex(d) + "\n";
    return EmitResult(global, text);
  }
  return EmitResult(
      global,
      Dump({{"size1", args.old_size}, {"size2", args.new_size}, {"proof", HexList(*proof)}}));
}

int RunExport(const GlobalOptions& global) {
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  std::string out;
  Status s = (*ledger)->Export([&out](uint64_t, std::string_view entry) {
    out.append(entry);
    out.push_back('\n');
    return Status::Ok();
  });
  if (!s.ok()) return ReportError(s.error());
  return EmitResult(global, out);
}

int RunVerify(const GlobalOptions& global, const LedgerArgs& args) {
  std::optional<std::string> note;
  if (!args.checkpoint_file.empty()) {
    auto text = ReadFile(args.checkpoint_file);
    if (!text.ok()) return ReportError(text.error());
    note = std::move(text).value();
  }
  // Check signatures with the key the auditor pins (-p), else the operator's own key when it is
  // at hand, so a database whose recorded public key was swapped does not vouch for itself.
  std::optional<ledger::PublicKey> trusted;
  const std::string signer_path = ledger::SigningKeyPathFor(global.ResolvedKeyFile());
  if (!args.public_key.empty()) {
    auto pinned = seal::ReadMinisignPublicKeyFile(args.public_key);
    if (!pinned.ok()) return ReportError(pinned.error());
    trusted = pinned->key;
  } else if (ExistsButUnreadable(signer_path)) {
    std::fprintf(stderr,
                 "xborder: note: %s is not readable by this user; checking signatures with the "
                 "key recorded in the ledger (see verifier_key)\n",
                 signer_path.c_str());
  } else {
    auto signer = ledger::LoadSigningKey(signer_path);
    if (signer.ok()) {
      trusted = signer->public_key();
    } else if (signer.error().code != ErrorCode::kNotFound) {
      return ReportError(signer.error());
    }
  }
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  auto report = (*ledger)->Verify(note, trusted);
  if (!report.ok()) return ReportError(report.error());
  // Packages recorded by a transfer that stopped before moving them into place: the log is
  // sound, but a person should know (the next transfer finishes them).
  auto unfinished = transfer::UnfinishedPackages(**ledger);
  if (!unfinished.ok()) return ReportError(unfinished.error());
  for (const std::string& line : *unfinished) {
    std::fprintf(stderr, "xborder: warning: %s\n", line.c_str());
  }
  Json j = {{"ok", report->ok},
            {"size", report->size},
            {"entries_checked", report->entries_checked},
            {"origin", report->origin},
            {"verifier_key", report->verifier_key},
            {"unfinished_packages", *unfinished}};
  if (report->ok) {
    j["root"] = ToHex(report->root);
  } else {
    j["first_bad_index"] =
        report->first_bad_index.has_value() ? Json(*report->first_bad_index) : Json(nullptr);
    j["problem"] = report->problem;
    std::fprintf(stderr, "xborder: %s: ledger verify failed: %s\n",
                 pg::DisplayDb(global.db).c_str(), report->problem.c_str());
  }
  std::string text;
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    text = report->ok ? "ledger OK: " + std::to_string(report->size) + " entries, root " +
                            ToHex(report->root) + "\nverifier key " + report->verifier_key + "\n"
                      : "ledger FAILED: " + report->problem + "\n";
  } else {
    text = Dump(j);
  }
  int emitted = EmitResult(global, text);
  if (emitted != kExitOk) return emitted;
  return report->ok ? kExitOk : kExitNonCompliant;
}

int RunStats(const GlobalOptions& global, const LedgerArgs& args) {
  std::string key_id;
  if (ExistsButUnreadable(global.ResolvedKeyFile())) {
    std::fprintf(stderr,
                 "xborder: note: %s is not readable by this user; every count is reported "
                 "under other_keys\n",
                 global.ResolvedKeyFile().c_str());
  } else {
    auto key = LoadKey(global.ResolvedKeyFile());
    if (key.ok()) {
      key_id = key->id;
    } else if (key.error().code != ErrorCode::kNotFound) {
      return ReportError(key.error());
    }
  }
  auto ledger = OpenLedger(global, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  auto ytd = (*ledger)->YearToDate(args.exporter, args.year, key_id);
  if (!ytd.ok()) return ReportError(ytd.error());
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    auto line = [](const char* label, const ledger::PathCounts& p) {
      return std::string(label) + ": counted " + std::to_string(p.counted.individuals) + " (" +
             std::to_string(p.counted.sensitive_individuals) + " sensitive), exempt " +
             std::to_string(p.exempt.individuals) + " (" +
             std::to_string(p.exempt.sensitive_individuals) + " sensitive)\n";
    };
    return EmitResult(
        global,
        "exporter " + args.exporter + ", " + std::to_string(args.year) + ", key " +
            (key_id.empty() ? "(none)" : key_id) + "\n" + line("year to date", ytd->year_to_date) +
            line("since 1 January of the previous year", ytd->since_previous_year) +
            line("under other keys, year to date (upper bound)", ytd->other_keys_year_to_date));
  }
  return EmitResult(global, ledger::YearToDateToJson(*ytd) + "\n");
}

CommandRunner MakeLedgerCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<LedgerArgs>();
  CLI::App* ledger = app.add_subcommand("ledger", "The transfer ledger (Merkle log)");
  ledger->require_subcommand(1);
  ledger->fallthrough();

  CLI::App* append = ledger->add_subcommand(
      "append", "Append one JSON object, or JSON Lines of objects as one batch");
  append->add_option("FILE", args->file, "JSON or JSON Lines file ('-' for stdin)")->required();
  append->add_option("--subjects", args->subjects_file,
                     "Identifiers of the individuals sent, one per line (keyed before storing)");
  append->add_option("--sensitive-subjects", args->sensitive_file,
                     "Identifiers of the individuals whose sensitive PI is sent");
  append->add_option("--exporter", args->exporter, "Exporter name (with --subjects)");
  append->add_option("--year", args->year, "Calendar year of the transfer (with --subjects)");
  append->add_flag("--exempt", args->exempt, "The transfer went through an exempt path");

  CLI::App* checkpoint = ledger->add_subcommand("checkpoint", "Print the signed tree head");
  CLI::App* prove = ledger->add_subcommand("prove", "Inclusion proof of one entry");
  prove->add_option("INDEX", args->index, "Entry index")->required();
  CLI::Option* size_opt = prove->add_option("--size", args->size, "Tree size (default: current)");
  CLI::App* consistency = ledger->add_subcommand("consistency", "Consistency proof");
  consistency->add_option("OLD", args->old_size, "Old tree size")->required();
  consistency->add_option("NEW", args->new_size, "New tree size")->required();
  CLI::App* export_cmd =
      ledger->add_subcommand("export", "Every entry's canonical bytes, one per line");
  CLI::App* verify = ledger->add_subcommand("verify", "Recompute and check everything");
  verify->add_option("--checkpoint", args->checkpoint_file,
                     "An earlier signed checkpoint the ledger must extend");
  verify->add_option("-p,--public-key", args->public_key,
                     "Check the signatures with this public key (minisign's format, as "
                     "`keys export --minisign` prints it), not the one beside --key-file or "
                     "the one the ledger records");
  CLI::App* stats = ledger->add_subcommand("stats", "Distinct individuals per exporter and year");
  stats->add_option("--exporter", args->exporter, "Exporter name")->required();
  stats->add_option("--year", args->year, "Calendar year")->required();
  for (CLI::App* sub : {append, checkpoint, prove, consistency, export_cmd, verify, stats}) {
    sub->fallthrough();
  }

  return [&global, args, append, checkpoint, prove, size_opt, consistency, export_cmd, verify,
          stats]() -> int {
    if (append->parsed()) return RunAppend(global, *args);
    if (checkpoint->parsed()) return RunCheckpoint(global);
    if (prove->parsed()) return RunProve(global, *args, size_opt->count() > 0);
    if (consistency->parsed()) return RunConsistency(global, *args);
    if (export_cmd->parsed()) return RunExport(global);
    if (verify->parsed()) return RunVerify(global, *args);
    if (stats->parsed()) return RunStats(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("ledger", xb::cli::MakeLedgerCommand);
