// `xborder recipients add|list|show|retire`: the registry of overseas recipients (DESIGN.md §12),
// every change recorded in the ledger as a "recipient" entry.
//
// An individual recipient's name and any contact details stay in the registry's own table: the
// ledger gets the name's keyed hash only, and `list` and `show` print "individual <id>" unless
// `show --private` asks for them.
//
// Exit codes: 0 success; 1 the change is not allowed (already registered, already retired);
// 2 bad input (a malformed file, an unknown id).
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/key_file.h"
#include "core/locations.h"
#include "detect/column_classifier.h"
#include "detect/name_hmac.h"
#include "detect/subject_hasher.h"
#include "ledger/open_ledger.h"
#include "registry/open_registry.h"
#include "registry/recipient.h"

namespace xb::cli {
namespace {

using nlohmann::json;

struct RecipientsArgs {
  std::string file;
  std::string id;
  std::string name;
  std::string country;
  std::string kind;
  std::string seal_key;
  std::string date;
  bool restricted_list = false;
  bool replace = false;
  bool all = false;
  bool show_private = false;
};

Result<CivilDate> DateOrToday(const std::string& text) {
  if (text.empty()) return CivilDate::TodayInChina();
  auto d = CivilDate::Parse(text);
  if (!d) return InvalidArgument("--date expects a date YYYY-MM-DD", {"", 0, "--date"});
  return *d;
}

json RecipientJson(const registry::Recipient& r, bool show_private) {
  json j = registry::PublicJson(r);
  j["label"] = r.Label();
  j["registered"] = r.registered ? json(r.registered->ToString()) : json(nullptr);
  j["retired"] = r.retired ? json(r.retired->ToString()) : json(nullptr);
  j["ledger_index"] = r.ledger_index;
  if (show_private) {
    j["name"] = r.name;
    j["contact"] = r.contact;
  }
  return j;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "-" : s;
}

std::string RecipientText(const registry::Recipient& r, bool show_private) {
  std::string t =
      r.id + ": " + (show_private ? r.name : r.Label()) + " (" + r.kind + ", " + r.country + ")";
  t += r.retired ? ", retired " + r.retired->ToString() : ", active";
  if (r.restricted_list) t += ", ON THE RESTRICTED LIST (PIPL Art. 42)";
  t += "\n  purposes: " + Join(r.purposes) + "\n  categories: " + Join(r.categories) + "\n";
  for (const auto& m : r.mechanisms) {
    t += "  mechanism: " + m.type + " " + m.reference;
    if (m.effective) t += ", effective " + m.effective->ToString();
    if (m.expires) t += ", expires " + m.expires->ToString();
    t += "\n";
  }
  if (!r.storage_location.empty() || !r.retention.empty()) {
    t += "  storage: " + r.storage_location + "; retention: " + r.retention + "\n";
  }
  t += std::string("  onward transfers: ") + (r.onward.permitted ? "permitted" : "not permitted");
  if (r.onward.permitted) {
    t += " (purposes " + Join(r.onward.purposes) + "; categories " + Join(r.onward.categories) +
         "; countries " + Join(r.onward.countries) + ")";
  }
  t += "\n";
  for (const auto& f : r.flows) {
    t += "  flow " + f.id + ": " + f.exporter + ", " + f.purpose + ", " + Join(f.categories) + "\n";
  }
  if (show_private && !r.contact.empty()) t += "  contact: " + r.contact + "\n";
  if (!r.seal_key.empty()) t += "  seal key: " + r.seal_key + "\n";
  return t;
}

int Emit(const GlobalOptions& global, const json& j, const std::string& text) {
  return EmitResult(global,
                    global.ResolvedFormat() == OutputFormat::kJson ? j.dump(2) + "\n" : text);
}

struct Opened {
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<registry::Registry> registry;
};

Result<Opened> Open(const GlobalOptions& global, bool writable) {
  Opened o;
  XB_ASSIGN_OR_RETURN(o.ledger, ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(),
                                                       writable ? ledger::LedgerAccess::kAppend
                                                                : ledger::LedgerAccess::kRead));
  XB_ASSIGN_OR_RETURN(o.registry, registry::OpenRegistry(*o.ledger, global.db, writable));
  return o;
}

// The recipient the file and the flags describe; flags override the file.
Result<registry::Recipient> RecipientFromArgs(const RecipientsArgs& args,
                                              const rules::CountryCodes& countries) {
  registry::Recipient r;
  if (!args.file.empty()) {
    XB_ASSIGN_OR_RETURN(std::string text, ReadFile(args.file));
    XB_ASSIGN_OR_RETURN(r, registry::ParseRecipient(text, args.file, &countries));
  }
  if (!args.id.empty()) r.id = args.id;
  if (!args.name.empty()) r.name = args.name;
  if (!args.country.empty()) r.country = args.country;
  if (!args.kind.empty()) r.kind = args.kind;
  if (!args.seal_key.empty()) r.seal_key = args.seal_key;
  if (args.restricted_list) r.restricted_list = true;
  XB_RETURN_IF_ERROR(
      registry::ValidateRecipient(r, &countries, args.file.empty() ? "flags" : args.file));
  return r;
}

int RunAdd(const GlobalOptions& global, const RecipientsArgs& args) {
  auto countries = rules::CountryCodes::LoadFile(LocateDataDir() + "/iso3166/alpha2.tsv");
  if (!countries.ok()) return ReportError(countries.error());
  auto recipient = RecipientFromArgs(args, *countries);
  if (!recipient.ok()) return ReportError(recipient.error());
  auto on = DateOrToday(args.date);
  if (!on.ok()) return ReportError(on.error());
  if (recipient->individual()) {
    // A natural person's name is personal information: the ledger gets its keyed hash, made
    // the way every identifier is hashed, so it can be matched and never read back.
    auto key = LoadOrCreateKey(global.ResolvedKeyFile());
    if (!key.ok()) return ReportError(key.error());
    auto classifier = ColumnClassifier::Create();
    if (!classifier.ok()) return ReportError(classifier.error());
    const SubjectHasher hasher(*key, **classifier);
    recipient->name_hmac = NameHmac(hasher, recipient->name);
  }
  auto opened = Open(global, true);
  if (!opened.ok()) return ReportError(opened.error());
  auto added = opened->registry->Add(*recipient, *on, args.replace);
  if (!added.ok()) return ReportError(added.error());
  return Emit(global, RecipientJson(*added, false),
              (args.replace ? "changed " : "registered ") + added->id + " (ledger entry " +
                  std::to_string(added->ledger_index) + ")\n" + RecipientText(*added, false));
}

int RunList(const GlobalOptions& global, const RecipientsArgs& args) {
  auto opened = Open(global, false);
  if (!opened.ok()) return ReportError(opened.error());
  json list = json::array();
  std::string text;
  for (const auto& r : opened->registry->List(args.all)) {
    list.push_back(RecipientJson(r, false));
    text += r.id + "\t" + r.country + "\t" + r.kind + "\t" +
            (r.retired ? "retired " + r.retired->ToString() : "active") + "\t" + r.Label() + "\n";
  }
  if (list.empty()) text = "no recipient is registered\n";
  return Emit(global, json{{"recipients", list}}, text);
}

int RunShow(const GlobalOptions& global, const RecipientsArgs& args) {
  auto opened = Open(global, false);
  if (!opened.ok()) return ReportError(opened.error());
  auto found = opened->registry->Find(args.id, args.show_private);
  if (!found.ok()) return ReportError(found.error());
  if (!found->has_value()) {
    return ReportError(NotFound("no recipient '" + args.id + "' is registered", {"", 0, "id"}));
  }
  return Emit(global, RecipientJson(**found, args.show_private),
              RecipientText(**found, args.show_private));
}

int RunRetire(const GlobalOptions& global, const RecipientsArgs& args) {
  auto on = DateOrToday(args.date);
  if (!on.ok()) return ReportError(on.error());
  auto opened = Open(global, true);
  if (!opened.ok()) return ReportError(opened.error());
  auto retired = opened->registry->Retire(args.id, *on);
  if (!retired.ok()) return ReportError(retired.error());
  return Emit(global, RecipientJson(*retired, false),
              "retired " + retired->id + " as of " + on->ToString() + " (ledger entry " +
                  std::to_string(retired->ledger_index) + ")\n");
}

CommandRunner MakeRecipientsCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<RecipientsArgs>();
  CLI::App* sub = app.add_subcommand("recipients", "The registry of overseas recipients");
  sub->require_subcommand(1);
  sub->fallthrough();

  CLI::App* add = sub->add_subcommand("add", "Register a recipient (or record a change)");
  add->fallthrough();
  add->add_option("--file", args->file, "RECIPIENT.yaml with every field (docs/registry.md)");
  add->add_option("--id", args->id, "Registry id (default: from the name, or random)");
  add->add_option("--name", args->name, "Organisation's (or person's) name");
  add->add_option("--country", args->country, "ISO 3166-1 alpha-2 country code");
  add->add_option("--kind", args->kind, "company | individual | foreign_authority | ...");
  add->add_flag("--restricted-list", args->restricted_list,
                "The recipient is on the PIPL Art. 42 restricted or prohibited list");
  add->add_option("--seal-key", args->seal_key,
                  "age X25519 recipient (age1...) for sealed packages");
  add->add_option("--date", args->date, "Date of the registration (default: today)");
  add->add_flag("--replace", args->replace, "Record a change of a registered recipient");

  CLI::App* list = sub->add_subcommand("list", "Registered recipients");
  list->fallthrough();
  list->add_flag("--all", args->all, "Include retired recipients");

  CLI::App* show = sub->add_subcommand("show", "One recipient in full");
  show->fallthrough();
  show->add_option("id", args->id, "Registry id")->required();
  show->add_flag("--private", args->show_private,
                 "Also print an individual's name and the contact details");

  CLI::App* retire = sub->add_subcommand("retire", "Retire a recipient: no more data may go to it");
  retire->fallthrough();
  retire->add_option("id", args->id, "Registry id")->required();
  retire->add_option("--date", args->date, "Date of the retirement (default: today)");

  return [&global, args, add, list, show, retire] {
    if (add->parsed()) return RunAdd(global, *args);
    if (list->parsed()) return RunList(global, *args);
    if (show->parsed()) return RunShow(global, *args);
    if (retire->parsed()) return RunRetire(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("recipients", xb::cli::MakeRecipientsCommand);
