// The PIPIA report (个人信息保护影响评估报告): PIPL Art. 55(4) requires it before PI goes abroad;
// Art. 56 fixes its content — (1) lawfulness, legitimacy and necessity of purpose and method,
// (2) impact on individuals' rights and the security risks, (3) whether the protective measures
// are lawful, effective and proportionate — and its retention (at least 3 years). For a standard
// contract (Order 13 Art. 5) or certification (Certification Measures Art. 6) the assessment also
// covers the recipient country's law and practice. The outline follows GB/T 39335-2020's report
// (data mapping, risk sources, impact, measures, conclusion) [digest §12].
#include "report/plan_kinds.h"
#include "report/sections.h"

namespace xb::report {
using nlohmann::json;

namespace {

void About(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("一、评估概述", "1. About this assessment"));
  std::string basis = w.Cite("cn.pipl.art55.pipia", "PIPL Art. 55(4); Art. 56");
  std::string extra;
  if (DecisionAllows(f, "standard_contract")) {
    extra += w.T("；采用标准合同的，并依据", "; for the standard contract, also ") +
             w.Cite("cn.scc-2023.art5.pipia", "Standard Contract Measures Art. 5");
  }
  if (DecisionAllows(f, "certification")) {
    extra += w.T("；申请认证的，并依据", "; for certification, also ") +
             w.Cite("cn.cert-2026.art6.preconditions", "Certification Measures Art. 6");
  }
  w.P(w.T("向境外提供个人信息前，个人信息处理者应当事前进行个人信息保护影响评估（依据：",
          "Before personal information is provided abroad, the handler must assess its impact "
          "in advance (basis: ") +
      basis + extra + w.T("）。本报告记录该评估。", "). This report records that assessment."));
  PartiesTable(w);
  w.P({Text(w.T(
           "评估方法：本报告的事实由 xborder "
           "从出境计划、数据集逐列扫描、同意登记、保护报告和出境台账中汇集，"
           "判定由带有引文的规则包作出；评估结论由个人信息保护负责人审核后作出。评估人员及其职责：",
           "Method: the facts of this report were gathered by xborder from the transfer "
           "plan, a column-by-column scan of the datasets, the consent registry, the "
           "protection report and the transfer ledger; the decision comes from rule packs "
           "with citations; the conclusions are the privacy officer's. Assessors and their "
           "roles: ")),
       w.Blank("pipia.assessors", "评估负责人、参与部门及第三方机构（如有）",
               "the lead assessor, departments and any third party involved")});
}

void DataMapping(DocWriter& w) {
  w.H1(w.T("二、出境个人信息情况（数据映射）", "2. The personal information sent (data mapping)"));
  w.H2(w.T("（一）规模与类别", "2.1 Volume and categories"));
  VolumesTable(w);
  w.H2(w.T("（二）数据集", "2.2 Datasets"));
  DatasetsTable(w);
  w.H2(w.T("（三）逐列说明", "2.3 Column by column"));
  ColumnsTable(w);
  w.H2(w.T("（四）境外存储", "2.4 Storage abroad"));
  w.P({Text(w.T("境外存储地点及期限：", "Storage location and period abroad: ")),
       w.Blank("recipient.storage", "境外接收方的存储地点、保存期限及期满后的处理方式",
               "where the recipient stores the data, for how long, and what happens at the end")});
}

void Lawfulness(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("三、处理目的、方式的合法性、正当性和必要性",
           "3. Lawfulness, legitimacy and necessity of purpose and method"));
  w.P(w.T("出境目的：", "Purpose of the transfer: ") +
      PurposeName(w.lang(), f.Str("transfer.purpose")) + w.T("。", "."));
  DecisionSection(w);
  w.P({Text(w.T("处理个人信息的合法性基础（《个人信息保护法》第十三条）：",
                "Legal basis for the processing (PIPL Art. 13): ")),
       w.Blank("pipia.legal_basis",
               "所依据的合法性基础，如人力资源管理所依据的劳动规章制度和集体合同",
               "the basis relied on, e.g. the labour rules and collective contract for HR "
               "management")});
  if (f.Value("decision.exemption").is_string()) {
    w.P({Text(w.T("豁免以出境“确需”为条件：",
                  "The exemption applies only where the transfer is truly necessary: ")),
         w.Blank("pipia.truly_necessary", "说明出境确需的理由",
                 "why the transfer is truly necessary")});
  }
  NecessityParagraph(w);
}

// The paths whose PIPIA must cover the recipient country's law and practice, with the item of
// the rule that says so: Standard Contract Measures Art. 5 item (5), Certification Measures
// Art. 6 item (5). The security assessment's self-assessment (Order 11 Art. 5) does not list
// it, and an exemption has no such item.
struct CountryItem {
  const char* mechanism;
  const char* rule;
  const char* fallback;
};
constexpr CountryItem kCountryItems[] = {
    {"standard_contract", "cn.scc-2023.art5.pipia", "Standard Contract Measures Art. 5"},
    {"certification", "cn.cert-2026.art6.preconditions", "Certification Measures Art. 6"},
};

void RecipientCountry(DocWriter& w) {
  const FactSet& f = w.facts();
  std::vector<std::string> cites;
  for (const CountryItem& item : kCountryItems) {
    if (!DecisionAllows(f, item.mechanism)) continue;
    cites.push_back(MechanismName(w.lang(), item.mechanism) + w.T("：", ": ") +
                    w.Cite(item.rule, item.fallback) + w.T("第（五）项", " item (5)"));
  }
  Runs runs = {Text(w.T("境外接收方位于", "The recipient is in ") +
                    CountryName(w.lang(), f.Str("recipient.country")) + w.T("。", ". "))};
  if (cites.empty()) {
    runs.push_back(Text(
        w.T("本次出境的路径不要求单独评估该国家或者地区的政策法规；其对个人权益的影响在下文风险中一"
            "并"
            "评估（",
            "The path of this transfer does not call for a separate assessment of that "
            "country's law; its effect on individuals' rights is assessed with the risks below (") +
        w.Cite("cn.pipl.art55.pipia", "PIPL Art. 55(4); Art. 56") + w.T("）：", "): ")));
  } else {
    runs.push_back(Text(
        w.T("该国家或者地区的个人信息保护政策和法规对出境个人信息安全和个人权益的影响（",
            "The effect of that country's PI-protection policies and laws on the security of the "
            "data and on individuals' rights (") +
        JoinWith(cites, w.T("；", "; ")) + w.T("）：", "): ")));
  }
  runs.push_back(
      w.Blank("pipia.country_law", "对境外接收方所在国家或者地区个人信息保护政策法规及实践的评估",
              "an assessment of the recipient country's PI-protection law and practice"));
  w.P(runs);
}

void Impact(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("四、对个人权益的影响及安全风险",
           "4. Impact on individuals' rights and the security risks"));
  int64_t sensitive = f.Int("transfer.sensitive_individuals");
  if (sensitive > 0) {
    w.P(w.T("出境个人信息包含敏感个人信息，涉及 ",
            "The data sent includes sensitive personal information of ") +
        w.Num("transfer.sensitive_individuals") +
        w.T(" 人。敏感个人信息一旦泄露或者被非法使用，容易导致自然人的人格尊严受到侵害或者人身、财"
            "产安全受到危害（",
            " individuals. Its leakage or misuse easily harms their dignity or personal and "
            "property safety (") +
        w.Cite("cn.pipl.art28.sensitive-categories", "PIPL Art. 28") + w.T("）。", ")."));
  } else if (f.Value("transfer.sensitive_individuals").is_number()) {
    w.P(w.T("出境个人信息不含敏感个人信息。",
            "The data sent includes no sensitive personal information."));
  }
  if (f.Int("transfer.minors_under_14") > 0) {
    w.P(w.T("其中包含不满十四周岁未成年人 ", "It includes ") + w.Num("transfer.minors_under_14") +
        w.T(" 人的个人信息，须取得其父母或者其他监护人的同意（",
            " minors under 14, whose parents or guardians must consent (") +
        w.Cite("cn.pipl.art31.minors", "PIPL Art. 31") + w.T("）。", ")."));
  }
  w.H2(w.T("（一）境外接收方所在国家或者地区的政策法规",
           "4.1 The recipient country's law and practice"));
  RecipientCountry(w);
  w.H2(w.T("（二）境外接收方的义务与能力", "4.2 The recipient's obligations and capability"));
  w.P({Text(w.T("境外接收方承诺承担的义务及其管理和技术措施、能力：",
                "The recipient's obligations, management and technical measures and capability: ")),
       w.Blank("pipia.recipient_capability",
               "境外接收方的安全管理制度、技术措施（加密、访问控制等）及其履约能力",
               "the recipient's security organisation and technical measures (encryption, access "
               "control) and its capability to honour them")});
  w.H2(w.T("（三）出境后的风险", "4.3 Risks after the transfer"));
  w.P({Text(w.T(
           "出境后遭到篡改、破坏、泄露、丢失、非法利用等的风险，以及个人维护权益的渠道是否通畅：",
           "Risks of tampering, destruction, leakage, loss or misuse after the transfer, and "
           "whether individuals can exercise their rights: ")),
       w.Blank("pipia.risks", "对上述风险的分析及个人行使权利的渠道",
               "an analysis of these risks and the channels for individuals' rights")});
  w.H2(w.T("（四）本年度出境规模", "4.4 Volume sent this year"));
  ThresholdChart(w);
}

void Measures(DocWriter& w) {
  w.H1(w.T("五、保护措施的合法性、有效性及与风险的相称性",
           "5. Whether the protective measures are lawful, effective and proportionate"));
  w.H2(w.T("（一）出境前的技术处理", "5.1 Treatment before the data leaves"));
  w.P(w.T("各列的出境前处理见第二部分（三）表中“出境前处理”一栏。",
          "The treatment of each column is in the table of section 2.3 (\"Treatment\")."));
  ProtectionSection(w);
  w.H2(w.T("（二）告知与同意", "5.2 Notice and consent"));
  ConsentSection(w);
  w.H2(w.T("（三）管理措施", "5.3 Organisational measures"));
  w.P({Text(w.T("出境方的管理措施：", "The exporter's organisational measures: ")),
       w.Blank("pipia.organisational_measures",
               "访问权限、人员培训、传输加密、应急预案等管理和技术措施",
               "access rights, training, encryption in transit, incident response and the like")});
  w.H2(w.T("（四）有效性与相称性", "5.4 Effectiveness and proportionality"));
  w.P({w.Blank(
      "pipia.effectiveness", "结合上述事实，说明保护措施是否合法、有效并与风险程度相适应",
      "on these facts, whether the measures are lawful, effective and proportionate to the risk")});
}

void Conclusion(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("六、出境路径、义务与期限", "6. Legal path, obligations and due dates"));
  ObligationsTable(w);
  w.H1(w.T("七、评估结论", "7. Conclusion"));
  w.P({w.Blank("pipia.conclusion", "评估结论：是否可以出境，以及需要采取的改进措施",
               "the conclusion: whether the transfer may proceed and what must improve first")});
  if (const json* retention = FindObligation(f, "pipia_retention")) {
    std::string until = (*retention)["due"].is_string()
                            ? DateText(w.lang(), (*retention)["due"].get<std::string>())
                            : w.Dash();
    w.P(w.T("本报告及处理情况记录至少保存三年（",
            "This report and the processing records are kept for at least three years (") +
        w.Cite(JsonStr(*retention, "rule"), JsonStr(*retention, "citation")) +
        w.T("），即至少保存至 ", "), that is at least until ") + until + w.T("。", "."));
  }
  Table sign;
  sign.key_value = true;
  sign.widths = {1.3, 2.2};
  sign.rows.push_back({{Text(w.T("评估负责人", "Assessed by"))},
                       {w.Blank("pipia.signed_by", "姓名、职务", "name and position")}});
  sign.rows.push_back(
      {{Text(w.T("日期", "Date"))}, {w.Blank("pipia.signed_on", "签署日期", "date signed")}});
  w.Add(std::move(sign));
  SourcesNote(w, "pipia");
}

}  // namespace

void AddPipiaFacts(const PlanContext& context, FactSet* facts) {
  AddPlanFacts(context, facts);
  AddThresholdFacts(context.rules->rules, facts);
}

Document BuildPipia(FactSet* facts, Lang lang, const rules::RuleSet& rules) {
  Document doc =
      NewDocument(*facts, lang, lang == Lang::kZh ? DocStyle::kFiling : DocStyle::kStandard,
                  "个人信息保护影响评估报告\n（向境外提供个人信息）",
                  "Personal Information Protection Impact Assessment (PIPIA): transfer abroad");
  DocWriter w(&doc, facts, rules);
  About(w);
  DataMapping(w);
  Lawfulness(w);
  Impact(w);
  Measures(w);
  Conclusion(w);
  return doc;
}

}  // namespace xb::report
