#include "report/breach.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

#include "core/atomic_file.h"
#include "core/key_file.h"
#include "core/strings.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/subject_set.h"
#include "report/column_names.h"
#include "report/doc_writer.h"
#include "report/incident.h"
#include "report/ledger_view.h"
#include "report/plan_context.h"
#include "report/plan_kinds.h"
#include "report/sections.h"

namespace xb::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The incident duties are the rule packs' (one source): their rules by obligation id.
constexpr const char* kGdprNotice = "breach_notice_eu";       // GDPR Art. 33
constexpr const char* kHourLimits = "incident_report_hours";  // incident-reporting measures 2025

// The obligation rule `id` in force on `day`; nullptr when none is.
const rules::Rule* PackDuty(const rules::RuleSet& rules, std::string_view id, CivilDate day) {
  for (const rules::Rule& r : rules.rules()) {
    if (r.kind == rules::RuleKind::kObligation && r.obligation.id == id && r.InForce(day)) {
      return &r;
    }
  }
  return nullptr;
}

json Deadline(const Timestamp& discovered, int hours) {
  Timestamp t = discovered.Plus(int64_t{hours} * 60);
  return {{"hours", hours}, {"local", t.ToString()}, {"utc", t.ToUtcString()}};
}

// The hour limits of the packs' incident duties in force on the day of discovery, each with its
// deadline from discovered_at: GDPR Art. 33's ("gdpr.art33_deadline") and the incident-reporting
// measures' tiers ("cac.hour_limits").
void AddDeadlineFacts(const Incident& in, const rules::RuleSet& rules, FactSet* f) {
  CivilDate day = in.discovered_at.date;
  if (const rules::Rule* r = PackDuty(rules, kGdprNotice, day)) {
    const int hours = r->obligation.due.hours;
    f->Add("gdpr.art33_deadline", hours > 0 ? Deadline(in.discovered_at, hours) : json(nullptr),
           FactSource{"rule", r->id + ": incident.discovered_at + its due.hours", r->citation,
                      r->tag});
  }
  const rules::Rule* r = PackDuty(rules, kHourLimits, day);
  if (r == nullptr) {
    f->Add("cac.hour_limits", nullptr,
           FactSource::Of("rule", std::string("no rule of obligation ") + kHourLimits +
                                      " in force on " + day.ToString()));
    return;
  }
  json tiers = json::array();
  for (size_t i = 0; i < r->obligation.items.size(); ++i) {
    const std::string& item = r->obligation.items[i];
    const int hours = r->obligation.item_hours[i];
    json tier = hours > 0 ? Deadline(in.discovered_at, hours) : json::object();
    tier["position"] = i + 1;
    tier["item"] = item;
    tiers.push_back(tier);
  }
  f->Add("cac.hour_limits", {{"rule", r->id}, {"obligation", kHourLimits}, {"tiers", tiers}},
         FactSource{"rule", r->id + ": incident.discovered_at + each item's hours", r->citation,
                    r->tag});
}

struct AffectedSet {
  std::unordered_set<Digest, DigestHash> hashes;
  uint64_t lines = 0;         // identifiers read
  uint64_t unrecognised = 0;  // hashed as written: no identifier type fits
};

// Reads the identifiers and keeps only their keyed hashes, canonicalised as every other path
// (detect/subject_hasher.h), so the same person hashes the same way.
Result<AffectedSet> HashAffected(const Incident& in, const SecretKey& key,
                                 const std::string& data_dir) {
  AffectedSet out;
  if (in.affected_subjects_file.empty()) return out;
  auto text = ReadFile(in.affected_subjects_file);
  if (!text.ok()) {
    Error e = std::move(text).error();
    e.where = Location(in.file, 0, "incident.affected_subjects_file");
    e.message = "cannot read the affected identifiers file (" + e.message + ")";
    return e;
  }
  ClassifierOptions options;
  options.data_dir = data_dir;
  XB_ASSIGN_OR_RETURN(auto classifier, ColumnClassifier::Create(options));
  SubjectHasher hasher(key, *classifier);
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    std::string_view id = TrimBlanks(line);
    if (id.empty()) continue;
    ++out.lines;
    std::optional<EntityType> type = hasher.Recognise(id);
    if (!type) ++out.unrecognised;
    out.hashes.insert(hasher.Hash(id, type));
  }
  return out;
}

struct Match {
  const EntryView* entry;
  uint64_t individuals = 0;
};

struct MatchResult {
  std::vector<Match> transfers;
  std::map<std::pair<std::string, std::string>, std::set<Digest>> by_recipient;  // (name, country)
  std::set<Digest> matched;
  uint64_t unmatchable_transfers = 0;  // recorded under another key
  bool eu_transfer = false;
};

Result<MatchResult> MatchLedger(ledger::Ledger& ledger, const LedgerView& view,
                                const AffectedSet& affected, const std::string& key_id,
                                const std::string& exporter) {
  MatchResult out;
  if (affected.hashes.empty()) return out;
  for (const EntryView& e : view.entries) {
    if (e.type != "transfer") continue;
    if (!exporter.empty() && LedgerView::Text(e.json, "exporter") != exporter) continue;
    auto group = ledger.store().ReadEntryGroup(e.index);
    if (!group.ok()) {
      if (group.error().code == ErrorCode::kNotFound) continue;
      return std::move(group).error();
    }
    if (group->key_id != key_id) {
      ++out.unmatchable_transfers;
      continue;
    }
    XB_ASSIGN_OR_RETURN(
        auto subjects, ledger.store().ReadEntrySubjects(e.index, ledger::SubjectKind::kIndividual));
    Match m{&e, 0};
    auto& recipient = out.by_recipient[{LedgerView::Text(e.json, "recipient"),
                                        LedgerView::Text(e.json, "country")}];
    for (const Digest& d : subjects) {
      if (!affected.hashes.count(d)) continue;
      ++m.individuals;
      recipient.insert(d);
      out.matched.insert(d);
    }
    if (m.individuals == 0) {
      continue;
    }
    if (LedgerView::Text(e.json, "jurisdiction") == "EU") out.eu_transfer = true;
    out.transfers.push_back(m);
  }
  for (auto it = out.by_recipient.begin(); it != out.by_recipient.end();) {
    it = it->second.empty() ? out.by_recipient.erase(it) : std::next(it);
  }
  return out;
}

void AddIncidentFacts(const Incident& in, const std::string& sha256, FactSet* f) {
  auto src = [&](const char* field) {
    return FactSource::Of("incident", std::string("incident.") + field);
  };
  f->Add("incident.file", fs::path(in.file).filename().string(), src("(file name)"));
  f->Add("incident.sha256", sha256, FactSource::Of("computed", "SHA-256 of the incident file"));
  f->Add("incident.discovered_at", in.discovered_at.ToString(), src("discovered_at"));
  f->Add("incident.occurred",
         json{{"from", in.occurred_from.ToString()}, {"to", in.occurred_to.ToString()}},
         src("occurred_at"));
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  f->Add("incident.description", text_or_null(in.description), src("description"));
  f->Add("incident.cause", text_or_null(in.cause), src("cause"));
  f->Add("incident.categories", in.categories, src("categories"));
  f->Add("incident.measures_taken", in.measures_taken, src("measures_taken"));
  f->Add("incident.possible_harm", text_or_null(in.possible_harm), src("possible_harm"));
  f->Add("incident.individual_measures", text_or_null(in.individual_measures),
         src("individual_measures"));
  f->Add("incident.records", in.records ? json(*in.records) : json(nullptr), src("records"));
  f->Add("incident.contact",
         json{{"name", in.contact_name}, {"phone", in.contact_phone}, {"email", in.contact_email}},
         src("contact"));
}

void AddMatchFacts(const Incident& in, const AffectedSet& affected, const MatchResult& m,
                   FactSet* f) {
  FactSource hashed = FactSource::Of(
      "computed", "identifiers of incident.affected_subjects_file, keyed hashes only");
  if (!in.affected_subjects_file.empty()) {
    f->Add("affected.source", "identifiers", hashed);
    f->Add("affected.identifiers", affected.hashes.size(), hashed);
    f->Add("affected.unrecognised", affected.unrecognised, hashed);
    f->Add("affected.in_transfers", m.matched.size(),
           FactSource::Ledger("subject sets of the transfer entries, matched by keyed hash"));
    f->Add("affected.not_in_transfers", affected.hashes.size() - m.matched.size(),
           FactSource::Of("computed", "affected.identifiers - affected.in_transfers"));
  } else {
    f->Add("affected.source", "count", FactSource::Of("incident", "incident.affected_individuals"));
  }
  if (in.affected_individuals) {
    f->Add("affected.stated", *in.affected_individuals,
           FactSource::Of("incident", "incident.affected_individuals"));
  }
  json transfers = json::array();
  for (const Match& t : m.transfers) {
    transfers.push_back({{"index", t.entry->index},
                         {"as_of", LedgerView::Text(t.entry->json, "as_of")},
                         {"recipient", LedgerView::Text(t.entry->json, "recipient")},
                         {"country", LedgerView::Text(t.entry->json, "country")},
                         {"jurisdiction", LedgerView::Text(t.entry->json, "jurisdiction")},
                         {"individuals", t.individuals}});
  }
  std::string refs;
  for (const Match& t : m.transfers)
    refs += (refs.empty() ? "entries " : ", ") + std::to_string(t.entry->index);
  f->Add("affected.transfers", transfers,
         FactSource::Ledger(refs.empty() ? "no matching entry" : refs));
  json recipients = json::array();
  for (const auto& [who, set] : m.by_recipient) {
    recipients.push_back(
        {{"recipient", who.first}, {"country", who.second}, {"individuals", set.size()}});
  }
  f->Add(
      "affected.by_recipient", recipients,
      FactSource::Ledger(refs.empty() ? "no matching entry" : refs + " (distinct per recipient)"));
  f->Add("affected.unmatchable_transfers", m.unmatchable_transfers,
         FactSource::Ledger("transfer entries recorded under another key id"));
  bool gdpr = in.eu_data || m.eu_transfer;
  f->Add("gdpr.applies", gdpr,
         in.eu_data
             ? FactSource::Of("incident", "incident.eu_data")
             : FactSource::Ledger(m.eu_transfer ? "a matched transfer has jurisdiction EU"
                                                : "no matched transfer has jurisdiction EU"));
}

Runs OfficerText(DocWriter& w, const std::string& fact, const std::string& blank_id,
                 const std::string& zh, const std::string& en) {
  const json& v = w.facts().Value(fact);
  if (v.is_string()) return {Text(v.get<std::string>())};
  return {w.Blank(blank_id, zh, en)};
}

std::string CategoryList(const DocWriter& w, const json& codes) {
  std::vector<std::string> names;
  for (const json& c : codes) names.push_back(CategoryName(w.lang(), c.get<std::string>()));
  return names.empty() ? w.Dash() : ListJoin(w.lang(), names);
}

std::string AffectedCount(const DocWriter& w) {
  const FactSet& f = w.facts();
  if (f.Str("affected.source") == "identifiers") {
    return w.Num("affected.identifiers") +
           w.T(" 人（依据标识符去重；其中 ", " individuals (distinct identifiers; ") +
           w.Num("affected.in_transfers") +
           w.T(" 人曾随出境记录被提供至境外）", " of them were sent abroad in recorded transfers)");
  }
  return w.Num("affected.stated") +
         w.T(" 人（事件文件载明的估计数）", " individuals (the incident file's estimate)");
}

void Overview(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("一、事件概况", "1. The incident"));
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, Runs value) {
    t.rows.push_back({Runs{Text(key)}, std::move(value)});
  };
  row(w.T("发现时间", "Discovered"), {Text(f.Str("incident.discovered_at"))});
  const json& occurred = f.Value("incident.occurred");
  std::string from = JsonStr(occurred, "from"), to = JsonStr(occurred, "to");
  row(w.T("发生时间", "Occurred"),
      {Text(from == to ? DateText(w.lang(), from)
                       : DateText(w.lang(), from) + w.T(" 至 ", " to ") + DateText(w.lang(), to))});
  row(w.T("事件经过（负责人陈述）", "What happened (officer's account)"),
      OfficerText(w, "incident.description", "breach.description", "事件经过", "what happened"));
  row(w.T("原因", "Cause"),
      OfficerText(w, "incident.cause", "breach.cause", "事件原因", "the cause"));
  row(w.T("涉及的个人信息种类", "PI categories involved"),
      {Text(CategoryList(w, f.Value("incident.categories")))});
  row(w.T("受影响的个人", "Individuals affected"), {Text(AffectedCount(w))});
  if (f.Value("incident.records").is_number()) {
    row(w.T("涉及的记录（约）", "Records (approx.)"), {Text(w.Num("incident.records"))});
  }
  w.Add(std::move(t));
}

void Transfers(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("二、受影响个人的出境记录", "2. Where the affected individuals' data was sent"));
  if (f.Str("affected.source") != "identifiers") {
    w.P(w.T("事件文件未提供受影响个人的标识符，无法与出境台账比对。",
            "The incident file gives no identifiers, so the ledger cannot be matched."));
    return;
  }
  w.P(
      w.T("受影响个人的标识符在读取时即以安装密钥计算哈希（HMAC-SHA-"
          "256），与台账为每次出境记录的个人集合比对；本文件不含任何标识符。",
          "The affected individuals' identifiers were hashed on reading with the installation "
          "key (HMAC-SHA-256) and matched against the sets of individuals the ledger recorded "
          "with each transfer; this document contains no identifier."));
  const json& transfers = f.Value("affected.transfers");
  if (transfers.empty()) {
    w.P(w.T("没有任何已记录的出境包含受影响的个人。",
            "No recorded transfer carried any of the affected individuals."));
  } else {
    Table t;
    t.header = {w.T("台账条目", "Ledger entry"), w.T("出境日期", "Date"),
                w.T("境外接收方", "Recipient"), w.T("国家或地区", "Country"),
                w.T("受影响个人", "Affected individuals")};
    t.widths = {1, 1.3, 2.2, 1.4, 1.2};
    for (const json& x : transfers) {
      t.rows.push_back({Runs{Text("#" + std::to_string(JsonInt(x, "index")))},
                        Runs{Text(JsonStr(x, "as_of"))}, Runs{Text(JsonStr(x, "recipient"))},
                        Runs{Text(CountryName(w.lang(), JsonStr(x, "country")))},
                        Runs{Text(DocWriter::Group(JsonInt(x, "individuals")))}});
    }
    w.Add(std::move(t));
    w.P(w.T("按境外接收方汇总（同一个人多次提供给同一接收方的，只计一次）：",
            "By recipient (a person sent to the same recipient more than once counts once):"),
        false);
    Table r;
    r.header = {w.T("境外接收方", "Recipient"), w.T("国家或地区", "Country"),
                w.T("受影响个人", "Affected individuals")};
    r.widths = {2.4, 1.4, 1.2};
    Chart chart{ChartKind::kBars,
                w.T("受影响个人（按境外接收方）", "Affected individuals by recipient"),
                w.T("去重个人", "distinct individuals"),
                {},
                {}};
    for (const json& x : f.Value("affected.by_recipient")) {
      r.rows.push_back({Runs{Text(JsonStr(x, "recipient"))},
                        Runs{Text(CountryName(w.lang(), JsonStr(x, "country")))},
                        Runs{Text(DocWriter::Group(JsonInt(x, "individuals")))}});
      chart.items.push_back(
          {JsonStr(x, "recipient"), static_cast<double>(JsonInt(x, "individuals")), 0});
    }
    w.Add(std::move(r));
    w.Add(ChartBlock{chart, {640, 0}});
    w.P({Text(w.T(
             "应通知上述境外接收方采取补救措施，并核查其再转移情况：",
             "Notify these recipients to take remedial measures and check any onward transfer: ")),
         w.Blank("breach.recipient_notice", "通知境外接收方的时间和方式",
                 "when and how the recipients were told")});
  }
  if (f.Int("affected.unrecognised") > 0) {
    w.Note({Text(w.Num("affected.unrecognised") +
                 w.T(" 个标识符不属于可识别的证件号、手机号或电子邮箱，按原文（去除首尾空格）计算哈"
                     "希后比对。",
                     " identifiers are not a recognised ID, mobile number or e-mail; they were "
                     "hashed as written (trimmed)."))});
  }
  if (f.Int("affected.unmatchable_transfers") > 0) {
    w.Note({Text(w.Num("affected.unmatchable_transfers") +
                 w.T(" 次出境以其他密钥记录，无法比对。",
                     " transfers were recorded under another key and cannot be matched."))});
  }
  w.Note({Text(w.SourceNote("affected.by_recipient"))});
}

void MeasuresRuns(DocWriter& w, std::vector<Runs>* items) {
  const json& measures = w.facts().Value("incident.measures_taken");
  for (const json& m : measures) items->push_back({Text(m.get<std::string>())});
  if (items->empty()) {
    items->push_back(
        {w.Blank("breach.measures", "已采取的补救措施", "the remedial measures taken")});
  }
}

void ContactRuns(DocWriter& w, Runs* runs) {
  const json& c = w.facts().Value("incident.contact");
  std::string name = JsonStr(c, "name"), phone = JsonStr(c, "phone"), email = JsonStr(c, "email");
  if (name.empty() && phone.empty() && email.empty()) {
    runs->push_back(w.Blank("breach.contact", "个人信息处理者的联系人和联系方式",
                            "the handler's contact person and details"));
    return;
  }
  std::vector<std::string> parts;
  for (const std::string& p : {name, phone, email}) {
    if (!p.empty()) parts.push_back(p);
  }
  runs->push_back(Text(ListJoin(w.lang(), parts)));
}

void Pipl57(DocWriter& w, bool to_individuals) {
  const FactSet& f = w.facts();
  std::string cite = w.Cite("cn.pipl.art57.breach", "PIPL Art. 57");
  if (!to_individuals) {
    w.H1(w.T("三、向履行个人信息保护职责的部门的通知", "3. Notice to the PI-protection authority"));
    w.P(w.T("依据", "Under ") + cite +
        w.T("，发生或者可能发生个人信息泄露、篡改、丢失的，个人信息处理者应当立即采取补救措施，并通"
            "知履行个人信息保护职责的部门和个人（法律未规定以小时计的期限）。通知应当包括下列事项"
            "：",
            ", where a leak, tampering or loss occurs or may occur, the handler must take remedial "
            "measures immediately and notify the authority and the individuals (the law sets no "
            "hour-based deadline). The notice covers:"));
  } else {
    w.H1(w.T("四、致受影响个人的通知", "4. Notice to the individuals"));
    w.P(w.T("（以下为通知正文，可直接发送；依据 ", "(The text below can be sent as it is; under ") +
        cite +
        w.T("，采取措施能够有效避免信息泄露、篡改、丢失造成危害的，可以不通知个人，但履行个人信息保"
            "护职责的部门认为可能造成危害的，有权要求通知。）",
            ", individuals need not be notified where the measures effectively avoid harm, unless "
            "the authority, finding harm possible, requires it.)"));
  }
  std::vector<Runs> items;
  items.push_back(
      {Text(w.T("发生或者可能发生泄露、篡改、丢失的个人信息种类：",
                "The categories of PI that were or may have been leaked, altered or lost: ") +
            CategoryList(w, f.Value("incident.categories")))});
  Runs cause = {Text(w.T("原因：", "The cause: "))};
  for (Run& r : OfficerText(w, "incident.cause", "breach.cause", "事件原因", "the cause"))
    cause.push_back(r);
  items.push_back(cause);
  Runs harm = {Text(w.T("可能造成的危害：", "The possible harm: "))};
  for (Run& r : OfficerText(w, "incident.possible_harm", "breach.possible_harm",
                            "可能造成的危害（如诈骗、骚扰、身份冒用）",
                            "the possible harm (e.g. fraud, harassment, identity theft)")) {
    harm.push_back(r);
  }
  items.push_back(harm);
  w.List(items, true);
  w.P(w.T("已采取的补救措施：", "The remedial measures taken:"), false);
  std::vector<Runs> measures;
  MeasuresRuns(w, &measures);
  w.List(measures);
  Runs individual = {
      Text(w.T("个人可以采取的减轻危害的措施：", "What individuals can do to reduce the harm: "))};
  for (Run& r : OfficerText(
           w, "incident.individual_measures", "breach.individual_measures",
           "个人可以采取的措施（如修改密码、警惕可疑来电）",
           "steps individuals can take (e.g. change passwords, beware of suspicious calls)")) {
    individual.push_back(r);
  }
  w.P(individual);
  Runs contact = {Text(w.T("个人信息处理者的联系方式：", "How to contact us: "))};
  ContactRuns(w, &contact);
  w.P(contact);
  if (!to_individuals) {
    w.P(w.T("受影响的个人：", "Individuals affected: ") + AffectedCount(w) + w.T("。", "."));
  }
}

// The incident-reporting measures' hour limits, tier by tier, as the pack states them, with the
// deadline each gives from discovery.
void HourLimits(DocWriter& w) {
  const json& limits = w.facts().Value("cac.hour_limits");
  if (!limits.is_object()) {
    w.P(
        w.T("发现之日，规则包中没有以小时计的事件报告时限（《国家网络安全事件报告管理办法》自2025年"
            "11月1日起施行）。",
            "On the day of discovery no rule pack set an hour limit for reporting incidents (the "
            "CAC's incident-reporting measures apply from 1 November 2025)."));
    return;
  }
  std::string rule = JsonStr(limits, "rule");
  const FactSource* src = w.facts().SourceOf("cac.hour_limits");
  w.P(w.T("依据", "Under ") + w.Cite(rule, src ? src->citation : rule) +
      w.T("，网络安全事件经分级达到“较大”及以上级别的，应当按下列时限报告：",
          ", an incident graded \"relatively major\" or above must be reported within these "
          "limits:"));
  Table t;
  t.header = {w.T("报告主体与对象", "Who reports, to whom"), w.T("时限", "Limit"),
              w.T("自发现时起的截止时间", "Deadline from discovery")};
  t.widths = {3, 0.8, 2};
  for (const json& tier : limits["tiers"]) {
    std::string item =
        ObligationItem(w.lang(), JsonStr(limits, "obligation"),
                       static_cast<size_t>(JsonInt(tier, "position")), JsonStr(tier, "item"));
    bool timed = tier["hours"].is_number();
    t.rows.push_back(
        {Runs{Text(item)},
         Runs{Text(timed ? std::to_string(JsonInt(tier, "hours")) + w.T(" 小时", " h") : "—")},
         Runs{Text(timed ? JsonStr(tier, "local") + " (UTC " + JsonStr(tier, "utc") + ")" : "—")}});
  }
  w.Add(std::move(t));
  w.P({Text(w.T("事件级别依该办法所附分级指南确定（本工具未核读该指南）：",
                "The grade follows the measures' annexed grading guide (not read by this tool): ")),
       w.Blank("breach.cac_grade", "事件级别及适用的报告时限",
               "the incident's grade and the reporting deadline that applies")});
  if (src != nullptr && src->tag != "V") {
    w.Note({Text(w.T("规则包标注该条为 ", "The rule pack tags this rule ") + src->tag +
                 w.T("（未经核实）。", " (unverified)."))});
  }
}

void CacReport(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("五、网信部门事件报告", "5. Incident report to the CAC"));
  w.P(w.T("依据", "Under ") +
      w.Cite("cn.provisions-2024.art11.incident", "Provisions 2024 Art. 11") +
      w.T("，发生或者可能发生数据安全事件的，应当采取补救措施，及时向省级以上网信部门和其他有关主管"
          "部门报告。",
          ", when a data-security incident occurs or may occur, the handler must take remedial "
          "measures and report promptly to the provincial (or higher) CAC and other competent "
          "authorities."));
  HourLimits(w);
  Table t;
  t.key_value = true;
  t.widths = {1.3, 2.2};
  auto row = [&](const std::string& key, Runs value) {
    t.rows.push_back({Runs{Text(key)}, std::move(value)});
  };
  row(w.T("报告单位", "Reporting entity"), {Text(w.Str("incident.exporter_name"))});
  row(w.T("发现时间", "Discovered"), {Text(f.Str("incident.discovered_at"))});
  row(w.T("事件类型", "Type"),
      {w.Blank("breach.type", "事件类型（泄露、篡改、丢失等）", "type (leak, tampering, loss …)")});
  row(w.T("影响范围", "Scope"), {Text(AffectedCount(w))});
  row(w.T("已采取的措施", "Measures taken"),
      {Text(f.Value("incident.measures_taken").empty()
                ? w.Dash()
                : std::to_string(f.Value("incident.measures_taken").size()) +
                      w.T(" 项（见第三部分）", " (see section 3)"))});
  row(w.T("报告时间", "Reported at"),
      {w.Blank("breach.reported_at", "报告的时间和方式", "when and how it was reported")});
  w.Add(std::move(t));
}

void Gdpr(DocWriter& w) {
  const FactSet& f = w.facts();
  w.H1(w.T("六、欧盟《通用数据保护条例》第33条、第34条", "6. GDPR Articles 33 and 34"));
  if (!f.Bool("gdpr.applies")) {
    w.P(
        w.T("没有比对到的出境属于欧盟法域，事件文件也未载明涉及欧盟个人数据（eu_data），故未评估 "
            "GDPR 第33条、第34条的通知义务。",
            "No matched transfer was under EU jurisdiction and the incident file does not state "
            "that EU personal data is involved (eu_data), so GDPR Arts. 33 and 34 were not "
            "assessed."));
    return;
  }
  const json& deadline = f.Value("gdpr.art33_deadline");
  if (deadline.is_object()) {
    std::string hours = std::to_string(JsonInt(deadline, "hours"));
    w.P({Text(
             w.T("向监管机构的通知（", "Notification to the supervisory authority (") +
             w.Cite("eu.gdpr.art33.breach", "GDPR Art. 33") +
             w.T("）：应当在知悉后无不当迟延地、且在可行时不迟于" + hours + "小时内通知。发现时间 ",
                 "): without undue delay and, where feasible, not later than " + hours +
                     " hours after becoming aware. Discovered ") +
             f.Str("incident.discovered_at") + w.T("，通知截止：", "; notify by ")),
         Bold(JsonStr(deadline, "local")),
         Text(" (UTC " + JsonStr(deadline, "utc") + ")" + w.T("。", ". ")),
         Text(w.T("迟于" + hours + "小时的，应附迟延理由。",
                  "A later notification must give the reasons for the delay."))});
  } else {
    w.P({Text(w.T("向监管机构的通知（第33条）：规则包未载明发现之日适用的时限；",
                  "Notification to the supervisory authority (Art. 33): the rule packs state no "
                  "limit for the day of discovery; ")),
         w.Blank("breach.gdpr_deadline", "通知监管机构的截止时间",
                 "when the supervisory authority must be notified")});
  }
  std::vector<Runs> items;
  items.push_back(
      {Text(w.T("（a）性质，包括数据主体和记录的类别及大致数量：",
                "(a) nature, including the categories and approximate numbers of data subjects and "
                "records: ") +
            CategoryList(w, f.Value("incident.categories")) + w.T("；", "; ") + AffectedCount(w) +
            (f.Value("incident.records").is_number()
                 ? w.T("；记录约 ", "; about ") + w.Num("incident.records") + w.T(" 条", " records")
                 : ""))});
  Runs b = {Text(w.T("（b）数据保护官或其他联系人：", "(b) the DPO or other contact point: "))};
  ContactRuns(w, &b);
  items.push_back(b);
  Runs c = {Text(w.T("（c）可能的后果：", "(c) likely consequences: "))};
  for (Run& r : OfficerText(w, "incident.possible_harm", "breach.possible_harm", "可能造成的危害",
                            "the possible harm"))
    c.push_back(r);
  items.push_back(c);
  items.push_back({Text(w.T("（d）已采取或拟采取的措施：见第三部分。",
                            "(d) measures taken or proposed: see section 3."))});
  w.List(items);
  w.P({Text(w.T("向数据主体的告知（第34条）：可能导致高风险的，应当无不当迟延地以清晰语言告知数据主"
                "体（内容同（b）至（d））；数据已加密等使其不可理解、后续措施使高风险不再可能发生、"
                "或需付出不成比例的努力（改为公开告知）的，可以不逐一告知。是否高风险：",
                "Communication to data subjects (Art. 34): where likely to result in a high risk, "
                "without undue delay and in clear language (items (b)–(d)); not required where "
                "the data was unintelligible (e.g. encrypted), later measures make the high risk "
                "unlikely, or it would take disproportionate effort (then a public "
                "communication). High risk: ")),
       w.Blank("breach.gdpr_high_risk", "是否可能导致高风险及其理由",
               "whether a high risk is likely, and why")});
  w.Note({Text(w.T("GDPR 条文依据法规摘要 §8.3（标注 M）。",
                   "GDPR wording per the legal digest §8.3 (tag M)."))});
}

}  // namespace

Result<BuiltReport> BuildBreachReport(const ReportOptions& options,
                                      const rules::RulesContext& rules, ledger::Ledger& ledger) {
  XB_ASSIGN_OR_RETURN(Incident incident, LoadIncidentFile(options.input, options.input_folder));
  XB_ASSIGN_OR_RETURN(auto detector, SharedTextDetector(rules.data_dir));
  XB_RETURN_IF_ERROR(CheckFreeText(incident, *detector));
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(options.input));
  XB_ASSIGN_OR_RETURN(SecretKey key, LoadOrCreateKey(options.key_path));
  XB_ASSIGN_OR_RETURN(AffectedSet affected, HashAffected(incident, key, rules.data_dir));
  XB_ASSIGN_OR_RETURN(LedgerView view, ReadLedgerView(ledger));
  XB_ASSIGN_OR_RETURN(MatchResult match,
                      MatchLedger(ledger, view, affected, key.id, incident.exporter));

  BuiltReport built;
  built.kind = ReportKind::kBreach;
  for (const std::string& unknown : incident.unknown_keys) {
    built.warnings.push_back(options.input + ": unknown key '" + unknown + "' ignored");
  }
  FactSet& f = built.facts;
  AddCheckpointFacts(view, &f);
  std::string sha = ToHex(Sha256(text));
  AddIncidentFacts(incident, sha, &f);
  AddDeadlineFacts(incident, rules.rules, &f);
  AddMatchFacts(incident, affected, match, &f);
  // The reporting entity: the incident's exporter, else the exporter of the matched transfers.
  std::string exporter = incident.exporter;
  if (exporter.empty() && !match.transfers.empty()) {
    exporter = LedgerView::Text(match.transfers.front().entry->json, "exporter");
  }
  f.Add("incident.exporter_name", exporter.empty() ? json(nullptr) : json(exporter),
        incident.exporter.empty() ? FactSource::Ledger("exporter of the matched transfers")
                                  : FactSource::Of("incident", "incident.exporter"));
  for (Lang lang : options.languages) {
    Document doc;
    doc.lang = lang;
    doc.style = lang == Lang::kZh ? DocStyle::kFiling : DocStyle::kStandard;
    doc.title = lang == Lang::kZh ? "个人信息安全事件通知与报告"
                                  : "Personal information breach: notices and reports";
    doc.subtitle = (exporter.empty() ? "" : exporter + "\n") +
                   (lang == Lang::kZh ? "发现于 " : "discovered ") +
                   incident.discovered_at.ToString();
    doc.footer = CheckpointFooter(lang, f);
    doc.author = exporter;
    doc.generator = "xborder 0.1.0";
    DocWriter w(&doc, &f, rules.rules);
    Overview(w);
    Transfers(w);
    Pipl57(w, false);
    Pipl57(w, true);
    CacReport(w);
    Gdpr(w);
    SourcesNote(w, "breach");
    built.documents.push_back(std::move(doc));
  }
  built.checkpoint_size = view.size;
  built.checkpoint_root = view.RootHex();
  built.subject_json = json{
      {"incident", fs::path(options.input).filename().string()},
      {"incident_sha256", sha},
      {"exporter",
       exporter}}.dump();
  return built;
}

}  // namespace xb::report
