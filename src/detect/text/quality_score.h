// Scoring detector output against labelled spans: the arithmetic shared by the quality harness
// (bench/quality_tool.cc) and the quality regression test. Two matching rules per type:
// exact (same span, same type) and overlap (same type, spans share a code point, one-to-one).
// A masked finding is scored as type "<TYPE>:masked", so masked values never count as the
// identifier itself.
#ifndef XBORDER_DETECT_TEXT_QUALITY_SCORE_H_
#define XBORDER_DETECT_TEXT_QUALITY_SCORE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "detect/text/text_detector.h"

namespace xb::text {

struct LabelledSpan {
  int start;  // code points, end exclusive
  int end;
  std::string type;
};

struct TypeScore {
  int gold = 0;
  int predicted = 0;
  int exact = 0;         // predicted spans equal to a gold span
  int overlap_pred = 0;  // predicted spans matched one-to-one to an overlapping gold span
  int overlap_gold = 0;

  double ExactPrecision() const { return Ratio(exact, predicted); }
  double ExactRecall() const { return Ratio(exact, gold); }
  double OverlapPrecision() const { return Ratio(overlap_pred, predicted); }
  double OverlapRecall() const { return Ratio(overlap_gold, gold); }
  static double F1(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }
  void Merge(const TypeScore& other);

 private:
  static double Ratio(int a, int b) { return b == 0 ? 1.0 : static_cast<double>(a) / b; }
};

// The checksum- or shape-validated identifier types of DESIGN.md §3 (the ≥ 0.99 target).
bool IsValidatedIdentifier(std::string_view type);

// Findings as labelled spans ("CN_MOBILE", "CN_RESIDENT_ID:masked").
std::vector<LabelledSpan> ToLabelledSpans(const std::vector<TextFinding>& findings);

// Not thread-safe; accumulate one document at a time.
class QualityScore {
 public:
  void Add(const std::vector<LabelledSpan>& gold, const std::vector<LabelledSpan>& predicted);
  const std::map<std::string, TypeScore>& by_type() const { return by_type_; }
  TypeScore Validated() const;  // micro-average over the validated identifier types
  TypeScore All() const;

 private:
  std::map<std::string, TypeScore> by_type_;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_QUALITY_SCORE_H_
