#include "transfer/transfer_resources.h"

namespace xb::transfer {
namespace {

// A service sees today and the few as_of dates its plans name; more than this many dates at
// once is a batch of back-dated runs, which pay for a new one each (tens of milliseconds).
constexpr size_t kDatesKept = 4;

// The cached value for `day`, or one made by `make` (outside the lock: building takes tens of
// milliseconds, and two threads building the same date at once is harmless).
template <typename T, typename Make>
Result<std::shared_ptr<const T>> CachedFor(
    std::mutex& mu, std::deque<std::pair<CivilDate, std::shared_ptr<const T>>>& cache,
    CivilDate day, const Make& make) {
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& [date, value] : cache) {
      if (date == day) return value;
    }
  }
  XB_ASSIGN_OR_RETURN(std::unique_ptr<T> made, make());
  std::shared_ptr<const T> shared(std::move(made));
  std::lock_guard<std::mutex> lock(mu);
  cache.emplace_front(day, shared);
  if (cache.size() > kDatesKept) cache.pop_back();
  return shared;
}

}  // namespace

Result<std::shared_ptr<const TransferResources>> TransferResources::Load(
    const std::string& rules_dir) {
  std::shared_ptr<TransferResources> r(new TransferResources());
  XB_ASSIGN_OR_RETURN(r->rules_, rules::LoadRulesContext(rules_dir));
  XB_ASSIGN_OR_RETURN(r->taxonomy_, Taxonomy::LoadDefault(r->rules_->data_dir));
  const CivilDate today = CivilDate::TodayInChina();
  XB_RETURN_IF_ERROR(r->ClassifierFor(today));
  XB_RETURN_IF_ERROR(r->DetectorFor(today));
  return std::shared_ptr<const TransferResources>(std::move(r));
}

Result<std::shared_ptr<const ColumnClassifier>> TransferResources::ClassifierFor(
    CivilDate day) const {
  return CachedFor<ColumnClassifier>(mu_, classifiers_, day, [&] {
    ClassifierOptions options;
    options.data_dir = rules_->data_dir;
    options.today = day;
    return ColumnClassifier::Create(options);
  });
}

Result<std::shared_ptr<const TextDetector>> TransferResources::DetectorFor(CivilDate today) const {
  return CachedFor<TextDetector>(mu_, detectors_, today, [&] {
    TextDetectorOptions options;
    options.data_dir = rules_->data_dir;
    options.today = today;
    return TextDetector::Create(options);
  });
}

}  // namespace xb::transfer
