#include "transfer/consent_filter.h"

#include <yaml-cpp/yaml.h>

#include <unordered_map>

namespace xb::transfer {

std::string_view ConsentModeName(ConsentMode mode) {
  switch (mode) {
    case ConsentMode::kNone:
      return "none";
    case ConsentMode::kRequire:
      return "require";
    case ConsentMode::kStrict:
      return "strict";
  }
  return "none";
}

Result<ConsentMode> ParseConsentMode(std::string_view yaml, const std::string& file, int line) {
  std::string value;
  try {
    YAML::Node node = YAML::Load(std::string(yaml));
    if (node.IsMap() && node["mode"]) node = node["mode"];
    if (!node.IsScalar()) {
      return InvalidArgument("expected none, require or strict", {file, line, "consent"});
    }
    value = node.as<std::string>();
  } catch (const YAML::Exception&) {
    return InvalidArgument("expected none, require or strict", {file, line, "consent"});
  }
  if (value == "none" || value == "false") return ConsentMode::kNone;
  if (value == "require" || value == "true") return ConsentMode::kRequire;
  if (value == "strict") return ConsentMode::kStrict;
  return InvalidArgument("expected none, require or strict", {file, line, "consent"});
}

uint64_t ConsentOutcome::without_valid_consent() const {
  uint64_t n = 0;
  for (int i = 1; i < kCoverageCount; ++i) n += individuals[static_cast<size_t>(i)];
  return n;
}

ConsentOutcome ApplyConsent(ConsentMode mode, const std::vector<RowSubject>& rows,
                            const consent::ConsentIndex& index,
                            const consent::ConsentRequest& request) {
  ConsentOutcome out;
  out.keep.assign(rows.size(), true);
  if (mode == ConsentMode::kNone) return out;

  // One decision per individual, however many rows they have.
  std::unordered_map<Digest, consent::Coverage, DigestHash> decided;
  for (size_t i = 0; i < rows.size(); ++i) {
    const RowSubject& r = rows[i];
    if (!r.subject) {
      ++out.unidentified_rows;
      out.keep[i] = false;
      ++out.rows_removed;
      continue;
    }
    auto [it, fresh] = decided.try_emplace(*r.subject, consent::Coverage::kNoRecord);
    if (fresh) {
      auto found = index.find(*r.subject);
      it->second = found == index.end() ? consent::Coverage::kNoRecord
                                        : consent::Evaluate(found->second, request, r.minor);
      ++out.individuals[static_cast<size_t>(it->second)];
    }
    if (it->second != consent::Coverage::kValid) {
      out.keep[i] = false;
      ++out.rows_removed;
    }
  }
  return out;
}

}  // namespace xb::transfer
