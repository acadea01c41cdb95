// AddPlanFacts (plan_context.h): the facts every plan kind shares, each with its source.
#include <filesystem>
#include <map>
#include <set>

#include "report/column_names.h"
#include "report/plan_context.h"
#include "rules/rule_pack.h"
#include "transfer/mechanism.h"

namespace xb::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string FileName(const std::string& path) { return fs::path(path).filename().string(); }

template <class T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

void AddPartyFacts(const PlanContext& c, FactSet* f) {
  const rules::Plan& p = c.plan;
  f->Add("plan.file", FileName(c.plan_path), FactSource::Plan("(file name)"));
  f->Add("plan.sha256", c.plan_sha256, FactSource::Of("computed", "SHA-256 of the plan file"));
  f->Add("transfer.as_of", c.decision.as_of.ToString(), FactSource::Plan("as_of"));
  f->Add("transfer.jurisdiction", p.jurisdiction.value_or("CN"), FactSource::Plan("jurisdiction"));
  f->Add("exporter.name", Opt(p.exporter_name), FactSource::Plan("exporter.name"));
  f->Add("exporter.ciio", Opt(p.exporter_ciio), FactSource::Plan("exporter.ciio"));
  f->Add("exporter.individuals_processed", Opt(p.exporter_individuals_processed),
         FactSource::Plan("exporter.individuals_processed"));
  f->Add("recipient.name", Opt(p.recipient_name), FactSource::Plan("recipient.name"));
  f->Add("recipient.country", Opt(p.recipient_country), FactSource::Plan("recipient.country"));
  f->Add("recipient.kind", Opt(p.recipient_kind), FactSource::Plan("recipient.kind"));
  f->Add("transfer.purpose", Opt(p.purpose), FactSource::Plan("purpose"));
  f->Add("data.important_data", Opt(p.important_data), FactSource::Plan("data.important_data"));
  // As the transfer pipeline reads it (transfer.cc): data.categories_needed, else the plan's
  // data.categories; null when the plan states neither (minimum necessity is then unchecked).
  if (!p.categories_needed.empty()) {
    f->Add("transfer.categories_needed", p.categories_needed,
           FactSource::Plan("data.categories_needed"));
  } else if (p.categories && !p.categories->empty()) {
    f->Add("transfer.categories_needed", *p.categories,
           FactSource::Plan("data.categories (data.categories_needed not stated)"));
  } else {
    f->Add("transfer.categories_needed", nullptr, FactSource::Plan("(not stated)"));
  }
  if (p.mechanism) {
    auto m = transfer::ParseMechanism(p.mechanism->yaml, p.file, p.mechanism->line);
    if (m.ok()) {
      json mech = {{"type", m->type}, {"reference", m->reference}};
      auto date = [](const std::optional<CivilDate>& d) {
        return d ? json(d->ToString()) : json(nullptr);
      };
      mech["effective"] = date(m->effective);
      mech["expires"] = date(m->expires);
      // The law's validity from the rule packs in force on the transfer date.
      const rules::Engine engine(c.rules->rules, c.rules->calendar);
      const std::optional<CivilDate> expiry =
          transfer::TermsFromPacks(*m, engine, c.decision.as_of).expiry;
      mech["expires_by_law"] = date(expiry);
      mech["filed"] = date(m->filed);
      f->Add("mechanism", mech, FactSource::Plan("mechanism"));
      f->Add("mechanism.expired", expiry.has_value() && *expiry < c.decision.as_of,
             FactSource::Of("computed", "mechanism.expires_by_law < as_of"));
    }
  }
}

// What leaves: from the completed transfer's entry when there is one, else the dry run, else the
// plan's own figures.
void AddVolumeFacts(const PlanContext& c, FactSet* f) {
  if (c.completed) {
    const json& e = c.completed->entry->json;
    FactSource src = FactSource::LedgerEntry(c.completed->entry->index);
    f->Add("transfer.status", "completed", src);
    f->Add("transfer.ledger_index", c.completed->entry->index, src);
    const json& counts = e.value("counts", json::object());
    f->Add("transfer.individuals", JsonInt(counts, "individuals"), src);
    f->Add("transfer.sensitive_individuals", JsonInt(counts, "sensitive_individuals"), src);
    f->Add("transfer.minors_under_14", JsonInt(counts, "minors_under_14"), src);
    f->Add("transfer.categories", e.value("categories", json::array()), src);
    return;
  }
  if (c.dry_run) {
    FactSource src =
        FactSource::Of("dry_run", "xborder transfer --dry-run " + FileName(c.plan_path));
    f->Add("transfer.status", "dry_run", src);
    json refusals = json::array();
    for (const std::string& r : c.dry_run->refusal_reasons) refusals.push_back(WithholdQuoted(r));
    f->Add("transfer.dry_run_refusals", refusals, src);
    f->Add("transfer.individuals", c.dry_run->individuals, src);
    f->Add("transfer.sensitive_individuals", c.dry_run->sensitive_individuals, src);
    f->Add("transfer.minors_under_14", c.dry_run->minors_under_14, src);
    f->Add("transfer.categories", c.dry_run->categories, src);
    return;
  }
  f->Add("transfer.status", "plan_only", FactSource::Plan("data"));
  f->Add("transfer.individuals", Opt(c.plan.individuals), FactSource::Plan("data.individuals"));
  f->Add("transfer.sensitive_individuals", Opt(c.plan.sensitive_individuals),
         FactSource::Plan("data.sensitive_individuals"));
  f->Add("transfer.minors_under_14", nullptr, FactSource::Plan("(not stated)"));
  f->Add("transfer.categories", c.plan.categories.value_or(std::vector<std::string>{}),
         FactSource::Plan("data.categories"));
}

// Why a type is sensitive in the PRC, as the taxonomy data says (one source): the taxonomy's
// GB/T 35273-2020 Annex B entry for it when it has one (the item-level basis: a resident ID
// number is sensitive by Table B.1, not by PIPL Art. 28's list), else its PIPL keys.
std::vector<std::string> SensitivityBasis(const Taxonomy& taxonomy, const std::string& type) {
  const EntityClassification* e = taxonomy.Find(type);
  std::vector<std::string> annex, law;
  if (e == nullptr || !e->sensitive_cn) return {};
  for (const std::string& key : e->basis) {
    if (key.rfind("GBT35273-B", 0) == 0) annex.push_back(key);
    if (key.rfind("PIPL-", 0) == 0 && key != "PIPL-4") law.push_back(key);
  }
  return annex.empty() ? law : annex;
}

// Datasets and their columns, from the dry run's scan. Column names appear only when the
// dataset's header is vetted (column_names.h); otherwise by position alone.
void AddDatasetFacts(const PlanContext& c, FactSet* f) {
  if (!c.dry_run) return;
  json datasets = json::array();
  json columns = json::array();
  json withheld = json::array();
  std::set<std::string> sensitive_categories;
  std::map<std::string, std::set<std::string>> basis_by_category;  // sent sensitive columns
  for (size_t d = 0; d < c.dry_run->datasets.size(); ++d) {
    const transfer::DatasetReport& ds = c.dry_run->datasets[d];
    std::vector<std::string> names;
    bool transfer_hid_names = false;  // the transfer read the first row as data, or a name as PI
    for (const auto& col : ds.columns) {
      names.push_back(col.name);
      transfer_hid_names |= col.name_generated || col.name_holds_data;
    }
    bool vetted = !transfer_hid_names && c.namer->HeaderIsVetted(names);
    if (!vetted) withheld.push_back(FileName(ds.source));
    datasets.push_back({{"file", FileName(ds.source)},
                        {"sha256", ds.source_sha256},
                        {"rows", ds.rows_in},
                        {"rows_after_consent", ds.rows_out},
                        {"individuals", ds.individuals_in},
                        {"columns", ds.columns.size()},
                        {"column_names_shown", vetted}});
    for (size_t i = 0; i < ds.columns.size(); ++i) {
      const transfer::ColumnFate& col = ds.columns[i];
      std::vector<std::string> basis = SensitivityBasis(*c.taxonomy, col.type);
      if (col.sent && col.sensitive && !col.category.empty()) {
        sensitive_categories.insert(col.category);
        basis_by_category[col.category].insert(basis.begin(), basis.end());
      }
      columns.push_back({{"dataset", FileName(ds.source)},
                         {"position", i + 1},
                         {"name", vetted ? json(col.name) : json(nullptr)},
                         {"type", col.type},
                         {"text_entities", col.text_entities},
                         {"category", col.category},
                         {"sensitive", col.sensitive},
                         {"sensitive_basis", basis},
                         {"action", col.action},
                         {"sent", col.sent},
                         {"beyond_purpose", col.unnecessary}});
    }
  }
  FactSource scan = FactSource::Of("scan", "xborder transfer --dry-run " + FileName(c.plan_path));
  f->Add("datasets", datasets, scan);
  f->Add("columns", columns, scan);
  f->Add("columns.names_withheld", withheld,
         FactSource::Of("computed", "header row looks like data (issue #11 item 3)"));
  f->Add("transfer.sensitive_categories",
         std::vector<std::string>(sensitive_categories.begin(), sensitive_categories.end()), scan);
  json basis = json::object();
  for (const auto& [category, keys] : basis_by_category) {
    json sources = json::array();
    for (const std::string& key : keys) {
      sources.push_back({{"key", key}, {"citation", std::string(c.taxonomy->Citation(key))}});
    }
    basis[category] = sources;
  }
  f->Add("transfer.sensitive_basis", basis,
         FactSource::Of("taxonomy",
                        "data/taxonomy/pi_taxonomy.yaml: basis of each sent sensitive "
                        "column's type"));
}

void AddConsentFacts(const PlanContext& c, FactSet* f) {
  json by = json::object();
  uint64_t rows_removed = 0, unidentified = 0;
  std::string mode;
  FactSource src;
  if (c.completed) {
    src = FactSource::LedgerEntry(c.completed->entry->index);
    const json datasets = c.completed->entry->json.value("datasets", json::array());
    for (const json& ds : datasets) {
      const json& consent = ds.value("consent", json::object());
      mode = JsonStr(consent, "mode");
      const json individuals = consent.value("individuals", json::object());
      for (const auto& [k, v] : individuals.items()) {
        if (v.is_number()) by[k] = JsonInt(by, k.c_str()) + v.get<int64_t>();
      }
      rows_removed += JsonInt(consent, "rows_removed");
      unidentified += JsonInt(consent, "unidentified_rows");
    }
  } else if (c.dry_run) {
    src = FactSource::Of("consent", "consent registry, as of the plan's date (dry run)");
    mode = std::string(transfer::ConsentModeName(c.dry_run->consent_mode));
    for (const auto& ds : c.dry_run->datasets) {
      for (int i = 0; i < transfer::kCoverageCount; ++i) {
        uint64_t n = ds.consent.individuals[static_cast<size_t>(i)];
        if (n == 0) continue;
        std::string name(consent::CoverageName(static_cast<consent::Coverage>(i)));
        by[name] = static_cast<uint64_t>(JsonInt(by, name.c_str())) + n;
      }
      rows_removed += ds.consent.rows_removed;
      unidentified += ds.consent.unidentified_rows;
    }
  } else {
    return;
  }
  f->Add("consent.mode", mode, src);
  f->Add("consent.individuals", by, src);
  f->Add("consent.rows_removed", rows_removed, src);
  f->Add("consent.unidentified_rows", unidentified, src);
}

// The protection applied: the completed transfer's protection report (digest checked against
// its ledger entry), else the policy's actions as the dry run reads them.
void AddProtectionFacts(const PlanContext& c, FactSet* f) {
  if (c.completed && c.completed->protection) {
    FactSource src = FactSource::Of("package", "protection-report.json of ledger entry " +
                                                   std::to_string(c.completed->entry->index) +
                                                   " (SHA-256 matches the entry)");
    f->Add("protection.source", "package", src);
    json reports = json::array();
    const json& report = *c.completed->protection;
    for (const json& r : report.is_array() ? report : json::array({report})) {
      json out = {{"rows", JsonInt(r, "rows")}};
      out["anonymization"] = r.value("anonymization", json(nullptr));
      out["risk"] = r.value("risk", json(nullptr));
      // Column names are withheld here too; positions come from the dry run's scan.
      json actions = json::array();
      const json columns = r.value("columns", json::array());
      for (const json& col : columns) actions.push_back(JsonStr(col, "action"));
      out["actions"] = actions;
      if (out["anonymization"].is_object()) {
        // Quasi-identifier names are column names: keep levels, drop the names.
        for (json& level : out["anonymization"]["levels"]) level.erase("column");
        if (out["anonymization"].contains("privacy")) {
          for (const char* model : {"l_diversity", "t_closeness"}) {
            if (out["anonymization"]["privacy"].contains(model)) {
              out["anonymization"]["privacy"][model].erase("column");
            }
          }
        }
      }
      reports.push_back(out);
    }
    f->Add("protection.reports", reports, src);
    return;
  }
  std::string why = !c.completed                           ? "no_completed_transfer"
                    : c.completed->protection_note.empty() ? "package_not_found"
                                                           : c.completed->protection_note;
  f->Add("protection.source", c.dry_run ? "dry_run" : "none",
         FactSource::Of("computed", "protection report not available: " + why));
  f->Add("protection.missing_reason", why, FactSource::Of("computed", "report"));
}

constexpr const char* kFilingRule = "cn.scc-2023.art7.filing";

json ObligationJson(const rules::ObligationResult& o);

void AddDecisionFacts(const PlanContext& c, FactSet* f) {
  const rules::Decision& d = c.decision;
  std::string decided_by = c.dry_run ? "rules engine, in the dry run (ledger history exact)"
                                     : "rules engine on the plan's figures (ledger history)";
  FactSource engine = FactSource::Of("rule", decided_by);
  f->Add("decision.outcome", rules::OutcomeName(d.outcome), engine);
  f->Add("decision.mechanisms", d.mechanisms, engine);
  f->Add("decision.exemption", Opt(d.exemption), engine);
  json basis = json::array();
  for (const auto& b : d.basis) {
    basis.push_back({{"rule", b.rule}, {"citation", b.citation}, {"tag", b.tag}});
  }
  f->Add("decision.basis", basis, engine);
  f->Add("decision.missing_facts", d.missing_facts, engine);
  json notices = json::array();
  for (const auto& n : d.notices) {
    notices.push_back(
        {{"rule", n.rule}, {"citation", n.citation}, {"tag", n.tag}, {"text", n.note}});
  }
  f->Add("decision.notices", notices, engine);
  json obligations = json::array();
  json filing = FilingDeadline(c);
  for (const auto& o : d.obligations) {
    if (o.rule == kFilingRule && filing.is_object()) {
      // Counted from the contract's effective date when the plan gives it, as the pack says.
      rules::ObligationResult dated = o;
      dated.due = CivilDate::Parse(JsonStr(filing, "date"));
      dated.due_basis = std::to_string(JsonInt(filing, "working_days")) + " working days after " +
                        JsonStr(filing, "from_field");
      dated.due_provisional = JsonBool(filing, "provisional");
      obligations.push_back(ObligationJson(dated));
      continue;
    }
    obligations.push_back(ObligationJson(o));
  }
  f->Add("obligations", obligations, engine);
}

json ObligationJson(const rules::ObligationResult& o) {
  return {{"id", o.id},
          {"title", o.title},
          {"rule", o.rule},
          {"citation", o.citation},
          {"tag", o.tag},
          {"items", o.items},
          {"due", o.due ? json(o.due->ToString()) : json(nullptr)},
          {"due_basis", o.due_basis},
          {"due_provisional", o.due_provisional},
          {"mechanism", o.mechanism},
          {"conditional", o.conditional},
          {"condition", o.conditional ? json(o.condition) : json(nullptr)}};
}

void AddHistoryFacts(const PlanContext& c, FactSet* f) {
  if (c.plan.has_history) {
    // A plan's history block wins over the ledger in the decision (rules/history_source.h).
    f->Add("history.plan.individuals_ytd", Opt(c.plan.history.individuals_ytd),
           FactSource::Plan("history.individuals_ytd"));
    f->Add("history.plan.sensitive_individuals_ytd", Opt(c.plan.history.sensitive_individuals_ytd),
           FactSource::Plan("history.sensitive_individuals_ytd"));
  }
  if (c.year_to_date) AddYearToDateFacts(*c.year_to_date, f);
}

}  // namespace

json FilingDeadline(const PlanContext& c) {
  const rules::Rule* rule = nullptr;
  for (const rules::Rule& r : c.rules->rules.rules()) {
    if (r.id == kFilingRule) rule = &r;
  }
  if (rule == nullptr || !rule->obligation.due.present) return nullptr;
  int days = rule->obligation.due.working_days;
  std::optional<CivilDate> from;
  std::string from_field = "mechanism.effective";
  if (c.plan.mechanism) {
    auto m = transfer::ParseMechanism(c.plan.mechanism->yaml, c.plan.file, c.plan.mechanism->line);
    if (m.ok()) from = m->effective;
  }
  if (!from) {
    from = c.decision.as_of;
    from_field = "as_of (assumed: the contract's effective date is not in the plan)";
  }
  CivilDate deadline = c.rules->calendar.AddWorkingDays(*from, days);
  return {{"date", deadline.ToString()},
          {"from", from->ToString()},
          {"from_field", from_field},
          {"working_days", days},
          {"provisional", c.rules->calendar.ProvisionalBetween(*from, deadline)},
          {"rule", rule->id},
          {"citation", rule->citation},
          {"tag", rule->tag}};
}

void AddYearToDateFacts(const ledger::YearToDateCounts& y, FactSet* f) {
  FactSource src = FactSource::Ledger("subject counters, " + y.exporter + ", " +
                                      std::to_string(y.year) + ", key " + y.key_id);
  f->Add("history.year", y.year, src);
  f->Add("history.counted.individuals", y.year_to_date.counted.individuals, src);
  f->Add("history.counted.sensitive_individuals", y.year_to_date.counted.sensitive_individuals,
         src);
  f->Add("history.exempt.individuals", y.year_to_date.exempt.individuals, src);
  f->Add("history.exempt.sensitive_individuals", y.year_to_date.exempt.sensitive_individuals, src);
  f->Add(
      "history.other_keys.individuals",
      y.other_keys_year_to_date.counted.individuals + y.other_keys_year_to_date.exempt.individuals,
      src);
}

void AddCheckpointFacts(const LedgerView& ledger, FactSet* facts) {
  FactSource src = FactSource::Ledger("checkpoint");
  facts->Add("ledger.checkpoint.size", ledger.size, src);
  facts->Add("ledger.checkpoint.root", ledger.RootHex(), src);
}

void AddPlanFacts(const PlanContext& c, FactSet* f) {
  AddCheckpointFacts(c.ledger, f);
  AddPartyFacts(c, f);
  AddVolumeFacts(c, f);
  AddDatasetFacts(c, f);
  AddConsentFacts(c, f);
  AddProtectionFacts(c, f);
  AddDecisionFacts(c, f);
  AddHistoryFacts(c, f);
}

}  // namespace xb::report
