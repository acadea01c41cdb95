#include "report/report.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <span>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "ledger/open_ledger.h"
#include "report/annual.h"
#include "report/breach.h"
#include "report/docx_renderer.h"
#include "report/html_renderer.h"
#include "report/pdf_renderer.h"
#include "report/plan_kinds.h"
#include "rules/locate.h"

namespace xb::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::pair<ReportKind, const char*> kKinds[] = {
    {ReportKind::kPipia, "pipia"},           {ReportKind::kScFiling, "sc-filing"},
    {ReportKind::kAssessment, "assessment"}, {ReportKind::kCertification, "certification"},
    {ReportKind::kBreach, "breach"},         {ReportKind::kAnnual, "annual"},
};

bool IsPlanKind(ReportKind kind) {
  return kind != ReportKind::kBreach && kind != ReportKind::kAnnual;
}

BuiltReport BuildPlanKind(ReportKind kind, const ReportOptions& options, const PlanContext& context,
                          const rules::RulesContext& rules) {
  BuiltReport built;
  built.kind = kind;
  using AddFacts = void (*)(const PlanContext&, FactSet*);
  using Build = Document (*)(FactSet*, Lang, const rules::RuleSet&);
  AddFacts add = AddPipiaFacts;
  Build build = BuildPipia;
  switch (kind) {
    case ReportKind::kScFiling:
      add = AddScFilingFacts;
      build = BuildScFiling;
      break;
    case ReportKind::kAssessment:
      add = AddAssessmentFacts;
      build = BuildAssessment;
      break;
    case ReportKind::kCertification:
      add = AddCertificationFacts;
      build = BuildCertification;
      break;
    default:
      break;
  }
  add(context, &built.facts);
  for (Lang lang : options.languages) {
    built.documents.push_back(build(&built.facts, lang, rules.rules));
  }
  built.warnings = context.warnings;
  built.checkpoint_size = context.ledger.size;
  built.checkpoint_root = context.ledger.RootHex();
  built.subject_json = json{{"plan", fs::path(context.plan_path).filename().string()},
                            {"plan_sha256", context.plan_sha256},
                            {"exporter", context.plan.exporter_name.value_or("")}}
                           .dump();
  return built;
}

Result<std::vector<BuiltReport>> BuildPlanKinds(const ReportOptions& options,
                                                std::span<const ReportKind> kinds,
                                                const rules::RulesContext& rules,
                                                ledger::Ledger& ledger) {
  XB_ASSIGN_OR_RETURN(auto namer, ColumnNamer::Create(rules.data_dir));
  XB_ASSIGN_OR_RETURN(PlanContext context, GatherPlanContext(options, rules, *namer, ledger));
  std::vector<BuiltReport> out;
  for (ReportKind kind : kinds) out.push_back(BuildPlanKind(kind, options, context, rules));
  return out;
}

Status CheckOptions(const ReportOptions& options) {
  if (options.languages.empty()) return InvalidArgument("no language asked", {"", 0, "--lang"});
  if (options.kind != ReportKind::kAnnual && options.input.empty()) {
    return InvalidArgument(
        std::string("report ") + ReportKindName(options.kind) + " needs an input file",
        {"", 0, IsPlanKind(options.kind) ? "PLAN" : "INCIDENT"});
  }
  return Status::Ok();
}

// The staging folder inside the output folder: same file system, so each rename is atomic; it
// is removed on every path out unless released.
class Staging {
 public:
  static Result<Staging> Create(const std::string& out_dir, const std::string& kind) {
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec || !fs::is_directory(out_dir)) {
      return IoError("cannot create the output folder: " + ec.message(), {out_dir, 0, "--out"});
    }
    std::string pattern = (fs::path(out_dir) / (".report-" + kind + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return IoError("cannot create a staging folder in the output folder", {out_dir, 0, "--out"});
    }
    return Staging(pattern);
  }
  Staging(Staging&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  Staging& operator=(Staging&&) = delete;
  ~Staging() {
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }
  const std::string& dir() const { return dir_; }

 private:
  explicit Staging(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

struct StagedFile {
  std::string name;
  std::string sha256;
  uint64_t bytes = 0;
};

Result<StagedFile> Stage(const Staging& staging, const std::string& name, const std::string& data) {
  XB_RETURN_IF_ERROR(WriteFileAtomically((fs::path(staging.dir()) / name).string(), data));
  return StagedFile{name, ToHex(Sha256(data)), data.size()};
}

Result<std::vector<StagedFile>> RenderAll(const BuiltReport& built, const ReportOptions& options,
                                          const Staging& staging) {
  std::vector<StagedFile> staged;
  for (const Document& doc : built.documents) {
    if (options.html) {
      XB_ASSIGN_OR_RETURN(StagedFile f, Stage(staging, ReportFileName(built.kind, doc.lang, "html"),
                                              RenderHtml(doc)));
      staged.push_back(std::move(f));
    }
    if (options.pdf) {
      XB_ASSIGN_OR_RETURN(std::string pdf, RenderPdf(doc));
      XB_ASSIGN_OR_RETURN(StagedFile f,
                          Stage(staging, ReportFileName(built.kind, doc.lang, "pdf"), pdf));
      staged.push_back(std::move(f));
    }
    if (options.docx) {
      XB_ASSIGN_OR_RETURN(std::string docx, RenderDocx(doc));
      XB_ASSIGN_OR_RETURN(StagedFile f,
                          Stage(staging, ReportFileName(built.kind, doc.lang, "docx"), docx));
      staged.push_back(std::move(f));
    }
  }
  json facts = built.facts.ToJson();
  json out = {{"format", "xborder-report-facts-v1"},
              {"kind", ReportKindName(built.kind)},
              {"subject", json::parse(built.subject_json)},
              {"checkpoint", {{"size", built.checkpoint_size}, {"root", built.checkpoint_root}}},
              {"facts", facts["facts"]},
              {"blanks", facts["blanks"]}};
  json documents = json::array();
  for (const StagedFile& f : staged) documents.push_back(f.name);
  out["documents"] = documents;
  XB_ASSIGN_OR_RETURN(
      StagedFile f,
      Stage(staging, std::string(ReportKindName(built.kind)) + ".facts.json", out.dump(2) + "\n"));
  staged.push_back(std::move(f));
  return staged;
}

// The documents of `kind` an earlier run left in the folder that this run did not write (another
// language or format): left there, they would pass for this version. Only names this command
// writes are touched. Best effort: the new set is in place and recorded already.
void RemoveStale(ReportKind kind, const std::vector<StagedFile>& written, const std::string& dir) {
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    for (const char* ext : {"html", "pdf", "docx"}) {
      std::string name = ReportFileName(kind, lang, ext);
      bool kept = std::any_of(written.begin(), written.end(),
                              [&](const StagedFile& f) { return f.name == name; });
      std::error_code ec;
      if (!kept) fs::remove(fs::path(dir) / name, ec);
    }
  }
}

}  // namespace

const char* ReportKindName(ReportKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "pipia";
}

Result<ReportKind> ParseReportKind(std::string_view name) {
  for (const auto& [k, n] : kKinds) {
    if (name == n) return k;
  }
  return InvalidArgument("unknown report kind '" + std::string(name) +
                             "' (expected pipia, sc-filing, assessment, certification, breach or "
                             "annual)",
                         {"", 0, "KIND"});
}

std::string ReportFileName(ReportKind kind, Lang lang, std::string_view ext) {
  return std::string(ReportKindName(kind)) + "." + LangCode(lang) + "." + std::string(ext);
}

Result<BuiltReport> BuildReport(const ReportOptions& options) {
  XB_RETURN_IF_ERROR(CheckOptions(options));
  XB_ASSIGN_OR_RETURN(auto rules, rules::LoadRulesContext(options.rules_dir));
  XB_ASSIGN_OR_RETURN(auto ledger, ledger::OpenLedgerFile(options.db_path, options.key_path,
                                                          ledger::LedgerAccess::kAppend));
  if (IsPlanKind(options.kind)) {
    ReportKind kinds[] = {options.kind};
    XB_ASSIGN_OR_RETURN(std::vector<BuiltReport> built,
                        BuildPlanKinds(options, kinds, *rules, *ledger));
    return std::move(built.front());
  }
  if (options.kind == ReportKind::kBreach) return BuildBreachReport(options, *rules, *ledger);
  return BuildAnnualReport(options, *rules, *ledger);
}

Result<std::vector<BuiltReport>> BuildPlanReports(const ReportOptions& options,
                                                  std::span<const ReportKind> kinds) {
  XB_RETURN_IF_ERROR(CheckOptions(options));
  for (ReportKind kind : kinds) {
    if (!IsPlanKind(kind)) {
      return InvalidArgument(std::string(ReportKindName(kind)) + " is not made from a plan",
                             {"", 0, "KIND"});
    }
  }
  XB_ASSIGN_OR_RETURN(auto rules, rules::LoadRulesContext(options.rules_dir));
  XB_ASSIGN_OR_RETURN(auto ledger, ledger::OpenLedgerFile(options.db_path, options.key_path,
                                                          ledger::LedgerAccess::kAppend));
  return BuildPlanKinds(options, kinds, *rules, *ledger);
}

Result<ReportOutcome> WriteReport(const BuiltReport& built, const ReportOptions& options) {
  if (options.out_dir.empty()) return InvalidArgument("no output folder", {"", 0, "--out"});
  XB_ASSIGN_OR_RETURN(Staging staging,
                      Staging::Create(options.out_dir, ReportKindName(built.kind)));
  XB_ASSIGN_OR_RETURN(std::vector<StagedFile> staged, RenderAll(built, options, staging));

  // The ledger records every file's digest and the checkpoint the documents name.
  json files = json::object();
  json languages = json::array();
  for (const Document& d : built.documents) languages.push_back(LangCode(d.lang));
  for (const StagedFile& f : staged) files[f.name] = f.sha256;
  json entry = {{"type", "report"},
                {"kind", ReportKindName(built.kind)},
                {"subject", json::parse(built.subject_json)},
                {"checkpoint", {{"size", built.checkpoint_size}, {"root", built.checkpoint_root}}},
                {"files", files},
                {"languages", languages},
                {"made_on", CivilDate::TodayInChina().ToString()}};
  XB_ASSIGN_OR_RETURN(auto ledger, ledger::OpenLedgerFile(options.db_path, options.key_path,
                                                          ledger::LedgerAccess::kAppend));
  std::vector<std::string> entries = {entry.dump()};
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ledger->Append(entries));

  ReportOutcome outcome;
  outcome.ledger_index = appended.first_index;
  outcome.ledger_size = appended.size;
  outcome.ledger_root = ToHex(appended.root);
  outcome.checkpoint_size = built.checkpoint_size;
  outcome.checkpoint_root = built.checkpoint_root;
  outcome.blanks = built.facts.blanks().size();
  outcome.warnings = built.warnings;
  for (const StagedFile& f : staged) {
    std::string target = (fs::path(options.out_dir) / f.name).string();
    std::error_code ec;
    fs::rename(fs::path(staging.dir()) / f.name, target, ec);
    if (ec) {
      return IoError("recorded in ledger entry " + std::to_string(appended.first_index) +
                         " but could not move into place: " + ec.message(),
                     {target});
    }
    outcome.files.push_back(ReportFile{target, f.sha256, f.bytes});
  }
  RemoveStale(built.kind, staged, options.out_dir);
  return outcome;
}

Result<ReportOutcome> GenerateReport(const ReportOptions& options) {
  XB_ASSIGN_OR_RETURN(BuiltReport built, BuildReport(options));
  return WriteReport(built, options);
}

}  // namespace xb::report
