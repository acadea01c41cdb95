// `xborder consent import|check|withdraw|withdrawals`: the consent registry (PIPL Arts. 14, 15,
// 31, 39), kept in the same database as the ledger, individuals only as keyed hashes.
//
// Exit codes: 0 success (for `check`: every individual has valid consent); 1 `check` found
// individuals without valid consent; 2 bad input.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "consent/consent_import.h"
#include "consent/consent_store.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "transfer/transfer.h"
#include "transfer/withdrawals.h"

namespace xb::cli {
namespace {

using nlohmann::json;

struct ConsentArgs {
  std::string file;
  std::string plan;
  std::string as_of;
  std::string since;
  std::string subject;
  std::string recipient;
  std::string date;
};

Result<std::optional<CivilDate>> OptionalDate(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<CivilDate>();
  auto d = CivilDate::Parse(text);
  if (!d) return InvalidArgument(std::string(flag) + " expects a date YYYY-MM-DD", {"", 0, flag});
  return std::optional<CivilDate>(d);
}

int Emit(const GlobalOptions& global, const json& j, const std::string& text) {
  return EmitResult(global,
                    global.ResolvedFormat() == OutputFormat::kJson ? j.dump(2) + "\n" : text);
}

int RunImport(const GlobalOptions& global, const ConsentArgs& args) {
  auto key = LoadOrCreateKey(global.ResolvedKeyFile());
  if (!key.ok()) return ReportError(key.error());
  auto classifier = ColumnClassifier::Create();
  if (!classifier.ok()) return ReportError(classifier.error());
  const SubjectHasher hasher(*key, **classifier);
  auto read = consent::ReadConsentFile(
      args.file, [&hasher](std::string_view raw) { return hasher.HashRecognised(raw); });
  if (!read.ok()) return ReportError(read.error());
  auto store = consent::ConsentStore::Open(global.db);
  if (!store.ok()) return ReportError(store.error());
  Status s = (*store)->Import(key->id, read->records);
  if (!s.ok()) return ReportError(s.error());
  json j = {{"file", args.file}, {"imported", read->records.size()}, {"key_id", key->id}};
  return Emit(global, j,
              "imported " + std::to_string(read->records.size()) + " consent records from " +
                  args.file + " (key " + key->id + ")\n");
}

int RunCheck(const GlobalOptions& global, const ConsentArgs& args) {
  transfer::TransferOptions options;
  options.plan_path = args.plan;
  options.dry_run = true;
  options.db_path = global.db;
  options.key_path = global.ResolvedKeyFile();
  options.consent_override = transfer::ConsentMode::kRequire;
  auto as_of = OptionalDate(args.as_of, "--as-of");
  if (!as_of.ok()) return ReportError(as_of.error());
  options.as_of = *as_of;
  auto outcome = transfer::RunTransfer(options);
  if (!outcome.ok()) return ReportError(outcome.error());

  json datasets = json::array();
  std::string text = "consent check as of " + outcome->as_of.ToString() + "\n";
  uint64_t missing = 0;
  for (const auto& d : outcome->datasets) {
    json by = json::object();
    text += "  " + d.source + ":";
    for (int i = 0; i < transfer::kCoverageCount; ++i) {
      uint64_t n = d.consent.individuals[static_cast<size_t>(i)];
      std::string name(consent::CoverageName(static_cast<consent::Coverage>(i)));
      by[name] = n;
      if (n > 0) text += " " + std::to_string(n) + " " + name + ";";
    }
    text += " " + std::to_string(d.consent.rows_removed) + " rows would be removed\n";
    missing += d.consent.without_valid_consent() + d.consent.unidentified_rows;
    datasets.push_back({{"source", d.source},
                        {"individuals", by},
                        {"unidentified_rows", d.consent.unidentified_rows},
                        {"rows_removed", d.consent.rows_removed}});
  }
  json j = {{"as_of", outcome->as_of.ToString()}, {"datasets", datasets}};
  int code = Emit(global, j, text);
  if (code != kExitOk) return code;
  return missing == 0 ? kExitOk : kExitNonCompliant;
}

// Identifiers come from --subject or, better for personal data, a file or stdin ("-"), one per
// line, so they stay out of shell history.
// Identifiers come from a file or stdin, never from an argument: the shell's history keeps
// arguments (identifier_input.h). `--subject ID` is refused, without repeating the value.
Result<std::vector<std::string>> ReadSubjects(const ConsentArgs& args) {
  if (!args.subject.empty()) {
    return InvalidArgument(
        "--subject is no longer accepted: an identifier given as an argument stays in the shell's "
        "history; put the identifiers in a file, one per line, and name the file, or pipe them "
        "in with '-' (printf '%s\\n' \"$ID\" | xborder consent withdraw -)",
        {"", 0, "--subject"});
  }
  std::vector<std::string> ids;
  if (!args.file.empty()) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (args.file != "-") {
      file.open(args.file);
      if (!file) return NotFound("cannot read subjects file", {args.file});
      in = &file;
    }
    std::string line;
    while (std::getline(*in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) ids.push_back(line);
    }
  }
  if (ids.empty())
    return InvalidArgument(
        "name the individuals: a file of identifiers, one per line ('-' for stdin)");
  return ids;
}

int RunWithdraw(const GlobalOptions& global, const ConsentArgs& args) {
  auto ids = ReadSubjects(args);
  if (!ids.ok()) return ReportError(ids.error());
  auto date = OptionalDate(args.date, "--date");
  if (!date.ok()) return ReportError(date.error());
  auto key = LoadOrCreateKey(global.ResolvedKeyFile());
  if (!key.ok()) return ReportError(key.error());
  auto classifier = ColumnClassifier::Create();
  if (!classifier.ok()) return ReportError(classifier.error());
  const SubjectHasher hasher(*key, **classifier);
  auto store = consent::ConsentStore::Open(global.db);
  if (!store.ok()) return ReportError(store.error());
  CivilDate on = date->value_or(CivilDate::TodayInChina());
  std::optional<std::string> recipient;
  if (!args.recipient.empty()) recipient = args.recipient;
  int64_t changed = 0;
  for (size_t i = 0; i < ids->size(); ++i) {
    std::optional<Digest> subject = hasher.HashRecognised((*ids)[i]);
    if (!subject) {
      return ReportError(InvalidArgument("not a recognised identifier",
                                         {args.file, static_cast<int64_t>(i + 1), "subject"}));
    }
    auto n = (*store)->Withdraw(key->id, *subject, on, recipient);
    if (!n.ok()) return ReportError(n.error());
    changed += *n;
  }
  json j = {{"individuals", ids->size()}, {"records_withdrawn", changed}, {"date", on.ToString()}};
  return Emit(global, j,
              "withdrew " + std::to_string(changed) + " consent records of " +
                  std::to_string(ids->size()) + " individuals as of " + on.ToString() + "\n");
}

int RunWithdrawals(const GlobalOptions& global, const ConsentArgs& args) {
  auto since = OptionalDate(args.since, "--since");
  if (!since.ok()) return ReportError(since.error());
  // A read-only command: it reads the key (records are matched under its id) and the database,
  // and creates neither.
  auto key = LoadKey(global.ResolvedKeyFile());
  if (!key.ok()) return ReportError(key.error());
  auto store = consent::ConsentStore::Open(global.db, consent::ConsentAccess::kRead);
  if (!store.ok()) return ReportError(store.error());
  auto ledger =
      ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  auto impacts = transfer::FindWithdrawalImpact(**ledger, **store, key->id,
                                                since->value_or(CivilDate::FromDays(0)));
  if (!impacts.ok()) return ReportError(impacts.error());
  json list = json::array();
  std::string text;
  for (const auto& w : *impacts) {
    list.push_back({{"index", w.index},
                    {"as_of", w.as_of},
                    {"exporter", w.exporter},
                    {"recipient", w.recipient},
                    {"country", w.country},
                    {"withdrawn_individuals", w.individuals}});
    text +=
        "entry " + std::to_string(w.index) + " (" + w.as_of + ", " + w.recipient + ", " +
        w.country + "): " + std::to_string(w.individuals) +
        " individuals withdrew consent; ask the recipient to delete their data (PIPL Art. 47)\n";
  }
  if (impacts->empty()) text = "no recorded transfer carried individuals who withdrew consent\n";
  return Emit(global, json{{"entries", list}}, text);
}

CommandRunner MakeConsentCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ConsentArgs>();
  CLI::App* sub = app.add_subcommand("consent", "The consent registry (import, check, withdraw)");
  sub->require_subcommand(1);
  sub->fallthrough();

  CLI::App* import = sub->add_subcommand("import", "Import consent records (CSV or JSON Lines)");
  import->fallthrough();
  import->add_option("file", args->file, "Consent file (docs/consent.md lists the columns)")
      ->required();

  CLI::App* check =
      sub->add_subcommand("check", "How many individuals of a plan's datasets have valid consent");
  check->fallthrough();
  check->add_option("plan", args->plan, "Transfer plan (YAML)")->required();
  check->add_option("--as-of", args->as_of, "Check as of this date (default: the plan's as_of)");

  CLI::App* withdraw = sub->add_subcommand("withdraw", "Record withdrawals of consent");
  withdraw->fallthrough();
  withdraw->add_option("file", args->file, "File of identifiers, one per line ('-' = stdin)");
  withdraw->add_option("--subject", args->subject,
                       "Removed (the shell's history keeps arguments): refused with exit 2; give "
                       "a file of identifiers or '-' for stdin");
  withdraw->add_option("--recipient", args->recipient,
                       "Withdraw only consents covering this recipient");
  withdraw->add_option("--date", args->date, "Date of the withdrawal (default: today)");

  CLI::App* withdrawals = sub->add_subcommand(
      "withdrawals", "Ledger entries that carried individuals who have since withdrawn consent");
  withdrawals->fallthrough();
  withdrawals->add_option("--since", args->since, "Withdrawals on or after this date");

  return [&global, args, import, check, withdraw, withdrawals] {
    if (import->parsed()) return RunImport(global, *args);
    if (check->parsed()) return RunCheck(global, *args);
    if (withdraw->parsed()) return RunWithdraw(global, *args);
    if (withdrawals->parsed()) return RunWithdrawals(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("consent", xb::cli::MakeConsentCommand);
