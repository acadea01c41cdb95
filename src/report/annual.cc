#include "report/annual.h"

#include <algorithm>
#include <map>
#include <set>

#include "consent/consent_store.h"
#include "core/key_file.h"
#include "pg/url.h"
#include "report/column_names.h"
#include "report/doc_writer.h"
#include "report/ledger_view.h"
#include "report/plan_context.h"
#include "report/sections.h"
#include "transfer/withdrawals.h"

namespace xb::report {
using nlohmann::json;

namespace {

bool InYear(const std::string& date, int year) {
  return date.size() >= 4 && date.compare(0, 4, std::to_string(year)) == 0;
}

int MonthOf(const std::string& date) {
  auto d = CivilDate::Parse(date.substr(0, std::min<size_t>(date.size(), 10)));
  return d ? d->month() : 0;
}

std::string MechanismLabel(const json& entry) {
  const json& m = entry.value("mechanism", json(nullptr));
  if (m.is_object() && !JsonStr(m, "type").empty()) return JsonStr(m, "type");
  const json& d = entry.value("decision", json::object());
  if (JsonStr(d, "decision") == "exempt") return "exempt:" + JsonStr(d, "exemption");
  return JsonStr(d, "decision");
}

struct Group {
  uint64_t transfers = 0;
  uint64_t summed = 0;
  std::set<Digest> individuals;
  std::set<Digest> sensitive;
  bool exact = true;  // false when some transfer's subjects are under another key
  std::string country;
};

Status AddSubjects(ledger::Ledger& ledger, const EntryView& e, const std::string& key_id,
                   Group* g) {
  auto group = ledger.store().ReadEntryGroup(e.index);
  if (!group.ok() || group->key_id != key_id) {
    g->exact = false;
    return Status::Ok();
  }
  XB_ASSIGN_OR_RETURN(auto ind,
                      ledger.store().ReadEntrySubjects(e.index, ledger::SubjectKind::kIndividual));
  XB_ASSIGN_OR_RETURN(auto sen,
                      ledger.store().ReadEntrySubjects(e.index, ledger::SubjectKind::kSensitive));
  g->individuals.insert(ind.begin(), ind.end());
  g->sensitive.insert(sen.begin(), sen.end());
  return Status::Ok();
}

json GroupJson(const std::string& name, const Group& g) {
  return {{"name", name},
          {"country", g.country},
          {"transfers", g.transfers},
          {"individuals", g.exact ? json(g.individuals.size()) : json(nullptr)},
          {"sensitive_individuals", g.exact ? json(g.sensitive.size()) : json(nullptr)},
          {"individuals_summed", g.summed}};
}

Status AddYearFacts(const ReportOptions& o, ledger::Ledger& ledger, const LedgerView& view,
                    const std::string& key_id, FactSet* f) {
  std::map<std::string, Group> by_recipient, by_country, by_mechanism;
  std::vector<Group> by_month(12);
  json refusals = json::array(), alerts = json::array(), mechanisms = json::array();
  // (type, reference) → its validity as the latest transfer entry records it (effective,
  // expires), when the entry records it.
  std::map<std::pair<std::string, std::string>, json> mechanism_refs;
  std::string refs;
  uint64_t transfers = 0;
  for (const EntryView& e : view.entries) {
    if (LedgerView::Text(e.json, "exporter") != o.exporter) continue;
    std::string date =
        e.type == "alert" ? LedgerView::Text(e.json, "time") : LedgerView::Text(e.json, "as_of");
    if (!InYear(date, o.year)) continue;
    if (e.type == "transfer_refused") {
      json reasons = json::array();
      for (const json& r : e.json.value("reasons", json::array())) {
        if (r.is_string()) reasons.push_back(WithholdQuoted(r.get<std::string>()));
      }
      refusals.push_back({{"index", e.index},
                          {"as_of", date},
                          {"recipient", LedgerView::Text(e.json, "recipient")},
                          {"country", LedgerView::Text(e.json, "country")},
                          {"purpose", LedgerView::Text(e.json, "purpose")},
                          {"reasons", reasons}});
      continue;
    }
    if (e.type == "alert") {
      alerts.push_back({{"index", e.index},
                        {"time", date},
                        {"kind", LedgerView::Text(e.json, "kind")},
                        {"severity", LedgerView::Text(e.json, "severity")},
                        {"recipient", LedgerView::Text(e.json, "recipient")}});
      continue;
    }
    if (e.type != "transfer") continue;
    ++transfers;
    refs += (refs.empty() ? "" : ",") + std::to_string(e.index);
    uint64_t n =
        static_cast<uint64_t>(JsonInt(e.json.value("counts", json::object()), "individuals"));
    std::string recipient = LedgerView::Text(e.json, "recipient");
    std::string country = LedgerView::Text(e.json, "country");
    std::string mechanism = MechanismLabel(e.json);
    int month = MonthOf(date);
    for (Group* g : {&by_recipient[recipient], &by_country[country], &by_mechanism[mechanism],
                     month >= 1 ? &by_month[static_cast<size_t>(month - 1)] : nullptr}) {
      if (g == nullptr) continue;
      ++g->transfers;
      g->summed += n;
      XB_RETURN_IF_ERROR(AddSubjects(ledger, e, key_id, g));
    }
    by_recipient[recipient].country = country;
    const json& m = e.json.value("mechanism", json(nullptr));
    if (m.is_object()) {
      json& validity = mechanism_refs[{JsonStr(m, "type"), JsonStr(m, "reference")}];
      validity = json::object();
      for (const char* field : {"effective", "expires"}) {
        if (CivilDate::Parse(JsonStr(m, field))) validity[field] = JsonStr(m, field);
      }
      validity["entry"] = e.index;
    }
  }
  if (transfers == 0) {
    return InvalidArgument("no transfer of exporter '" + o.exporter + "' in " +
                               std::to_string(o.year) + " in the ledger",
                           {pg::DisplayDb(o.db_path), 0, "--exporter"});
  }
  FactSource entries = FactSource::Ledger("transfer entries " + refs);
  f->Add("annual.exporter", o.exporter, FactSource::Of("computed", "--exporter"));
  f->Add("annual.year", o.year, FactSource::Of("computed", "--year"));
  f->Add("annual.transfers", transfers, entries);
  json list = json::array();
  for (const auto& [name, g] : by_recipient) list.push_back(GroupJson(name, g));
  f->Add("annual.by_recipient", list, entries);
  list = json::array();
  for (const auto& [name, g] : by_country) list.push_back(GroupJson(name, g));
  f->Add("annual.by_country", list, entries);
  list = json::array();
  for (const auto& [name, g] : by_mechanism) list.push_back(GroupJson(name, g));
  f->Add("annual.by_mechanism", list, entries);
  list = json::array();
  for (int i = 0; i < 12; ++i)
    list.push_back(GroupJson(std::to_string(i + 1), by_month[static_cast<size_t>(i)]));
  f->Add("annual.by_month", list, entries);
  for (const auto& [ref, validity] : mechanism_refs) {
    json m = {{"type", ref.first}, {"reference", ref.second}};
    m.update(validity);
    mechanisms.push_back(m);
  }
  f->Add("annual.mechanisms", mechanisms, entries);
  f->Add("annual.refusals", refusals, FactSource::Ledger("transfer_refused entries of the year"));
  f->Add("annual.alerts", alerts, FactSource::Ledger("alert entries of the year"));
  return Status::Ok();
}

Status AddCounterAndConsentFacts(const ReportOptions& o, ledger::Ledger& ledger,
                                 const std::string& key_id, FactSet* f) {
  XB_ASSIGN_OR_RETURN(ledger::YearToDateCounts y, ledger.YearToDate(o.exporter, o.year, key_id));
  AddYearToDateFacts(y, f);

  XB_ASSIGN_OR_RETURN(auto consents, consent::ConsentStore::Open(o.db_path));
  auto since = CivilDate::FromYmd(o.year, 1, 1);
  XB_ASSIGN_OR_RETURN(auto impacts,
                      transfer::FindWithdrawalImpact(ledger, *consents, key_id, *since));
  json withdrawals = json::array();
  for (const auto& w : impacts) {
    if (w.exporter != o.exporter || !InYear(w.as_of, o.year)) continue;
    withdrawals.push_back({{"index", w.index},
                           {"as_of", w.as_of},
                           {"recipient", w.recipient},
                           {"country", w.country},
                           {"individuals", w.individuals}});
  }
  // Every withdrawal of consent the registry records in the year (PIPL Art. 15), whether or not
  // a transfer had carried the person: the registry is the installation's, keyed as the ledger.
  XB_ASSIGN_OR_RETURN(std::vector<consent::Withdrawal> withdrawn,
                      consents->WithdrawnSince(key_id, *since));
  int64_t in_year =
      std::count_if(withdrawn.begin(), withdrawn.end(),
                    [&](const consent::Withdrawal& w) { return w.withdrawn_at.year() == o.year; });
  f->Add("annual.consent_withdrawals", in_year,
         FactSource::Of("consent", "individuals whose consent was withdrawn in " +
                                       std::to_string(o.year) + " (consent registry, key " +
                                       key_id + ")"));
  f->Add("annual.withdrawals", withdrawals,
         FactSource::Of("consent", "withdrawals since " + since->ToString() +
                                       " matched with the transfers' subject sets"));
  return Status::Ok();
}

Runs Cell(const std::string& s) { return Runs{Text(s)}; }

std::string Count(const json& v) {
  return v.is_number() ? DocWriter::Group(v.get<int64_t>()) : "—";
}

void GroupTable(DocWriter& w, const char* fact, const std::string& first, bool country) {
  Table t;
  t.header = {first, w.T("出境次数", "Transfers"), w.T("个人（去重）", "Individuals (distinct)"),
              w.T("敏感（去重）", "Sensitive (distinct)")};
  t.widths = {2.6, 1, 1.3, 1.3};
  for (const json& g : w.facts().Value(fact)) {
    std::string name = JsonStr(g, "name");
    if (country) name = CountryName(w.lang(), name);
    if (std::string(fact) == "annual.by_recipient") {
      name += w.T("（", " (") + CountryName(w.lang(), JsonStr(g, "country")) + w.T("）", ")");
    }
    if (std::string(fact) == "annual.by_mechanism") {
      name = name.rfind("exempt:", 0) == 0
                 ? w.T("豁免：", "exempt: ") + ExemptionName(w.lang(), name.substr(7))
                 : MechanismName(w.lang(), name);
    }
    t.rows.push_back({Cell(name), Cell(std::to_string(JsonInt(g, "transfers"))),
                      Cell(Count(g["individuals"])), Cell(Count(g["sensitive_individuals"]))});
  }
  w.Add(std::move(t));
}

void Overview(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("一、概览", "1. Overview"));
  Table t;
  t.key_value = true;
  t.widths = {1.4, 2};
  auto row = [&](const std::string& k, const std::string& v) {
    t.rows.push_back({Cell(k), Cell(v)});
  };
  row(w.T("出境方", "Exporter"), f.Str("annual.exporter"));
  row(w.T("年度", "Year"), f.Str("annual.year"));
  row(w.T("完成的出境", "Transfers completed"), w.Num("annual.transfers"));
  row(w.T("拒绝的出境", "Transfers refused"), std::to_string(f.Value("annual.refusals").size()));
  row(w.T("境外接收方", "Recipients"), std::to_string(f.Value("annual.by_recipient").size()));
  row(w.T("国家或地区", "Countries"), std::to_string(f.Value("annual.by_country").size()));
  row(w.T("计入门槛的个人（去重）", "Individuals on counted paths (distinct)"),
      w.Num("history.counted.individuals"));
  row(w.T("其中敏感个人信息", "with sensitive PI"), w.Num("history.counted.sensitive_individuals"));
  row(w.T("豁免路径的个人（去重）", "Individuals on exempt paths (distinct)"),
      w.Num("history.exempt.individuals"));
  row(w.T("撤回同意的个人", "Individuals who withdrew consent"),
      w.Num("annual.consent_withdrawals"));
  row(w.T("撤回同意涉及的出境", "Transfers touched by withdrawals"),
      std::to_string(f.Value("annual.withdrawals").size()));
  row(w.T("告警", "Alerts"), std::to_string(f.Value("annual.alerts").size()));
  w.Add(std::move(t));
}

void Charts(DocWriter& w) {
  const FactSet& f = w.facts();
  w.PageBreak();
  w.H1(w.T("二、本年度累计与门槛", "2. The year against the thresholds"));
  ThresholdChart(w);
  w.H1(w.T("三、按月", "3. By month"));
  Chart months{ChartKind::kColumns,
               w.T(f.Str("annual.year") + "年各月出境个人数",
                   "Individuals sent per month, " + f.Str("annual.year")),
               w.T("各月内去重；跨月不去重", "distinct within each month, not across months"),
               {},
               {}};
  for (const json& m : f.Value("annual.by_month")) {
    const json& n = m["individuals"];
    months.items.push_back(
        {w.T(JsonStr(m, "name") + "月", JsonStr(m, "name")),
         static_cast<double>(n.is_number() ? n.get<int64_t>() : JsonInt(m, "individuals_summed")),
         0});
  }
  w.Add(ChartBlock{months, {640, 260}});
  Chart recipients{ChartKind::kBars,
                   w.T("按境外接收方", "By recipient"),
                   w.T("个人（去重）", "individuals (distinct)"),
                   {},
                   {}};
  for (const json& g : f.Value("annual.by_recipient")) {
    const json& n = g["individuals"];
    recipients.items.push_back(
        {JsonStr(g, "name"),
         static_cast<double>(n.is_number() ? n.get<int64_t>() : JsonInt(g, "individuals_summed")),
         0});
  }
  w.Add(ChartBlock{recipients, {640, 0}});
}

void Tables(DocWriter& w) {
  w.H1(w.T("四、按境外接收方、国家和出境机制", "4. By recipient, country and mechanism"));
  GroupTable(w, "annual.by_recipient", w.T("境外接收方", "Recipient"), false);
  GroupTable(w, "annual.by_country", w.T("国家或地区", "Country"), true);
  GroupTable(w, "annual.by_mechanism", w.T("出境机制或豁免", "Mechanism or exemption"), false);
  w.Note({Text(w.T("个人按密钥哈希去重：同一行内去重，不同行之间不去重。",
                   "Individuals are distinct by keyed hash within a row, not across rows. ") +
               w.SourceNote("annual.by_recipient"))});
}

void Mechanisms(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("五、出境机制的有效期与延续", "5. Mechanisms: validity and renewal"));
  const json& list = f.Value("annual.mechanisms");
  if (list.empty()) {
    w.P(w.T("本年度的出境均未使用出境机制（均为豁免情形）。",
            "No transfer this year used a mechanism (all were exempt)."));
    return;
  }
  Table t;
  t.header = {w.T("机制", "Mechanism"), w.T("编号", "Reference"),
              w.T("有效期与延续规则", "Validity and renewal"), w.T("生效与届满", "In force")};
  t.widths = {1.4, 1.4, 2.6, 1.4};
  for (const json& m : list) {
    std::string type = JsonStr(m, "type");
    std::string rule =
        type == "security_assessment"
            ? w.T("有效期3年，有效期届满前60个工作日内可申请延长（",
                  "3 years; apply to extend within the 60 working days before expiry (") +
                  w.Cite("cn.provisions-2024.art9.extension", "Provisions 2024 Art. 9") +
                  w.T("）", ")")
        : type == "certification"
            ? w.T("证书有效期3年，届满前6个月重新申请（",
                  "3 years; re-apply 6 months before expiry (") +
                  w.Cite("cn.cert-2026.art8.reapply", "Certification Measures Art. 8") +
                  w.T("）", ")")
        : type == "standard_contract"
            ? w.T("无固定期限；出现法定情形须重新评估并重新备案（",
                  "no fixed term; re-assess and re-file on the statutory triggers (") +
                  w.Cite("cn.scc-2023.art8.refiling", "Standard Contract Measures Art. 8") +
                  w.T("）", ")")
            : "—";
    std::string ref = JsonStr(m, "reference");
    std::string effective = JsonStr(m, "effective"), expires = JsonStr(m, "expires");
    Runs validity;
    if (!effective.empty()) {
      validity.push_back(
          Text(w.T("自 ", "from ") + DateText(w.lang(), effective) + w.T("生效；", "; ")));
    }
    if (!expires.empty()) {
      validity.push_back(Text(w.T("至 ", "until ") + DateText(w.lang(), expires) +
                              w.T("（台账条目 #", " (ledger entry #") +
                              std::to_string(JsonInt(m, "entry")) + w.T("）", ")")));
    } else {
      validity.push_back(w.Blank("annual.expiry." + ref, "届满日期（台账未记录）",
                                 "expiry date (not in the ledger)"));
    }
    t.rows.push_back({Cell(MechanismName(w.lang(), type)), Cell(ref), Cell(rule), validity});
  }
  w.Add(std::move(t));
}

void Exceptions(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("六、拒绝、撤回同意与告警", "6. Refusals, withdrawals and alerts"));
  const json& refusals = f.Value("annual.refusals");
  if (refusals.empty()) {
    w.P(w.T("本年度没有被拒绝的出境。", "No transfer was refused this year."));
  } else {
    Table t;
    t.header = {w.T("条目", "Entry"), w.T("日期", "Date"), w.T("境外接收方", "Recipient"),
                w.T("拒绝理由", "Reasons")};
    t.widths = {0.7, 1.1, 1.8, 3.4};
    for (const json& r : refusals) {
      std::string reasons;
      for (const json& x : r["reasons"])
        reasons += (reasons.empty() ? "" : "; ") + x.get<std::string>();
      t.rows.push_back({Cell("#" + std::to_string(JsonInt(r, "index"))), Cell(JsonStr(r, "as_of")),
                        Cell(JsonStr(r, "recipient") + " (" + JsonStr(r, "country") + ")"),
                        Cell(reasons)});
    }
    w.Add(std::move(t));
    if (w.zh()) w.Note({Text("拒绝理由为台账记录的原文（英文）；引号内的列名已隐去。")});
  }
  w.P(w.T("本年度同意登记中撤回同意的个人（《个人信息保护法》第十五条）：",
          "Individuals who withdrew consent this year, per the consent registry (PIPL Art. 15): ") +
      w.Num("annual.consent_withdrawals") + w.T("。", "."));
  const json& withdrawals = f.Value("annual.withdrawals");
  if (withdrawals.empty()) {
    w.P(w.T("本年度的出境中没有个人撤回同意。",
            "No individual in this year's transfers has withdrawn consent."));
  } else {
    Table t;
    t.header = {w.T("条目", "Entry"), w.T("日期", "Date"), w.T("境外接收方", "Recipient"),
                w.T("撤回同意的个人", "Individuals who withdrew")};
    t.widths = {0.8, 1.2, 2.6, 1.4};
    for (const json& x : withdrawals) {
      t.rows.push_back({Cell("#" + std::to_string(JsonInt(x, "index"))), Cell(JsonStr(x, "as_of")),
                        Cell(JsonStr(x, "recipient")),
                        Cell(DocWriter::Group(JsonInt(x, "individuals")))});
    }
    w.Add(std::move(t));
    w.P(w.T(
        "应通知上述境外接收方删除撤回同意的个人的信息（《个人信息保护法》第四十七条）。",
        "Ask these recipients to delete the data of the individuals who withdrew (PIPL Art. 47)."));
  }
  const json& alerts = f.Value("annual.alerts");
  if (alerts.empty()) {
    w.P(w.T("台账中没有本年度的告警记录。", "The ledger holds no alert for this year."));
  } else {
    std::map<std::string, int> by_kind;
    for (const json& a : alerts) ++by_kind[JsonStr(a, "kind") + " / " + JsonStr(a, "severity")];
    Table t;
    t.header = {w.T("告警类型 / 级别", "Alert kind / severity"), w.T("次数", "Count")};
    t.widths = {3, 1};
    for (const auto& [k, n] : by_kind) t.rows.push_back({Cell(k), Cell(std::to_string(n))});
    w.Add(std::move(t));
  }
}

void Checkpoint(DocWriter& w, const std::string& note) {
  const FactSet& f = w.facts();
  w.H1(w.T("七、台账检查点", "7. The ledger checkpoint"));
  w.P(w.T("本报告依据下列经签名的台账检查点生成（树大小 ",
          "This report was made from the signed checkpoint below (tree size ") +
      f.Str("ledger.checkpoint.size") +
      w.T("）。审计人员可用 xborder ledger verify --checkpoint 核对台账未被改写，并用 xborder "
          "ledger prove 逐条核对本报告引用的条目。",
          "). An auditor can check that the ledger was not rewritten with xborder ledger verify "
          "--checkpoint, and each entry this report cites with xborder ledger prove."));
  w.Verbatim(note);
}

}  // namespace

Result<BuiltReport> BuildAnnualReport(const ReportOptions& options,
                                      const rules::RulesContext& rules, ledger::Ledger& ledger) {
  if (options.exporter.empty()) return InvalidArgument("name the exporter", {"", 0, "--exporter"});
  if (options.year < 1900 || options.year > 9999) {
    return InvalidArgument("expected a calendar year, e.g. 2026", {"", 0, "--year"});
  }
  XB_ASSIGN_OR_RETURN(SecretKey key, LoadOrCreateKey(options.key_path));
  XB_ASSIGN_OR_RETURN(LedgerView view, ReadLedgerView(ledger));
  BuiltReport built;
  built.kind = ReportKind::kAnnual;
  FactSet& f = built.facts;
  AddCheckpointFacts(view, &f);
  f.Add("ledger.checkpoint.note", view.checkpoint_note, FactSource::Ledger("signed checkpoint"));
  XB_RETURN_IF_ERROR(AddYearFacts(options, ledger, view, key.id, &f));
  XB_RETURN_IF_ERROR(AddCounterAndConsentFacts(options, ledger, key.id, &f));
  AddThresholdFacts(rules.rules, &f);
  for (Lang lang : options.languages) {
    Document doc;
    doc.lang = lang;
    doc.style = DocStyle::kStandard;
    doc.title = lang == Lang::kZh ? std::to_string(options.year) + "年度数据出境情况报告"
                                  : "Cross-border transfers in " + std::to_string(options.year);
    doc.subtitle = options.exporter;
    doc.footer = CheckpointFooter(lang, f);
    doc.author = options.exporter;
    doc.generator = "xborder 0.1.0";
    DocWriter w(&doc, &f, rules.rules);
    Overview(w);
    Charts(w);
    Tables(w);
    Mechanisms(w);
    Exceptions(w);
    Checkpoint(w, view.checkpoint_note);
    SourcesNote(w, "annual");
    built.documents.push_back(std::move(doc));
  }
  built.checkpoint_size = view.size;
  built.checkpoint_root = view.RootHex();
  built.subject_json = json{{"exporter", options.exporter}, {"year", options.year}}.dump();
  return built;
}

}  // namespace xb::report
