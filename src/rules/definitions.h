// Named conditions of one rule pack (docs/rules.md, "Definitions"): a pack may name a condition it
// uses in several rules, so that a threshold or a scope is written once:
//
//   define:
//     more_than_100k_individuals: data.individuals + data.sensitive_individuals > 100_000
//   rules:
//     - when: exporter.sector == automotive and more_than_100k_individuals
//
// A rule's condition is expanded before it compiles: each name becomes its condition in
// parentheses. Names are lower_case_with_underscores, never a fact name or a value of a fact
// (a use could then be read two ways), and a definition does not use another one.
//
// Thread-safety: immutable once filled; Expand is const.
#ifndef XBORDER_RULES_DEFINITIONS_H_
#define XBORDER_RULES_DEFINITIONS_H_

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "rules/fact_model.h"

namespace xb::rules {

class Definitions {
 public:
  // Adds `name` for `condition`. Errors (kInvalidArgument, message only: the caller adds the
  // file and line): a malformed name, a name already defined, a name that is a fact or a value of
  // a fact in `model`, a condition that uses another definition.
  Status Add(const std::string& name, const std::string& condition, const FactModel& model);

  // `text` with every defined name replaced by "(<condition>)"; unchanged when none is used.
  std::string Expand(std::string_view text) const;

  bool empty() const { return by_name_.empty(); }

 private:
  std::map<std::string, std::string, std::less<>> by_name_;
};

}  // namespace xb::rules

#endif  // XBORDER_RULES_DEFINITIONS_H_
