#include "detect/text/quality_score.h"

#include <set>

namespace xb::text {

void TypeScore::Merge(const TypeScore& o) {
  gold += o.gold;
  predicted += o.predicted;
  exact += o.exact;
  overlap_pred += o.overlap_pred;
  overlap_gold += o.overlap_gold;
}

bool IsValidatedIdentifier(std::string_view type) {
  static const std::set<std::string_view> kValidated = {
      "CN_RESIDENT_ID", "CN_MOBILE",     "PHONE_NUMBER",  "BANK_CARD",
      "CN_PASSPORT",    "PASSPORT",      "CN_HMT_PERMIT", "CN_LICENSE_PLATE",
      "CN_USCC",        "EMAIL_ADDRESS", "IP_ADDRESS",    "MAC_ADDRESS",
      "IMEI",           "IBAN",          "GPS_COORDINATE"};
  return kValidated.count(type) > 0;
}

std::vector<LabelledSpan> ToLabelledSpans(const std::vector<TextFinding>& findings) {
  std::vector<LabelledSpan> spans;
  for (const TextFinding& f : findings) {
    std::string type(EntityTypeName(f.type));
    if (f.masked) type += ":masked";
    spans.push_back({static_cast<int>(f.start), static_cast<int>(f.end), std::move(type)});
  }
  return spans;
}

void QualityScore::Add(const std::vector<LabelledSpan>& gold,
                       const std::vector<LabelledSpan>& pred) {
  for (const LabelledSpan& g : gold) ++by_type_[g.type].gold;
  for (const LabelledSpan& p : pred) {
    TypeScore& t = by_type_[p.type];
    ++t.predicted;
    for (const LabelledSpan& g : gold) {
      if (g.type == p.type && g.start == p.start && g.end == p.end) {
        ++t.exact;
        break;
      }
    }
  }
  std::vector<bool> gold_used(gold.size(), false);
  for (const LabelledSpan& p : pred) {
    for (size_t i = 0; i < gold.size(); ++i) {
      if (gold_used[i] || gold[i].type != p.type) continue;
      if (gold[i].start < p.end && p.start < gold[i].end) {
        gold_used[i] = true;
        ++by_type_[p.type].overlap_pred;
        ++by_type_[p.type].overlap_gold;
        break;
      }
    }
  }
}

TypeScore QualityScore::Validated() const {
  TypeScore total;
  for (const auto& [type, score] : by_type_) {
    if (IsValidatedIdentifier(type)) total.Merge(score);
  }
  return total;
}

TypeScore QualityScore::All() const {
  TypeScore total;
  for (const auto& [type, score] : by_type_) total.Merge(score);
  return total;
}

}  // namespace xb::text
