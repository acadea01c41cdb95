// The certification application summary (个人信息出境认证申请摘要): the Certification Measures
// (CAC/SAMR, 2025, in force 2026-01-01) — eligibility (Art. 5), notice, separate consent and
// PIPIA before applying (Art. 6), application to a certification body (Art. 7), three-year
// validity and re-application six months before expiry (Art. 8) — and the certification
// requirements standard GB/T 46068-2025 (in force 2026-03-01). The standard's text was not read
// (digest S17, tag R): its requirement headings are listed as reported and flagged unverified.
#include "report/plan_kinds.h"
#include "report/sections.h"

namespace xb::report {
using nlohmann::json;

namespace {

void Eligibility(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("二、适用条件", "2. Eligibility"));
  w.P(w.T("依据", "Under ") +
      w.Cite("cn.cert-2026.art5.eligibility", "Certification Measures Art. 5") +
      w.T("，申请个人信息出境认证应当同时满足下列条件：", ", all of the following must hold:"));
  Table t;
  t.header = {w.T("条件", "Condition"), w.T("本次出境的事实", "The facts here"),
              w.T("来源", "Source")};
  t.widths = {2.2, 2, 1.4};
  auto row = [&](const std::string& cond, const std::string& fact, const std::string& source) {
    t.rows.push_back({Runs{Text(cond)}, Runs{Text(fact)}, Runs{Text(source)}});
  };
  row(w.T("非关键信息基础设施运营者", "Not a critical information infrastructure operator"),
      w.T("关键信息基础设施运营者：", "CIIO: ") + w.YesNo("exporter.ciio"),
      w.T("出境计划", "plan"));
  row(w.T("自当年1月1日起累计向境外提供10万人以上、不满100万人个人信息（不含敏感个人信息），或者不"
          "满1万人敏感个人信息",
          "Since 1 January, 100,000 to under 1,000,000 individuals' PI (excluding sensitive), or "
          "under 10,000 individuals' sensitive PI"),
      w.T("台账记录的本年累计（计入门槛的路径）：", "Ledger, this year (counted paths): ") +
          w.Num("history.counted.individuals") + w.T("；其中敏感 ", "; sensitive ") +
          w.Num("history.counted.sensitive_individuals") + w.T("；本次：", "; this transfer: ") +
          w.Num("transfer.individuals") + w.T("（敏感 ", " (sensitive ") +
          w.Num("transfer.sensitive_individuals") + w.T("）", ")") +
          (f.Has("history.plan.individuals_ytd")
               ? w.T("；出境计划陈述的本年累计（判定采用）：",
                     "; stated in the plan (used by the decision): ") +
                     w.Num("history.plan.individuals_ytd") + w.T("，敏感 ", ", sensitive ") +
                     w.Num("history.plan.sensitive_individuals_ytd")
               : ""),
      w.T("台账、数据扫描、出境计划", "ledger, scan, plan"));
  row(w.T("出境的个人信息不含重要数据", "No important data"),
      w.T("重要数据：", "Important data: ") + w.YesNo("data.important_data"),
      w.T("出境计划", "plan"));
  w.Add(std::move(t));
  bool eligible = DecisionAllows(f, "certification");
  w.P({Text(w.T("规则引擎的判定：", "The rules engine's decision: ")),
       Bold(eligible ? w.T("认证是本次出境可采用的机制之一",
                           "certification is one of the mechanisms this transfer may use")
                     : w.T("本次出境不适用认证（判定：",
                           "certification does not apply here (decision: ") +
                           OutcomeName(w.lang(), f.Str("decision.outcome")) + w.T("）", ")")),
       Text(w.T("。不得拆分数量规避安全评估（",
                ". Volumes may not be split to avoid the assessment (") +
            w.Cite("cn.cert-2026.art5.no-splitting", "Certification Measures Art. 5") +
            w.T("）。", ")."))});
  DecisionSection(w);
}

void Preconditions(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("三、申请前应当履行的义务", "3. Before applying"));
  w.P(w.T("依据", "Under ") +
      w.Cite("cn.cert-2026.art6.preconditions", "Certification Measures Art. 6") +
      w.T("，申请前应当履行告知义务、取得个人单独同意，并开展个人信息保护影响评估。",
          ", the handler must give notice, obtain separate consent and carry out a PIPIA first."));
  ConsentSection(w);
  const json& pipia = f.Value("cert.pipia_report");
  if (pipia.is_object()) {
    w.P(w.T("个人信息保护影响评估报告已由 xborder report pipia 生成，台账条目 #",
            "The PIPIA report was made by xborder report pipia, ledger entry #") +
        std::to_string(JsonInt(pipia, "index")) + w.T("。", "."));
  } else {
    w.P({Text(w.T("台账中尚无本计划的个人信息保护影响评估报告：",
                  "The ledger holds no PIPIA report for this plan yet: ")),
         w.Blank("cert.pipia", "运行 xborder report pipia 生成并审核评估报告",
                 "make and review it with xborder report pipia")});
  }
  if (const json* pre = FindObligation(f, "cert_preconditions")) {
    std::vector<Runs> items;
    for (const json& item : pre->value("items", json::array())) {
      items.push_back({Text(ObligationItem(w.lang(), "cert_preconditions", items.size() + 1,
                                           item.get<std::string>()))});
    }
    if (!items.empty()) {
      w.P(w.T("评估重点：", "What the PIPIA focuses on:"), false);
      w.List(items, true);
    }
  }
}

// What the engine says of the PI protection officer (PIPL Art. 52): required, required only if
// a fact the plan does not state holds (the condition as the engine gives it), or nothing.
std::string OfficerDuty(const DocWriter& w, const json* duty) {
  if (duty == nullptr) return w.Dash();
  if (JsonBool(*duty, "conditional")) {
    return w.T("规则引擎：仅在下列条件成立时须指定个人信息保护负责人：",
               "rules engine: a PI protection officer is required only if ") +
           JsonStr(*duty, "condition");
  }
  return w.T("规则引擎：须指定个人信息保护负责人",
             "rules engine: a PI protection officer is required");
}

void Standard(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("四、对照认证要求（GB/T 46068-2025）",
           "4. Against the certification requirements (GB/T 46068-2025)"));
  w.P({Bold(w.T("未核实：", "Unverified: ")),
       Text(w.T(
           "本工具未核读 GB/T 46068-2025《数据安全技术 "
           "个人信息跨境处理活动安全认证要求》正文（2026年3月1日起实施；法规摘要 S17，标注 R）。"
           "下表要求项依据公开报道的标准结构（基本原则、基本要求、个人信息主体权益保障）及此前的实"
           "践指南 TC260-PG-20222A（标注 M），须以标准正文核对。",
           "This tool has not read the text of GB/T 46068-2025 (in force 1 March 2026; "
           "digest S17, tag R). The requirements below follow the standard's structure as "
           "reported (basic principles, basic requirements, rights of PI subjects) and the "
           "earlier practice guide TC260-PG-20222A (tag M); check them against the "
           "standard's text."))});
  Table t;
  t.header = {w.T("要求", "Requirement"), w.T("xborder 掌握的事实", "What xborder holds"),
              w.T("申请人须提供", "The applicant supplies")};
  t.widths = {1.6, 2.2, 2.2};
  std::string mech_ref = JsonStr(f.Value("mechanism"), "reference");
  t.rows.push_back(
      {Runs{Text(w.T("基本原则（合法、正当、必要和诚信，公开透明，最小必要等）",
                     "Basic principles (lawful, legitimate, necessary, open, minimal)"))},
       Runs{Text(w.T("最小必要核查见第一部分逐列说明", "minimum necessity: see the column table"))},
       Runs{w.Blank("cert.principles", "对各项原则的符合性说明", "how each principle is met")}});
  t.rows.push_back(
      {Runs{Text(w.T("具有法律约束力的协议", "Legally binding agreement"))},
       Runs{Text(mech_ref.empty() ? w.T("出境计划未载明", "none in the plan")
                                  : w.T("出境计划载明：", "in the plan: ") + mech_ref)},
       Runs{w.Blank("cert.agreement",
                    "参与方之间的协议及其条款（目的、范围、再转移限制、权利救济等）",
                    "the agreement between the parties and its terms")}});
  t.rows.push_back({Runs{Text(w.T("组织管理（个人信息保护负责人、个人信息保护机构）",
                                  "Organisation (PI protection officer and body)"))},
                    Runs{Text(OfficerDuty(w, FindObligation(f, "pi_protection_officer")))},
                    Runs{w.Blank("cert.organisation", "双方的个人信息保护负责人和机构",
                                 "both parties' officers and bodies")}});
  t.rows.push_back({Runs{Text(w.T("个人信息跨境处理规则", "Cross-border processing rules"))},
                    Runs{Text(w.T("出境计划与保护策略", "the plan and the protection policy"))},
                    Runs{w.Blank("cert.rules", "共同遵守的个人信息跨境处理规则",
                                 "the processing rules both parties follow")}});
  t.rows.push_back({Runs{Text(w.T("个人信息保护影响评估", "PIPIA"))},
                    Runs{Text(f.Value("cert.pipia_report").is_object()
                                  ? w.T("已生成（见第三部分）", "made (see section 3)")
                                  : w.T("尚未生成", "not made yet"))},
                    Runs{Text(w.T("审核后的评估报告", "the reviewed report"))}});
  t.rows.push_back(
      {Runs{Text(w.T("个人信息主体权益保障", "Rights of PI subjects"))},
       Runs{Text(w.T("同意核验情况见第三部分", "consent: see section 3"))},
       Runs{w.Blank("cert.rights", "个人行使权利的途径和双方的责任",
                    "how individuals exercise their rights and each party's duties")}});
  w.Add(std::move(t));
}

void Application(DocWriter& w) {
  w.H1(w.T("五、申请途径与证书有效期", "5. Application and validity"));
  w.P({Text(w.T("向具备资质的专业认证机构申请（《个人信息出境认证办法》第七条）。认证机构：",
                "Apply to a qualified certification body (Certification Measures (CAC/SAMR, "
                "2025), Art. 7). Body: ")),
       w.Blank("cert.body", "拟申请的认证机构名称", "the certification body")});
  ObligationsTable(w, "certification");
}

}  // namespace

void AddCertificationFacts(const PlanContext& context, FactSet* facts) {
  AddPlanFacts(context, facts);
  AddReportOnFile(context, "pipia", "cert.pipia_report", facts);
}

Document BuildCertification(FactSet* facts, Lang lang, const rules::RuleSet& rules) {
  Document doc =
      NewDocument(*facts, lang, lang == Lang::kZh ? DocStyle::kFiling : DocStyle::kStandard,
                  "个人信息出境认证申请摘要", "PI outbound certification: application summary");
  DocWriter w(&doc, facts, rules);
  w.H1(w.T("一、申请主体与出境活动", "1. Applicant and transfer"));
  PartiesTable(w);
  VolumesTable(w);
  ColumnsTable(w);
  Eligibility(w);
  Preconditions(w);
  Standard(w);
  Application(w);
  SourcesNote(w, "certification");
  return doc;
}

}  // namespace xb::report
