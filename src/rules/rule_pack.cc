#include "rules/rule_pack.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "rules/definitions.h"
#include "rules/suggest.h"

namespace xb::rules {
namespace {

constexpr uintmax_t kMaxPackBytes = 1 << 20;
constexpr size_t kMaxRulesPerPack = 2000;

int LineOf(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

// Parses one pack. The YAML is read in a first pass (so every exemption and mechanism a pack names
// is known before any condition compiles) and compiled in a second.
class PackReader {
 public:
  PackReader(FactModel* model, const std::string& file) : model_(model), file_(file) {}

  Error Err(const YAML::Node& n, const std::string& field, const std::string& message) const {
    return ParseError(message, Location(file_, LineOf(n), field));
  }

  Status CheckKeys(const YAML::Node& map, const std::string& where,
                   const std::vector<std::string>& known) const {
    if (!map.IsMap()) return Err(map, where, "expected a mapping");
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return Err(kv.first, where.empty() ? key : where + "." + key,
                   "unknown key '" + key + "'" + DidYouMean(key, known));
      }
    }
    return Status::Ok();
  }

  Result<std::string> Str(const YAML::Node& map, const char* key, const std::string& where,
                          bool required) const {
    YAML::Node n = map[key];
    if (!n || n.IsNull()) {
      if (required) return Err(map, where + "." + key, std::string("missing '") + key + "'");
      return std::string();
    }
    if (!n.IsScalar()) return Err(n, where + "." + key, "expected text");
    return n.Scalar();
  }

  Result<CivilDate> Date(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar()) return Err(n, field, "expected a date YYYY-MM-DD");
    auto d = CivilDate::Parse(n.Scalar());
    if (!d) return Err(n, field, "'" + n.Scalar() + "' is not a date (YYYY-MM-DD)");
    return *d;
  }

  Result<int> Int(const YAML::Node& n, const std::string& field, int lo, int hi) const {
    if (!n.IsScalar()) return Err(n, field, "expected an integer");
    const std::string& s = n.Scalar();
    bool neg = !s.empty() && s[0] == '-';
    if (s.empty() || s.size() > static_cast<size_t>(9 + neg) ||
        !std::all_of(s.begin() + neg, s.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        s.size() == static_cast<size_t>(neg)) {
      return Err(n, field, "expected an integer");
    }
    int v = std::stoi(s);
    if (v < lo || v > hi) {
      return Err(n, field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    return v;
  }

  // in_force: {from: DATE, until: DATE}; missing parts inherit `from` / `until`.
  Status InForce(const YAML::Node& parent, const std::string& where, CivilDate* from,
                 std::optional<CivilDate>* until) const {
    YAML::Node n = parent["in_force"];
    if (!n) return Status::Ok();
    XB_RETURN_IF_ERROR(CheckKeys(n, where + ".in_force", {"from", "until"}));
    if (n["from"]) {
      XB_ASSIGN_OR_RETURN(*from, Date(n["from"], where + ".in_force.from"));
    }
    if (n["until"] && !n["until"].IsNull()) {
      XB_ASSIGN_OR_RETURN(CivilDate u, Date(n["until"], where + ".in_force.until"));
      *until = u;
    }
    if (*until && **until < *from) return Err(n, where + ".in_force", "'until' is before 'from'");
    return Status::Ok();
  }

  // `article` is required of rules; a default may cite a scope instead (`see` alone).
  Result<Citation> Cite(const YAML::Node& rule, const std::string& where,
                        bool article_required = true) const {
    Citation c;
    c.instrument = instrument_.citation;
    YAML::Node n = rule["cite"];
    if (!n) return Err(rule, where + ".cite", "missing 'cite' (article, paragraph, item)");
    XB_RETURN_IF_ERROR(
        CheckKeys(n, where + ".cite", {"instrument", "article", "paragraph", "item", "see"}));
    XB_ASSIGN_OR_RETURN(std::string inst, Str(n, "instrument", where + ".cite", false));
    if (!inst.empty()) c.instrument = inst;
    XB_ASSIGN_OR_RETURN(c.article, Str(n, "article", where + ".cite", article_required));
    XB_ASSIGN_OR_RETURN(c.paragraph, Str(n, "paragraph", where + ".cite", false));
    XB_ASSIGN_OR_RETURN(c.item, Str(n, "item", where + ".cite", false));
    XB_ASSIGN_OR_RETURN(c.see, Str(n, "see", where + ".cite", false));
    if (c.article.empty() && c.see.empty()) {
      return Err(n, where + ".cite", "missing 'article' (or 'see')");
    }
    return c;
  }

  Result<std::string> Tag(const YAML::Node& map, const std::string& where) const {
    XB_ASSIGN_OR_RETURN(std::string tag, Str(map, "tag", where, true));
    if (tag != "V" && tag != "R" && tag != "M") {
      return Err(map["tag"], where + ".tag",
                 "tag must be V (verified), R (reported) or M (unverified)");
    }
    return tag;
  }

  Result<int64_t> Symbol(int fact, const YAML::Node& n, const std::string& field, bool extend) {
    if (!n.IsScalar()) return Err(n, field, "expected a name");
    const std::string s = n.Scalar();
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        })) {
      return Err(n, field, "names are lower_case_with_underscores");
    }
    auto idx = extend ? model_->AddSymbol(fact, s) : model_->SymbolIndex(fact, s);
    if (!idx) {
      return Err(n, field,
                 "'" + s + "' is not a value of " + model_->info(fact).name +
                     DidYouMean(s, model_->info(fact).vocabulary));
    }
    return *idx;
  }

  // Pass 1: header, instrument, defaults, rule shells (conditions kept as text).
  Status ReadHeader(const YAML::Node& root) {
    XB_RETURN_IF_ERROR(
        CheckKeys(root, "", {"pack", "jurisdiction", "instrument", "define", "defaults", "rules"}));
    YAML::Node j = root["jurisdiction"];
    if (!j) return Err(root, "jurisdiction", "missing 'jurisdiction' (CN or EU)");
    if (!j.IsScalar()) return Err(j, "jurisdiction", "expected CN or EU");
    auto jidx = model_->SymbolIndex(kJurisdiction, j.Scalar());
    if (!jidx) return Err(j, "jurisdiction", "jurisdiction must be CN or EU");
    jurisdiction_ = *jidx;
    YAML::Node inst = root["instrument"];
    if (!inst) return Err(root, "instrument", "missing 'instrument'");
    XB_RETURN_IF_ERROR(
        CheckKeys(inst, "instrument",
                  {"id", "title", "citation", "issuer", "source", "tag", "in_force", "zones"}));
    XB_ASSIGN_OR_RETURN(instrument_.id, Str(inst, "id", "instrument", true));
    XB_ASSIGN_OR_RETURN(instrument_.title, Str(inst, "title", "instrument", true));
    XB_ASSIGN_OR_RETURN(instrument_.citation, Str(inst, "citation", "instrument", false));
    if (instrument_.citation.empty()) instrument_.citation = instrument_.title;
    XB_ASSIGN_OR_RETURN(instrument_.issuer, Str(inst, "issuer", "instrument", false));
    XB_ASSIGN_OR_RETURN(instrument_.source, Str(inst, "source", "instrument", true));
    XB_ASSIGN_OR_RETURN(instrument_.tag, Tag(inst, "instrument"));
    if (!inst["in_force"] || !inst["in_force"]["from"]) {
      return Err(inst, "instrument.in_force.from", "missing 'in_force: {from: DATE}'");
    }
    XB_RETURN_IF_ERROR(InForce(inst, "instrument", &instrument_.from, &instrument_.until));
    instrument_.jurisdiction = jurisdiction_;
    instrument_.file = file_;
    if (YAML::Node zones = inst["zones"]) {
      if (!zones.IsSequence()) return Err(zones, "instrument.zones", "expected a list of zones");
      for (const auto& z : zones) {
        auto idx = model_->SymbolIndex(kExporterFtz, z.IsScalar() ? z.Scalar() : "");
        if (!idx) {
          return Err(z, "instrument.zones",
                     "not a zone: expected one of the values of exporter.ftz" +
                         DidYouMean(z.IsScalar() ? z.Scalar() : "",
                                    model_->info(kExporterFtz).vocabulary));
        }
        instrument_.zones |= uint64_t{1} << *idx;
      }
    }

    // Consequences name exemptions and mechanisms; register them before conditions compile.
    YAML::Node rules = root["rules"];
    if (rules && !rules.IsSequence()) return Err(rules, "rules", "expected a list of rules");
    if (rules && rules.size() > kMaxRulesPerPack)
      return Err(rules, "rules", "too many rules in one pack");
    if (rules) {
      for (const auto& r : rules) {
        YAML::Node then = r.IsMap() ? r["then"] : YAML::Node();
        if (!then || !then.IsMap()) continue;
        if (then["exemption"] && !then["exemption"].IsNull()) {
          XB_RETURN_IF_ERROR(Symbol(kDecisionExemption, then["exemption"], "then.exemption", true));
        }
        if (then["mechanisms"] && then["mechanisms"].IsSequence()) {
          for (const auto& m : then["mechanisms"]) {
            XB_RETURN_IF_ERROR(Symbol(kDecisionMechanisms, m, "then.mechanisms", true));
          }
        }
      }
    }
    return Status::Ok();
  }

  Status ReadDefaults(const YAML::Node& root, std::vector<FactDefault>* out) const {
    YAML::Node defs = root["defaults"];
    if (!defs) return Status::Ok();
    if (!defs.IsSequence()) return Err(defs, "defaults", "expected a list");
    for (const auto& d : defs) {
      const std::string where = "defaults";
      XB_RETURN_IF_ERROR(
          CheckKeys(d, where, {"fact", "value", "cite", "note", "notice", "tag", "in_force"}));
      FactDefault fd;
      XB_ASSIGN_OR_RETURN(std::string name, Str(d, "fact", where, true));
      auto id = model_->Find(name);
      if (!id)
        return Err(d["fact"], where + ".fact",
                   "unknown fact '" + name + "'" + DidYouMean(name, model_->Names()));
      if (*id == kAsOf || *id == kJurisdiction || *id == kExporterFtzListInForce ||
          *id >= kDecisionOutcome) {
        return Err(d["fact"], where + ".fact", "'" + name + "' cannot have a default");
      }
      fd.fact = *id;
      YAML::Node v = d["value"];
      if (!v) return Err(d, where + ".value", "missing 'value'");
      const FactInfo& info = model_->info(*id);
      std::string text = v.IsScalar() ? v.Scalar() : "";
      switch (info.type) {
        case FactType::kBool:
          if (text != "true" && text != "false")
            return Err(v, where + ".value", "expected true or false");
          fd.value = {text == "true", text == "true"};
          break;
        case FactType::kCount: {
          XB_ASSIGN_OR_RETURN(int n, Int(v, where + ".value", 0, 1000000000));
          fd.value = {n, n};
          break;
        }
        case FactType::kEnum: {
          auto idx = model_->SymbolIndex(*id, text);
          if (!idx)
            return Err(
                v, where + ".value",
                "'" + text + "' is not a value of " + name + DidYouMean(text, info.vocabulary));
          fd.value = {*idx, *idx};
          break;
        }
        case FactType::kSet: {
          if (!v.IsSequence()) return Err(v, where + ".value", "expected a list");
          int64_t mask = 0;
          for (const auto& m : v) {
            auto idx = model_->SymbolIndex(*id, m.IsScalar() ? m.Scalar() : "");
            if (!idx) return Err(m, where + ".value", "not a value of " + name);
            mask |= int64_t{1} << *idx;
          }
          fd.value = {mask, mask};
          break;
        }
        default:
          return Err(v, where + ".value",
                     "facts of type " + std::string(FactTypeName(info.type)) + " have no default");
      }
      fd.jurisdiction = jurisdiction_;
      fd.from = instrument_.from;
      fd.until = instrument_.until;
      XB_RETURN_IF_ERROR(InForce(d, where, &fd.from, &fd.until));
      XB_ASSIGN_OR_RETURN(fd.cite, Cite(d, where, /*article_required=*/false));
      XB_ASSIGN_OR_RETURN(fd.note, Str(d, "note", where, true));
      XB_ASSIGN_OR_RETURN(fd.notice, Str(d, "notice", where, false));
      XB_ASSIGN_OR_RETURN(fd.tag, Tag(d, where));
      fd.file = file_;
      fd.line = LineOf(d);
      out->push_back(std::move(fd));
    }
    return Status::Ok();
  }

  // One checklist item: its text, or `{text: ..., hours: N}` for a tier with its own hour limit.
  Status Item(const YAML::Node& n, const std::string& where, ObligationSpec* ob) const {
    int hours = 0;
    std::string text;
    if (n.IsScalar()) {
      text = n.Scalar();
    } else if (n.IsMap()) {
      XB_RETURN_IF_ERROR(CheckKeys(n, where, {"text", "hours"}));
      XB_ASSIGN_OR_RETURN(text, Str(n, "text", where, true));
      if (n["hours"]) {
        XB_ASSIGN_OR_RETURN(hours, Int(n["hours"], where + ".hours", 1, 8760));
      }
    } else {
      return Err(n, where, "expected text, or {text: ..., hours: N}");
    }
    ob->items.push_back(std::move(text));
    ob->item_hours.push_back(hours);
    return Status::Ok();
  }

  Result<DueSpec> Due(const YAML::Node& n, const std::string& where) const {
    DueSpec due;
    XB_RETURN_IF_ERROR(
        CheckKeys(n, where, {"from", "years", "months", "days", "working_days", "hours", "basis"}));
    due.present = true;
    if (n["hours"]) {
      for (const char* other : {"from", "years", "months", "days", "working_days"}) {
        if (n[other]) {
          return Err(n[other], where + "." + other,
                     "an hour limit counts from the event its basis names; it takes no '" +
                         std::string(other) + "'");
        }
      }
      XB_ASSIGN_OR_RETURN(due.hours, Int(n["hours"], where + ".hours", 1, 8760));
    }
    XB_ASSIGN_OR_RETURN(std::string from, Str(n, "from", where, false));
    if (!from.empty() && from != "as_of" && from != "mechanism.effective") {
      return Err(n["from"], where + ".from",
                 "'" + from + "': a date is counted from as_of or mechanism.effective" +
                     DidYouMean(from, {"as_of", "mechanism.effective"}));
    }
    due.from_mechanism_effective = from == "mechanism.effective";
    if (n["years"]) {
      XB_ASSIGN_OR_RETURN(due.years, Int(n["years"], where + ".years", -50, 50));
    }
    if (n["months"]) {
      XB_ASSIGN_OR_RETURN(due.months, Int(n["months"], where + ".months", -600, 600));
    }
    if (n["days"]) {
      XB_ASSIGN_OR_RETURN(due.days, Int(n["days"], where + ".days", -20000, 20000));
    }
    if (n["working_days"]) {
      XB_ASSIGN_OR_RETURN(due.working_days,
                          Int(n["working_days"], where + ".working_days", -5000, 5000));
    }
    XB_ASSIGN_OR_RETURN(due.basis, Str(n, "basis", where, true));
    return due;
  }

  // The pack's named conditions (definitions.h). Each must compile on its own, so that a mistake
  // is reported at the definition's line rather than at every rule that uses it.
  Status ReadDefinitions(const YAML::Node& root) {
    YAML::Node defs = root["define"];
    if (!defs) return Status::Ok();
    if (!defs.IsMap()) return Err(defs, "define", "expected a mapping of names to conditions");
    for (const auto& kv : defs) {
      const std::string name = kv.first.Scalar();
      const std::string where = "define." + name;
      if (!kv.second.IsScalar()) return Err(kv.second, where, "a condition is one line of text");
      ConditionOptions copts;
      copts.allow_decision_facts = true;
      auto cond = Condition::Compile(kv.second.Scalar(), *model_, copts);
      if (!cond.ok()) return Err(kv.second, where, cond.error().message);
      Status added = definitions_.Add(name, kv.second.Scalar(), *model_);
      if (!added.ok()) return Err(kv.first, where, added.error().message);
    }
    return Status::Ok();
  }

  Status ReadRules(const YAML::Node& root, std::vector<Rule>* out) {
    XB_RETURN_IF_ERROR(ReadDefinitions(root));
    YAML::Node rules = root["rules"];
    if (!rules) return Status::Ok();
    for (const auto& r : rules) {
      std::string where = "rules";
      XB_RETURN_IF_ERROR(CheckKeys(r, where,
                                   {"id", "cite", "tag", "note", "in_force", "precedence", "when",
                                    "then", "obligation", "notice"}));
      Rule rule;
      XB_ASSIGN_OR_RETURN(rule.id, Str(r, "id", where, true));
      where = "rules[" + rule.id + "]";
      rule.file = file_;
      rule.line = LineOf(r);
      rule.jurisdiction = jurisdiction_;
      rule.instrument = instrument_.id;
      rule.from = instrument_.from;
      rule.until = instrument_.until;
      XB_RETURN_IF_ERROR(InForce(r, where, &rule.from, &rule.until));
      if (rule.from < instrument_.from) {
        return Err(r["in_force"], where + ".in_force.from", "rule in force before its instrument");
      }
      XB_ASSIGN_OR_RETURN(rule.cite, Cite(r, where));
      rule.citation = rule.cite.ToString();
      XB_ASSIGN_OR_RETURN(rule.tag, Tag(r, where));
      XB_ASSIGN_OR_RETURN(rule.note, Str(r, "note", where, false));
      if (rule.tag == "M" && rule.note.find("unverified") == std::string::npos) {
        return Err(r, where + ".note", "a rule tagged M must say 'unverified' in its note");
      }
      const int kinds = (r["then"] ? 1 : 0) + (r["obligation"] ? 1 : 0) + (r["notice"] ? 1 : 0);
      if (kinds != 1)
        return Err(r, where, "a rule has exactly one of 'then', 'obligation', 'notice'");
      ConditionOptions copts;
      if (r["then"]) {
        rule.kind = RuleKind::kDecision;
        YAML::Node then = r["then"];
        XB_RETURN_IF_ERROR(
            CheckKeys(then, where + ".then", {"decision", "mechanisms", "exemption"}));
        XB_ASSIGN_OR_RETURN(std::string d, Str(then, "decision", where + ".then", true));
        if (d == "exempt")
          rule.then.outcome = Outcome::kExempt;
        else if (d == "mechanism_required")
          rule.then.outcome = Outcome::kMechanismRequired;
        else if (d == "prohibited")
          rule.then.outcome = Outcome::kProhibited;
        else if (d == "undetermined")
          rule.then.outcome = Outcome::kUndetermined;
        else
          return Err(
              then["decision"], where + ".then.decision",
              "decision must be exempt, mechanism_required, prohibited or undetermined" +
                  DidYouMean(d, {"exempt", "mechanism_required", "prohibited", "undetermined"}));
        if (then["mechanisms"]) {
          if (!then["mechanisms"].IsSequence())
            return Err(then["mechanisms"], where + ".then.mechanisms", "expected a list");
          for (const auto& m : then["mechanisms"]) {
            XB_ASSIGN_OR_RETURN(int64_t bit,
                                Symbol(kDecisionMechanisms, m, where + ".then.mechanisms", false));
            rule.then.mechanisms |= uint64_t{1} << bit;
          }
        }
        if (then["exemption"] && !then["exemption"].IsNull()) {
          XB_ASSIGN_OR_RETURN(rule.then.exemption, Symbol(kDecisionExemption, then["exemption"],
                                                          where + ".then.exemption", false));
        }
        const bool needs_mech = rule.then.outcome == Outcome::kMechanismRequired;
        if (needs_mech != (rule.then.mechanisms != 0)) {
          return Err(then, where + ".then.mechanisms",
                     needs_mech ? "mechanism_required needs 'mechanisms'"
                                : "only mechanism_required lists mechanisms");
        }
        if ((rule.then.outcome == Outcome::kExempt) != (rule.then.exemption != 0)) {
          return Err(then, where + ".then.exemption",
                     rule.then.outcome == Outcome::kExempt ? "exempt needs 'exemption'"
                                                           : "only exempt names an exemption");
        }
        if (!r["precedence"])
          return Err(r, where + ".precedence",
                     "a decision rule needs a 'precedence' (smaller wins)");
      } else if (r["obligation"]) {
        rule.kind = RuleKind::kObligation;
        copts.allow_decision_facts = true;
        YAML::Node ob = r["obligation"];
        XB_RETURN_IF_ERROR(CheckKeys(ob, where + ".obligation",
                                     {"id", "title", "detail", "items", "due", "mechanism"}));
        if (ob["mechanism"]) {
          XB_ASSIGN_OR_RETURN(int64_t bit, Symbol(kDecisionMechanisms, ob["mechanism"],
                                                  where + ".obligation.mechanism", false));
          rule.obligation.mechanism = ob["mechanism"].Scalar();
          rule.obligation.mechanism_bit = static_cast<int>(bit);
        }
        XB_ASSIGN_OR_RETURN(rule.obligation.id, Str(ob, "id", where + ".obligation", true));
        XB_ASSIGN_OR_RETURN(rule.obligation.title, Str(ob, "title", where + ".obligation", true));
        XB_ASSIGN_OR_RETURN(rule.obligation.detail,
                            Str(ob, "detail", where + ".obligation", false));
        if (ob["items"]) {
          if (!ob["items"].IsSequence())
            return Err(ob["items"], where + ".obligation.items", "expected a list");
          for (const auto& it : ob["items"]) {
            XB_RETURN_IF_ERROR(Item(it, where + ".obligation.items", &rule.obligation));
          }
        }
        if (ob["due"]) {
          XB_ASSIGN_OR_RETURN(rule.obligation.due, Due(ob["due"], where + ".obligation.due"));
          if (rule.obligation.due.from_mechanism_effective && rule.obligation.mechanism.empty()) {
            return Err(ob["due"], where + ".obligation.due.from",
                       "counting from mechanism.effective needs the obligation's 'mechanism'");
          }
        }
      } else {
        rule.kind = RuleKind::kNotice;
        copts.allow_decision_facts = true;
        XB_ASSIGN_OR_RETURN(rule.notice, Str(r, "notice", where, true));
      }
      if (r["precedence"]) {
        XB_ASSIGN_OR_RETURN(rule.precedence,
                            Int(r["precedence"], where + ".precedence", 0, 1000000));
      }
      YAML::Node when = r["when"];
      if (!when)
        return Err(r, where + ".when", "missing 'when' (write 'when: true' to always apply)");
      if (!when.IsScalar()) return Err(when, where + ".when", "a condition is one line of text");
      const std::string text = definitions_.Expand(when.Scalar());
      auto cond = Condition::Compile(text, *model_, copts);
      if (!cond.ok()) {
        return Err(when, where + ".when",
                   cond.error().message + (text == when.Scalar() ? "" : " (of: " + text + ")"));
      }
      rule.when = std::move(cond).value();
      out->push_back(std::move(rule));
    }
    return Status::Ok();
  }

  const Instrument& instrument() const { return instrument_; }

 private:
  FactModel* model_;
  std::string file_;
  int64_t jurisdiction_ = 0;
  Instrument instrument_;
  Definitions definitions_;
};

bool Overlap(CivilDate a_from, std::optional<CivilDate> a_until, CivilDate b_from,
             std::optional<CivilDate> b_until) {
  return (!a_until || b_from <= *a_until) && (!b_until || a_from <= *b_until);
}

}  // namespace

std::vector<std::string> MechanismNames(const FactModel& model, uint64_t mask) {
  std::vector<std::string> out;
  const auto& vocab = model.info(kDecisionMechanisms).vocabulary;
  for (size_t i = 0; i < vocab.size() && i < 64; ++i) {
    if (mask >> i & 1) out.push_back(vocab[i]);
  }
  return out;
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kExempt:
      return "exempt";
    case Outcome::kMechanismRequired:
      return "mechanism_required";
    case Outcome::kProhibited:
      return "prohibited";
    case Outcome::kUndetermined:
      return "undetermined";
  }
  return "undetermined";
}

std::string Citation::ToString() const {
  std::string s = instrument;
  if (!article.empty()) {
    s += ", Art. " + article;
    if (!paragraph.empty()) s += ", para. " + paragraph;
    if (!item.empty()) s += (paragraph.empty() ? "(" : " item (") + item + ")";
  }
  if (!see.empty()) s += "; " + see;
  return s;
}

Result<RuleSet> RuleSet::LoadSources(const std::vector<PackSource>& sources) {
  RuleSet set;
  struct Parsed {
    YAML::Node root;
    std::unique_ptr<PackReader> reader;
  };
  std::vector<Parsed> parsed;
  for (const auto& src : sources) {
    Parsed p;
    try {
      p.root = YAML::Load(src.text);
    } catch (const YAML::Exception& e) {
      return ParseError("malformed YAML: " + e.msg, Location(src.name, e.mark.line + 1));
    }
    if (!p.root.IsMap()) return ParseError("a rule pack is a YAML mapping", Location(src.name, 1));
    p.reader = std::make_unique<PackReader>(&set.model_, src.name);
    try {
      XB_RETURN_IF_ERROR(p.reader->ReadHeader(p.root));
    } catch (const YAML::Exception& e) {
      return ParseError("malformed pack: " + e.msg, Location(src.name, e.mark.line + 1));
    }
    parsed.push_back(std::move(p));
  }
  for (auto& p : parsed) {
    try {
      XB_RETURN_IF_ERROR(p.reader->ReadDefaults(p.root, &set.defaults_));
      XB_RETURN_IF_ERROR(p.reader->ReadRules(p.root, &set.rules_));
    } catch (const YAML::Exception& e) {
      return ParseError("malformed pack: " + e.msg,
                        Location(p.reader->instrument().file, e.mark.line + 1));
    }
    set.instruments_.push_back(p.reader->instrument());
  }
  // Rule ids are unique across packs.
  std::map<std::string, const Rule*> ids;
  for (const auto& r : set.rules_) {
    auto [it, inserted] = ids.emplace(r.id, &r);
    if (!inserted) {
      return ParseError("duplicate rule id '" + r.id + "' (also at " + it->second->file + ":" +
                            std::to_string(it->second->line) + ")",
                        Location(r.file, r.line, "id"));
    }
  }
  // Ambiguous precedence: equal precedence, overlapping dates, different consequences.
  for (size_t i = 0; i < set.rules_.size(); ++i) {
    const Rule& a = set.rules_[i];
    if (a.kind != RuleKind::kDecision) continue;
    for (size_t j = i + 1; j < set.rules_.size(); ++j) {
      const Rule& b = set.rules_[j];
      if (b.kind != RuleKind::kDecision || a.jurisdiction != b.jurisdiction ||
          a.precedence != b.precedence || a.then == b.then ||
          !Overlap(a.from, a.until, b.from, b.until)) {
        continue;
      }
      return ParseError("ambiguous precedence: rules '" + a.id + "' and '" + b.id + "' (" + a.file +
                            ":" + std::to_string(a.line) + ") share precedence " +
                            std::to_string(a.precedence) +
                            ", overlap in time and decide differently; give one a smaller number",
                        Location(b.file, b.line, "precedence"));
    }
  }
  // Two defaults for one fact at one time would make the answer depend on file order.
  for (size_t i = 0; i < set.defaults_.size(); ++i) {
    for (size_t j = i + 1; j < set.defaults_.size(); ++j) {
      const auto& a = set.defaults_[i];
      const auto& b = set.defaults_[j];
      if (a.fact == b.fact && a.jurisdiction == b.jurisdiction && !(a.value == b.value) &&
          Overlap(a.from, a.until, b.from, b.until)) {
        return ParseError("conflicting defaults for " + set.model_.info(a.fact).name +
                              " (also at " + a.file + ":" + std::to_string(a.line) + ")",
                          Location(b.file, b.line, "defaults"));
      }
    }
  }
  std::sort(set.rules_.begin(), set.rules_.end(), [](const Rule& a, const Rule& b) {
    return std::tie(a.jurisdiction, a.kind, a.precedence, a.id) <
           std::tie(b.jurisdiction, b.kind, b.precedence, b.id);
  });
  // Every plan asks for the first day of its jurisdiction: answer it once.
  set.earliest_.assign(set.model_.info(kJurisdiction).vocabulary.size(), std::nullopt);
  for (const auto& r : set.rules_) {
    auto& best = set.earliest_[r.jurisdiction];
    if (r.kind == RuleKind::kDecision && (!best || r.from < *best)) best = r.from;
  }
  return set;
}

Result<RuleSet> RuleSet::LoadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("rule pack directory not found", Location(dir));
  std::vector<std::string> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".yaml")
      paths.push_back(it->path().string());
  }
  if (ec) return IoError("cannot list the rule pack directory", Location(dir));
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) return NotFound("no rule packs (*.yaml) in the directory", Location(dir));
  std::vector<PackSource> sources;
  for (const auto& p : paths) {
    if (fs::file_size(p, ec) > kMaxPackBytes)
      return InvalidArgument("rule pack larger than 1 MiB", Location(p));
    std::ifstream in(p, std::ios::binary);
    if (!in) return IoError("cannot read rule pack", Location(p));
    std::ostringstream text;
    text << in.rdbuf();
    sources.push_back({p, text.str()});
  }
  return LoadSources(sources);
}

std::optional<CivilDate> RuleSet::EarliestRule(int64_t jurisdiction) const {
  if (jurisdiction < 0 || static_cast<size_t>(jurisdiction) >= earliest_.size())
    return std::nullopt;
  return earliest_[jurisdiction];
}

}  // namespace xb::rules
