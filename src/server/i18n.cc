#include "server/i18n.h"

#include <array>

namespace xb::server {
namespace {

struct Phrase {
  std::string_view key;
  std::string_view en;
  std::string_view zh;
};

constexpr std::array<Phrase, 108> kPhrases = {{
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
     "No documents yet. Officers make them (PIPIA, filings, breach notices, annual report) with "
     "POST /v1/reports/{kind} or `xborder report`; each is recorded in the ledger.",
     "暂无文件。数据保护负责人可通过 POST /v1/reports/{kind} 或 `xborder report` "
     "生成文件（影响评估、备案材料、事件报告、年度报告），每份文件均记入账本。"},
    {"documents_note",
     "Each file's SHA-256 is recorded in its ledger entry; files made elsewhere (`xborder "
     "report --out`) are listed without a link.",
     "每个文件的 SHA-256 均记录于对应账本条目；在其他位置生成的文件（`xborder report "
     "--out`）仅列出名称，不提供下载。"},
    {"document", "Document", "文件"},
    {"ledger_entry", "Ledger entry", "账本条目"},
    {"files", "Files", "文件下载"},
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
    {"alerts", "Alerts", "告警"},
    {"alerts_this_year", "alerts this year", "条本年度告警"},
    {"alerts_all", "All alerts", "全部告警"},
    {"alerts_matching", "alerts match", "条告警符合条件"},
    {"alerts_of_kind", "Alerts of this kind", "该类告警数"},
    {"alerts_note",
     "Raised by `xborder monitor` from egress events and recorded in the ledger (DESIGN.md §12, "
     "Monitoring); they name no individual.",
     "由 `xborder monitor` 根据出境事件产生并记入账本（DESIGN.md "
     "§12，监测）；不含任何个人的身份信息。"},
    {"kind", "Kind", "类型"},
    {"severity", "Severity", "级别"},
    {"detail", "Detail", "说明"},
    {"event", "Event", "事件位置"},
    {"time", "Time", "时间"},
    {"year", "Year", "年份"},
    {"any", "any", "全部"},
    {"filter", "Filter", "筛选"},
    {"older", "Older", "更早"},
    {"lineage", "Lineage", "数据流向"},
    {"lineage_note",
     "From the ledger alone: where a dataset (or a protected file) went, to which recipients "
     "and onward third parties, and what was derived from it.",
     "仅依据账本：数据集（或保护后的文件）去往何处、经哪些接收方及再转移的第三方、由其衍生出哪些文"
     "件。"},
    {"lineage_nothing", "No recorded transfer sent this file.", "账本中没有发送该文件的出境记录。"},
    {"datasets_sent", "Datasets sent", "已出境的数据集"},
    {"show", "Show", "查看"},
    {"graph", "Where it went", "流向图"},
    {"holdings", "Who holds it", "持有方"},
    {"third_party", "Third party", "第三方"},
    {"onward", "onward", "再转移"},
    {"derived", "Derived files", "衍生文件"},
    {"generation", "Generation", "代"},
    {"source", "source", "来源"},
    {"no_graphviz", "Graphviz (dot) is not installed on the server: the graph as DOT text.",
     "服务器未安装 Graphviz（dot）：以下为 DOT 文本。"},
    {"graph_too_large",
     "The graph is too large to draw on every view; the tables below hold the same facts. "
     "`xborder lineage --sha256 ... --svg FILE` draws it.",
     "图过大，不在每次查看时绘制；下表包含相同信息。可用 `xborder lineage --sha256 ... --svg FILE` "
     "绘制。"},
    {"language", "中文", "English"},
}};

}  // namespace

Lang ParseLang(std::string_view text) { return text == "zh" ? Lang::kZh : Lang::kEn; }

std::string_view Tr(Lang lang, std::string_view key) {
  for (const Phrase& p : kPhrases) {
    if (p.key == key) return lang == Lang::kZh ? p.zh : p.en;
  }
  return key;
}

}  // namespace xb::server
