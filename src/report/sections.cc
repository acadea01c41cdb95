#include "report/sections.h"

#include <algorithm>
#include <cstdio>

#include "report/chart.h"
#include "report/column_names.h"
#include "report/lexicon.h"

namespace xb::report {
using nlohmann::json;

namespace {

std::vector<std::string> Strings(const json& v) {
  std::vector<std::string> out;
  if (!v.is_array()) return out;
  for (const json& x : v) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

std::string Categories(const DocWriter& w, const json& codes) {
  std::vector<std::string> names;
  for (const std::string& c : Strings(codes)) names.push_back(CategoryName(w.lang(), c));
  return names.empty() ? w.T("无", "none") : ListJoin(w.lang(), names);
}

Runs Cell(const std::string& text) { return Runs{Text(text)}; }

std::string Ratio(const json& v) {
  if (!v.is_number()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v.get<double>());
  return buf;
}

struct ThresholdDef {
  const char* id;
  const char* rule;
  int64_t value;
  const char* measures;  // which counter
};
// The boundaries as the packs write them (rules/cn/provisions-2024.yaml): 100_000 in the
// small-volume exemption, 1_000_000 and 10_000 in the assessment trigger.
constexpr ThresholdDef kThresholds[] = {
    {"small_volume", "cn.provisions-2024.art5.4.small-volume", 100000, "individuals"},
    {"assessment_individuals", "cn.provisions-2024.art7.2.volume", 1000000, "individuals"},
    {"assessment_sensitive", "cn.provisions-2024.art7.2.volume", 10000, "sensitive_individuals"},
};

}  // namespace

bool DecisionAllows(const FactSet& f, std::string_view mechanism) {
  for (const json& m : f.Value("decision.mechanisms")) {
    if (m.is_string() && m.get<std::string>() == mechanism) return true;
  }
  return false;
}

const json* FindObligation(const FactSet& f, std::string_view id) {
  for (const json& o : f.Value("obligations")) {
    if (JsonStr(o, "id") == id) return &o;
  }
  return nullptr;
}

std::string Mark(const DocWriter& w, bool yes) { return yes ? w.T("是", "yes") : w.T("否", "no"); }

void AddThresholdFacts(const rules::RuleSet& rules, FactSet* facts) {
  for (const ThresholdDef& t : kThresholds) {
    std::string citation;
    std::string tag;
    for (const rules::Rule& r : rules.rules()) {
      if (r.id == t.rule) {
        citation = r.citation;
        tag = r.tag;
      }
    }
    facts->Add(std::string("law.threshold.") + t.id,
               json{{"value", t.value}, {"counts", t.measures}, {"rule", t.rule}},
               FactSource::Rule(t.rule, citation, tag));
  }
}

std::string CheckpointFooter(Lang lang, const FactSet& f) {
  std::string size = f.Str("ledger.checkpoint.size");
  std::string root = f.Str("ledger.checkpoint.root");
  return lang == Lang::kZh
             ? "本文件依据 xborder 出境台账检查点生成：树大小 " + size + "，根哈希 " + root
             : "Made from the xborder transfer ledger at checkpoint: tree size " + size +
                   ", root " + root;
}

void PartiesTable(DocWriter& w) {
  const FactSet& f = w.facts();
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, Runs value) { t.rows.push_back({Cell(key), value}); };
  row(w.T("个人信息处理者（出境方）", "Exporter (PI handler)"), Cell(w.Str("exporter.name")));
  std::string country = f.Str("recipient.country");
  row(w.T("境外接收方", "Overseas recipient"),
      Cell(w.Str("recipient.name") +
           (country.empty() ? "" : w.T("，", ", ") + CountryName(w.lang(), country))));
  row(w.T("出境目的", "Purpose"), Cell(PurposeName(w.lang(), f.Str("transfer.purpose"))));
  row(w.T("出境日期（评估基准日）", "Transfer date (as of)"), Cell(w.Date("transfer.as_of")));
  std::string status = f.Str("transfer.status");
  std::string figures =
      status == "completed"
          ? w.T("已完成的出境，台账条目 #" + f.Str("transfer.ledger_index"),
                "completed transfer, ledger entry #" + f.Str("transfer.ledger_index"))
      : status == "dry_run"
          ? w.T("试运行：对出境计划的数据集执行全部检查，未实际出境",
                "dry run: every check run on the plan's datasets; nothing has been sent")
          : w.T("出境计划中陈述的数字（未提供数据集）",
                "figures stated in the plan (no datasets given)");
  row(w.T("数字来源", "Figures from"), Cell(figures));
  row(w.T("出境计划", "Transfer plan"),
      Cell(f.Str("plan.file") + "  SHA-256 " + f.Str("plan.sha256").substr(0, 16) + "…"));
  w.Add(std::move(t));
  OutcomeWarnings(w);
}

void OutcomeWarnings(DocWriter& w) {
  const FactSet& f = w.facts();
  std::vector<std::string> refusals = Strings(f.Value("transfer.dry_run_refusals"));
  if (!refusals.empty()) {
    std::vector<Runs> items;
    for (const std::string& r : refusals) items.push_back({Text(r + w.T("（英文原文）", ""))});
    w.P({Bold(w.T("警告：按本出境计划试运行，出境将被拒绝。",
                  "Warning: run as a dry run, this plan's transfer would be refused. ")),
         Text(w.T("拒绝理由（引号内的列名已隐去）：",
                  "The reasons (quoted column names withheld):"))},
        false);
    w.List(items);
  }
  if (f.Bool("mechanism.expired")) {
    const json& m = f.Value("mechanism");
    w.P({Bold(w.T("警告：出境计划载明的", "Warning: the plan's ") +
              MechanismName(w.lang(), JsonStr(m, "type")) + w.T("（编号 ", " (reference ") +
              JsonStr(m, "reference") + w.T("）已于", ") expired on ") +
              DateText(w.lang(), JsonStr(m, "expires_by_law")) +
              w.T("届满，早于出境日期；须先续订或重新办理。",
                  ", before the transfer date; renew it or take another path first."))},
        false);
  }
}

namespace {

// A taxonomy source as a reader cites it: "PIPL-28" → 《个人信息保护法》第二十八条 / PIPL Art. 28;
// a GB/T 35273 entry → its citation up to the colon ("GB/T 35273-2020 Table B.1 个人身份信息").
std::string BasisName(const DocWriter& w, const json& source) {
  std::string key = JsonStr(source, "key");
  if (key.rfind("PIPL-", 0) == 0) {
    int article = std::atoi(key.c_str() + 5);
    return w.T(ChineseInstrumentName("pipl-2021") + "第" + ChineseNumber(article) + "条",
               "PIPL Art. " + std::to_string(article));
  }
  std::string citation = JsonStr(source, "citation");
  std::string name = citation.substr(0, citation.find(':'));
  if (w.zh()) {
    size_t table = name.find("Table ");
    if (table != std::string::npos) name.replace(table, 6, "表");
  }
  return name;
}

// Each sensitive category sent, with why it is sensitive (the taxonomy's basis).
std::string SensitiveCategories(const DocWriter& w) {
  const FactSet& f = w.facts();
  const json& basis = f.Value("transfer.sensitive_basis");
  std::vector<std::string> out;
  for (const std::string& c : Strings(f.Value("transfer.sensitive_categories"))) {
    std::vector<std::string> names;
    if (basis.is_object() && basis.contains(c)) {
      for (const json& source : basis[c]) names.push_back(BasisName(w, source));
    }
    out.push_back(
        CategoryName(w.lang(), c) +
        (names.empty() ? "" : w.T("（", " (") + JoinWith(names, w.T("；", "; ")) + w.T("）", ")")));
  }
  return out.empty() ? w.T("无", "none") : JoinWith(out, w.T("；", "; "));
}

}  // namespace

void VolumesTable(DocWriter& w) {
  const FactSet& f = w.facts();
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, const std::string& value) {
    t.rows.push_back({Cell(key), Cell(value)});
  };
  row(w.T("出境个人信息涉及的个人（去重）", "Individuals whose PI is sent (distinct)"),
      w.Num("transfer.individuals"));
  row(w.T("其中涉及敏感个人信息的个人", "of whom: individuals whose sensitive PI is sent"),
      w.Num("transfer.sensitive_individuals"));
  row(w.T("不满十四周岁的未成年人", "Minors under 14"), w.Num("transfer.minors_under_14"));
  row(w.T("个人信息类别", "PI categories"), Categories(w, f.Value("transfer.categories")));
  if (f.Has("transfer.sensitive_categories")) {
    row(w.T("敏感个人信息类别（依据）", "Sensitive categories (basis)"), SensitiveCategories(w));
  }
  row(w.T("目的所需的类别（出境计划）", "Categories the purpose needs (plan)"),
      f.Value("transfer.categories_needed").is_array()
          ? Categories(w, f.Value("transfer.categories_needed"))
          : w.T("出境计划未载明", "not stated in the plan"));
  w.Add(std::move(t));
  // Counted by keyed hash only when the figures come from the data (a completed transfer or the
  // dry run); a plan without datasets states its own figures.
  bool counted = f.Str("transfer.status") != "plan_only";
  w.Note({Text(w.SourceNote("transfer.individuals") +
               (counted ? w.T("；按密钥哈希去重计数。", "; distinct individuals by keyed hash.")
                        : w.T("；出境计划陈述的数字，未经计数。",
                              "; the plan's own figures, not counted.")))});
}

void DatasetsTable(DocWriter& w) {
  const json& datasets = w.facts().Value("datasets");
  if (!datasets.is_array() || datasets.empty()) return;
  Table t;
  t.header = {w.T("数据集", "Dataset"),
              w.T("行数", "Rows"),
              w.T("同意过滤后", "After consent"),
              w.T("个人（去重）", "Individuals"),
              w.T("列数", "Columns"),
              "SHA-256"};
  t.widths = {2, 1, 1.1, 1.1, 0.8, 2};
  for (const json& d : datasets) {
    t.rows.push_back({Cell(JsonStr(d, "file")), Cell(DocWriter::Group(JsonInt(d, "rows"))),
                      Cell(DocWriter::Group(JsonInt(d, "rows_after_consent"))),
                      Cell(DocWriter::Group(JsonInt(d, "individuals"))),
                      Cell(std::to_string(JsonInt(d, "columns"))),
                      Cell(JsonStr(d, "sha256").substr(0, 16) + "…")});
  }
  w.Add(std::move(t));
}

void ColumnsTable(DocWriter& w) {
  const FactSet& f = w.facts();
  const json& columns = f.Value("columns");
  if (!columns.is_array() || columns.empty()) {
    w.P({Text(w.T("出境计划未列出数据集，无法逐列说明；",
                  "The plan lists no datasets, so there is no column-by-column account; ")),
         w.Blank("columns.by_hand", "逐项列明拟出境的个人信息字段",
                 "the PI fields to be sent, item by item")});
    return;
  }
  Table t;
  t.header = {w.T("序号", "#"),
              w.T("列", "Column"),
              w.T("识别的类型", "Type found"),
              w.T("类别", "Category"),
              w.T("敏感", "Sensitive"),
              w.T("出境前处理", "Treatment"),
              w.T("超出目的所需", "Beyond purpose")};
  t.widths = {0.45, 2.3, 1.5, 1.1, 0.7, 1.6, 0.8};
  bool several = f.Value("datasets").size() > 1;
  std::vector<std::string> kept_uncategorised;
  for (const json& c : columns) {
    int position = JsonInt(c, "position");
    std::string label =
        c["name"].is_string() ? c["name"].get<std::string>() : ColumnByPosition(w.lang(), position);
    if (several) label = JsonStr(c, "dataset") + ": " + label;
    std::string type = JsonStr(c, "type");
    std::vector<std::string> text_types = Strings(c.value("text_entities", json::array()));
    std::string type_text;
    if (!type.empty()) {
      type_text = EntityName(w.lang(), type);
    } else if (!text_types.empty()) {
      std::vector<std::string> names;
      for (const auto& t2 : text_types) names.push_back(EntityName(w.lang(), t2));
      type_text = w.T("自由文本，含：", "free text with: ") + ListJoin(w.lang(), names);
    } else {
      type_text = w.T("未识别出个人信息", "no PI found");
    }
    std::string category = JsonStr(c, "category");
    // A column that leaves with no category found: the officer states it (or that it holds no
    // PI); a dash would read as "no PI".
    bool uncategorised = category.empty() && JsonBool(c, "sent");
    if (uncategorised) kept_uncategorised.push_back(label);
    Runs category_cell = !category.empty() ? Cell(CategoryName(w.lang(), category))
                         : uncategorised
                             ? Runs{w.Blank("columns.uncategorised", "类别，或“非个人信息”",
                                            "category, or \"not PI\"")}
                             : Cell("—");
    t.rows.push_back({Cell(std::to_string(position)), Cell(label), Cell(type_text),
                      std::move(category_cell), Cell(Mark(w, JsonBool(c, "sensitive"))),
                      Cell(TransformName(
                          w.lang(), JsonStr(c, "action").empty() ? "keep" : JsonStr(c, "action"))),
                      Cell(JsonBool(c, "beyond_purpose") ? w.T("是", "yes") : "")});
  }
  w.Add(std::move(t));
  if (!kept_uncategorised.empty()) {
    w.Note(
        {Text(w.T("以下出境的列未识别出个人信息类别，须由个人信息保护负责人确认其类别或确认不含个人"
                  "信息：",
                  "These columns leave although no PI category was found in them; the privacy "
                  "officer states their category or that they hold no PI: ") +
              ListJoin(w.lang(), kept_uncategorised) + w.T("。", "."))});
  }
  std::vector<std::string> withheld = Strings(f.Value("columns.names_withheld"));
  if (!withheld.empty()) {
    w.Note({Text(w.T("以下数据集的表头看似个人数据，列名不予显示，仅以序号指代：",
                     "The header row of these datasets looks like personal data; their column "
                     "names are withheld and columns are referred to by position: ") +
                 ListJoin(w.lang(), withheld))});
  }
  w.Note({Text(w.SourceNote("columns"))});
}

void NecessityParagraph(DocWriter& w) {
  const json& columns = w.facts().Value("columns");
  std::vector<std::string> beyond;
  for (const json& c : columns.is_array() ? columns : json::array()) {
    if (!JsonBool(c, "beyond_purpose")) continue;
    std::string label = c["name"].is_string() ? c["name"].get<std::string>()
                                              : ColumnByPosition(w.lang(), JsonInt(c, "position"));
    beyond.push_back(label + w.T("（", " (") + CategoryName(w.lang(), JsonStr(c, "category")) +
                     w.T("）", ")"));
  }
  if (!columns.is_array() || columns.empty()) return;
  if (!w.facts().Value("transfer.categories_needed").is_array()) {
    w.P({Text(w.T("最小必要（《个人信息保护法》第六条）：出境计划未载明目的所需的个人信息类别，"
                  "未核查各列是否超出目的所需；",
                  "Minimum necessity (PIPL Art. 6): the plan does not state the PI categories the "
                  "purpose needs, so no column was checked against them; ")),
         w.Blank("transfer.categories_needed", "目的所需的个人信息类别（data.categories_needed）",
                 "the PI categories the purpose needs (data.categories_needed)")});
    return;
  }
  if (beyond.empty()) {
    w.P(w.T(
        "最小必要（《个人信息保护法》第六条）：出境的各列均属于出境计划所列目的所需的个人信息类别；"
        "去除内容的列（删除、清除）不计入。",
        "Minimum necessity (PIPL Art. 6): every column that leaves belongs to a PI category the "
        "plan says the purpose needs; columns whose content is removed (dropped, redacted) do "
        "not count."));
  } else {
    w.P({Text(
        w.T("最小必要（《个人信息保护法》第六条）：以下出境列超出了出境计划所列目的所需的类别，"
            "应在保护策略中删除，或在计划中说明其必要性：",
            "Minimum necessity (PIPL Art. 6): these columns would leave although their "
            "category is beyond what the plan says the purpose needs; drop them in the "
            "policy or state why they are necessary: ") +
        ListJoin(w.lang(), beyond) + w.T("。", "."))});
  }
}

void ConsentSection(DocWriter& w) {
  const FactSet& f = w.facts();
  if (!f.Has("consent.mode")) {
    w.P({Text(w.T("未对数据集核验同意（出境计划未列出数据集）；",
                  "Consent was not checked (the plan lists no datasets); ")),
         w.Blank("consent.basis", "单独同意的取得情况或所依据的其他合法性基础",
                 "how separate consent was obtained, or the other legal basis relied on")});
    return;
  }
  std::string mode = f.Str("consent.mode");
  std::string mode_text =
      mode == "require"  ? w.T("要求同意：无有效同意的个人的记录不出境",
                               "require: rows of individuals without valid consent are removed")
      : mode == "strict" ? w.T("严格：任何个人无有效同意即拒绝出境",
                               "strict: any individual without valid consent refuses the transfer")
                         : w.T("未核验同意（计划依据其他合法性基础）",
                               "not checked (the plan relies on another legal basis)");
  w.P({Text(w.T("同意核验方式：", "Consent check: ") + mode_text + w.T("。", "."))});
  const json& by = f.Value("consent.individuals");
  if (by.is_object() && !by.empty()) {
    Table t;
    t.header = {w.T("同意情况", "Consent outcome"), w.T("个人（去重）", "Individuals")};
    t.widths = {2.5, 1};
    Chart chart{ChartKind::kBars,
                w.T("同意覆盖情况", "Consent coverage"),
                w.T("个人（去重）", "individuals (distinct)"),
                {},
                {}};
    for (const auto& [k, v] : by.items()) {
      t.rows.push_back({Cell(CoverageName(w.lang(), k)), Cell(DocWriter::Group(v.get<int64_t>()))});
      chart.items.push_back({CoverageName(w.lang(), k), static_cast<double>(v.get<int64_t>()), 0});
    }
    w.Add(std::move(t));
    w.Add(ChartBlock{chart, {640, 200}});
  }
  w.P(w.T("因无有效同意而未出境的记录：", "Rows removed for want of valid consent: ") +
      w.Num("consent.rows_removed") +
      w.T("；无法识别个人的记录：", "; rows naming no identifiable individual: ") +
      w.Num("consent.unidentified_rows") + w.T("。", "."));
  w.Note({Text(w.SourceNote("consent.individuals"))});
}

void ProtectionSection(DocWriter& w) {
  const FactSet& f = w.facts();
  std::string source = f.Str("protection.source");
  if (source == "package") {
    w.P(
        w.T("以下保护措施取自已完成出境的数据包中的保护报告（protection-report.json），其 SHA-256 "
            "与台账条目记录一致。",
            "The measures below are read from the completed transfer's package "
            "(protection-report.json), whose SHA-256 matches its ledger entry."));
  } else if (source == "dry_run") {
    std::string why = f.Str("protection.missing_reason");
    w.P(w.T("尚无本计划已完成的出境（或未找到其数据包），以下处理方式取自保护策略的试运行解读；"
            "k-匿名与重识别风险须在实际保护后测得，此处未测量。",
            "There is no completed transfer of this plan (or its package was not found), so the "
            "treatments below are the policy as the dry run reads it; k-anonymity and "
            "re-identification risk are measured when the data is protected and are not "
            "measured here.") +
        w.T("（原因：", " (reason: ") + why + w.T("）", ")"));
  }
  const json& reports = f.Value("protection.reports");
  if (reports.is_array()) {
    for (const json& r : reports) {
      const json& a = r.value("anonymization", json(nullptr));
      if (!a.is_object()) {
        w.P(w.T("未对准标识符实施k-匿名等隐私模型；出境前的处理为逐列变换（见上表“出境前处理”）。",
                "No privacy model (k-anonymity) was applied to quasi-identifiers; protection is "
                "the per-column treatment shown in the table above."));
        continue;
      }
      const json& privacy = a.value("privacy", json::object());
      Table t;
      t.header = {w.T("指标", "Measure"), w.T("保护前", "Before"), w.T("保护后", "After")};
      t.widths = {2.4, 1, 1};
      const json& before = r["risk"].value("before", json::object());
      const json& after = r["risk"].value("after", json::object());
      auto row = [&](const std::string& name, const std::string& b, const std::string& aft) {
        t.rows.push_back({Cell(name), Cell(b), Cell(aft)});
      };
      row(w.T("k-匿名（要求的k）", "k-anonymity (k required)"), "—",
          std::to_string(JsonInt(privacy, "k_anonymity")));
      row(w.T("最小等价类", "Smallest equivalence class"),
          DocWriter::Group(JsonInt(before, "smallest_class")),
          DocWriter::Group(JsonInt(after, "smallest_class")));
      row(w.T("唯一记录数", "Sample uniques"), DocWriter::Group(JsonInt(before, "sample_uniques")),
          DocWriter::Group(JsonInt(after, "sample_uniques")));
      row(w.T("检察官模型最大重识别风险", "Prosecutor risk, highest"),
          Ratio(before.value("prosecutor", json::object()).value("max", json(nullptr))),
          Ratio(after.value("prosecutor", json::object()).value("max", json(nullptr))));
      row(w.T("检察官模型平均重识别风险", "Prosecutor risk, average"),
          Ratio(before.value("prosecutor", json::object()).value("average", json(nullptr))),
          Ratio(after.value("prosecutor", json::object()).value("average", json(nullptr))));
      row(w.T("超过阈值的记录比例", "Records above the risk threshold"),
          Ratio(before.value("prosecutor", json::object()).value("records_at_risk", json(nullptr))),
          Ratio(after.value("prosecutor", json::object()).value("records_at_risk", json(nullptr))));
      row(w.T("被抑制的记录", "Suppressed records"), "—",
          DocWriter::Group(JsonInt(a, "suppressed_rows")));
      w.Add(std::move(t));
    }
    w.Note({Text(w.SourceNote("protection.reports"))});
  }
}

void DecisionSection(DocWriter& w) {
  const FactSet& f = w.facts();
  std::string outcome = f.Str("decision.outcome");
  Runs runs = {Text(w.T("出境路径判定：", "Decision: ")), Bold(OutcomeName(w.lang(), outcome))};
  std::vector<std::string> mechanisms;
  for (const std::string& m : Strings(f.Value("decision.mechanisms")))
    mechanisms.push_back(MechanismName(w.lang(), m));
  if (!mechanisms.empty()) {
    std::string joined;
    for (size_t i = 0; i < mechanisms.size(); ++i) {
      joined += (i ? w.T("或", " or ") : "") + mechanisms[i];
    }
    runs.push_back(Text(w.T("——可选机制：", " — one of: ") + joined));
  }
  if (f.Value("decision.exemption").is_string()) {
    runs.push_back(Text(w.T("——豁免情形：", " — exemption: ") +
                        ExemptionName(w.lang(), f.Str("decision.exemption"))));
  }
  runs.push_back(Text(w.T("。", ".")));
  w.P(runs);
  std::vector<Runs> basis;
  for (const json& b : f.Value("decision.basis")) {
    basis.push_back({Text(w.Cite(JsonStr(b, "rule"), JsonStr(b, "citation"))),
                     Text(w.T("（规则 ", " (rule ") + JsonStr(b, "rule") + w.T("）", ")"))});
  }
  if (!basis.empty()) {
    w.P(w.T("判定依据：", "Basis:"), false);
    w.List(basis);
  }
  std::vector<std::string> missing = Strings(f.Value("decision.missing_facts"));
  if (!missing.empty()) {
    w.P({Text(w.T("尚缺的事实（会改变判定）：", "Facts missing that would change the decision: ") +
              ListJoin(w.lang(), missing) + w.T("。", ". ")),
         w.Blank("decision.missing_facts", "在出境计划中补充上述事实后重新生成本文件",
                 "state these facts in the plan and make this document again")});
  }
  const json& notices = f.Value("decision.notices");
  if (notices.is_array() && !notices.empty()) {
    std::vector<Runs> items;
    for (const json& n : notices) {
      items.push_back({Text(w.Cite(JsonStr(n, "rule"), JsonStr(n, "citation")) + w.T("：", ": ")),
                       Text(NoticeText(w.lang(), JsonStr(n, "rule"), JsonStr(n, "text")))});
    }
    w.P(w.T("规则包的提示（含存在争议或尚待核实的解读）：",
            "Notices from the rule packs (including disputed or unverified readings):"),
        false);
    w.List(items);
  }
}

namespace {

// One obligation's row: title, citation, due date; with `condition`, the engine's condition
// under which it applies in its own column.
std::vector<Runs> ObligationRow(const DocWriter& w, const json& o, bool condition) {
  std::string due = o["due"].is_string() ? DateText(w.lang(), o["due"].get<std::string>()) : "—";
  if (JsonBool(o, "due_provisional"))
    due += w.T("（暂定：节假日安排未公布）", " (provisional: holidays not yet published)");
  std::vector<Runs> row = {Cell(ObligationTitle(w.lang(), JsonStr(o, "id"), JsonStr(o, "title"))),
                           Cell(w.Cite(JsonStr(o, "rule"), JsonStr(o, "citation"))), Cell(due)};
  if (condition) row.insert(row.begin() + 1, Cell(JsonStr(o, "condition")));
  return row;
}

void ObligationGroup(DocWriter& w, const std::string& heading, const std::vector<const json*>& list,
                     bool condition) {
  if (list.empty()) return;
  w.P({Bold(heading)}, false);
  Table t;
  t.header = {w.T("义务", "Obligation"), w.T("依据", "Citation"), w.T("期限", "Due")};
  t.widths = {3.2, 2, 1.2};
  if (condition) {
    t.header.insert(t.header.begin() + 1,
                    w.T("适用条件（规则原文）", "Applies if (the rule's condition)"));
    t.widths = {2.6, 2, 1.7, 1.1};
  }
  for (const json* o : list) t.rows.push_back(ObligationRow(w, *o, condition));
  w.Add(std::move(t));
}

}  // namespace

void ObligationsTable(DocWriter& w, const std::string& only_path) {
  const json& obligations = w.facts().Value("obligations");
  if (!obligations.is_array() || obligations.empty()) return;
  // As the engine lists them (rules/decision_render.cc): duties owed whichever path is taken,
  // then each path's own, then those that depend on facts the plan does not state, with the
  // condition under which they apply. A filing shows its own path's duties only.
  std::vector<const json*> common, conditional;
  std::vector<std::pair<std::string, std::vector<const json*>>> paths;
  for (const json& o : obligations) {
    std::string path = JsonStr(o, "mechanism");
    if (!only_path.empty() && !path.empty() && path != only_path) continue;
    if (JsonBool(o, "conditional")) {
      conditional.push_back(&o);
    } else if (path.empty()) {
      common.push_back(&o);
    } else {
      auto it =
          std::find_if(paths.begin(), paths.end(), [&](const auto& p) { return p.first == path; });
      if (it == paths.end()) it = paths.insert(paths.end(), {path, {}});
      it->second.push_back(&o);
    }
  }
  ObligationGroup(w, w.T("各出境路径均须履行的义务", "Owed whichever path is taken"), common,
                  false);
  for (const auto& [path, list] : paths) {
    ObligationGroup(w,
                    w.T("采用" + MechanismName(w.lang(), path) + "的",
                        "If the " + MechanismName(w.lang(), path) + " is the path taken"),
                    list, false);
  }
  ObligationGroup(w,
                  w.T("视出境计划未载明的事实而定（仅在条件成立时适用）",
                      "Depending on facts the plan does not state (they apply only if the "
                      "condition holds)"),
                  conditional, true);
  w.Note(
      {Text(w.T("期限按中国工作日日历自出境日期推算；",
                "Due dates are computed from the transfer date on the PRC working-day calendar; ") +
            w.SourceNote("obligations"))});
}

void ThresholdChart(DocWriter& w) {
  const FactSet& f = w.facts();
  if (!f.Has("history.year")) return;
  int64_t counted = f.Int("history.counted.individuals");
  int64_t sensitive = f.Int("history.counted.sensitive_individuals");
  Chart chart{ChartKind::kGauges,
              w.T(f.Str("history.year") + "年计入门槛的累计个人数（台账，去重）",
                  "Counted toward the thresholds in " + f.Str("history.year") +
                      " (ledger, distinct individuals)"),
              w.T("仅计入门槛的路径；豁免路径见下图", "counted paths only; exempt paths below"),
              {},
              {}};
  std::vector<std::string> cites;
  for (const char* id : {"small_volume", "assessment_individuals", "assessment_sensitive"}) {
    const json& t = f.Value(std::string("law.threshold.") + id);
    if (!t.is_object()) continue;
    int64_t limit = JsonInt(t, "value");
    bool sens = JsonStr(t, "counts") == "sensitive_individuals";
    std::string label = sens ? w.T("敏感个人信息", "sensitive PI")
                             : w.T("个人信息（不含敏感）", "PI (excl. sensitive)");
    label += w.T(" 对照 ", " vs ") + DocWriter::Group(limit);
    std::string cite = w.Cite(JsonStr(t, "rule"), "");
    if (std::find(cites.begin(), cites.end(), cite) == cites.end()) cites.push_back(cite);
    chart.items.push_back(
        {label, static_cast<double>(sens ? sensitive : counted), static_cast<double>(limit)});
  }
  w.Add(ChartBlock{chart, {640, 0}});
  // Beside the gauges, everyone sent this year by path: a gauge at 0 must not read as "nothing
  // was sent" when exempt transfers carried people.
  Chart paths{
      ChartKind::kBars,
      w.T(f.Str("history.year") + "年出境个人数（按路径，去重）",
          "Individuals sent in " + f.Str("history.year") + " by path (distinct)"),
      w.T("个人", "individuals"),
      {{w.T("计入门槛的路径", "counted toward the thresholds"), static_cast<double>(counted), 0},
       {w.T("豁免路径（不计入门槛）", "exempt paths (not counted)"),
        static_cast<double>(f.Int("history.exempt.individuals")), 0}},
      {}};
  if (f.Int("history.other_keys.individuals") > 0) {
    paths.items.push_back(
        {w.T("其他密钥下记录（无法去重）", "recorded under other keys (not deduplicated)"),
         static_cast<double>(f.Int("history.other_keys.individuals")), 0});
  }
  w.Add(ChartBlock{paths, {640, 0}});
  w.Note({Text(w.T("门槛：", "Thresholds: ") + ListJoin(w.lang(), cites) + w.T("；", "; ") +
               w.SourceNote("history.counted.individuals") +
               w.T("；豁免路径（如人力资源管理）出境的个人：",
                   "; individuals sent under exemptions (e.g. HR management): ") +
               w.Num("history.exempt.individuals") +
               w.T("，按实务解读不计入门槛（数字摘要 CN-C-04，待官方确认）。",
                   ", not counted toward the thresholds on the practitioners' reading (digest "
                   "CN-C-04, not confirmed officially)."))});
}

void SourcesNote(DocWriter& w, const std::string& kind) {
  w.Note({Text(w.T("本文件中的每一数字和陈述及其来源（出境计划字段、数据扫描、台账条目、规则编号及"
                   "引文）均列于 ",
                   "Every figure and statement in this document is listed with its source (plan "
                   "field, scan, ledger entry, rule id and citation) in ") +
               kind + ".facts.json" +
               w.T("；标注【待填写】之处须由个人信息保护负责人补充。",
                   "; what is marked [To complete] must be supplied by the "
                   "privacy officer."))});
}

}  // namespace xb::report
