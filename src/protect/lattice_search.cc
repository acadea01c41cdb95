#include "protect/lattice_search.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <list>
#include <memory>
#include <numeric>
#include <string>
#include <thread>

namespace xb::protect {
namespace {

constexpr uint64_t kMaxLatticeNodes = uint64_t{1} << 22;
constexpr uint32_t kEmpty = UINT32_MAX;

// Distinct (labels at `levels`, sensitive value) tuples with their row counts. Each tuple is
// packed into `words` 64-bit words: every attribute has a fixed bit field wide enough for its
// original values, so rolling up rewrites only the fields of the attributes that change and the
// packed words are the grouping key.
struct TupleTable {
  std::vector<int> levels;
  size_t size = 0;
  std::vector<uint64_t> keys;    // size * words
  std::vector<uint64_t> counts;  // per tuple
  size_t bytes() const { return keys.size() * 8 + counts.size() * 8 + levels.size() * 4 + 64; }
};

struct Field {
  int word = 0;
  int shift = 0;
  uint64_t mask = 0;
};

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Runs beside() on a helper thread while here() runs on this one, and returns when both are
// done. Both allocate, so both may throw std::bad_alloc: the helper's exception is caught on its
// thread (escaping a thread function would end the process) and rethrown here once it has
// joined; if here() throws, the std::jthread still joins as the stack unwinds (a joinable
// std::thread destroyed would end the process too). Either way the search's caller gets the
// exception, at its out-of-memory boundary (core/out_of_memory.h).
template <typename Beside, typename Here>
void RunBeside(const Beside& beside, const Here& here) {
  std::exception_ptr helper_error;
  {
    std::jthread helper([&] {
      try {
        beside();
      } catch (...) {
        helper_error = std::current_exception();
      }
    });
    here();
  }
  if (helper_error) std::rethrow_exception(helper_error);
}

// Runs fn(begin, end) over [0, n): on two threads (this one and a helper) when n is large
// enough to pay for the thread, else here. fn must write disjoint data for disjoint ranges.
template <typename Fn>
void SplitInTwo(size_t n, const Fn& fn) {
  if (n < (size_t{1} << 16)) {
    fn(0, n);
    return;
  }
  RunBeside([&] { fn(n / 2, n); }, [&] { fn(0, n / 2); });
}

// Assigns dense group ids to `n` keys of `w` words each (keys[i * w ...]). (*group)[i] receives
// item i's group; (*first)[g] the first item of group g, in order of first appearance within
// each partition. Open addressing with linear probing, sized by the number of groups there can
// be (at most `max_groups`), so that tables for nodes with few classes stay in cache. Large
// inputs are split by hash between two threads (the machines this targets have two cores).
class Grouper {
 public:
  void Group(const std::vector<uint64_t>& keys, size_t n, int w, uint64_t max_groups,
             std::vector<uint32_t>* group, std::vector<uint32_t>* first) {
    group->resize(n);
    hashes_.resize(n);
    const size_t expected = static_cast<size_t>(std::min<uint64_t>(n, max_groups));
    const bool parallel = n >= (size_t{1} << 16);
    auto hash_range = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        const uint64_t* k = &keys[i * w];
        uint64_t h = k[0];
        for (int j = 1; j < w; ++j) h = Mix(h) ^ k[j];
        hashes_[i] = Mix(h);
      }
    };
    if (!parallel) {
      hash_range(0, n);
      parts_[0].Run(keys, hashes_, n, w, expected, 1, 0, group);
      first->assign(parts_[0].first.begin(), parts_[0].first.end());
      return;
    }
    SplitInTwo(n, hash_range);
    RunBeside([&] { parts_[1].Run(keys, hashes_, n, w, expected, 2, 1, group); },
              [&] { parts_[0].Run(keys, hashes_, n, w, expected, 2, 0, group); });
    // The second partition's groups are numbered after the first's.
    const uint32_t offset = static_cast<uint32_t>(parts_[0].first.size());
    first->assign(parts_[0].first.begin(), parts_[0].first.end());
    first->insert(first->end(), parts_[1].first.begin(), parts_[1].first.end());
    for (size_t i = 0; i < n; ++i) {
      if (hashes_[i] >> 63) (*group)[i] += offset;
    }
  }

 private:
  struct Part {
    std::vector<uint32_t> slot_group;
    std::vector<uint64_t> slot_key;  // w == 1: the key itself
    std::vector<uint32_t> first;

    void Run(const std::vector<uint64_t>& keys, const std::vector<uint64_t>& hashes, size_t n,
             int w, size_t expected, int parts, int me, std::vector<uint32_t>* group) {
      size_t cap = 16;
      while (cap < expected * 2 / parts + 16) cap <<= 1;
      slot_group.assign(cap, kEmpty);
      if (w == 1) slot_key.resize(cap);
      const size_t mask = cap - 1;
      first.clear();
      // Large tables miss the cache on nearly every probe: fetch the slots a few items ahead,
      // whose hashes are already known, so the misses overlap instead of queueing.
      constexpr size_t kAhead = 16;
      const bool prefetch = cap >= (size_t{1} << 15);
      for (size_t i = 0; i < n; ++i) {
        if (prefetch && i + kAhead < n) {
          const size_t ahead = hashes[i + kAhead] & mask;
          __builtin_prefetch(&slot_group[ahead]);
          if (w == 1) __builtin_prefetch(&slot_key[ahead]);
        }
        const uint64_t h = hashes[i];
        if (parts > 1 && static_cast<int>(h >> 63) != me) continue;
        const uint64_t* k = &keys[i * w];
        size_t s = h & mask;
        while (true) {
          uint32_t g = slot_group[s];
          if (g == kEmpty) {
            g = static_cast<uint32_t>(first.size());
            first.push_back(static_cast<uint32_t>(i));
            slot_group[s] = g;
            if (w == 1) slot_key[s] = k[0];
            (*group)[i] = g;
            break;
          }
          bool equal;
          if (w == 1) {
            equal = slot_key[s] == k[0];
          } else {
            const uint64_t* other = &keys[static_cast<size_t>(first[g]) * w];
            equal = true;
            for (int j = 0; j < w && equal; ++j) equal = k[j] == other[j];
          }
          if (equal) {
            (*group)[i] = g;
            break;
          }
          s = (s + 1) & mask;
        }
      }
    }
  };
  Part parts_[2];
  std::vector<uint64_t> hashes_;
};

// The product of radices, saturating.
uint64_t Product(const std::vector<uint64_t>& radices) {
  uint64_t p = 1;
  for (uint64_t r : radices) {
    if (r != 0 && p > std::numeric_limits<uint64_t>::max() / r)
      return std::numeric_limits<uint64_t>::max();
    p *= std::max<uint64_t>(r, 1);
  }
  return p;
}

struct Eval {
  bool mono_pass = false;  // violations of the monotone conditions within the limit
  bool full_pass = false;  // violations of the whole model within the limit
  uint64_t suppressed = 0;
  uint64_t classes = 0;  // classes not suppressed
  double metric = 0;
  double ns_metric = 0;  // the metric as if no row were suppressed
  std::vector<double> attribute_loss;
};

class Engine {
 public:
  explicit Engine(const SearchProblem& problem) : p_(problem) {}
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void Init();
  Eval Evaluate(const std::vector<int>& levels, std::vector<uint8_t>* row_flags);
  double LowerBound(const std::vector<int>& levels) const;
  // True when the node certainly violates k-anonymity beyond the suppression limit, judged from
  // pairs of attributes alone: every class of the node lies inside one class of its projection
  // on two attributes, so rows in projected classes smaller than k are suppressed at the node.
  bool ProjectionRejects(const std::vector<int>& levels) const;

 private:
  const TupleTable* PickSource(const std::vector<int>& levels);
  void BuildPairBounds();
  void CheckClasses(const TupleTable& table, const std::vector<uint32_t>& class_of, size_t classes,
                    std::vector<uint8_t>* fail_mono, std::vector<uint8_t>* fail_full) const;
  void Remember(std::shared_ptr<TupleTable> table);

  const SearchProblem& p_;
  size_t q_ = 0;
  size_t n_ = 0;
  bool has_sensitive_ = false;
  bool non_monotone_ = false;  // recursive l or t with suppression: checked, never propagated
  uint64_t limit_rows_ = 0;
  std::vector<uint32_t> row_tuple_;
  TupleTable base_;
  std::list<std::shared_ptr<TupleTable>> cache_;  // most recently used first
  size_t cache_bytes_ = 0;
  std::vector<std::vector<std::vector<double>>> cell_loss_;  // [qi][level][label]
  std::vector<std::vector<double>> average_loss_;            // [qi][level], over rows
  std::vector<double> global_share_;                         // sensitive value -> share of rows
  uint32_t Label(const TupleTable& t, size_t tuple, size_t i) const {
    const Field& f = fields_[i];
    return static_cast<uint32_t>((t.keys[tuple * words_ + f.word] >> f.shift) & f.mask);
  }
  uint32_t Sensitive(const TupleTable& t, size_t tuple) const { return Label(t, tuple, q_); }

  std::vector<Field> fields_;  // one per quasi-identifier, then the sensitive value
  int words_ = 1;
  Grouper grouper_;
  std::vector<uint64_t> keys_;  // scratch
  // Per-evaluation arrays as large as the source table (tens of MB at 10 M rows), kept across
  // evaluations: allocating them afresh mapped and faulted in new pages every time.
  struct Scratch {
    std::vector<uint32_t> tuple_of;
    std::vector<uint32_t> first;
    std::vector<uint32_t> class_of;
  } scratch_;
  struct PairBound {
    size_t i = 0, j = 0;
    int height_j = 0;
    std::vector<uint64_t> small;  // [level_i * height_j + level_j]: rows in pairs of < k rows
  };
  std::vector<PairBound> pair_bounds_;
};

void Engine::Init() {
  q_ = p_.quasi_identifiers.size();
  n_ = p_.quasi_identifiers[0].leaves.size();
  has_sensitive_ = p_.model.l_diversity.has_value() || p_.model.t_closeness.has_value();
  const bool recursive =
      p_.model.l_diversity && p_.model.l_diversity->variant == LDiversityVariant::kRecursive;
  non_monotone_ = p_.model.suppression_limit > 0 && (recursive || p_.model.t_closeness);
  limit_rows_ = static_cast<uint64_t>(
      std::floor(p_.model.suppression_limit * static_cast<double>(n_) + 1e-9));

  // Bit fields: each attribute gets the bits of its largest original id, packed greedily.
  std::vector<uint64_t> domains;
  for (const auto& qi : p_.quasi_identifiers) domains.push_back(qi.hierarchy->domain_size());
  if (has_sensitive_) domains.push_back(p_.sensitive_values);
  int used = 0;
  words_ = 1;
  for (uint64_t d : domains) {
    int bits = 1;
    while (bits < 64 && (uint64_t{1} << bits) < d) ++bits;
    if (used + bits > 64) {
      ++words_;
      used = 0;
    }
    fields_.push_back({words_ - 1, used, bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1});
    used += bits;
  }
  // Distinct tuples of the rows.
  {
    const size_t w = static_cast<size_t>(words_);
    std::vector<uint64_t> keys(n_ * w, 0);
    for (size_t i = 0; i < q_; ++i) {
      const auto& leaves = p_.quasi_identifiers[i].leaves;
      const Field f = fields_[i];
      for (size_t r = 0; r < n_; ++r) keys[r * w + f.word] |= uint64_t{leaves[r]} << f.shift;
    }
    if (has_sensitive_) {
      const Field f = fields_[q_];
      for (size_t r = 0; r < n_; ++r) keys[r * w + f.word] |= uint64_t{p_.sensitive[r]} << f.shift;
    }
    std::vector<uint32_t> first;
    grouper_.Group(keys, n_, words_, Product(domains), &row_tuple_, &first);
    base_.levels.assign(q_, 0);
    base_.size = first.size();
    base_.keys.resize(base_.size * w);
    for (size_t t = 0; t < base_.size; ++t) {
      for (size_t j = 0; j < w; ++j) base_.keys[t * w + j] = keys[first[t] * w + j];
    }
    base_.counts.assign(base_.size, 0);
    for (size_t r = 0; r < n_; ++r) ++base_.counts[row_tuple_[r]];
  }

  cell_loss_.resize(q_);
  average_loss_.resize(q_);
  for (size_t i = 0; i < q_; ++i) {
    const Hierarchy& h = *p_.quasi_identifiers[i].hierarchy;
    const double domain = static_cast<double>(h.domain_size());
    cell_loss_[i].resize(h.height());
    average_loss_[i].assign(h.height(), 0);
    for (int level = 0; level < h.height(); ++level) {
      auto& losses = cell_loss_[i][level];
      losses.resize(h.label_count(level));
      for (uint32_t label = 0; label < losses.size(); ++label) {
        losses[label] = domain > 1 ? (h.LeavesUnder(level, label) - 1) / (domain - 1) : 0.0;
      }
      double sum = 0;
      for (size_t t = 0; t < base_.size; ++t) {
        sum += static_cast<double>(base_.counts[t]) * losses[h.LabelOf(level, Label(base_, t, i))];
      }
      average_loss_[i][level] = sum / static_cast<double>(n_);
    }
  }
  BuildPairBounds();
  if (has_sensitive_) {
    global_share_.assign(p_.sensitive_values, 0);
    for (uint32_t v : p_.sensitive) global_share_[v] += 1;
    for (double& s : global_share_) s /= static_cast<double>(n_);
  }
}

void Engine::BuildPairBounds() {
  if (p_.model.k <= 1) return;
  constexpr size_t kMaxCells = size_t{1} << 22;
  std::vector<uint64_t> dense;
  std::vector<uint64_t> rolled;
  for (size_t i = 0; i < q_; ++i) {
    const Hierarchy& hi = *p_.quasi_identifiers[i].hierarchy;
    for (size_t j = i + 1; j < q_; ++j) {
      const Hierarchy& hj = *p_.quasi_identifiers[j].hierarchy;
      const size_t di = hi.domain_size(), dj = hj.domain_size();
      if (di * dj > kMaxCells) continue;
      dense.assign(di * dj, 0);
      for (size_t t = 0; t < base_.size; ++t) {
        dense[Label(base_, t, i) * dj + Label(base_, t, j)] += base_.counts[t];
      }
      struct Cell {
        uint32_t a, b;
        uint64_t count;
      };
      std::vector<Cell> cells;
      for (size_t c = 0; c < dense.size(); ++c) {
        if (dense[c] > 0) {
          cells.push_back({static_cast<uint32_t>(c / dj), static_cast<uint32_t>(c % dj), dense[c]});
        }
      }
      PairBound pb;
      pb.i = i;
      pb.j = j;
      pb.height_j = hj.height();
      pb.small.assign(static_cast<size_t>(hi.height()) * hj.height(), 0);
      for (int li = 0; li < hi.height(); ++li) {
        for (int lj = 0; lj < hj.height(); ++lj) {
          const size_t lc = hj.label_count(lj);
          rolled.assign(hi.label_count(li) * lc, 0);
          for (const Cell& c : cells) {
            rolled[hi.LabelOf(li, c.a) * lc + hj.LabelOf(lj, c.b)] += c.count;
          }
          uint64_t small = 0;
          for (uint64_t r : rolled) {
            if (r > 0 && r < p_.model.k) small += r;
          }
          pb.small[static_cast<size_t>(li) * pb.height_j + lj] = small;
        }
      }
      pair_bounds_.push_back(std::move(pb));
    }
  }
}

bool Engine::ProjectionRejects(const std::vector<int>& levels) const {
  for (const PairBound& pb : pair_bounds_) {
    if (pb.small[static_cast<size_t>(levels[pb.i]) * pb.height_j + levels[pb.j]] > limit_rows_) {
      return true;
    }
  }
  return false;
}

double Engine::LowerBound(const std::vector<int>& levels) const {
  switch (p_.metric) {
    case Metric::kLoss: {
      double product = 1;
      for (size_t i = 0; i < q_; ++i) product *= 1 + average_loss_[i][levels[i]];
      return std::pow(product, 1.0 / static_cast<double>(q_)) - 1;
    }
    case Metric::kPrecision: {
      double sum = 0;
      for (size_t i = 0; i < q_; ++i) {
        int h = p_.quasi_identifiers[i].hierarchy->height();
        sum += h > 1 ? static_cast<double>(levels[i]) / (h - 1) : 0.0;
      }
      return sum / static_cast<double>(q_);
    }
    case Metric::kDiscernibility:
      // Every kept row is in a class of >= k rows, every suppressed row costs n >= k.
      return static_cast<double>(n_) * static_cast<double>(p_.model.k);
    case Metric::kAecs:
      return static_cast<double>(p_.model.k);
  }
  return 0;
}

const TupleTable* Engine::PickSource(const std::vector<int>& levels) {
  auto best = cache_.end();
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    bool below = true;
    for (size_t i = 0; i < q_ && below; ++i) below = (*it)->levels[i] <= levels[i];
    if (below && (best == cache_.end() || (*it)->size < (*best)->size)) best = it;
  }
  if (best == cache_.end()) return &base_;
  cache_.splice(cache_.begin(), cache_, best);  // most recently used
  return cache_.front().get();
}

void Engine::Remember(std::shared_ptr<TupleTable> table) {
  const size_t bytes = table->bytes();
  if (bytes > p_.cache_bytes / 4 || table->size * 2 > base_.size) return;
  cache_.push_front(std::move(table));
  cache_bytes_ += bytes;
  while (cache_bytes_ > p_.cache_bytes && cache_.size() > 1) {
    cache_bytes_ -= cache_.back()->bytes();
    cache_.pop_back();
  }
}

void Engine::CheckClasses(const TupleTable& table, const std::vector<uint32_t>& class_of,
                          size_t classes, std::vector<uint8_t>* fail_mono,
                          std::vector<uint8_t>* fail_full) const {
  // Class sizes and, per class, its tuples (one per distinct sensitive value).
  std::vector<uint64_t> size(classes, 0);
  for (size_t t = 0; t < table.size; ++t) size[class_of[t]] += table.counts[t];
  fail_mono->assign(classes, 0);
  for (size_t c = 0; c < classes; ++c) (*fail_mono)[c] = size[c] < p_.model.k;
  if (!has_sensitive_) {
    *fail_full = *fail_mono;
    return;
  }
  std::vector<uint32_t> start(classes + 1, 0);
  for (size_t t = 0; t < table.size; ++t) ++start[class_of[t] + 1];
  for (size_t c = 0; c < classes; ++c) start[c + 1] += start[c];
  std::vector<uint32_t> members(table.size);
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t t = 0; t < table.size; ++t) members[fill[class_of[t]]++] = static_cast<uint32_t>(t);
  }
  fail_full->assign(classes, 0);
  const auto& ld = p_.model.l_diversity;
  const auto& tc = p_.model.t_closeness;
  const size_t m = p_.sensitive_values;
  std::vector<double> dense(tc && tc->distance == EmdDistance::kOrdered ? m : 0, 0.0);
  std::vector<uint64_t> counts;
  for (size_t c = 0; c < classes; ++c) {
    const uint32_t* begin = members.data() + start[c];
    const uint32_t* end = members.data() + start[c + 1];
    const size_t distinct = static_cast<size_t>(end - begin);
    bool monotone_violation = (*fail_mono)[c];
    bool other_violation = false;
    if (ld) {
      if (distinct < static_cast<size_t>(ld->l)) monotone_violation = true;
      if (ld->variant == LDiversityVariant::kRecursive && !monotone_violation) {
        counts.clear();
        for (const uint32_t* t = begin; t != end; ++t) counts.push_back(table.counts[*t]);
        std::sort(counts.begin(), counts.end(), std::greater<>());
        double tail = 0;
        for (size_t j = static_cast<size_t>(ld->l) - 1; j < counts.size(); ++j) tail += counts[j];
        if (!(static_cast<double>(counts[0]) < ld->c * tail)) other_violation = true;
      }
    }
    if (tc && !monotone_violation && !other_violation) {
      const double total = static_cast<double>(size[c]);
      double emd = 0;
      if (tc->distance == EmdDistance::kEqual) {
        double sum = 1;
        for (const uint32_t* t = begin; t != end; ++t) {
          const double share = table.counts[*t] / total;
          const double global = global_share_[Sensitive(table, *t)];
          sum += std::fabs(share - global) - global;
        }
        emd = 0.5 * sum;
      } else if (m > 1) {
        for (const uint32_t* t = begin; t != end; ++t) {
          dense[Sensitive(table, *t)] = table.counts[*t] / total;
        }
        double cumulative = 0, sum = 0;
        for (size_t v = 0; v + 1 < m; ++v) {
          cumulative += dense[v] - global_share_[v];
          sum += std::fabs(cumulative);
        }
        emd = sum / static_cast<double>(m - 1);
        for (const uint32_t* t = begin; t != end; ++t) dense[Sensitive(table, *t)] = 0;
      }
      if (emd > tc->t + 1e-12) other_violation = true;
    }
    if (other_violation && !non_monotone_) monotone_violation = true;
    (*fail_mono)[c] = monotone_violation;
    (*fail_full)[c] = monotone_violation || other_violation;
  }
}

Eval Engine::Evaluate(const std::vector<int>& levels, std::vector<uint8_t>* row_flags) {
  const TupleTable& src = row_flags != nullptr ? base_ : *PickSource(levels);

  // Roll the source tuples up to `levels`: rewrite the fields of the attributes that change.
  const size_t w = static_cast<size_t>(words_);
  struct Change {
    Field field;
    std::vector<uint32_t> map;
  };
  std::vector<Change> changes;
  std::vector<uint64_t> radices;
  for (size_t i = 0; i < q_; ++i) {
    const Hierarchy& h = *p_.quasi_identifiers[i].hierarchy;
    radices.push_back(h.label_count(levels[i]));
    const int from = src.levels[i];
    if (from == levels[i]) continue;
    Change c{fields_[i], std::vector<uint32_t>(h.label_count(from))};
    for (uint32_t label = 0; label < c.map.size(); ++label) {
      c.map[label] = h.Generalize(from, levels[i], label);
    }
    changes.push_back(std::move(c));
  }
  const uint64_t qi_groups = Product(radices);
  if (has_sensitive_) radices.push_back(p_.sensitive_values);
  auto table = std::make_shared<TupleTable>();
  table->levels = levels;
  std::vector<uint32_t>& tuple_of = scratch_.tuple_of;
  {
    std::vector<uint64_t>& keys = keys_;
    keys.resize(src.keys.size());
    SplitInTwo(src.size, [&](size_t begin, size_t end) {
      std::copy(src.keys.begin() + static_cast<ptrdiff_t>(begin * w),
                src.keys.begin() + static_cast<ptrdiff_t>(end * w),
                keys.begin() + static_cast<ptrdiff_t>(begin * w));
      for (const Change& c : changes) {
        const Field f = c.field;
        const uint32_t* map = c.map.data();
        for (size_t t = begin; t < end; ++t) {
          uint64_t& word = keys[t * w + f.word];
          const uint64_t label = map[(word >> f.shift) & f.mask];
          word = (word & ~(f.mask << f.shift)) | (label << f.shift);
        }
      }
    });
    std::vector<uint32_t>& first = scratch_.first;
    grouper_.Group(keys, src.size, words_, Product(radices), &tuple_of, &first);
    table->size = first.size();
    table->keys.resize(table->size * w);
    for (size_t t = 0; t < table->size; ++t) {
      for (size_t j = 0; j < w; ++j) table->keys[t * w + j] = keys[first[t] * w + j];
    }
    table->counts.assign(table->size, 0);
    for (size_t t = 0; t < src.size; ++t) table->counts[tuple_of[t]] += src.counts[t];
  }

  // Equivalence classes: tuples with equal labels (the sensitive field cleared).
  std::vector<uint32_t>& class_of = scratch_.class_of;
  size_t classes;
  if (has_sensitive_) {
    std::vector<uint64_t>& keys = keys_;
    keys.assign(table->keys.begin(), table->keys.end());
    const Field f = fields_[q_];
    for (size_t t = 0; t < table->size; ++t) keys[t * w + f.word] &= ~(f.mask << f.shift);
    std::vector<uint32_t>& first = scratch_.first;
    grouper_.Group(keys, table->size, words_, qi_groups, &class_of, &first);
    classes = first.size();
  } else {
    class_of.resize(table->size);
    std::iota(class_of.begin(), class_of.end(), 0u);
    classes = table->size;
  }

  std::vector<uint8_t> fail_mono, fail_full;
  CheckClasses(*table, class_of, classes, &fail_mono, &fail_full);
  Eval ev;
  uint64_t suppressed_mono = 0, suppressed_full = 0;
  std::vector<uint64_t> class_size(classes, 0);
  for (size_t t = 0; t < table->size; ++t) {
    class_size[class_of[t]] += table->counts[t];
    if (fail_mono[class_of[t]]) suppressed_mono += table->counts[t];
    if (fail_full[class_of[t]]) suppressed_full += table->counts[t];
  }
  ev.mono_pass = suppressed_mono <= limit_rows_;
  ev.full_pass = ev.mono_pass && suppressed_full <= limit_rows_;
  ev.suppressed = suppressed_full;
  for (size_t c = 0; c < classes; ++c) ev.classes += fail_full[c] ? 0 : 1;

  const double n = static_cast<double>(n_);
  if (!ev.mono_pass && row_flags == nullptr) {
    Remember(std::move(table));
    return ev;  // the metric of a node that fails is never used
  }
  switch (p_.metric) {
    case Metric::kLoss: {
      ev.attribute_loss.assign(q_, 0);
      for (size_t t = 0; t < table->size; ++t) {
        if (fail_full[class_of[t]]) continue;
        const double count = static_cast<double>(table->counts[t]);
        for (size_t i = 0; i < q_; ++i) {
          ev.attribute_loss[i] += count * cell_loss_[i][levels[i]][Label(*table, t, i)];
        }
      }
      double product = 1;
      for (double& loss : ev.attribute_loss) {
        loss = (loss + static_cast<double>(suppressed_full)) / n;
        product *= 1 + loss;
      }
      ev.metric = std::pow(product, 1.0 / static_cast<double>(q_)) - 1;
      ev.ns_metric = LowerBound(levels);
      break;
    }
    case Metric::kPrecision: {
      const double kept = n - static_cast<double>(suppressed_full);
      double sum = 0;
      for (size_t i = 0; i < q_; ++i) {
        int h = p_.quasi_identifiers[i].hierarchy->height();
        double share = h > 1 ? static_cast<double>(levels[i]) / (h - 1) : 0.0;
        sum += (share * kept + static_cast<double>(suppressed_full)) / n;
      }
      ev.metric = sum / static_cast<double>(q_);
      ev.ns_metric = LowerBound(levels);
      break;
    }
    case Metric::kDiscernibility: {
      double kept = 0, all = 0;
      for (size_t c = 0; c < classes; ++c) {
        const double s = static_cast<double>(class_size[c]);
        all += s * s;
        if (!fail_full[c]) kept += s * s;
      }
      ev.metric = kept + static_cast<double>(suppressed_full) * n;
      ev.ns_metric = all;
      break;
    }
    case Metric::kAecs:
      ev.metric = ev.classes > 0 ? n / static_cast<double>(ev.classes) : n;
      ev.ns_metric = n / static_cast<double>(classes);
      break;
  }

  if (row_flags != nullptr) {
    row_flags->resize(n_);
    for (size_t r = 0; r < n_; ++r) {
      (*row_flags)[r] = fail_full[class_of[tuple_of[row_tuple_[r]]]];
    }
  } else {
    Remember(std::move(table));
  }
  return ev;
}

Status Validate(const SearchProblem& p) {
  if (p.quasi_identifiers.empty()) return InvalidArgument("no quasi-identifiers to protect");
  const size_t n = p.quasi_identifiers[0].leaves.size();
  if (n == 0) return InvalidArgument("the table has no rows");
  if (n >= kEmpty) return InvalidArgument("more than 2^32 - 1 rows");
  for (size_t i = 0; i < p.quasi_identifiers.size(); ++i) {
    const auto& qi = p.quasi_identifiers[i];
    if (qi.hierarchy == nullptr) return InvalidArgument("quasi-identifier without a hierarchy");
    if (qi.leaves.size() != n) return InvalidArgument("quasi-identifiers differ in row count");
    const size_t domain = qi.hierarchy->domain_size();
    for (uint32_t leaf : qi.leaves) {
      if (leaf >= domain) return InvalidArgument("leaf id out of the hierarchy's range");
    }
  }
  const PrivacyModel& m = p.model;
  if (m.k < 1) return InvalidArgument("k must be at least 1");
  if (m.k > n) {
    return InvalidArgument("k = " + std::to_string(m.k) + " is larger than the " +
                           std::to_string(n) + " rows");
  }
  if (!(m.suppression_limit >= 0 && m.suppression_limit <= 1)) {
    return InvalidArgument("suppression_limit must be between 0 and 1");
  }
  if (m.l_diversity) {
    if (m.l_diversity->l < 1) return InvalidArgument("l must be at least 1");
    if (m.l_diversity->variant == LDiversityVariant::kRecursive && !(m.l_diversity->c > 0)) {
      return InvalidArgument("c must be positive");
    }
  }
  if (m.t_closeness && !(m.t_closeness->t >= 0 && m.t_closeness->t <= 1)) {
    return InvalidArgument("t must be between 0 and 1");
  }
  if (m.l_diversity || m.t_closeness) {
    if (p.sensitive.size() != n || p.sensitive_values == 0) {
      return InvalidArgument("l-diversity and t-closeness need a sensitive column");
    }
    for (uint32_t v : p.sensitive) {
      if (v >= p.sensitive_values) return InvalidArgument("sensitive value out of range");
    }
  }
  return Status::Ok();
}

// The lattice as mixed-radix node indices: index = sum(level[i] * stride[i]).
struct Lattice {
  std::vector<int> heights;
  std::vector<uint64_t> stride;
  uint64_t size = 1;

  void Decode(uint64_t index, std::vector<int>* levels) const {
    levels->resize(heights.size());
    for (size_t i = 0; i < heights.size(); ++i) {
      (*levels)[i] = static_cast<int>((index / stride[i]) % heights[i]);
    }
  }
};

NodeStats ToStats(const std::vector<int>& levels, const Eval& ev) {
  NodeStats s;
  s.levels = levels;
  s.anonymous = ev.full_pass;
  s.suppressed_rows = ev.suppressed;
  s.classes = ev.classes;
  s.metric = ev.metric;
  s.attribute_loss = ev.attribute_loss;
  return s;
}

}  // namespace

Result<NodeStats> EvaluateGeneralization(const SearchProblem& problem,
                                         const std::vector<int>& levels,
                                         std::vector<uint8_t>* suppressed) {
  XB_RETURN_IF_ERROR(Validate(problem));
  if (levels.size() != problem.quasi_identifiers.size()) {
    return InvalidArgument("one level per quasi-identifier expected");
  }
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] < 0 || levels[i] >= problem.quasi_identifiers[i].hierarchy->height()) {
      return InvalidArgument("level out of the hierarchy's range");
    }
  }
  Engine engine(problem);
  engine.Init();
  std::vector<uint8_t> flags;
  Eval ev = engine.Evaluate(levels, &flags);
  if (suppressed != nullptr) *suppressed = std::move(flags);
  return ToStats(levels, ev);
}

Result<SearchResult> FindOptimalGeneralization(const SearchProblem& problem) {
  XB_RETURN_IF_ERROR(Validate(problem));
  Lattice lattice;
  for (const auto& qi : problem.quasi_identifiers) {
    const int h = qi.hierarchy->height();
    lattice.heights.push_back(h);
    lattice.stride.push_back(lattice.size);
    if (lattice.size > kMaxLatticeNodes / static_cast<uint64_t>(h)) {
      return MakeError(ErrorCode::kResourceExhausted,
                       "the generalisation lattice has more than 2^22 nodes; use fewer "
                       "quasi-identifiers or shorter hierarchies");
    }
    lattice.size *= static_cast<uint64_t>(h);
  }
  const size_t q = lattice.heights.size();
  Engine engine(problem);
  engine.Init();

  std::vector<double> bound(lattice.size);
  std::vector<int> levels;
  for (uint64_t v = 0; v < lattice.size; ++v) {
    lattice.Decode(v, &levels);
    bound[v] = engine.LowerBound(levels);
  }
  std::vector<uint32_t> order(lattice.size);
  std::iota(order.begin(), order.end(), 0u);
  // Ties between equal metric values go to the least generalised node (smallest level sum).
  std::vector<uint16_t> height(lattice.size);
  for (uint64_t v = 0; v < lattice.size; ++v) {
    lattice.Decode(v, &levels);
    int sum = 0;
    for (int l : levels) sum += l;
    height[v] = static_cast<uint16_t>(sum);
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return bound[a] < bound[b] || (bound[a] == bound[b] && height[a] < height[b]);
  });
  constexpr double kTie = 1e-12;

  enum : uint8_t { kUnknown = 0, kPass = 1, kFail = 2 };
  enum : uint8_t { kEvaluated = 1, kDominated = 2 };
  std::vector<uint8_t> state(lattice.size, kUnknown), flags(lattice.size, 0);
  std::vector<uint32_t> stack;
  auto mark = [&](uint32_t start, bool up, uint8_t value) {
    stack.assign(1, start);
    state[start] = value;
    while (!stack.empty()) {
      uint32_t x = stack.back();
      stack.pop_back();
      lattice.Decode(x, &levels);
      for (size_t i = 0; i < q; ++i) {
        if (up ? levels[i] + 1 >= lattice.heights[i] : levels[i] == 0) continue;
        uint32_t y = static_cast<uint32_t>(up ? x + lattice.stride[i] : x - lattice.stride[i]);
        if (state[y] == value) continue;
        state[y] = value;
        stack.push_back(y);
      }
    }
  };
  auto dominate_up = [&](uint32_t start) {
    stack.assign(1, start);
    while (!stack.empty()) {
      uint32_t x = stack.back();
      stack.pop_back();
      lattice.Decode(x, &levels);
      for (size_t i = 0; i < q; ++i) {
        if (levels[i] + 1 >= lattice.heights[i]) continue;
        uint32_t y = static_cast<uint32_t>(x + lattice.stride[i]);
        if (flags[y] & kDominated) continue;
        flags[y] |= kDominated;
        stack.push_back(y);
      }
    }
  };

  double best = std::numeric_limits<double>::infinity();
  int64_t best_node = -1;
  uint64_t evaluated = 0;
  std::vector<int> node_levels;
  auto evaluate = [&](uint32_t v) -> bool {
    lattice.Decode(v, &node_levels);
    if (engine.ProjectionRejects(node_levels)) {
      mark(v, false, kFail);
      return false;
    }
    Eval ev = engine.Evaluate(node_levels, nullptr);
    ++evaluated;
    flags[v] |= kEvaluated;
    mark(v, ev.mono_pass, ev.mono_pass ? kPass : kFail);
    if (ev.full_pass && (ev.metric < best - kTie || (best_node >= 0 && ev.metric <= best + kTie &&
                                                     height[v] < height[best_node]))) {
      best = ev.metric;
      best_node = v;
    }
    if (ev.mono_pass && ev.ns_metric >= best) dominate_up(v);
    return ev.mono_pass;
  };

  // Phase 1: classify the nodes that could still beat the best by binary search on upward paths.
  std::vector<uint32_t> path;
  for (uint32_t v : order) {
    if (bound[v] > best + kTie) break;
    if (state[v] != kUnknown || (flags[v] & kDominated)) continue;
    path.assign(1, v);
    for (uint32_t cur = v;;) {
      lattice.Decode(cur, &levels);
      int64_t next = -1;
      for (size_t i = 0; i < q; ++i) {
        if (levels[i] + 1 >= lattice.heights[i]) continue;
        uint32_t y = static_cast<uint32_t>(cur + lattice.stride[i]);
        if (state[y] != kUnknown || (flags[y] & kDominated) || bound[y] > best + kTie) continue;
        if (next < 0 || bound[y] < bound[next]) next = y;
      }
      if (next < 0) break;
      cur = static_cast<uint32_t>(next);
      path.push_back(cur);
    }
    int64_t lo = 0, hi = static_cast<int64_t>(path.size()) - 1;
    while (lo <= hi) {
      const int64_t mid = (lo + hi) / 2;
      const uint32_t node = path[mid];
      const bool pass = state[node] != kUnknown ? state[node] == kPass : evaluate(node);
      if (pass) {
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
  }
  // Phase 2: compute the metric of every passing node that could still beat the best.
  for (uint32_t v : order) {
    if (bound[v] > best + kTie) break;
    if (state[v] != kPass || (flags[v] & (kEvaluated | kDominated))) continue;
    evaluate(v);
  }
  if (best_node < 0) {
    return FailedPrecondition(
        "no generalisation satisfies the privacy model within the suppression limit");
  }
  lattice.Decode(static_cast<uint64_t>(best_node), &node_levels);
  SearchResult result;
  Eval ev = engine.Evaluate(node_levels, &result.suppressed);
  result.optimum = ToStats(node_levels, ev);
  result.lattice_size = lattice.size;
  result.nodes_evaluated = evaluated;
  return result;
}

}  // namespace xb::protect
