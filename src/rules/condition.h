// The condition language of rule packs (docs/rules.md): a small, total language over named facts.
//
//   condition  := operand { ("and" | "or") operand }     -- mixing and/or needs parentheses
//   operand    := "not" operand | "(" condition ")" | comparison
//   comparison := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]
//               | sum ["not"] "in" "{" value { "," value } "}"
//               | symbol "in" set-fact
//               | set-fact "within" "{" value { "," value } "}"   -- no member outside the list
//   sum        := value { "+" value }                     -- counts only
//   value      := fact | integer (1_000_000) | date (2024-03-22) | true | false | symbol | XX
//
// No loops, no calls, no I/O: evaluation is a single pass over a compiled postfix program with a
// fixed-size stack, so it always terminates, never allocates and takes well under a microsecond.
// Every fact name, every symbol and every type is checked when the pack loads; a condition that
// compiles cannot fail at evaluation.
//
// Evaluation is three-valued over the interval facts of fact_model.h: the result is [1,1] (true),
// [0,0] (false) or [0,1] (unknown: depends on a fact that is not known).
//
// Thread-safety: a compiled Condition is immutable; Evaluate is const and reentrant.
#ifndef XBORDER_RULES_CONDITION_H_
#define XBORDER_RULES_CONDITION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "rules/fact_model.h"

namespace xb::rules {

struct ConditionOptions {
  // decision.* facts are set only after the decision; only obligations and notices may read them.
  bool allow_decision_facts = false;
};

class Condition {
 public:
  // The empty condition: always true.
  Condition() = default;

  // Compiles `text`. Errors (kParse, message ends with "at column N"): a syntax error, an unknown
  // fact or symbol (with the closest known name), a type mismatch, `and` mixed with `or`
  // without parentheses, a chained comparison, nesting deeper than 16, more than 256 tokens.
  static Result<Condition> Compile(std::string_view text, const FactModel& model,
                                   const ConditionOptions& options = {});

  // [1,1] true, [0,0] false, [0,1] unknown.
  Interval Evaluate(const FactVector& facts) const;

  // Bit i set when the condition reads fact i.
  uint64_t fact_mask() const { return fact_mask_; }
  const std::string& text() const { return text_; }
  bool always_true() const { return code_.empty(); }

  enum class Op : uint8_t {
    kFact,
    kConst,
    kAdd,
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    kIn,
    kNotIn,
    kHasMember,
    kWithin,
    kAnd,
    kOr,
    kNot
  };
  struct Instr {
    Op op;
    int32_t a = 0;  // fact id (kFact, kHasMember, kWithin) or pool offset (kIn, kNotIn)
    int64_t b = 0;  // constant (kConst), bit mask (kHasMember, kWithin) or pool size (kIn, kNotIn)
  };
  static constexpr int kMaxStack = 32;

  // A comparison of a sum of facts with a constant, as the condition writes it, e.g.
  // "history.individuals_ytd + data.individuals >= 100_000" is {facts: bits of both, kGe,
  // 100000}; a constant on the left is turned round ("5 < x" reads "x > 5"). What a monitor
  // watching year-to-date counts needs to know of a rule's thresholds.
  struct CountBound {
    uint64_t facts = 0;  // bit i: fact i is one of the summands
    Op op = Op::kGe;     // kEq, kNe, kLt, kLe, kGt or kGe
    int64_t value = 0;
  };
  std::vector<CountBound> CountBounds() const;

 private:
  friend class ConditionCompiler;
  std::vector<Instr> code_;
  std::vector<int64_t> pool_;
  // Positions in code_ after each top-level operand of an 'and' (or 'or') chain, where the value
  // so far may already decide the condition: stop when it is definitely stop_when_.
  std::vector<uint32_t> checkpoints_;
  int64_t stop_when_ = 0;
  uint64_t fact_mask_ = 0;
  std::string text_;
};

}  // namespace xb::rules

#endif  // XBORDER_RULES_CONDITION_H_
