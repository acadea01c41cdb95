#include "rules/condition.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "core/civil_date.h"
#include "rules/suggest.h"

namespace xb::rules {
namespace {

constexpr int kMaxDepth = 16;
constexpr size_t kMaxTokens = 256;

enum class Tok { kIdent, kInt, kDate, kOp, kLParen, kRParen, kLBrace, kRBrace, kComma, kEnd };

struct Token {
  Tok kind;
  std::string text;
  int64_t value = 0;
  int column = 0;  // 1-based
};

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

Error ErrAt(const std::string& message, int column) {
  return ParseError(message + " at column " + std::to_string(column));
}

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const int col = static_cast<int>(i) + 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (out.size() >= kMaxTokens) return ErrAt("condition too long (more than 256 tokens)", col);
    if (IsIdentStart(c)) {
      size_t j = i;
      while (j < s.size() && IsIdentChar(s[j])) ++j;
      out.push_back({Tok::kIdent, std::string(s.substr(i, j - i)), 0, col});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < s.size() &&
             (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '-')) {
        ++j;
      }
      std::string lit(s.substr(i, j - i));
      if (lit.find('-') != std::string::npos) {
        auto date = CivilDate::Parse(lit);
        if (!date) return ErrAt("'" + lit + "' is not a date (YYYY-MM-DD)", col);
        out.push_back({Tok::kDate, lit, date->days_since_epoch(), col});
      } else {
        int64_t v = 0;
        int digits = 0;
        for (char d : lit) {
          if (d == '_') continue;
          if (++digits > 15) return ErrAt("integer too large", col);
          v = v * 10 + (d - '0');
        }
        if (lit.back() == '_') return ErrAt("integer may not end with '_'", col);
        out.push_back({Tok::kInt, lit, v, col});
      }
      i = j;
    } else {
      std::string_view two = s.substr(i, 2);
      if (two == "==" || two == "!=" || two == "<=" || two == ">=") {
        out.push_back({Tok::kOp, std::string(two), 0, col});
        i += 2;
      } else if (c == '<' || c == '>' || c == '+') {
        out.push_back({Tok::kOp, std::string(1, c), 0, col});
        ++i;
      } else if (c == '(' || c == ')' || c == '{' || c == '}' || c == ',') {
        Tok k = c == '('   ? Tok::kLParen
                : c == ')' ? Tok::kRParen
                : c == '{' ? Tok::kLBrace
                : c == '}' ? Tok::kRBrace
                           : Tok::kComma;
        out.push_back({k, std::string(1, c), 0, col});
        ++i;
      } else if (c == '=') {
        return ErrAt("'=' is not an operator; write '==' to compare", col);
      } else if (c == '&' || c == '|' || c == '!') {
        return ErrAt("write 'and', 'or', 'not' instead of symbols", col);
      } else {
        return ErrAt("unexpected character (byte 0x" +
                         std::string(1, "0123456789abcdef"[(static_cast<unsigned char>(c) >> 4)]) +
                         std::string(1, "0123456789abcdef"[static_cast<unsigned char>(c) & 15]) +
                         ")",
                     col);
      }
    }
  }
  out.push_back({Tok::kEnd, "", 0, static_cast<int>(s.size()) + 1});
  return out;
}

bool IsKeyword(const std::string& s) {
  return s == "and" || s == "or" || s == "not" || s == "in" || s == "within" || s == "true" ||
         s == "false";
}

// One value in a comparison before its type is resolved against the other side.
struct Atom {
  enum Kind { kFact, kInt, kDate, kBool, kSymbol } kind;
  int fact = -1;
  int64_t value = 0;
  std::string text;
  int column = 0;
};

}  // namespace

class ConditionCompiler {
 public:
  ConditionCompiler(const FactModel& model, const ConditionOptions& options,
                    std::vector<Token> tokens, Condition* out)
      : model_(model), options_(options), tokens_(std::move(tokens)), out_(out) {}

  Status Run() {
    XB_RETURN_IF_ERROR(ParseCondition(0));
    if (Peek().kind != Tok::kEnd) return ErrAt("unexpected '" + Peek().text + "'", Peek().column);
    return Status::Ok();
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool PeekWord(const char* w) const { return Peek().kind == Tok::kIdent && Peek().text == w; }

  void Emit(Condition::Op op, int32_t a = 0, int64_t b = 0) {
    out_->code_.push_back({op, a, b});
    // Track the stack depth the program needs so evaluation can use a fixed array.
    switch (op) {
      case Condition::Op::kFact:
      case Condition::Op::kConst:
      case Condition::Op::kHasMember:
      case Condition::Op::kWithin:
        ++depth_;
        break;
      case Condition::Op::kIn:
      case Condition::Op::kNotIn:
      case Condition::Op::kNot:
        break;
      default:
        --depth_;
        break;
    }
    if (depth_ > max_depth_) max_depth_ = depth_;
  }

  Status ParseCondition(int nesting) {
    if (nesting > kMaxDepth) return ErrAt("condition nested too deeply", Peek().column);
    XB_RETURN_IF_ERROR(ParseOperand(nesting));
    std::string connective;
    // At the top level, where the value so far is the only one on the stack, a chain of 'and'
    // can stop at the first false operand and a chain of 'or' at the first true one.
    auto checkpoint = [&] {
      if (nesting == 0) out_->checkpoints_.push_back(static_cast<uint32_t>(out_->code_.size()));
    };
    checkpoint();
    while (PeekWord("and") || PeekWord("or")) {
      const Token& t = Next();
      if (!connective.empty() && connective != t.text) {
        return ErrAt("'and' and 'or' mixed without parentheses is ambiguous; add parentheses",
                     t.column);
      }
      connective = t.text;
      XB_RETURN_IF_ERROR(ParseOperand(nesting));
      Emit(connective == "and" ? Condition::Op::kAnd : Condition::Op::kOr);
      checkpoint();
    }
    if (nesting == 0) {
      out_->stop_when_ = connective == "or" ? 1 : 0;
      out_->checkpoints_.pop_back();  // the end of the program needs no check
      if (connective.empty()) out_->checkpoints_.clear();
    }
    if (max_depth_ > Condition::kMaxStack) return ErrAt("condition too complex", Peek().column);
    return Status::Ok();
  }

  Status ParseOperand(int nesting) {
    if (nesting > kMaxDepth) return ErrAt("condition nested too deeply", Peek().column);
    if (PeekWord("not")) {
      Next();
      XB_RETURN_IF_ERROR(ParseOperand(nesting + 1));
      Emit(Condition::Op::kNot);
      return Status::Ok();
    }
    if (Peek().kind == Tok::kLParen) {
      Next();
      XB_RETURN_IF_ERROR(ParseCondition(nesting + 1));
      if (Peek().kind != Tok::kRParen) return ErrAt("expected ')'", Peek().column);
      Next();
      if (Peek().kind == Tok::kOp) {
        return ErrAt("a comparison cannot follow ')': parentheses group conditions, not values",
                     Peek().column);
      }
      return Status::Ok();
    }
    return ParseComparison();
  }

  Result<Atom> ParseAtom() {
    const Token& t = Next();
    Atom a;
    a.column = t.column;
    a.text = t.text;
    switch (t.kind) {
      case Tok::kInt:
        a.kind = Atom::kInt;
        a.value = t.value;
        return a;
      case Tok::kDate:
        a.kind = Atom::kDate;
        a.value = t.value;
        return a;
      case Tok::kIdent:
        break;
      case Tok::kEnd:
        return ErrAt("condition ends where a value was expected", t.column);
      default:
        return ErrAt("expected a fact or a value, found '" + t.text + "'", t.column);
    }
    if (t.text == "true" || t.text == "false") {
      a.kind = Atom::kBool;
      a.value = t.text == "true";
      return a;
    }
    if (IsKeyword(t.text)) return ErrAt("'" + t.text + "' where a value was expected", t.column);
    if (auto id = model_.Find(t.text)) {
      if (!options_.allow_decision_facts &&
          (*id == kDecisionOutcome || *id == kDecisionMechanisms || *id == kDecisionExemption)) {
        return ErrAt("'" + t.text +
                         "' is known only after the decision; use it in obligations "
                         "and notices",
                     t.column);
      }
      a.kind = Atom::kFact;
      a.fact = *id;
      out_->fact_mask_ |= uint64_t{1} << *id;
      return a;
    }
    if (t.text.find('.') != std::string::npos) {
      return ErrAt("unknown fact '" + t.text + "'" + DidYouMean(t.text, model_.Names()), t.column);
    }
    a.kind = Atom::kSymbol;
    return a;
  }

  Result<std::vector<Atom>> ParseSum() {
    std::vector<Atom> atoms;
    XB_ASSIGN_OR_RETURN(Atom first, ParseAtom());
    atoms.push_back(std::move(first));
    while (Peek().kind == Tok::kOp && Peek().text == "+") {
      Next();
      XB_ASSIGN_OR_RETURN(Atom more, ParseAtom());
      atoms.push_back(std::move(more));
    }
    if (atoms.size() > 1) {
      for (const auto& a : atoms) {
        bool count = a.kind == Atom::kInt ||
                     (a.kind == Atom::kFact && model_.info(a.fact).type == FactType::kCount);
        if (!count) return ErrAt("only counts can be added ('" + a.text + "')", a.column);
      }
    }
    return atoms;
  }

  // The type a sum has on its own: a count sum, or the single atom's type.
  static bool IsCountSum(const FactModel& m, const std::vector<Atom>& s) {
    for (const auto& a : s) {
      if (!(a.kind == Atom::kInt ||
            (a.kind == Atom::kFact && m.info(a.fact).type == FactType::kCount)))
        return false;
    }
    return true;
  }

  void EmitSum(const std::vector<Atom>& s) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i].kind == Atom::kFact) {
        Emit(Condition::Op::kFact, s[i].fact);
      } else {
        Emit(Condition::Op::kConst, 0, s[i].value);
      }
      if (i > 0) Emit(Condition::Op::kAdd);
    }
  }

  // Resolves `v` as a constant of fact `fact`'s type.
  Result<int64_t> Resolve(int fact, const Atom& v) {
    const FactInfo& f = model_.info(fact);
    switch (f.type) {
      case FactType::kBool:
        if (v.kind == Atom::kBool) return v.value;
        break;
      case FactType::kCount:
        if (v.kind == Atom::kInt) return v.value;
        break;
      case FactType::kDate:
        if (v.kind == Atom::kDate) return v.value;
        break;
      case FactType::kEnum:
        if (v.kind == Atom::kSymbol) {
          if (auto idx = model_.SymbolIndex(fact, v.text)) return *idx;
          return ErrAt(
              "'" + v.text + "' is not a value of " + f.name + DidYouMean(v.text, f.vocabulary),
              v.column);
        }
        break;
      case FactType::kCountry:
        if (v.kind == Atom::kSymbol) {
          if (auto code = EncodeCountry(v.text)) return *code;
          return ErrAt("'" + v.text + "' is not an ISO 3166-1 alpha-2 code (two capital letters)",
                       v.column);
        }
        break;
      case FactType::kSet:
        return ErrAt(f.name + " is a set; test membership with 'symbol in " + f.name + "'",
                     v.column);
    }
    if (v.kind == Atom::kSymbol) {
      return ErrAt("unknown fact '" + v.text + "'" + DidYouMean(v.text, model_.Names()), v.column);
    }
    return ErrAt(
        "'" + v.text + "' does not match the type of " + f.name + " (" + FactTypeName(f.type) + ")",
        v.column);
  }

  Status ParseComparison() {
    XB_ASSIGN_OR_RETURN(std::vector<Atom> lhs, ParseSum());
    const Token& op = Peek();
    bool negated_in =
        PeekWord("not") && tokens_[pos_ + 1].kind == Tok::kIdent && tokens_[pos_ + 1].text == "in";
    if (negated_in || PeekWord("in")) {
      if (negated_in) Next();
      Next();  // "in"
      return ParseMembership(lhs, negated_in, op.column);
    }
    if (PeekWord("within")) {
      Next();
      return ParseWithin(lhs, op.column);
    }
    if (op.kind != Tok::kOp || op.text == "+") {
      // A bare operand must be a boolean fact or literal.
      if (lhs.size() == 1 && lhs[0].kind == Atom::kBool) {
        Emit(Condition::Op::kConst, 0, lhs[0].value);
        return Status::Ok();
      }
      if (lhs.size() == 1 && lhs[0].kind == Atom::kFact &&
          model_.info(lhs[0].fact).type == FactType::kBool) {
        Emit(Condition::Op::kFact, lhs[0].fact);
        return Status::Ok();
      }
      if (lhs.size() == 1 && lhs[0].kind == Atom::kSymbol) {
        return ErrAt("unknown fact '" + lhs[0].text + "'" + DidYouMean(lhs[0].text, model_.Names()),
                     lhs[0].column);
      }
      return ErrAt("'" + lhs[0].text + "' is not a condition; compare it with a value",
                   lhs[0].column);
    }
    Next();
    XB_ASSIGN_OR_RETURN(std::vector<Atom> rhs, ParseSum());
    if (Peek().kind == Tok::kOp) {
      return ErrAt("chained comparison; split it with 'and'", Peek().column);
    }
    Condition::Op cmp = op.text == "=="   ? Condition::Op::kEq
                        : op.text == "!=" ? Condition::Op::kNe
                        : op.text == "<"  ? Condition::Op::kLt
                        : op.text == "<=" ? Condition::Op::kLe
                        : op.text == ">"  ? Condition::Op::kGt
                                          : Condition::Op::kGe;
    const bool ordering = cmp != Condition::Op::kEq && cmp != Condition::Op::kNe;
    if (IsCountSum(model_, lhs) && IsCountSum(model_, rhs)) {
      EmitSum(lhs);
      EmitSum(rhs);
      Emit(cmp);
      return Status::Ok();
    }
    // Otherwise one side is a single fact and the other a single value of its type.
    if (lhs.size() != 1 || rhs.size() != 1) return ErrAt("only counts can be added", op.column);
    const Atom* fact = lhs[0].kind == Atom::kFact   ? &lhs[0]
                       : rhs[0].kind == Atom::kFact ? &rhs[0]
                                                    : nullptr;
    if (fact == nullptr) return ErrAt("a comparison needs a fact on one side", op.column);
    const Atom& value = fact == &lhs[0] ? rhs[0] : lhs[0];
    const FactType type = model_.info(fact->fact).type;
    if (ordering && type != FactType::kDate && type != FactType::kCount) {
      return ErrAt("'" + op.text + "' orders numbers and dates; " + model_.info(fact->fact).name +
                       " is " + FactTypeName(type),
                   op.column);
    }
    if (value.kind == Atom::kFact) {
      if (model_.info(value.fact).type != type || type == FactType::kSet) {
        return ErrAt("cannot compare " + model_.info(fact->fact).name + " with " +
                         model_.info(value.fact).name,
                     op.column);
      }
      EmitSum(lhs);
      EmitSum(rhs);
      Emit(cmp);
      return Status::Ok();
    }
    XB_ASSIGN_OR_RETURN(int64_t constant, Resolve(fact->fact, value));
    if (fact == &lhs[0]) {
      Emit(Condition::Op::kFact, fact->fact);
      Emit(Condition::Op::kConst, 0, constant);
    } else {
      Emit(Condition::Op::kConst, 0, constant);
      Emit(Condition::Op::kFact, fact->fact);
    }
    Emit(cmp);
    return Status::Ok();
  }

  Status ParseMembership(const std::vector<Atom>& lhs, bool negated, int column) {
    if (lhs.size() != 1) return ErrAt("'in' takes a single value on its left", column);
    const Atom& left = lhs[0];
    if (Peek().kind == Tok::kIdent) {
      // symbol in set-fact
      XB_ASSIGN_OR_RETURN(Atom set, ParseAtom());
      if (set.kind != Atom::kFact || model_.info(set.fact).type != FactType::kSet) {
        return ErrAt("'in' needs a set fact or a list {a, b} on its right", set.column);
      }
      if (left.kind != Atom::kSymbol) {
        return ErrAt("the left side of 'in " + model_.info(set.fact).name + "' must be a symbol",
                     left.column);
      }
      auto bit = model_.SymbolIndex(set.fact, left.text);
      if (!bit) {
        return ErrAt("'" + left.text + "' is not a value of " + model_.info(set.fact).name +
                         DidYouMean(left.text, model_.info(set.fact).vocabulary),
                     left.column);
      }
      Emit(Condition::Op::kHasMember, set.fact, static_cast<int64_t>(uint64_t{1} << *bit));
      if (negated) Emit(Condition::Op::kNot);
      return Status::Ok();
    }
    if (Peek().kind != Tok::kLBrace) return ErrAt("expected '{' after 'in'", Peek().column);
    Next();
    if (left.kind != Atom::kFact)
      return ErrAt("the left side of 'in {...}' must be a fact", left.column);
    if (model_.info(left.fact).type == FactType::kSet) {
      return ErrAt("test one member at a time: 'symbol in " + model_.info(left.fact).name + "'",
                   left.column);
    }
    const int32_t offset = static_cast<int32_t>(out_->pool_.size());
    int64_t n = 0;
    while (true) {
      XB_ASSIGN_OR_RETURN(Atom v, ParseAtom());
      XB_ASSIGN_OR_RETURN(int64_t c, Resolve(left.fact, v));
      out_->pool_.push_back(c);
      ++n;
      if (Peek().kind == Tok::kComma) {
        Next();
        continue;
      }
      if (Peek().kind == Tok::kRBrace) {
        Next();
        break;
      }
      return ErrAt("expected ',' or '}'", Peek().column);
    }
    Emit(Condition::Op::kFact, left.fact);
    Emit(negated ? Condition::Op::kNotIn : Condition::Op::kIn, offset, n);
    return Status::Ok();
  }

  // set-fact within {a, b}: every member the set has is one of a, b.
  Status ParseWithin(const std::vector<Atom>& lhs, int column) {
    if (lhs.size() != 1 || lhs[0].kind != Atom::kFact ||
        model_.info(lhs[0].fact).type != FactType::kSet) {
      return ErrAt("'within' needs a set fact on its left", column);
    }
    const int fact = lhs[0].fact;
    if (Peek().kind != Tok::kLBrace) return ErrAt("expected '{' after 'within'", Peek().column);
    Next();
    uint64_t mask = 0;
    while (true) {
      const Token& t = Next();
      if (t.kind != Tok::kIdent || IsKeyword(t.text))
        return ErrAt("expected a value of " + model_.info(fact).name, t.column);
      auto bit = model_.SymbolIndex(fact, t.text);
      if (!bit) {
        return ErrAt("'" + t.text + "' is not a value of " + model_.info(fact).name +
                         DidYouMean(t.text, model_.info(fact).vocabulary),
                     t.column);
      }
      mask |= uint64_t{1} << *bit;
      if (Peek().kind == Tok::kComma) {
        Next();
        continue;
      }
      if (Peek().kind == Tok::kRBrace) {
        Next();
        break;
      }
      return ErrAt("expected ',' or '}'", Peek().column);
    }
    Emit(Condition::Op::kWithin, fact, static_cast<int64_t>(mask));
    return Status::Ok();
  }

  const FactModel& model_;
  const ConditionOptions& options_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  Condition* out_;
  int depth_ = 0;
  int max_depth_ = 0;
};

Result<Condition> Condition::Compile(std::string_view text, const FactModel& model,
                                     const ConditionOptions& options) {
  XB_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  Condition c;
  c.text_ = std::string(text);
  if (tokens.size() == 1) return ErrAt("empty condition (write 'true' to always apply)", 1);
  ConditionCompiler compiler(model, options, std::move(tokens), &c);
  XB_RETURN_IF_ERROR(compiler.Run());
  return c;
}

namespace {

constexpr Interval kTrue{1, 1};
constexpr Interval kFalse{0, 0};
constexpr Interval kUnknown{0, 1};

inline Interval Tri(bool definitely_true, bool definitely_false) {
  return definitely_true ? kTrue : definitely_false ? kFalse : kUnknown;
}

inline int64_t SatAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return a > 0 ? kCountMax : std::numeric_limits<int64_t>::min();
  return r;
}

}  // namespace

std::vector<Condition::CountBound> Condition::CountBounds() const {
  // Runs the program over shapes instead of values: a sum of facts, a constant, or anything
  // else (a truth value, a mixed sum).
  struct Shape {
    uint64_t facts = 0;
    bool constant = false;
    int64_t value = 0;
    bool sum() const { return facts != 0 && !constant; }
  };
  std::vector<CountBound> out;
  std::vector<Shape> stack;
  for (const Instr& in : code_) {
    switch (in.op) {
      case Op::kFact:
        stack.push_back({uint64_t{1} << in.a, false, 0});
        break;
      case Op::kConst:
        stack.push_back({0, true, in.b});
        break;
      case Op::kHasMember:
      case Op::kWithin:
        stack.push_back({});
        break;
      case Op::kAdd: {
        Shape b = stack.back();
        stack.pop_back();
        Shape& a = stack.back();
        a = a.sum() && b.sum() ? Shape{a.facts | b.facts, false, 0} : Shape{};
        break;
      }
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        Shape b = stack.back();
        stack.pop_back();
        Shape& a = stack.back();
        if (a.sum() && b.constant) {
          out.push_back({a.facts, in.op, b.value});
        } else if (a.constant && b.sum()) {
          Op turned = in.op == Op::kLt   ? Op::kGt
                      : in.op == Op::kLe ? Op::kGe
                      : in.op == Op::kGt ? Op::kLt
                      : in.op == Op::kGe ? Op::kLe
                                         : in.op;
          out.push_back({b.facts, turned, a.value});
        }
        a = Shape{};
        break;
      }
      case Op::kIn:
      case Op::kNotIn:
      case Op::kNot:
        stack.back() = Shape{};
        break;
      case Op::kAnd:
      case Op::kOr:
        stack.pop_back();
        stack.back() = Shape{};
        break;
    }
  }
  return out;
}

Interval Condition::Evaluate(const FactVector& facts) const {
  if (code_.empty()) return kTrue;
  Interval stack[kMaxStack + 1];
  int sp = 0;
  size_t next_check = 0;
  const size_t n = code_.size();
  for (size_t pc = 0; pc < n; ++pc) {
    if (next_check < checkpoints_.size() && pc == checkpoints_[next_check]) {
      // Top level, one value on the stack: a definite false ends an 'and' chain, a definite true
      // an 'or' chain.
      ++next_check;
      if (stop_when_ == 0 ? stack[0].hi == 0 : stack[0].lo == 1) return stack[0];
    }
    const Instr& in = code_[pc];
    switch (in.op) {
      case Op::kFact:
        stack[sp++] = facts[in.a];
        break;
      case Op::kConst:
        stack[sp++] = {in.b, in.b};
        break;
      case Op::kHasMember: {
        const Interval& s = facts[in.a];
        stack[sp++] = Tri((s.lo & in.b) != 0, (s.hi & in.b) == 0);
        break;
      }
      case Op::kWithin: {
        // Certainly within when even the members it may have are listed; certainly not when a
        // member it certainly has is not.
        const Interval& s = facts[in.a];
        const uint64_t outside = ~static_cast<uint64_t>(in.b);
        stack[sp++] = Tri((static_cast<uint64_t>(s.hi) & outside) == 0,
                          (static_cast<uint64_t>(s.lo) & outside) != 0);
        break;
      }
      case Op::kAdd: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = {SatAdd(a.lo, b.lo), SatAdd(a.hi, b.hi)};
        break;
      }
      case Op::kEq:
      case Op::kNe: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        Interval eq = Tri(a.known() && b.known() && a.lo == b.lo, a.hi < b.lo || b.hi < a.lo);
        a = in.op == Op::kEq ? eq : Interval{1 - eq.hi, 1 - eq.lo};
        break;
      }
      case Op::kLt: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = Tri(a.hi < b.lo, a.lo >= b.hi);
        break;
      }
      case Op::kLe: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = Tri(a.hi <= b.lo, a.lo > b.hi);
        break;
      }
      case Op::kGt: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = Tri(a.lo > b.hi, a.hi <= b.lo);
        break;
      }
      case Op::kGe: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = Tri(a.lo >= b.hi, a.hi < b.lo);
        break;
      }
      case Op::kIn:
      case Op::kNotIn: {
        Interval& x = stack[sp - 1];
        bool hit = false, possible = false;
        for (int64_t i = 0; i < in.b; ++i) {
          const int64_t v = pool_[in.a + i];
          hit |= x.known() && x.lo == v;
          possible |= x.lo <= v && v <= x.hi;
        }
        Interval r = Tri(hit, !possible);
        x = in.op == Op::kIn ? r : Interval{1 - r.hi, 1 - r.lo};
        break;
      }
      case Op::kAnd: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = {std::min(a.lo, b.lo), std::min(a.hi, b.hi)};
        break;
      }
      case Op::kOr: {
        Interval b = stack[--sp];
        Interval& a = stack[sp - 1];
        a = {std::max(a.lo, b.lo), std::max(a.hi, b.hi)};
        break;
      }
      case Op::kNot: {
        Interval& a = stack[sp - 1];
        a = {1 - a.hi, 1 - a.lo};
        break;
      }
    }
  }
  return stack[0];
}

}  // namespace xb::rules
