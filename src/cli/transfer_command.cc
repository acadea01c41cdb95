// `xborder transfer PLAN.yaml`: the whole pipeline (DESIGN.md §1) — scan, decide, check the
// mechanism, minimum necessity and consent, protect, package, record in the ledger.
// `xborder transfer onward ...`: a registered recipient's onward transfer of data it received in
// a recorded transfer (registry/onward_transfer.h), checked and recorded.
// `--seal-to age1...` (repeatable) seals the package's data files and reports for those age
// recipients; manifest.json stays clear and is always signed (manifest.json.minisig).
//
// Exit codes: 0 the package was written and recorded (or, with --dry-run, would be); 1 the
// transfer was refused (a refusal entry is recorded, no package); 2 bad input or a storage fault
// (nothing is written).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/identifier_input.h"
#include "cli/output.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/name_hmac.h"
#include "detect/subject_hasher.h"
#include "ledger/open_ledger.h"
#include "registry/onward_transfer.h"
#include "registry/open_registry.h"
#include "seal/age_keys.h"
#include "taxonomy/taxonomy.h"
#include "transfer/transfer.h"

namespace xb::cli {
namespace {

struct TransferArgs {
  std::string plan;
  std::string out;
  std::string as_of;
  std::string rules_dir;
  bool dry_run = false;
  bool strict = false;
  bool timings = false;
  int threads = 0;
  std::vector<std::string> seal_to;
};

struct OnwardArgs {
  std::string recipient;
  uint64_t from_entry = 0;
  std::string third_party;
  std::string third_party_country;
  std::string third_party_kind = "company";
  bool third_party_restricted = false;
  std::string purpose;
  std::vector<std::string> categories;
  bool separate_consent = false;
  std::string agreement;
  std::string subjects;
  std::string as_of;
  bool dry_run = false;
};

std::string OnwardText(const registry::OnwardOutcome& o, const registry::OnwardRequest& q) {
  std::string t = o.refused ? "onward transfer REFUSED" : "onward transfer recorded";
  if (q.dry_run) t = o.refused ? "onward transfer would be REFUSED" : "onward transfer may proceed";
  t += ": " + std::to_string(o.individuals) + " individuals (" +
       std::to_string(o.sensitive_individuals) + " with sensitive PI) from ledger entry " +
       std::to_string(q.from_entry);
  if (o.ledger_index) t += "; ledger entry " + std::to_string(*o.ledger_index);
  t += "\n";
  for (const auto& c : o.checks) {
    t += std::string(c.ok ? "  ok    " : "  FAIL  ") + c.id + ": " + c.detail + " [" + c.citation +
         "]\n";
  }
  return t;
}

Result<registry::OnwardRequest> OnwardRequestFrom(const GlobalOptions& global,
                                                  const OnwardArgs& args) {
  registry::OnwardRequest q;
  q.recipient_id = args.recipient;
  q.from_entry = args.from_entry;
  q.third_party_name = args.third_party;
  q.third_party_country = args.third_party_country;
  q.third_party_kind = args.third_party_kind;
  q.third_party_restricted = args.third_party_restricted;
  q.purpose = args.purpose;
  q.categories = args.categories;
  q.separate_consent = args.separate_consent;
  q.agreement = args.agreement;
  q.dry_run = args.dry_run;
  q.as_of = CivilDate::TodayInChina();
  if (!args.as_of.empty()) {
    auto d = CivilDate::Parse(args.as_of);
    if (!d) return InvalidArgument("--as-of expects a date YYYY-MM-DD", {"", 0, "--as-of"});
    q.as_of = *d;
  }
  // Which categories can carry the transfer's sensitive PI on: those holding a kind of PI the
  // taxonomy grades sensitive in the jurisdiction (and children's PI where all of it is).
  XB_ASSIGN_OR_RETURN(Taxonomy taxonomy, Taxonomy::LoadDefault());
  for (auto [code, j] : {std::pair{"CN", Jurisdiction::kCN}, std::pair{"EU", Jurisdiction::kEU}}) {
    q.sensitive_categories[code] =
        taxonomy.SensitiveCategories(j, SensitiveCategoryReading::kAnyKind);
  }
  if (args.subjects.empty() && args.third_party_kind != "individual") return q;
  // Identifiers and an individual third party's name are hashed on read, never kept.
  XB_ASSIGN_OR_RETURN(SecretKey key, LoadKey(global.ResolvedKeyFile()));
  XB_ASSIGN_OR_RETURN(auto classifier, ColumnClassifier::Create());
  const SubjectHasher hasher(key, *classifier);
  q.key_id = key.id;
  if (args.third_party_kind == "individual") {
    q.third_party_name_hmac = NameHmac(hasher, args.third_party);
    q.third_party_name.clear();
  }
  if (!args.subjects.empty()) {
    XB_ASSIGN_OR_RETURN(auto ids, ReadHashedIdentifiers(args.subjects, hasher));
    std::vector<Digest> hashes;
    for (const auto& id : ids) hashes.push_back(id.hash);
    q.subjects = std::move(hashes);
  }
  return q;
}

int RunOnwardCommand(const GlobalOptions& global, const OnwardArgs& args) {
  auto request = OnwardRequestFrom(global, args);
  if (!request.ok()) return ReportError(request.error());
  auto ledger = ledger::OpenLedgerFile(
      global.db, global.ResolvedKeyFile(),
      args.dry_run ? ledger::LedgerAccess::kRead : ledger::LedgerAccess::kAppend);
  if (!ledger.ok()) return ReportError(ledger.error());
  auto registry = registry::OpenRegistry(**ledger, global.db, !args.dry_run);
  if (!registry.ok()) return ReportError(registry.error());
  auto outcome = registry::RecordOnwardTransfer(**ledger, **registry, *request);
  if (!outcome.ok()) return ReportError(outcome.error());
  nlohmann::json j = nlohmann::json::parse(outcome->entry_json);
  j["status"] = outcome->refused ? "refused" : (args.dry_run ? "dry_run" : "completed");
  if (outcome->ledger_index) j["ledger_index"] = *outcome->ledger_index;
  int code = EmitResult(global, global.ResolvedFormat() == OutputFormat::kJson
                                    ? j.dump(2) + "\n"
                                    : OnwardText(*outcome, *request));
  if (code != kExitOk) return code;
  return outcome->refused ? kExitNonCompliant : kExitOk;
}

void AddOnwardCommand(CLI::App* transfer, OnwardArgs* args) {
  CLI::App* onward = transfer->add_subcommand(
      "onward", "Record a registered recipient's onward transfer to a third party");
  onward->fallthrough();
  onward->add_option("--recipient", args->recipient, "Registry id of the recipient")->required();
  onward
      ->add_option("--from-entry", args->from_entry,
                   "Ledger index of the transfer whose data is passed on")
      ->required();
  onward->add_option("--third-party", args->third_party, "The third party's name")->required();
  onward
      ->add_option("--third-party-country", args->third_party_country,
                   "The third party's country (ISO 3166-1 alpha-2)")
      ->required();
  onward->add_option("--third-party-kind", args->third_party_kind,
                     "company (default) | individual | foreign_authority | ...");
  onward->add_flag("--third-party-restricted", args->third_party_restricted,
                   "The third party is on the PIPL Art. 42 list");
  onward->add_option("--purpose", args->purpose, "Purpose of the onward transfer")->required();
  onward
      ->add_option("--categories", args->categories,
                   "PI categories passed on (default: all the transfer carried)")
      ->delimiter(',');
  onward->add_flag("--separate-consent", args->separate_consent,
                   "The individuals' separate consent to the onward transfer was obtained");
  onward->add_option("--agreement", args->agreement,
                     "Reference of the written agreement binding the third party");
  onward->add_option("--subjects", args->subjects,
                     "File of the identifiers passed on, one per line ('-' = stdin; default: "
                     "everyone the transfer carried)");
  onward->add_option("--as-of", args->as_of, "Date of the onward transfer (default: today)");
  onward->add_flag("--dry-run", args->dry_run, "Check and report; record nothing");
}

// A test's hook (transfer_trust_test.cc): with XBORDER_TEST_PAUSE_BEFORE_APPEND set to a folder,
// the transfer, once decided and packaged, creates <folder>/decided and waits (up to a minute)
// for <folder>/go before it records, so a test can record another transfer in between.
std::function<void()> PauseBeforeAppendForTests() {
  const char* folder = std::getenv("XBORDER_TEST_PAUSE_BEFORE_APPEND");
  if (folder == nullptr || *folder == '\0') return {};
  return [dir = std::string(folder)] {
    std::ofstream(dir + "/decided").put('\n');
    for (int i = 0; i < 6000 && !std::filesystem::exists(dir + "/go"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
}

int RunTransferCommand(const GlobalOptions& global, const TransferArgs& args) {
  transfer::TransferOptions options;
  options.plan_path = args.plan;
  options.out_dir = args.out;
  options.dry_run = args.dry_run;
  options.strict = args.strict;
  options.rules_dir = args.rules_dir;
  options.db_path = global.db;
  options.key_path = global.ResolvedKeyFile();
  options.threads = args.threads;
  options.before_append = PauseBeforeAppendForTests();
  if (!args.as_of.empty()) {
    options.as_of = CivilDate::Parse(args.as_of);
    if (!options.as_of) {
      return ReportError(InvalidArgument("--as-of expects a date YYYY-MM-DD", {"", 0, "--as-of"}));
    }
  }
  for (size_t i = 0; i < args.seal_to.size(); ++i) {
    auto recipient = seal::ParseAgeRecipient(args.seal_to[i]);
    if (!recipient.ok()) {
      Error e = std::move(recipient).error();
      e.where.field = "--seal-to #" + std::to_string(i + 1);
      return ReportError(e);
    }
    options.seal_to.push_back(*recipient);
  }
  auto outcome = transfer::RunTransfer(options);
  if (!outcome.ok()) return ReportError(outcome.error());
  const std::string text = global.ResolvedFormat() == OutputFormat::kJson
                               ? transfer::OutcomeToJson(*outcome)
                               : transfer::OutcomeToText(*outcome);
  int code = EmitResult(global, text);
  if (code != kExitOk) return code;
  if (args.timings) {
    std::string line = "timings:";
    for (const auto& [stage, seconds] : outcome->timings) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " %s %.2fs", stage.c_str(), seconds);
      line += buf;
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  bool refused =
      outcome->status == transfer::TransferStatus::kRefused || !outcome->refusal_reasons.empty();
  return refused ? kExitNonCompliant : kExitOk;
}

CommandRunner MakeTransferCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<TransferArgs>();
  CLI::App* sub = app.add_subcommand(
      "transfer",
      "Run the whole pipeline for a plan: scan, decide, consent, protect, package, record");
  sub->fallthrough();
  sub->add_option("plan", args->plan, "Transfer plan (YAML)");
  sub->add_option("--out", args->out,
                  "Package directory (default: <plan folder>/out/<plan name>-<as_of>)");
  sub->add_flag("--timings", args->timings,
                "Print the wall-clock seconds of each stage to stderr (also in --format json)");
  sub->add_flag("--dry-run", args->dry_run,
                "Decide and report; write nothing (no key file, database, package or entry)");
  sub->add_flag("--strict", args->strict,
                "Refuse when a column's category is beyond what the purpose needs (PIPL Art. 6)");
  sub->add_option("--as-of", args->as_of, "Transfer date (YYYY-MM-DD); overrides the plan");
  sub->add_option("--rules", args->rules_dir, "Rule pack directory");
  sub->add_option("--threads", args->threads, "Scanning threads (default: one per core)");
  sub->add_option("--seal-to", args->seal_to,
                  "Seal the package's files for this age recipient, age1... (repeatable)");
  auto onward_args = std::make_shared<OnwardArgs>();
  AddOnwardCommand(sub, onward_args.get());
  CLI::App* onward = sub->get_subcommand("onward");
  return [&global, args, onward_args, onward] {
    if (onward->parsed()) return RunOnwardCommand(global, *onward_args);
    if (args->plan.empty()) {
      return ReportError(InvalidArgument("name the transfer plan: xborder transfer PLAN.yaml"));
    }
    return RunTransferCommand(global, *args);
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("transfer", xb::cli::MakeTransferCommand);
