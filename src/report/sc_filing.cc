// The standard-contract filing pack (个人信息出境标准合同备案材料): Order 13 Art. 7 — file the
// contract and the PIPIA report with the provincial CAC within 10 working days of the contract
// taking effect; Appendix 1 of the contract, "个人信息出境说明" (purpose, method, scale,
// categories, sensitive categories, recipients, storage period and location abroad, other); the
// filing guide's list of materials (digest §4.1: entity certificate, legal representative's ID,
// the handling person's ID and authorisation letter, the commitment letter, the signed
// contract, the PIPIA report — tagged M, unverified).
#include "report/plan_kinds.h"
#include "report/sections.h"

namespace xb::report {
using nlohmann::json;

namespace {

constexpr const char* kFilingRule = "cn.scc-2023.art7.filing";

// The filing deadline (plan_context.h FilingDeadline) and whether the plan's filing date met it.
void AddDeadlineFacts(const PlanContext& c, FactSet* f) {
  nlohmann::json deadline = FilingDeadline(c);
  if (!deadline.is_object()) return;
  std::string from_field = JsonStr(deadline, "from_field");
  f->Add("sc.filing_deadline", deadline,
         FactSource{"calendar",
                    from_field + " + " + std::to_string(JsonInt(deadline, "working_days")) +
                        " working days (data/calendar/cn-workdays.yaml)",
                    JsonStr(deadline, "citation"), JsonStr(deadline, "tag")});
  const json& mechanism = f->Value("mechanism");
  if (mechanism.is_object() && mechanism["filed"].is_string()) {
    auto filed = CivilDate::Parse(mechanism["filed"].get<std::string>());
    if (filed) {
      f->Add("sc.filed_on_time", filed->ToString() <= JsonStr(deadline, "date"),
             FactSource::Of("computed", "mechanism.filed <= sc.filing_deadline"));
    }
  }
}

void Overview(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("一、备案概况", "1. Overview"));
  PartiesTable(w);
  if (!DecisionAllows(f, "standard_contract")) {
    w.P({Bold(w.T("注意：依据本出境计划的判定（", "Note: on this plan's decision (") +
              OutcomeName(w.lang(), f.Str("decision.outcome")) +
              w.T("），本次出境无须订立标准合同。如仍需备案，请核实出境计划中的事实。",
                  "), this transfer does not call for the standard contract. If you file anyway, "
                  "check the plan's facts first."))});
  }
  const json& deadline = f.Value("sc.filing_deadline");
  if (deadline.is_object()) {
    std::string date = DateText(w.lang(), JsonStr(deadline, "date"));
    std::string from = DateText(w.lang(), JsonStr(deadline, "from"));
    bool assumed = JsonStr(deadline, "from_field") != "mechanism.effective";
    Runs runs = {
        Text(w.T("备案期限：标准合同自生效之日起 ", "Filing deadline: within ") +
             std::to_string(JsonInt(deadline, "working_days")) +
             w.T(" 个工作日内备案（", " working days of the contract taking effect (") +
             w.Cite(kFilingRule, "Standard Contract Measures Art. 7") + w.T("）。", "). ")),
        Text(w.T("合同生效日 ", "Effective ") + from + w.T("，备案截止日 ", ", file by ")),
        Bold(date),
        Text(w.T("（按中国工作日日历计算", " (PRC working-day calendar") +
             (JsonBool(deadline, "provisional")
                  ? w.T("；该年度节假日安排尚未公布，日期为暂定",
                        "; that year's holidays are not yet published, so the date is provisional")
                  : "") +
             w.T("）。", ")."))};
    if (assumed) {
      runs.push_back(Text(w.T("出境计划未载明合同生效日，上述日期以出境日期推算；",
                              "The plan gives no effective date, so the date above counts from the "
                              "transfer date; ")));
      runs.push_back(
          w.Blank("sc.effective_date", "标准合同的生效日期", "the contract's effective date"));
    }
    w.P(runs);
    if (f.Has("sc.filed_on_time")) {
      w.P(w.T("出境计划载明的备案日期：", "Filing date in the plan: ") +
          DateText(w.lang(), JsonStr(f.Value("mechanism"), "filed")) +
          (f.Bool("sc.filed_on_time") ? w.T("，在期限内。", ", within the deadline.")
                                      : w.T("，已超过期限。", ", after the deadline.")));
    }
  }
}

void AppendixOne(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("二、附件一　个人信息出境说明", "2. Appendix 1: description of the PI export"));
  w.P(w.T("以下各项依据出境计划、数据扫描和台账填写；标注【待填写】的事项须由个人信息处理者补充。",
          "The items below are filled from the plan, the scan and the ledger; items marked [To "
          "complete] must be supplied by the handler."));
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, Runs value) {
    t.rows.push_back({Runs{Text(key)}, std::move(value)});
  };
  row(w.T("处理目的", "Purpose"), {Text(PurposeName(w.lang(), f.Str("transfer.purpose")))});
  row(w.T("处理方式", "Method"),
      {w.Blank("sc.method", "收集、存储、使用、传输等处理方式及传输方式（如数据包、接口）",
               "how the data is processed and transmitted (e.g. file package, interface)")});
  std::string scale = w.Num("transfer.individuals") + w.T(" 人", " individuals");
  if (f.Int("transfer.sensitive_individuals") > 0) {
    scale += w.T("，其中敏感个人信息 ", ", of whom ") + w.Num("transfer.sensitive_individuals") +
             w.T(" 人", " with sensitive PI");
  }
  row(w.T("出境个人信息的规模", "Scale"), {Text(scale)});
  std::vector<std::string> cats;
  for (const json& c : f.Value("transfer.categories"))
    cats.push_back(CategoryName(w.lang(), c.get<std::string>()));
  row(w.T("出境个人信息的种类", "Categories"),
      {Text(cats.empty() ? w.Dash() : ListJoin(w.lang(), cats))});
  std::vector<std::string> sens;
  for (const json& c : f.Value("transfer.sensitive_categories"))
    sens.push_back(CategoryName(w.lang(), c.get<std::string>()));
  row(w.T("出境敏感个人信息的种类", "Sensitive categories"),
      {Text(sens.empty() ? w.T("无", "none") : ListJoin(w.lang(), sens))});
  std::string country = f.Str("recipient.country");
  row(w.T("境外接收方", "Overseas recipient"),
      {Text(w.Str("recipient.name") + w.T("（", " (") + CountryName(w.lang(), country) +
            w.T("）", ")"))});
  row(w.T("境外接收方联系方式", "Recipient's contact"),
      {w.Blank("sc.recipient_contact", "境外接收方的联系人、电话、电子邮箱和地址",
               "the recipient's contact person, phone, e-mail and address")});
  row(w.T("境外存储地点", "Storage location abroad"),
      {w.Blank("recipient.storage_location", "境外存储的国家或者地区及地点",
               "country and place of storage abroad")});
  row(w.T("境外保存期限", "Storage period abroad"),
      {w.Blank("recipient.storage_period", "出境后的保存期限及期满后的处理方式",
               "how long the data is kept abroad and what happens then")});
  row(w.T("再转移", "Onward transfer"),
      {w.Blank("recipient.onward", "境外接收方向第三方提供的条件和限制（标准合同第三条）",
               "the conditions and limits on onward transfer to third parties")});
  row(w.T("其他事项", "Other"), {w.Blank("sc.other", "双方约定的其他事项（如有）",
                                         "anything else the parties agree (if any)")});
  w.Add(std::move(t));
  w.H2(w.T("逐列说明（出境个人信息项）", "The PI sent, column by column"));
  ColumnsTable(w);
}

void Materials(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("三、备案材料清单", "3. Filing materials"));
  Table t;
  t.header = {w.T("材料", "Material"), w.T("状态", "Status"), w.T("说明", "Note")};
  t.widths = {2.2, 1, 2.6};
  auto supply = [&](const std::string& id, const std::string& zh, const std::string& en,
                    const std::string& need_zh, const std::string& need_en) {
    t.rows.push_back({Runs{Text(w.T(zh, en))}, Runs{Text(w.T("待提供", "to supply"))},
                      Runs{w.Blank(id, need_zh, need_en)}});
  };
  supply("sc.material.certificate", "统一社会信用代码证件复印件",
         "Copy of the unified social credit code certificate", "加盖公章的证件复印件",
         "a stamped copy");
  supply("sc.material.legal_rep_id", "法定代表人身份证件复印件",
         "Copy of the legal representative's ID", "法定代表人身份证件复印件", "a copy of the ID");
  supply("sc.material.handler_id", "经办人身份证件复印件", "Copy of the handling person's ID",
         "经办人身份证件复印件", "a copy of the ID");
  supply("sc.material.authorisation", "经办人授权委托书",
         "Authorisation letter for the handling person", "法定代表人签字并加盖公章的授权委托书",
         "signed by the legal representative and stamped");
  supply("sc.material.commitment", "承诺书", "Commitment letter",
         "法定代表人签字并加盖公章的承诺书", "signed by the legal representative and stamped");
  const json& mechanism = f.Value("mechanism");
  std::string reference = JsonStr(mechanism, "reference");
  t.rows.push_back(
      {Runs{Text(w.T("已签订的标准合同", "The signed standard contract"))},
       Runs{Text(w.T("待提供", "to supply"))},
       Runs{reference.empty()
                ? w.Blank("sc.material.contract", "双方签字盖章的标准合同（严格按照范本）",
                          "the contract signed by both parties, strictly per the template")
                : Text(w.T("出境计划载明的合同编号：", "Reference in the plan: ") + reference)}});
  const json& pipia = f.Value("sc.pipia_report");
  if (pipia.is_object()) {
    t.rows.push_back({Runs{Text(w.T("个人信息保护影响评估报告", "PIPIA report"))},
                      Runs{Text(w.T("已生成", "ready"))},
                      Runs{Text(w.T("xborder report pipia 生成，台账条目 #",
                                    "made by xborder report pipia, ledger entry #") +
                                std::to_string(JsonInt(pipia, "index")))}});
  } else {
    t.rows.push_back({Runs{Text(w.T("个人信息保护影响评估报告", "PIPIA report"))},
                      Runs{Text(w.T("待生成", "to make"))},
                      Runs{Text(w.T("运行 xborder report pipia ", "run xborder report pipia ") +
                                f.Str("plan.file"))}});
  }
  w.Add(std::move(t));
  w.Note(
      {Text(w.T("材料清单依据《个人信息出境标准合同备案指南（第二版）》；本工具的法规摘要将其标注为"
                "未核实（M），请以网信部门最新发布的指南为准。",
                "The list follows the Standard Contract Filing Guide (2nd edition), which this "
                "tool's legal digest tags as unverified (M); check the CAC's current guide."))});
}

}  // namespace

void AddScFilingFacts(const PlanContext& context, FactSet* facts) {
  AddPlanFacts(context, facts);
  AddDeadlineFacts(context, facts);
  AddReportOnFile(context, "pipia", "sc.pipia_report", facts);
}

Document BuildScFiling(FactSet* facts, Lang lang, const rules::RuleSet& rules) {
  Document doc =
      NewDocument(*facts, lang, lang == Lang::kZh ? DocStyle::kFiling : DocStyle::kStandard,
                  "个人信息出境标准合同备案材料", "Standard contract filing pack");
  DocWriter w(&doc, facts, rules);
  Overview(w);
  AppendixOne(w);
  Materials(w);
  w.H1(w.T("四、期限与后续义务", "4. Deadlines and continuing obligations"));
  ObligationsTable(w, "standard_contract");
  SourcesNote(w, "sc-filing");
  return doc;
}

}  // namespace xb::report
