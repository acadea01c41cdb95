#include "report/lexicon.h"

#include <utility>

#include "core/civil_date.h"

namespace xb::report {
namespace {

struct Entry {
  const char* code;
  const char* zh;
  const char* en;
};

template <size_t N>
std::string Lookup(const Entry (&table)[N], Lang lang, std::string_view code) {
  for (const Entry& e : table) {
    if (code == e.code) return lang == Lang::kZh ? e.zh : e.en;
  }
  return std::string(code);
}

// PI categories (DESIGN.md §3; taxonomy data).
constexpr Entry kCategories[] = {
    {"identity", "身份信息", "identity"},
    {"contact", "联系方式", "contact details"},
    {"biometric", "生物识别信息", "biometric"},
    {"health", "医疗健康信息", "health"},
    {"financial", "金融账户信息", "financial accounts"},
    {"whereabouts", "行踪轨迹信息", "whereabouts"},
    {"religion", "宗教信仰信息", "religious beliefs"},
    {"specific_identity", "特定身份信息", "specific identity"},
    {"minors", "不满十四周岁未成年人的个人信息", "PI of minors under 14"},
    {"device_network", "设备与网络标识信息", "device and network identifiers"},
    {"organisation", "组织信息", "organisation"},
    {"employment", "工作信息", "employment"},
    {"demographic", "人口统计信息", "demographic"},
};

constexpr Entry kPurposes[] = {
    {"contract_performance", "订立、履行个人作为一方当事人的合同",
     "concluding or performing a contract with the individual"},
    {"hr_management", "跨境人力资源管理", "cross-border human-resources management"},
    {"emergency", "紧急情况下保护自然人的生命健康和财产安全",
     "protecting life, health or property in an emergency"},
    {"international_trade", "国际贸易", "international trade"},
    {"academic_cooperation", "学术合作", "academic cooperation"},
    {"cross_border_transport", "跨境运输", "cross-border transport"},
    {"manufacturing_marketing", "跨国生产制造和市场营销",
     "transnational manufacturing and marketing"},
    {"research", "科学研究", "research"},
    {"marketing", "市场营销", "marketing"},
    {"analytics", "数据分析", "analytics"},
    {"statutory_duty", "履行法定职责或者法定义务", "statutory duties or obligations"},
    {"other", "其他", "other"},
};

constexpr Entry kMechanisms[] = {
    {"security_assessment", "数据出境安全评估", "CAC security assessment"},
    {"standard_contract", "个人信息出境标准合同", "CAC standard contract"},
    {"certification", "个人信息保护认证", "PI protection certification"},
    {"standard_contractual_clauses", "标准合同条款（欧盟）", "standard contractual clauses (EU)"},
    {"binding_corporate_rules", "有约束力的公司规则", "binding corporate rules"},
    {"code_of_conduct", "行为准则", "code of conduct"},
    {"ad_hoc_clauses", "特别合同条款", "ad hoc contractual clauses"},
};

constexpr Entry kExemptions[] = {
    {"no_personal_information", "不含个人信息和重要数据",
     "no personal information or important data"},
    {"transit", "境外收集、境内处理后出境（未引入境内数据）",
     "collected abroad and passed through (no domestic data added)"},
    {"contract_performance", "订立、履行个人作为一方当事人的合同所必需",
     "necessary for a contract with the individual"},
    {"hr_management", "按照依法制定的劳动规章制度和依法签订的集体合同实施跨境人力资源管理所必需",
     "necessary for cross-border HR management under lawful labour rules and collective contracts"},
    {"emergency", "紧急情况下保护自然人的生命健康和财产安全所必需",
     "necessary to protect life, health or property in an emergency"},
    {"small_volume", "当年累计向境外提供不满10万人个人信息（不含敏感个人信息）",
     "fewer than 100,000 individuals' non-sensitive PI this year"},
    {"ftz_negative_list", "自由贸易试验区负面清单外的数据",
     "data outside the free trade zone's negative list"},
    {"adequacy_decision", "充分性认定", "adequacy decision"},
};

constexpr Entry kOutcomes[] = {
    {"exempt", "免于申报安全评估、订立标准合同或通过认证", "exempt from the transfer mechanisms"},
    {"mechanism_required", "须采用出境机制", "a transfer mechanism is required"},
    {"prohibited", "不得出境", "prohibited"},
    {"undetermined", "尚无法确定（缺少事实）", "undetermined (facts missing)"},
};

constexpr Entry kCoverage[] = {
    {"valid", "同意有效", "valid consent"},
    {"minor_without_guardian", "不满十四周岁且无监护人同意", "minor without guardian consent"},
    {"not_separate", "未单独同意", "consent not given separately"},
    {"notice_incomplete", "告知事项不完整", "notice incomplete"},
    {"withdrawn", "已撤回同意", "consent withdrawn"},
    {"not_yet_granted", "同意晚于出境日期", "consent dated after the transfer"},
    {"not_covered", "同意范围未覆盖", "consent does not cover this transfer"},
    {"no_record", "无同意记录", "no consent on record"},
};

constexpr Entry kTransforms[] = {
    {"keep", "原样保留", "kept as is"},
    {"drop", "删除", "dropped"},
    {"redact", "清除", "redacted"},
    {"suppress", "抑制", "suppressed"},
    {"mask", "部分屏蔽", "masked"},
    {"tokenize", "密钥令牌化（去标识化）", "keyed tokenisation (de-identified)"},
    {"fpe", "保留格式加密", "format-preserving encryption"},
    {"generalize", "泛化", "generalised"},
    {"generalize (quasi-identifier)", "泛化（准标识符，k-匿名）",
     "generalised (quasi-identifier, k-anonymity)"},
    {"bucket", "分段", "bucketed"},
    {"date_shift", "日期偏移", "date-shifted"},
};

constexpr Entry kSubjects[] = {
    {"employees", "员工", "employees"},
    {"job_applicants", "求职者", "job applicants"},
    {"customers", "客户", "customers"},
    {"users", "用户", "users"},
    {"patients", "患者", "patients"},
    {"students", "学生", "students"},
    {"business_contacts", "业务联系人", "business contacts"},
    {"public", "公众", "the public"},
    {"other", "其他", "other"},
};

constexpr Entry kEntities[] = {
    {"CN_RESIDENT_ID", "居民身份证号", "PRC resident ID number"},
    {"CN_MOBILE", "手机号码", "mobile number"},
    {"PHONE_NUMBER", "电话号码", "phone number"},
    {"BANK_CARD", "银行卡号", "bank card number"},
    {"CN_PASSPORT", "中国护照号", "PRC passport number"},
    {"PASSPORT", "护照号", "passport number"},
    {"CN_HMT_PERMIT", "港澳台通行证号", "HK/Macau/Taiwan permit number"},
    {"CN_LICENSE_PLATE", "车牌号", "vehicle plate"},
    {"CN_USCC", "统一社会信用代码", "unified social credit code"},
    {"EMAIL_ADDRESS", "电子邮箱", "e-mail address"},
    {"IP_ADDRESS", "IP地址", "IP address"},
    {"MAC_ADDRESS", "MAC地址", "MAC address"},
    {"IMEI", "IMEI", "IMEI"},
    {"IBAN", "IBAN", "IBAN"},
    {"GPS_COORDINATE", "位置坐标", "GPS coordinates"},
    {"DATE_OF_BIRTH", "出生日期", "date of birth"},
    {"URL", "网址", "URL"},
    {"PERSON_NAME", "姓名", "person name"},
    {"ADDRESS", "地址", "address"},
    {"ETHNICITY", "民族", "ethnicity"},
    {"RELIGION", "宗教信仰", "religion"},
    {"HEALTH", "健康信息", "health information"},
    {"BIOMETRIC", "生物识别信息", "biometric data"},
    {"FINANCIAL_ACCOUNT", "金融账户", "financial account"},
    {"GENDER", "性别", "gender"},
    {"AGE", "年龄", "age"},
};

constexpr Entry kCountries[] = {
    {"CN", "中国", "China"},
    {"DE", "德国", "Germany"},
    {"US", "美国", "United States"},
    {"GB", "英国", "United Kingdom"},
    {"FR", "法国", "France"},
    {"JP", "日本", "Japan"},
    {"KR", "韩国", "Republic of Korea"},
    {"SG", "新加坡", "Singapore"},
    {"HK", "中国香港", "Hong Kong SAR, China"},
    {"MO", "中国澳门", "Macao SAR, China"},
    {"TW", "中国台湾", "Taiwan, China"},
    {"NL", "荷兰", "Netherlands"},
    {"IE", "爱尔兰", "Ireland"},
    {"IT", "意大利", "Italy"},
    {"ES", "西班牙", "Spain"},
    {"CH", "瑞士", "Switzerland"},
    {"AU", "澳大利亚", "Australia"},
    {"CA", "加拿大", "Canada"},
    {"IN", "印度", "India"},
    {"RU", "俄罗斯", "Russia"},
    {"BR", "巴西", "Brazil"},
    {"MY", "马来西亚", "Malaysia"},
    {"TH", "泰国", "Thailand"},
    {"VN", "越南", "Viet Nam"},
    {"AE", "阿联酋", "United Arab Emirates"},
    {"SE", "瑞典", "Sweden"},
    {"BE", "比利时", "Belgium"},
    {"AT", "奥地利", "Austria"},
    {"PL", "波兰", "Poland"},
    {"LU", "卢森堡", "Luxembourg"},
    {"DK", "丹麦", "Denmark"},
    {"FI", "芬兰", "Finland"},
    {"NZ", "新西兰", "New Zealand"},
    {"IL", "以色列", "Israel"},
};

// Chinese titles for the obligation ids of the rule packs (rules/cn, rules/eu).
constexpr Entry kObligations[] = {
    {"notice_art39",
     "向个人告知境外接收方名称、联系方式、处理目的、处理方式、个人信息种类及行使权利的方式和程序",
     ""},
    {"separate_consent", "取得个人对出境的单独同意", ""},
    {"sensitive_pi_consent", "处理敏感个人信息取得单独同意，并告知必要性及对个人权益的影响", ""},
    {"guardian_consent", "处理不满十四周岁未成年人个人信息取得父母或者其他监护人的同意", ""},
    {"pipia", "开展个人信息保护影响评估", ""},
    {"pipia_retention", "个人信息保护影响评估报告和处理情况记录至少保存三年", ""},
    {"recipient_protection", "采取必要措施，保障境外接收方处理个人信息的活动达到本法规定的保护标准",
     ""},
    {"breach_notice_cn",
     "发生或者可能发生个人信息泄露、篡改、丢失的，立即采取补救措施并通知主管部门和个人", ""},
    {"incident_report_cn",
     "发生或者可能发生数据安全事件的，采取补救措施并及时向省级以上网信部门报告", ""},
    {"provision_records", "与境外接收方约定目的、方式、范围和安全保护义务，相关记录至少保存三年",
     ""},
    {"scc_pipia", "出境前开展个人信息保护影响评估，重点评估标准合同办法第五条所列事项", ""},
    {"scc_conclude", "严格按照标准合同范本订立合同，合同生效后方可开展个人信息出境活动", ""},
    {"scc_filing",
     "自标准合同生效之日起10个工作日内向省级网信部门备案（标准合同及个人信息保护影响评估报告）",
     ""},
    {"scc_refiling_triggers", "出现法定情形时重新评估、补充或重新订立标准合同并重新备案", ""},
    {"sa_self_assessment", "申报前开展数据出境风险自评估", ""},
    {"sa_materials", "提交申报书、自评估报告、与境外接收方拟订立的法律文件等材料", ""},
    {"sa_review_timeline", "安全评估的受理与评估期限", ""},
    {"sa_validity", "安全评估结果的有效期", ""},
    {"sa_extension_window", "有效期届满前60个工作日内申请延长有效期", ""},
    {"sa_redeclaration_triggers", "有效期内出现法定情形的，重新申报评估", ""},
    {"sa_scope_limit", "不得超出评估时明确的范围提供数据", ""},
    {"cert_preconditions", "申请认证前履行告知、取得单独同意并开展个人信息保护影响评估", ""},
    {"cert_validity", "认证证书有效期为三年", ""},
    {"cert_reapplication", "需继续开展出境活动的，在证书有效期届满前6个月提出认证申请", ""},
    {"pi_protection_officer", "指定个人信息保护负责人，公开联系方式并向设区的市级网信部门报送", ""},
    {"compliance_audit", "定期开展个人信息保护合规审计", ""},
    {"incident_report_hours", "网络安全事件达到较大及以上级别的，在规定时限内报告", ""},
    {"automotive_important_data_storage",
     "汽车重要数据在境内存储；确需出境的，以安全评估允许的为限", ""},
    {"credit_information_local_processing", "在境内采集的信用信息的整理、保存和加工在境内进行", ""},
    {"data_localisation", "依法应当在境内存储的个人信息和重要数据，在境内存储", ""},
    {"entrustment_agreement", "与受托方约定委托处理的目的、期限、方式等，并对其进行监督", ""},
    {"health_data_local_storage",
     "健康医疗大数据存储在境内安全可信的服务器上；出境以安全评估允许的为限", ""},
    {"hgr_information_filing", "向境外提供人类遗传资源信息的，事先备案并提交信息备份", ""},
    {"important_data_annual_report",
     "每年度开展网络数据处理活动风险评估，并向省级以上主管部门报送报告", ""},
    {"important_data_identification", "按照国家规定识别重要数据，并按要求申报", ""},
    {"important_data_provision_assessment", "提供重要数据前，按第三十一条所列事项开展风险评估", ""},
    {"network_data_security_officer", "明确网络数据安全负责人（管理层成员）和网络数据安全管理机构",
     ""},
    {"notice_art23", "向境内其他个人信息处理者提供个人信息的，向个人告知", ""},
    {"representative_in_china", "在境内设立专门机构或者指定代表，负责处理个人信息保护事务", ""},
    {"ride_hailing_local_storage",
     "平台的个人信息和经营数据在中国内地存储和使用，保存期限不少于2年", ""},
    {"breach_notice_eu", "发生个人数据泄露的，在知悉后72小时内通知监管机构", ""},
};

// The packs' notices in Chinese, by rule id (the pack's English is the other language).
constexpr Entry kNotices[] = {
    {"cn.cert-2026.art5.no-splitting", "禁止通过拆分数据量等方式规避安全评估。", ""},
    {"cn.gba.hong-kong",
     "出境方位于粤港澳大湾区内地城市、接收方位于香港：大湾区标准合同是可自愿选择的另一路径（先开展"
     "个人信息保护影响评估；据报道须在合同生效之日起10个工作日内备案，内地出境方向广东省网信部门备"
     "案）。此处未核实：关键信息基础设施运营者能否使用，以及是否受全国数量门槛限制——采用前须确认。",
     ""},
    {"cn.gba.macao",
     "出境方位于粤港澳大湾区内地城市、接收方位于澳门：大湾区（内地、澳门）标准合同是可自愿选择的另"
     "一路径（先开展个人信息保护影响评估；据报道须在合同生效之日起10个工作日内备案）。此处未核实："
     "关键信息基础设施运营者能否使用，以及是否受全国数量门槛限制——采用前须确认。",
     ""},
    {"cn.incident-2025.art4.ciio",
     "关键信息基础设施运营者发现“较大”及以上级别事件的，须在1小时内向保护工作部门和公安机关报告。",
     ""},
    {"cn.pipl.art40.volume-localisation",
     "第四十条还要求处理个人信息达到国家网信部门规定数量的处理者在境内存储；目前未公布具体数量（202"
     "4年3月21日前曾以处理100万人作为该数量）。请核实本出境方是否负有境内存储义务。",
     ""},
    {"cn.pipl.art3.2.processing-abroad",
     "本法适用于在境外处理境内自然人个人信息的活动（第三条第二款）；据报道，网信部门申报指南（第二"
     "版，2024年）将其视为数据出境活动，故按境内出境方适用出境机制。",
     ""},
    {"cn.pipl.art13.disputed-consent",
     "适用第十三条第二至七项的非同意合法性基础时，是否仍须取得第三十九条的单独同意，实务中存在争议"
     "；此处列出并标注为有争议。告知义务在任何情况下均须履行。",
     ""},
    {"cn.pipl.art38.2.treaty-scope",
     "出境计划依据中华人民共和国缔结或者参加的国际条约、协定：按其条件提供，并保留其涵盖本接收方、"
     "目的和数据的证明。重要数据不在此列（仍须安全评估）；告知、同意和个人信息保护影响评估义务仍然"
     "适用。",
     ""},
    {"cn.pipl.art28.sensitive-categories",
     "数据类别包含敏感个人信息（第二十八条），但出境计划载明的敏感个人信息涉及人数为零；请核实 "
     "data.sensitive_individuals——敏感个人信息达1万人即须申报安全评估。",
     ""},
    {"cn.provisions-2024.counting",
     "计数：本年度此前依豁免情形（第三条、第四条、第五条第（一）至（三）项、第六条）出境的个人信息"
     "不计入门槛——此为实务解读，尚无官方文本确认。使用 --count-exempt 可将其计入。",
     ""},
    {"cn.provisions-2024.truly-necessary",
     "豁免仅在出境“确需”且以该目的为限时成立；出境计划载明的目的视为该项说明。", ""},
    {"cn.provisions-2024.ciio-scenario",
     "依豁免情形出境的关键信息基础设施运营者应向其保护工作部门确认：《网络安全法》第三十七条要求关"
     "键信息基础设施运营者在境内存储个人信息和重要数据，确需出境的经安全评估，法律、行政法规另有规"
     "定的除外。",
     ""},
    {"cn.provisions-2024.ciio-scenario-2026",
     "依豁免情形出境的关键信息基础设施运营者应向其保护工作部门确认：《网络安全法》（自2026年1月1日"
     "起为第三十九条，此前为第三十七条）要求关键信息基础设施运营者在境内存储个人信息和重要数据，确"
     "需出境的经安全评估，法律、行政法规另有规定的除外。",
     ""},
    {"cn.provisions-2024.processing-trigger-gone",
     "2022年“处理100万人以上个人信息”的情形不再决定出境机制（被第十三条取代——此为实务解读，网信部门"
     "未明确表态）。",
     ""},
    {"cn.provisions-2024.later-notification",
     "数据此后被告知或者公开发布为重要数据的，须在2个月内申报安全评估方可继续出境。", ""},
    {"cn.provisions-2024.art5.2.employees-only",
     "人力资源管理豁免仅涵盖员工的个人信息；本次出境还包含其他人（如求职者或客户）的个人信息，故依"
     "其他规则判定。有观点认为招聘属于人力资源管理，但条文表述为“员工”。",
     ""},
    {"cn.provisions-2024.art5.1.parties-only",
     "合同豁免要求每个个人均为合同一方；企业之间合同项下交换的联系人不符合，故依其他规则判定。",
     ""},
    {"cn.provisions-2024.art5.1.business-contacts",
     "数据包含业务联系人：豁免仅适用于本人为合同一方的个人（请核实联系人并非仅代表公司一方行事）。",
     ""},
    {"cn.auto-2021.two-readings",
     "尚无定论：《汽车数据安全管理若干规定（试行）》将“涉及个人信息主体超过10万人的个人信息”列为重"
     "要数据，本判定从之（安全评估）。另一种解读认为，依《促进和规范数据跨境流动规定》第二条，须经"
     "有关部门告知才按重要数据处理，则该个人信息适用一般数量门槛。",
     ""},
    {"cn.auto-2021.two-readings-2026",
     "尚无定论：《汽车数据安全管理若干规定（试行）》将“涉及个人信息主体超过10万人的个人信息”列为重"
     "要数据，本判定从之（安全评估）。另一种解读：《促进和规范数据跨境流动规定》第二条规定经告知或"
     "者公开发布后方为重要数据，且据报道2026年《汽车数据出境安全指引》（工业和信息化部等八部门，202"
     "6年2月3日）对汽车个人信息适用一般情形（100万人、敏感个人信息1万人、重要数据、关键信息基础设施"
     "运营者）。请向主管部门确认。",
     ""},
    {"cn.auto-2021.cautious-sum",
     "为计算数据涉及的人数，将非敏感与敏感个人信息的人数相加；如去重后少于100,"
     "001人，则不属于第三条所列类别。",
     ""},
    {"cn.auto-2021.holding-reading",
     "本次出境涉及的个人不超过10万人，但出境方持有超过10万人的个人信息：有观点将第三条的类别理解为"
     "处理者的全部持有量，则该个人信息亦为重要数据（安全评估）。本判定按出境数据计数。",
     ""},
    {"cn.credit-2013.art24.pboc-rules",
     "征信机构向境外提供信息，须遵守法律、行政法规和中国人民银行的规定（第二十四条）；除本判定外，"
     "请核实中国人民银行的征信规定。",
     ""},
    {"cn.finance-2020.pfi-localisation",
     "金融领域：据报道，中国人民银行《个人金融信息保护技术规范》（JR/T "
     "0171-"
     "2020）要求在境内收集的个人金融信息在境内存储和处理，仅在业务需要且经机构自行评估后出境——未经"
     "核实，请向金融监管部门确认。",
     ""},
    {"cn.hgr-2019.art7.foreign-controlled",
     "外国组织、个人及其设立或者实际控制的机构不得向境外提供我国人类遗传资源（第七条）：出境方如受"
     "境外控制，不得进行本次人类遗传资源信息的出境。据报道，2023年实施细则将临床、影像、蛋白质和代"
     "谢数据排除在人类遗传资源信息之外。",
     ""},
    {"cn.health-2018.two-readings",
     "尚无定论且未经核实：本判定依据国家卫生健康委2018年办法（健康医疗数据境内存储，经安全评估后出"
     "境）。另一种解读认为，该办法早于《个人信息保护法》和2024年规定且仅约束卫生健康机构，故卫生健"
     "康领域出境方的个人信息适用一般数量门槛。请向卫生健康主管部门确认；2014年人口健康信息管理办法"
     "亦禁止在境外服务器存储。",
     ""},
    {"cn.ride-hailing-2016.two-readings",
     "尚无定论：本判定依据该办法条文（数据不得外流）。另一种解读将《个人信息保护法》的出境路径视为“"
     "法律法规另有规定”，则适用全国性出境机制。请向交通运输和网信主管部门确认。",
     ""},
    {"cn.mapping-2017.art34.secret-results",
     "属于国家秘密的测绘成果，须经国务院和中央军事委员会规定的审批程序后方可向境外提供（第三十四条"
     "）；地理数据也可能属于重要数据——出境前须同时核实。",
     ""},
    {"cn.sa-2022.art4.3.cautious-union",
     "第四条第（三）项计算所有被提供个人信息的个人（含敏感个人信息）。由于出境计划无法说明两者重叠"
     "的人数，此处将非敏感与敏感人数相加（审慎解读）；如去重后合计少于10万人，则不适用第四条第（三"
     "）项。",
     ""},
    {"cn.sa-2022.art20.rectify",
     "2022年9月1日前已开展且不符合规定的出境活动，须在6个月内（2023年2月28日前）完成整改。", ""},
    {"cn.scc-2023.art4.no-splitting",
     "禁止通过拆分数据量等方式规避安全评估门槛；应当申报安全评估的数据不得适用标准合同。", ""},
    {"cn.scc-2023.art13.rectify",
     "2023年6月1日前已开展且不符合规定的出境活动，须在6个月内（2023年11月30日前）完成整改。", ""},
    {"cn.ftz.on-list", "数据列入自贸区清单——按清单条目规定的机制办理；此处适用全国性门槛。", ""},
    {"cn.ftz.sector-not-covered",
     "自贸区清单仅涵盖所列行业；其他行业的数据适用全国性规定，本判定即如此。", ""},
    {"cn.ftz.ciio-excluded",
     "据报道，自贸区清单不适用于关键信息基础设施运营者；此处适用关键信息基础设施运营者的全国性规定"
     "。",
     ""},
    {"cn.ftz.ciio-unsettled",
     "出境方为关键信息基础设施运营者，但依自贸区清单豁免——尚无定论。一种解读：第六条允许自贸区内任"
     "何处理者出境清单外数据，且（就所读范围）自贸区办法未排除关键信息基础设施运营者。另一种解读："
     "《网络安全法》要求关键信息基础设施运营者在境内存储个人信息和重要数据，确需出境的经安全评估，"
     "法律、行政法规另有规定的除外，而自贸区清单不属于法律、行政法规。采用前请向保护工作部门和省级"
     "网信部门确认。",
     ""},
    {"cn.ftz.no-filed-list",
     "规则包中没有该自贸区的负面清单；此处适用全国性规定。该清单备案后，在 rules/ftz/ "
     "下添加其规则包。",
     ""},
    {"cn.ftz.duties-remain",
     "自贸区豁免仅免除出境机制；告知、单独同意、个人信息保护影响评估和安全保护义务仍须履行。", ""},
};

// Items of an obligation's checklist, keyed "<obligation id>#<position from 1>". The hour limits
// are left out: documents print them from the pack (report/breach.cc).
constexpr Entry kObligationItems[] = {
    {"cert_preconditions#1", "处理目的、范围、方式的合法性、正当性、必要性（出境方和接收方）", ""},
    {"cert_preconditions#2", "规模、范围、种类和敏感程度；对国家安全、公共利益和个人权益的风险",
     ""},
    {"cert_preconditions#3", "境外接收方承诺承担的义务、措施和能力", ""},
    {"cert_preconditions#4", "出境后的风险及个人维护权益的渠道", ""},
    {"cert_preconditions#5",
     "境外接收方所在国家或者地区的个人信息保护政策和法规对出境个人信息的影响", ""},
    {"cert_preconditions#6", "其他事项", ""},
    {"incident_report_hours#1", "涉及关键信息基础设施的：立即向保护工作部门和公安机关报告", ""},
    {"incident_report_hours#2", "中央和国家机关及其直属单位：向本单位网信工作机构报告", ""},
    {"incident_report_hours#3", "其他网络运营者：向所在地省级网信部门报告", ""},
};

std::string ArticlePartsZh(const rules::Citation& c) {
  std::string out;
  auto number = [](const std::string& text) -> std::string {
    int n = 0;
    for (char ch : text) {
      if (ch < '0' || ch > '9') return text;
      n = n * 10 + (ch - '0');
    }
    return n > 0 ? ChineseNumber(n) : text;
  };
  if (!c.article.empty()) out += "第" + number(c.article) + "条";
  if (!c.paragraph.empty())
    out += c.paragraph == "last" ? "最后一款" : "第" + number(c.paragraph) + "款";
  if (!c.item.empty()) out += "第（" + number(c.item) + "）项";
  return out;
}

}  // namespace

std::string CategoryName(Lang lang, std::string_view code) {
  return Lookup(kCategories, lang, code);
}
std::string PurposeName(Lang lang, std::string_view code) { return Lookup(kPurposes, lang, code); }
std::string MechanismName(Lang lang, std::string_view code) {
  return Lookup(kMechanisms, lang, code);
}
std::string ExemptionName(Lang lang, std::string_view code) {
  return Lookup(kExemptions, lang, code);
}
std::string OutcomeName(Lang lang, std::string_view code) { return Lookup(kOutcomes, lang, code); }
std::string CoverageName(Lang lang, std::string_view code) { return Lookup(kCoverage, lang, code); }
std::string TransformName(Lang lang, std::string_view code) {
  return Lookup(kTransforms, lang, code);
}
std::string SubjectsName(Lang lang, std::string_view code) { return Lookup(kSubjects, lang, code); }
std::string EntityName(Lang lang, std::string_view type) { return Lookup(kEntities, lang, type); }

std::string CountryName(Lang lang, std::string_view alpha2) {
  std::string name = Lookup(kCountries, lang, alpha2);
  if (name == alpha2) return std::string(alpha2);
  return lang == Lang::kZh ? name + "（" + std::string(alpha2) + "）"
                           : name + " (" + std::string(alpha2) + ")";
}

std::string ObligationTitle(Lang lang, std::string_view id, const std::string& fallback) {
  if (lang == Lang::kEn) return fallback;
  std::string zh = Lookup(kObligations, Lang::kZh, id);
  if (zh != id) return zh;
  return fallback + "（英文原文）";
}

std::string NoticeText(Lang lang, std::string_view rule_id, const std::string& fallback) {
  if (lang == Lang::kEn) return fallback;
  std::string zh = Lookup(kNotices, Lang::kZh, rule_id);
  if (zh != rule_id) return zh;
  return fallback + "（规则包原文）";
}

std::string ObligationItem(Lang lang, std::string_view id, size_t position,
                           const std::string& fallback) {
  if (lang == Lang::kEn) return fallback;
  std::string key = std::string(id) + "#" + std::to_string(position);
  std::string zh = Lookup(kObligationItems, Lang::kZh, key);
  if (zh != key) return zh;
  return fallback + "（英文原文）";
}

std::string JoinWith(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::string ListJoin(Lang lang, const std::vector<std::string>& items) {
  return JoinWith(items, lang == Lang::kZh ? "、" : ", ");
}

std::string ChineseNumber(int n) {
  static const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n > 9999) return std::to_string(n);
  int thousands = n / 1000, hundreds = n / 100 % 10, tens = n / 10 % 10, ones = n % 10;
  std::string out;
  bool zero = false;  // a skipped place before a non-zero digit reads 零
  if (thousands) out += std::string(kDigits[thousands]) + "千";
  if (hundreds) {
    out += std::string(kDigits[hundreds]) + "百";
  } else if (thousands && (tens || ones)) {
    zero = true;
  }
  if (tens) {
    if (zero) out += "零";
    zero = false;
    // 10..19 read 十, 十一 … when nothing precedes them.
    if (!(tens == 1 && out.empty())) out += kDigits[tens];
    out += "十";
  } else if ((thousands || hundreds) && ones) {
    zero = true;
  }
  if (ones) {
    if (zero) out += "零";
    out += kDigits[ones];
  }
  return out;
}

std::string ChineseInstrumentName(std::string_view id) {
  // The English names are the packs' own (instrument.citation, in each rule's citation).
  static constexpr Entry kInstruments[] = {
      {"pipl-2021", "《个人信息保护法》", ""},
      {"provisions-2024", "《促进和规范数据跨境流动规定》", ""},
      {"security-assessment-2022", "《数据出境安全评估办法》", ""},
      {"standard-contract-2023", "《个人信息出境标准合同办法》", ""},
      {"certification-2026", "《个人信息出境认证办法》", ""},
      {"ndsmr-2025", "《网络数据安全管理条例》", ""},
      {"compliance-audit-2025", "《个人信息保护合规审计管理办法》", ""},
      {"gdpr-2016", "欧盟《通用数据保护条例》（GDPR）", ""},
      {"eu-adequacy", "欧盟《通用数据保护条例》（GDPR）", ""},
      {"eu-scc-2021", "欧盟标准合同条款决定（(EU) 2021/914）", ""},
      {"incident-reporting-2025", "《国家网络安全事件报告管理办法》", ""},
      {"gba-standard-contract", "《粤港澳大湾区（内地、香港）个人信息跨境流动标准合同实施指引》",
       ""},
      {"ftz-general", "《促进和规范数据跨境流动规定》（自由贸易试验区负面清单）", ""},
      {"ftz-beijing-2024", "《中国（北京）自由贸易试验区数据出境管理清单（负面清单）（2024版）》",
       ""},
      {"ftz-hainan-2024", "《海南自由贸易港数据出境管理清单（负面清单）（2024版）》", ""},
      {"ftz-shanghai-2024",
       "《中国（上海）自由贸易试验区及临港新片区数据出境管理清单（负面清单）（2024版）》", ""},
      {"ftz-tianjin-2024", "《中国（天津）自由贸易试验区数据出境管理清单（负面清单）（2024版）》",
       ""},
      {"ftz-zhejiang-2024", "《中国（浙江）自由贸易试验区数据出境管理清单（负面清单）（2024版）》",
       ""},
      {"automotive-data-2021", "《汽车数据安全管理若干规定（试行）》", ""},
      {"credit-reporting-2013", "《征信业管理条例》", ""},
      {"finance-pfi-2020", "《个人金融信息保护技术规范》（JR/T 0171-2020）", ""},
      {"genetic-resources-2019", "《人类遗传资源管理条例》", ""},
      {"health-big-data-2018", "《国家健康医疗大数据标准、安全和服务管理办法（试行）》", ""},
      {"ride-hailing-2016", "《网络预约出租汽车经营服务管理暂行办法》", ""},
      {"surveying-mapping-2017", "《中华人民共和国测绘法》", ""},
  };
  return Lookup(kInstruments, Lang::kZh, id);
}

std::string RuleCitation(Lang lang, const rules::RuleSet& rules, std::string_view rule_id,
                         const std::string& fallback) {
  for (const rules::Rule& r : rules.rules()) {
    if (r.id != rule_id) continue;
    if (lang == Lang::kEn) return r.citation;
    std::string name = ChineseInstrumentName(r.instrument);
    if (name == r.instrument) return r.citation;  // no Chinese name: keep the pack's text
    return name + ArticlePartsZh(r.cite);
  }
  return fallback;
}

std::string DateText(Lang lang, const std::string& iso_date) {
  auto d = CivilDate::Parse(iso_date);
  if (!d) return iso_date;
  if (lang == Lang::kZh) {
    return std::to_string(d->year()) + "年" + std::to_string(d->month()) + "月" +
           std::to_string(d->day()) + "日";
  }
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  return std::to_string(d->day()) + " " + kMonths[d->month() - 1] + " " + std::to_string(d->year());
}

}  // namespace xb::report
