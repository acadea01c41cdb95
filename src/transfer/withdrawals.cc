#include "transfer/withdrawals.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace xb::transfer {

Result<std::vector<WithdrawalImpact>> FindWithdrawalImpact(ledger::Ledger& ledger,
                                                           consent::ConsentStore& consents,
                                                           const std::string& key_id,
                                                           CivilDate since) {
  XB_ASSIGN_OR_RETURN(auto withdrawn, consents.WithdrawnSince(key_id, since));
  std::unordered_set<Digest, DigestHash> wanted;
  for (const auto& w : withdrawn) wanted.insert(w.subject);
  std::vector<WithdrawalImpact> impacts;
  if (wanted.empty()) return impacts;

  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger.Head());
  for (uint64_t i = 0; i < head.size; ++i) {
    auto group = ledger.store().ReadEntryGroup(i);
    if (!group.ok()) {
      if (group.error().code == ErrorCode::kNotFound) continue;  // not a transfer record
      return std::move(group).error();
    }
    if (group->key_id != key_id) continue;
    XB_ASSIGN_OR_RETURN(auto subjects,
                        ledger.store().ReadEntrySubjects(i, ledger::SubjectKind::kIndividual));
    uint64_t hit = static_cast<uint64_t>(std::count_if(
        subjects.begin(), subjects.end(), [&](const Digest& d) { return wanted.count(d) > 0; }));
    if (hit == 0) continue;
    WithdrawalImpact impact;
    impact.index = i;
    impact.individuals = hit;
    XB_ASSIGN_OR_RETURN(std::string entry, ledger.Entry(i));
    auto j = nlohmann::json::parse(entry, nullptr, false);
    auto text = [&](const char* k) {
      return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
    };
    impact.as_of = text("as_of");
    impact.exporter = text("exporter");
    impact.recipient = text("recipient");
    impact.country = text("country");
    impacts.push_back(std::move(impact));
  }
  return impacts;
}

}  // namespace xb::transfer
