// `xborder db migrate --from A --to B`: moves a deployment's database (ledger, consent registry,
// users, sessions, access log) to another backend (e.g. a SQLite file to PostgreSQL) without
// changing a Merkle root (src/migrate). A thin door.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "ledger/signing_key.h"
#include "migrate/migrate.h"
#include "pg/url.h"

namespace xb::cli {
namespace {

struct DbArgs {
  std::string from;
  std::string to;
};

int RunMigrate(const GlobalOptions& global, const DbArgs& args) {
  migrate::MigrateOptions options{args.from, args.to, std::nullopt};
  // Check signatures with the operator's own key when it is at hand (as `ledger verify` does);
  // by default it lies beside the source database.
  GlobalOptions source = global;
  source.db = args.from;
  auto signer = ledger::LoadSigningKey(ledger::SigningKeyPathFor(source.ResolvedKeyFile()));
  if (signer.ok()) {
    options.trusted_key = signer->public_key();
  } else if (signer.error().code != ErrorCode::kNotFound) {
    return ReportError(signer.error());
  }
  auto report = migrate::MigrateDatabase(options);
  if (!report.ok()) return ReportError(report.error());
  const std::string from = pg::DisplayDb(args.from);
  const std::string to = pg::DisplayDb(args.to);
  if (global.ResolvedFormat() == OutputFormat::kJson) {
    nlohmann::json j = {{"from", from},
                        {"to", to},
                        {"moved", report->moved},
                        {"entries", report->ledger.entries},
                        {"subject_hashes", report->ledger.subject_hashes},
                        {"size", report->after.size},
                        {"root", ToHex(report->after.root)},
                        {"verifier_key", report->after.verifier_key},
                        {"verified", report->after.ok},
                        {"consent_records", report->consent_records},
                        {"users", report->users},
                        {"sessions", report->sessions},
                        {"access_records", report->access_records}};
    return EmitResult(global, j.dump() + "\n");
  }
  return EmitResult(global, "moved the deployment from " + from + " to " + to + ": " +
                                std::to_string(report->ledger.entries) + " ledger entries, " +
                                std::to_string(report->ledger.subject_hashes) +
                                " subject hashes, " + std::to_string(report->consent_records) +
                                " consent records, " + std::to_string(report->users) + " users, " +
                                std::to_string(report->sessions) + " sessions, " +
                                std::to_string(report->access_records) +
                                " access log records\nroot " + ToHex(report->after.root) +
                                " and checkpoint unchanged; the copy verifies\n");
}

CommandRunner MakeDbCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* db = app.add_subcommand("db", "The xborder database (ledger, consent, accounts)");
  db->require_subcommand(1);
  db->fallthrough();
  CLI::App* migrate = db->add_subcommand(
      "migrate",
      "Move a deployment to another database (e.g. SQLite to PostgreSQL), same Merkle roots");
  migrate->fallthrough();
  migrate->add_option("--from", args->from, "Source: SQLite path or postgresql:// URL")->required();
  migrate->add_option("--to", args->to, "Target (must hold nothing of a deployment): path or URL")
      ->required();
  return [&global, args, migrate]() -> int {
    if (migrate->parsed()) return RunMigrate(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("db", xb::cli::MakeDbCommand);
