#include "rules/decision_render.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace xb::rules {
namespace {

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

nlohmann::json FiredJson(const FiredRule& r) {
  nlohmann::json j = {{"rule", r.rule}, {"citation", r.citation}, {"tag", r.tag}};
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace

std::string DecisionHeadline(const Decision& d) {
  switch (d.outcome) {
    case Outcome::kExempt:
      return "EXEMPT: no transfer mechanism needed (" + d.exemption.value_or("exempt") + ")";
    case Outcome::kMechanismRequired:
      return "MECHANISM REQUIRED: " + Join(d.mechanisms, " or ") + " before the data leaves";
    case Outcome::kProhibited:
      return "PROHIBITED: this transfer may not take place";
    case Outcome::kUndetermined:
      return d.missing_facts.empty() ? "UNDETERMINED"
                                     : "UNDETERMINED: state " + Join(d.missing_facts, ", ");
  }
  return "UNDETERMINED";
}

std::string DecisionToText(const Decision& d) {
  std::string s = DecisionHeadline(d) + "\n";
  s += "  (" + d.jurisdiction + " rules in force on " + d.as_of.ToString() + ")\n";
  if (!d.possible.empty()) {
    s += "\nDepends on the missing facts:\n";
    for (const auto& p : d.possible) {
      std::string what = OutcomeName(p.outcome);
      if (!p.mechanisms.empty()) what += ": " + Join(p.mechanisms, " or ");
      if (p.exemption) what += ": " + *p.exemption;
      s += "  - " + what + (p.rule.empty() ? "" : "  [" + p.rule + "]") + "\n";
    }
  }
  if (!d.basis.empty()) {
    s += "\nWhy:\n";
    for (const auto& b : d.basis) {
      s += "  - " + b.citation + "  [" + b.rule + ", " + b.tag + "]\n";
      if (!b.note.empty()) s += "      " + b.note + "\n";
    }
    for (const auto& c : d.concurring) {
      s += "  - also " + c.citation + "  [" + c.rule + ", " + c.tag + "]\n";
    }
    for (const auto& o : d.overridden) {
      s += "  - overrides " + o.citation + "  [" + o.rule + "]\n";
    }
  }
  auto render = [&s](const ObligationResult& o) {
    std::string when = o.due ? o.due->ToString() + (o.due_provisional ? "*" : " ") : "           ";
    s += "  - " + when + " " + o.title + "  (" + o.citation + ")\n";
    if (o.due) s += "                " + o.due_basis + "\n";
    if (o.due_hours > 0) {
      s += "                within " + std::to_string(o.due_hours) + " hours " + o.due_basis + "\n";
    }
    for (const auto& item : o.items) s += "                * " + item + "\n";
  };
  // Firm duties: those owed whichever path is taken, then each mechanism's own, in the order of
  // the decision's mechanisms (a choice between paths shows each path's duties apart).
  bool any_common = false, any_conditional = false, provisional = false;
  std::vector<std::string> paths = d.mechanisms;
  for (const auto& o : d.obligations) {
    provisional |= o.due_provisional;
    if (o.conditional) {
      any_conditional = true;
    } else if (o.mechanism.empty()) {
      any_common = true;
    } else if (std::find(paths.begin(), paths.end(), o.mechanism) == paths.end()) {
      paths.push_back(o.mechanism);
    }
  }
  if (any_common) {
    s += "\nWhat to do:\n";
    for (const auto& o : d.obligations) {
      if (!o.conditional && o.mechanism.empty()) render(o);
    }
  }
  for (const auto& path : paths) {
    bool header = false;
    for (const auto& o : d.obligations) {
      if (o.conditional || o.mechanism != path) continue;
      if (!header) {
        s += d.mechanisms.size() > 1 ? "\nIf " + path + " is chosen:\n" : "\nFor " + path + ":\n";
        header = true;
      }
      render(o);
    }
  }
  if (any_conditional) {
    s += "\nAlso, depending on facts the plan does not state:\n";
    for (const auto& o : d.obligations) {
      if (!o.conditional) continue;
      s += "  - if " + o.condition + ": " + (o.mechanism.empty() ? "" : "[" + o.mechanism + "] ") +
           o.title + "  (" + o.citation + ")\n";
    }
  }
  if (provisional)
    s += "  * that year's holiday schedule is not yet published: the date may move\n";
  if (!d.assumptions.empty()) {
    s += "\nAssumed:\n";
    for (const auto& a : d.assumptions) s += "  - " + a + "\n";
  }
  if (!d.notices.empty()) {
    s += "\nNotes:\n";
    for (const auto& n : d.notices) s += "  - " + n.note + "  (" + n.citation + ")\n";
  }
  if (!d.warnings.empty()) {
    s += "\nWarnings:\n";
    for (const auto& w : d.warnings) s += "  - " + w + "\n";
  }
  return s;
}

std::string DecisionToJson(const Decision& d) {
  nlohmann::json j;
  j["decision"] = OutcomeName(d.outcome);
  j["mechanisms"] = d.mechanisms;
  j["exemption"] = d.exemption ? nlohmann::json(*d.exemption) : nlohmann::json(nullptr);
  j["basis"] = nlohmann::json::array();
  for (const auto& b : d.basis) j["basis"].push_back(FiredJson(b));
  j["obligations"] = nlohmann::json::array();
  for (const auto& o : d.obligations) {
    nlohmann::json oj = {
        {"id", o.id},
        {"title", o.title},
        {"citation", o.citation},
        {"due", o.due ? nlohmann::json(o.due->ToString()) : nlohmann::json(nullptr)},
        {"rule", o.rule},
        {"tag", o.tag}};
    if (!o.mechanism.empty()) oj["mechanism"] = o.mechanism;
    if (o.due) {
      oj["due_basis"] = o.due_basis;
      oj["due_provisional"] = o.due_provisional;
    }
    if (o.due_hours > 0) {
      oj["due_hours"] = o.due_hours;
      oj["due_basis"] = o.due_basis;
    }
    if (!o.detail.empty()) oj["detail"] = o.detail;
    if (!o.items.empty()) oj["items"] = o.items;
    if (o.conditional) {
      oj["conditional"] = true;
      oj["condition"] = o.condition;
    }
    j["obligations"].push_back(std::move(oj));
  }
  j["missing_facts"] = d.missing_facts;
  j["as_of"] = d.as_of.ToString();
  j["jurisdiction"] = d.jurisdiction;
  j["overridden"] = nlohmann::json::array();
  for (const auto& o : d.overridden) j["overridden"].push_back(FiredJson(o));
  j["concurring"] = nlohmann::json::array();
  for (const auto& c : d.concurring) j["concurring"].push_back(FiredJson(c));
  j["possible_decisions"] = nlohmann::json::array();
  for (const auto& p : d.possible) {
    j["possible_decisions"].push_back(
        {{"decision", OutcomeName(p.outcome)},
         {"mechanisms", p.mechanisms},
         {"exemption", p.exemption ? nlohmann::json(*p.exemption) : nlohmann::json(nullptr)},
         {"rule", p.rule}});
  }
  j["assumptions"] = d.assumptions;
  j["notices"] = nlohmann::json::array();
  for (const auto& n : d.notices)
    j["notices"].push_back({{"rule", n.rule}, {"citation", n.citation}, {"text", n.note}});
  j["warnings"] = d.warnings;
  return j.dump(2) + "\n";
}

}  // namespace xb::rules
