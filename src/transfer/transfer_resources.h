// What every transfer loads before it reads a plan: the rule packs (with the calendar and the
// country codes), the column classifier, the taxonomy and the free-text detector. The CLI's
// `transfer` loads them for its one run; a service loads them once at start and lends them to
// every request (TransferOptions::resources), so a transfer spends its time on the data, not on
// compiling dictionaries (BENCHMARKS.md, "Service").
//
// The detector knows the latest plausible birth date ("today", the transfer's as_of), and the
// classifier the day it was made; DetectorFor/ClassifierFor build one per date on first need
// and keep the few most recent.
//
// Thread-safety: immutable after Load except for those caches, which are guarded; every member
// function may be called from any number of threads at once. What they return is const and
// shared: ColumnClassifier and TextDetector are safe for concurrent const use.
#ifndef XBORDER_TRANSFER_TRANSFER_RESOURCES_H_
#define XBORDER_TRANSFER_TRANSFER_RESOURCES_H_

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "core/civil_date.h"
#include "core/status.h"
#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "rules/locate.h"
#include "taxonomy/taxonomy.h"

namespace xb::transfer {

class TransferResources {
 public:
  // Loads the rules (rules/locate.h for an empty `rules_dir`) and the taxonomy, and builds the
  // classifier and detector for today in China. Errors: those of LoadRulesContext,
  // Taxonomy::LoadDefault, ColumnClassifier::Create and TextDetector::Create.
  static Result<std::shared_ptr<const TransferResources>> Load(const std::string& rules_dir);

  TransferResources(const TransferResources&) = delete;  // owns compiled databases
  TransferResources& operator=(const TransferResources&) = delete;

  const std::shared_ptr<const rules::RulesContext>& rules() const { return rules_; }
  const Taxonomy& taxonomy() const { return taxonomy_; }

  // The classifier made on `day` (what the CLI makes when it runs that day). Errors: as Create.
  Result<std::shared_ptr<const ColumnClassifier>> ClassifierFor(CivilDate day) const;
  // The detector whose latest plausible birth date is `today`. Errors: as Create.
  Result<std::shared_ptr<const TextDetector>> DetectorFor(CivilDate today) const;

 private:
  TransferResources() = default;
  template <typename T>
  using Cache = std::deque<std::pair<CivilDate, std::shared_ptr<const T>>>;

  std::shared_ptr<const rules::RulesContext> rules_;
  Taxonomy taxonomy_;
  mutable std::mutex mu_;
  mutable Cache<ColumnClassifier> classifiers_;  // GUARDED_BY(mu_), newest first
  mutable Cache<TextDetector> detectors_;        // GUARDED_BY(mu_), newest first
};

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_TRANSFER_RESOURCES_H_
