#include "server/i18n.h"

#include <array>

namespace xb::server {
namespace {

struct Phrase {
  std::string_view key;
  std::string_view en;
  std::string_view zh;
};

constexpr std::array<Phrase, 75> kPhrases = {{
    {"title", "Cross-border transfers", "个人信息出境"},
    {"dashboard", "Dashboard", "概览"},
    {"new_transfer", "Run a plan", "提交出境计划"},
    {"sign_in", "Sign in", "登录"},
    {"sign_out", "Sign out", "退出"},
    {"token", "API token", "API 令牌"},
    {"token_hint", "Paste the token printed by `xborder users add`.",
     "粘贴 `xborder users add` 输出的令牌。"},
    {"bad_token", "This token is not valid.", "令牌无效。"},
    {"signed_in_as", "Signed in as", "当前用户"},
    {"role", "role", "角色"},
    {"ytd", "Distinct individuals this year, per exporter, against each threshold",
     "本年度各处理者出境个人信息的人数（去重）与各门槛比较"},
    {"ytd_note", "Counted (non-exempt) transfers since 1 January; thresholds as in the rule packs:",
     "自1月1日起（不含豁免情形）累计；门槛取自规则包："},
    {"individuals", "individuals", "人"},
    {"sensitive", "sensitive", "敏感"},
    {"exempt", "exempt paths", "豁免情形"},
    {"by_month", "Transfers and refusals by month", "按月出境与拒绝"},
    {"transfers", "transfers", "出境"},
    {"refusals", "refusals", "拒绝"},
    {"sent", "sent", "已出境"},
    {"refused", "refused", "已拒绝"},
    {"recipients", "Recipients and countries", "境外接收方与国家/地区"},
    {"recipient", "Recipient", "接收方"},
    {"country", "Country", "国家/地区"},
    {"count", "Transfers", "次数"},
    {"last", "Latest", "最近"},
    {"mechanisms", "Mechanisms and their windows", "出境路径及其有效期/续期窗口"},
    {"mechanism", "Mechanism", "路径"},
    {"reference", "Reference", "编号"},
    {"windows", "Validity, extension, re-filing", "有效期、延续、重新备案"},
    {"obligations", "Obligations coming due (PRC working-day calendar)",
     "即将到期的义务（按中国工作日历）"},
    {"due", "Due", "期限"},
    {"working_days", "working days", "个工作日"},
    {"provisional", "provisional: no holiday notice yet for part of the span",
     "暂定：部分期间尚无放假通知"},
    {"obligation", "Obligation", "义务"},
    {"citation", "Citation", "依据"},
    {"consent", "Consent coverage and withdrawals", "同意覆盖与撤回"},
    {"coverage", "Individuals by consent status, this year's transfers",
     "本年度出境个人按同意状态统计"},
    {"withdrawals", "Withdrawals awaiting deletion at recipients", "待接收方删除的撤回"},
    {"entry", "Entry", "条目"},
    {"checkpoint", "Ledger checkpoint", "账本检查点"},
    {"size", "Entries", "条目数"},
    {"root", "Root hash", "根哈希"},
    {"verified", "Verified", "校验通过"},
    {"verify_failed", "VERIFY FAILED", "校验失败"},
    {"not_verified", "Not verified yet", "尚未校验"},
    {"verified_at", "checked", "校验于"},
    {"verify_pending", "newer entries are checked within minutes", "新增条目将在数分钟内校验"},
    {"documents", "Documents", "文件"},
    {"documents_none",
     "No documents yet. Documents (PIPIA, filings, annual report) are made with `xborder report` "
     "and appear here once the documents library is part of this build.",
     "暂无文件。文件（影响评估、备案材料、年度报告）由 `xborder report` "
     "生成，文件库并入本版本后在此显示。"},
    {"none", "None.", "无。"},
    {"all_transfers", "Latest transfers", "最近出境记录"},
    {"date", "Date", "日期"},
    {"exporter", "Exporter", "处理者"},
    {"decision", "Decision", "结论"},
    {"status", "Status", "状态"},
    {"transfer", "Transfer", "出境记录"},
    {"basis", "Basis", "依据"},
    {"manifest", "Package manifest", "数据包清单"},
    {"file", "File", "文件"},
    {"proof", "Inclusion proof", "包含证明"},
    {"leaf_hash", "Leaf hash", "叶子哈希"},
    {"path", "Audit path", "审计路径"},
    {"tree_size", "Tree size", "树大小"},
    {"how_verify", "How to check it yourself", "如何自行验证"},
    {"plan", "Plan (YAML or JSON)", "计划（YAML 或 JSON）"},
    {"dry_run", "Dry run: decide and report, write nothing", "试运行：只判断和报告，不写入"},
    {"run", "Run", "运行"},
    {"engineer_dry_run", "Engineers may dry-run only.", "工程师只能试运行。"},
    {"result", "Result", "结果"},
    {"refused_because", "Refused because", "拒绝原因"},
    {"open_entry", "Open the ledger entry", "查看账本条目"},
    {"no_package", "The package is not on this server.", "数据包不在本服务器上。"},
    {"individuals_sent", "Individuals", "人数"},
    {"purpose", "Purpose", "目的"},
    {"language", "中文", "English"},
}};

}  // namespace

Lang ParseLang(std::string_view text) { return text == "zh" ? Lang::kZh : Lang::kEn; }
std::string_view LangCode(Lang lang) { return lang == Lang::kZh ? "zh" : "en"; }

std::string_view Tr(Lang lang, std::string_view key) {
  for (const Phrase& p : kPhrases) {
    if (p.key == key) return lang == Lang::kZh ? p.zh : p.en;
  }
  return key;
}

}  // namespace xb::server
