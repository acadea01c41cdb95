// The security-assessment declaration (数据出境安全评估申报): Order 11 Art. 6 lists the materials
// (the declaration form, the data-export risk self-assessment report, the legal documents with
// the recipient, other materials); Art. 5 the items the self-assessment covers. The report
// follows the CAC template "数据出境风险自评估报告（模板）" (digest §12, tag R):
// 一、自评估工作情况; 二、出境活动整体情况; 三、拟出境活动风险评估情况 (by the Art. 5 items);
// 四、出境活动风险自评估结论 — with the template's formatting (DocStyle::kFiling). The template may
// not be altered; what the data cannot say is a marked blank.
#include "report/plan_kinds.h"
#include "report/sections.h"

namespace xb::report {
using nlohmann::json;

namespace {

void SelfAssessmentWork(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("一、自评估工作情况", "1. The self-assessment"));
  w.P({Text(w.T("自评估工作时间、组织和参与部门：", "When, by whom and with which departments: ")),
       w.Blank("sa.work", "自评估的起止时间、牵头部门、参与部门和人员",
               "start and end dates, the lead department, other departments and people")});
  if (f.Str("transfer.status") == "plan_only") {
    w.P(
        w.T("自评估过程和方法：出境计划未列出数据集，个人数量和类别为出境计划陈述的数字，未经扫描和"
            "计数；xborder 依据带引文的规则包判定出境路径，并查询出境台账的历史记录。",
            "Process and method: the plan lists no datasets, so the volumes and categories are "
            "the plan's own figures, neither scanned nor counted; xborder decided the legal path "
            "from rule packs with citations and read the transfer ledger's history."));
  } else {
    w.P(
        w.T("自评估过程和方法：采用 xborder "
            "对出境计划列出的数据集逐列扫描识别个人信息及其类别和敏感程度，"
            "按密钥哈希统计去重的个人数量，核验同意，依据带引文的规则包判定出境路径，并查询出境"
            "台账的历史记录。",
            "Process and method: xborder scanned the plan's datasets column by column for "
            "personal information, its categories and sensitivity, counted distinct individuals "
            "by keyed hash, checked consent, decided the legal path from rule packs with "
            "citations, and read the transfer ledger's history."));
  }
  w.P({Text(w.T("第三方机构参与情况：", "Third parties involved: ")),
       w.Blank("sa.third_parties", "参与自评估的第三方机构名称及其工作内容（如无，写“无”）",
               "any third party and its part (write \"none\" if none)")});
  const json& valid = f.Value("sa.self_assessment_window");
  if (valid.is_object()) {
    w.P(w.T("实务要求自评估在申报前3个月内完成：以出境日期 ",
            "Practice asks for the self-assessment within 3 months before declaring: counted "
            "from ") +
        DateText(w.lang(), JsonStr(valid, "from")) + w.T(" 计，应于 ", ", declare by ") +
        DateText(w.lang(), JsonStr(valid, "until")) +
        w.T(" 前申报（实务要求，法规摘要标注 R）。", " (practice, digest tag R)."));
  }
}

void OverallSituation(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("二、出境活动整体情况", "2. The export as a whole"));
  w.H2(w.T("（一）数据处理者基本情况", "2.1 The data handler"));
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, Runs value) {
    t.rows.push_back({Runs{Text(key)}, std::move(value)});
  };
  row(w.T("名称", "Name"), {Text(w.Str("exporter.name"))});
  row(w.T("是否为关键信息基础设施运营者", "Critical information infrastructure operator"),
      {Text(w.YesNo("exporter.ciio"))});
  row(w.T("处理个人信息的总量", "Individuals whose PI it processes"),
      {Text(w.Num("exporter.individuals_processed"))});
  row(w.T("股权结构和实际控制人", "Equity structure and actual controller"),
      {w.Blank("sa.equity", "股权结构、实际控制人", "equity structure and actual controller")});
  row(w.T("境内外投资情况", "Investments in China and abroad"),
      {w.Blank("sa.investments", "境内外投资情况", "investments in China and abroad")});
  row(w.T("组织架构和数据安全管理机构", "Organisation and data-security bodies"),
      {w.Blank("sa.organisation", "组织架构、数据安全管理机构及其负责人",
               "organisation, the data-security body and its head")});
  row(w.T("业务和数据资产情况", "Business and data assets"),
      {w.Blank("sa.business", "主营业务、数据资产及数据安全保护能力",
               "main business, data assets and protection capability")});
  w.Add(std::move(t));

  w.H2(w.T("（二）拟出境数据情况", "2.2 The data to be exported"));
  w.P({Text(w.T("涉及的业务：", "Business concerned: ")),
       w.Blank("sa.business_line", "数据出境涉及的业务和信息系统",
               "the business and information systems concerned")});
  w.P(w.T("出境目的：", "Purpose: ") + PurposeName(w.lang(), f.Str("transfer.purpose")) +
      w.T("。", "."));
  VolumesTable(w);
  w.P(w.T("逐项说明拟出境的数据：", "The data to be exported, item by item:"), false);
  ColumnsTable(w);

  w.H2(w.T("（三）境外接收方情况", "2.3 The overseas recipient"));
  Table r;
  r.key_value = true;
  r.widths = {1.3, 2.2};
  r.rows.push_back({Runs{Text(w.T("名称", "Name"))}, Runs{Text(w.Str("recipient.name"))}});
  r.rows.push_back({Runs{Text(w.T("所在国家或者地区", "Country or region"))},
                    Runs{Text(CountryName(w.lang(), f.Str("recipient.country")))}});
  r.rows.push_back({Runs{Text(w.T("基本情况", "Profile"))},
                    Runs{w.Blank("sa.recipient_profile", "境外接收方的基本情况、与数据处理者的关系",
                                 "who the recipient is and its relation to the handler")}});
  r.rows.push_back({Runs{Text(w.T("处理目的和方式", "Its purpose and method"))},
                    Runs{w.Blank("sa.recipient_processing", "境外接收方处理数据的目的、方式和范围",
                                 "the recipient's purpose, method and scope of processing")}});
  r.rows.push_back(
      {Runs{Text(w.T("数据安全保障能力", "Data-security capability"))},
       Runs{w.Blank("pipia.recipient_capability", "境外接收方的安全管理制度、技术措施及其履约能力",
                    "the recipient's security organisation, technical measures and capability")}});
  r.rows.push_back(
      {Runs{Text(w.T("所在国家或者地区的数据安全政策法规和网络安全环境",
                     "Data-security law and network environment there"))},
       Runs{w.Blank("pipia.country_law",
                    "对境外接收方所在国家或者地区个人信息保护政策法规及实践的评估",
                    "an assessment of the recipient country's PI-protection law and practice")}});
  w.Add(std::move(r));

  w.H2(w.T("（四）法律文件", "2.4 The legal documents"));
  w.P({Text(w.T("拟与境外接收方订立的法律文件：",
                "The legal documents to be concluded with the recipient: ")),
       w.Blank("sa.legal_documents", "法律文件名称、签署方及主要条款",
               "title, parties and main terms")});
  const json& art9 = f.Value("law.sa_art9_items");
  w.P(w.T("法律文件至少应当约定以下事项（", "They must at least provide for (") +
          JsonStr(art9, w.zh() ? "citation_zh" : "citation_en") + w.T("）：", "):"),
      false);
  std::vector<Runs> items;
  for (const json& item : art9.value(w.zh() ? "zh" : "en", json::array())) {
    items.push_back({Text(item.get<std::string>())});
  }
  w.List(items, true);
}

void RiskAssessment(DocWriter& w) {
  w.H1(w.T("三、拟出境活动风险评估情况", "3. Risks of the export"));
  w.P(w.T("以下按《数据出境安全评估办法》第五条所列事项逐项说明。",
          "Item by item, as Security Assessment Measures Art. 5 lists them."));
  w.H2(w.T("（一）数据出境和境外接收方处理数据的目的、范围、方式等的合法性、正当性、必要性",
           "3.1 Lawfulness, legitimacy and necessity of purpose, scope and method"));
  DecisionSection(w);
  NecessityParagraph(w);
  w.H2(
      w.T("（二）出境数据的规模、范围、种类、敏感程度，数据出境可能对国家安全、公共利益、个人或者组"
          "织合法权益带来的风险",
          "3.2 Scale, scope, categories and sensitivity; risks to national security, the public "
          "interest and rights"));
  w.P(w.T("出境规模和类别见第二部分（二）。本年度累计出境情况：",
          "Scale and categories: see 2.2. Sent this year:"));
  ThresholdChart(w);
  w.P({Text(w.T("风险分析：", "Risk analysis: ")),
       w.Blank("sa.risk_national",
               "数据出境对国家安全、公共利益、个人或者组织合法权益可能带来的风险",
               "risks to national security, the public interest and the rights of individuals and "
               "organisations")});
  w.H2(
      w.T("（三）境外接收方承诺承担的责任义务，以及履行责任义务的管理和技术措施、能力等能否保障出境"
          "数据的安全",
          "3.3 Whether the recipient's commitments, measures and capability can secure the data"));
  w.P({w.Blank("sa.recipient_assessment", "对境外接收方责任义务及其管理和技术措施、能力的评估",
               "an assessment of the recipient's commitments, measures and capability")});
  w.H2(
      w.T("（四）数据出境中和出境后遭到篡改、破坏、泄露、丢失、转移或者被非法获取、非法利用等的风险"
          "，个人信息权益维护的渠道是否通畅",
          "3.4 Risks during and after the export; whether individuals can exercise their rights"));
  ProtectionSection(w);
  ConsentSection(w);
  w.P({w.Blank("pipia.risks", "对上述风险的分析及个人行使权利的渠道",
               "an analysis of these risks and the channels for individuals' rights")});
  w.H2(
      w.T("（五）与境外接收方拟订立的数据出境相关合同或者其他具有法律效力的文件等是否充分约定了数据"
          "安全保护责任义务",
          "3.5 Whether the legal documents fully provide for data-security duties"));
  w.P({w.Blank("sa.legal_documents_assessment",
               "对照第二部分（四）所列事项，说明法律文件的约定情况",
               "against the items in 2.4, what the documents provide")});
  w.H2(w.T("（六）其他可能影响数据出境安全的事项", "3.6 Other matters"));
  ObligationsTable(w, "security_assessment");
}

void Conclusion(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("四、出境活动风险自评估结论", "4. Conclusion of the self-assessment"));
  if (!DecisionAllows(f, "security_assessment")) {
    w.P({Bold(w.T("依据本出境计划的判定（", "On this plan's decision (") +
              OutcomeName(w.lang(), f.Str("decision.outcome")) +
              w.T("），本次出境无须申报数据出境安全评估；如仍申报，请核实出境计划中的事实。",
                  "), this transfer does not call for a security assessment; if you declare "
                  "anyway, check the plan's facts first."))});
  }
  w.P({w.Blank("sa.conclusion", "自评估结论：风险是否可控，存在的问题及整改情况",
               "the conclusion: whether the risks are under control, the problems found and how "
               "they were fixed")});
}

void DeclarationAnnexes(DocWriter& w) {
  const FactSet& f = w.facts();
  w.PageBreak();
  w.H1(w.T("附件一　申报书填报数据", "Annex 1. Data for the declaration form"));
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, Runs value) {
    t.rows.push_back({Runs{Text(key)}, std::move(value)});
  };
  row(w.T("数据处理者名称", "Data handler"), {Text(w.Str("exporter.name"))});
  row(w.T("统一社会信用代码", "Unified social credit code"),
      {w.Blank("sa.uscc", "统一社会信用代码", "the unified social credit code")});
  row(w.T("法定代表人", "Legal representative"),
      {w.Blank("sa.legal_rep", "姓名及联系方式", "name and contact")});
  row(w.T("数据安全负责人", "Data-security officer"),
      {w.Blank("sa.officer", "姓名、职务及联系方式", "name, position and contact")});
  row(w.T("境外接收方", "Overseas recipient"),
      {Text(w.Str("recipient.name") + w.T("（", " (") +
            CountryName(w.lang(), f.Str("recipient.country")) + w.T("）", ")"))});
  row(w.T("出境目的", "Purpose"), {Text(PurposeName(w.lang(), f.Str("transfer.purpose")))});
  row(w.T("出境个人信息涉及的个人", "Individuals"), {Text(w.Num("transfer.individuals"))});
  row(w.T("其中敏感个人信息", "with sensitive PI"),
      {Text(w.Num("transfer.sensitive_individuals"))});
  row(w.T("是否包含重要数据", "Important data"), {Text(w.YesNo("data.important_data"))});
  w.Add(std::move(t));
  w.H1(w.T("附件二　申报材料清单", "Annex 2. Materials to submit"));
  Table m;
  m.header = {w.T("材料", "Material"), w.T("状态", "Status")};
  m.widths = {3, 1.4};
  auto material = [&](const std::string& zh, const std::string& en, Runs status) {
    m.rows.push_back({Runs{Text(w.T(zh, en))}, std::move(status)});
  };
  material("申报书", "Declaration form", {Text(w.T("依据附件一填写", "fill from Annex 1"))});
  material("数据出境风险自评估报告", "Data-export risk self-assessment report",
           {Text(w.T("本文件（须补全【待填写】事项）", "this document (complete the blanks)"))});
  material(
      "与境外接收方拟订立的法律文件", "Legal documents to be concluded with the recipient",
      {w.Blank("sa.material.legal_documents", "拟订立的法律文件", "the draft legal documents")});
  material("统一社会信用代码证件、法定代表人身份证件、经办人身份证件及授权委托书、承诺书等",
           "Entity certificate, IDs of the legal representative and the handling person, "
           "authorisation letter, commitment letter",
           {w.Blank("sa.material.identity", "申报指南要求的证明材料",
                    "the supporting documents the guide asks for")});
  w.Add(std::move(m));
  w.Note({Text(w.T(
      "材料依据《数据出境安全评估办法》第六条；证明材料清单依据申报指南（第二版，法规摘要标注 M；"
      "第三版已于2025年6月发布，本工具未核读），请以最新指南为准。",
      "Materials per Security Assessment Measures Art. 6; the supporting documents "
      "follow the declaration guide (2nd edition, digest tag M; the 3rd edition of "
      "June 2025 was not read by this tool); check the current guide."))});
}

}  // namespace

// Order 11 Art. 9: what the legal documents with the recipient must at least provide for
// (digest §3, SA-9, verified against the official text).
static void AddArticle9Facts(FactSet* facts) {
  json zh = json::array(
      {"数据出境的目的、方式和数据范围，境外接收方处理数据的用途、方式等",
       "数据在境外保存地点、期限，以及达到保存期限、完成约定目的或者法律文件终止后出境数据的处理措"
       "施",
       "对于境外接收方将出境数据再转移给其他组织、个人的约束性要求",
       "境外接收方在实际控制权或者经营范围发生实质性变化，或者所在国家、地区数据安全保护政策法规和"
       "网络安全环境发生变化以及发生其他不可抗力情形导致难以保障数据安全时，应当采取的安全措施",
       "违反法律文件约定的数据安全保护义务的补救措施、违约责任和争议解决方式",
       "出境数据遭到篡改、破坏、泄露、丢失、转移或者被非法获取、非法利用等风险时，妥善开展应急处置"
       "的要求和保障个人维护其个人信息权益的途径和方式"});
  json en = json::array(
      {"purpose, method and scope of the export; the recipient's use and method",
       "storage place and period abroad; what happens at the end of the period, the purpose or "
       "the contract",
       "binding limits on onward transfer to other organisations or individuals",
       "security measures on a change of the recipient's control or business, of the "
       "destination's law or network environment, or force majeure",
       "remedies, liability for breach and dispute resolution",
       "emergency handling of tampering, leakage or loss, and the ways individuals can protect "
       "their rights"});
  facts->Add("law.sa_art9_items",
             json{{"zh", zh},
                  {"en", en},
                  {"citation_zh", "《数据出境安全评估办法》第九条"},
                  {"citation_en", "Security Assessment Measures (CAC Order No. 11, 2022), Art. 9"}},
             FactSource::Law("Security Assessment Measures (CAC Order No. 11, 2022), Art. 9", "V"));
}

void AddAssessmentFacts(const PlanContext& context, FactSet* facts) {
  AddPlanFacts(context, facts);
  AddArticle9Facts(facts);
  AddThresholdFacts(context.rules->rules, facts);
  CivilDate from = context.decision.as_of;
  facts->Add(
      "sa.self_assessment_window",
      json{{"from", from.ToString()}, {"until", from.AddMonths(3).ToString()}},
      FactSource::Law(
          "CAC declaration guide practice: self-assessment within 3 months before declaring", "R"));
}

Document BuildAssessment(FactSet* facts, Lang lang, const rules::RuleSet& rules) {
  Document doc =
      NewDocument(*facts, lang, lang == Lang::kZh ? DocStyle::kFiling : DocStyle::kStandard,
                  "数据出境风险自评估报告", "Data-export risk self-assessment report");
  DocWriter w(&doc, facts, rules);
  OutcomeWarnings(w);
  SelfAssessmentWork(w);
  OverallSituation(w);
  RiskAssessment(w);
  Conclusion(w);
  DeclarationAnnexes(w);
  SourcesNote(w, "assessment");
  return doc;
}

}  // namespace xb::report
