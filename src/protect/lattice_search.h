// The optimal full-domain generalisation: every quasi-identifier is generalised to one level of
// its hierarchy, and the search finds the combination of levels (a node of the generalisation
// lattice) that satisfies the privacy model within the suppression limit at the least metric
// value. The search is exact: it returns a node no other node beats; among nodes with equal
// value (within 1e-12) the least generalised (smallest sum of levels) wins.
//
// How (after ARX's Flash, Kohlmayer et al. 2012, reorganised as a bounded best-first search):
//  * Data are reduced once to distinct (quasi-identifier leaves, sensitive value) tuples with
//    counts; a node is evaluated by rolling up the tuples of the least general evaluated node
//    below it that is still cached (not the rows).
//  * Predictive tagging by monotonicity. With suppression, "the rows in classes that violate the
//    model are at most the limit" is monotone (true at a node => true at all its generalisations)
//    for k-anonymity and distinct l-diversity, because a class that satisfies them still does after
//    merging with any other class. Recursive (c,l)-diversity and t-closeness are monotone only
//    without suppression (merging a satisfying class with a violating one can violate), so with a
//    suppression limit > 0 they are checked at every candidate and never used to tag others.
//    Along upward paths a binary search finds the lowest node that passes; a pass tags the
//    node's generalisations, a failure its specialisations.
//  * Bounds. Every metric m satisfies m(node) >= m_nosupp(node) >= m_nosupp(predecessor), where
//    m_nosupp counts suppressed rows as if kept. For loss and precision m_nosupp is computed per
//    attribute without touching the data, so nodes are visited in increasing bound order and
//    the search stops when the bound reaches the best value found; for every metric, an evaluated
//    node whose m_nosupp is already >= the best prunes all its generalisations.
//
// Thread-safety: the functions are reentrant; the problem is read-only during the search.
#ifndef XBORDER_PROTECT_LATTICE_SEARCH_H_
#define XBORDER_PROTECT_LATTICE_SEARCH_H_

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "protect/hierarchy.h"
#include "protect/privacy_model.h"

namespace xb::protect {

struct QuasiIdentifierCodes {
  const Hierarchy* hierarchy = nullptr;  // not owned; outlives the search
  std::vector<uint32_t> leaves;          // per row: leaf id in `hierarchy`
};

struct SearchProblem {
  std::vector<QuasiIdentifierCodes> quasi_identifiers;  // all with the same number of rows
  // Per row: the sensitive value's rank in [0, sensitive_values) (ordered t-closeness uses the
  // rank order). Required iff the model has l-diversity or t-closeness.
  std::vector<uint32_t> sensitive;
  uint32_t sensitive_values = 0;
  PrivacyModel model;
  Metric metric = Metric::kLoss;
  size_t cache_bytes = size_t{512} << 20;  // memory for cached class tables
};

struct NodeStats {
  std::vector<int> levels;             // one per quasi-identifier, 0 = original
  bool anonymous = false;              // satisfies the model within the suppression limit
  uint64_t suppressed_rows = 0;        // rows in violating classes
  uint64_t classes = 0;                // equivalence classes among the rows not suppressed
  double metric = 0;                   // the chosen metric, suppression included
  std::vector<double> attribute_loss;  // loss metric only: per quasi-identifier
};

struct SearchResult {
  NodeStats optimum;
  uint64_t lattice_size = 0;
  uint64_t nodes_evaluated = 0;     // nodes whose classes were computed
  std::vector<uint8_t> suppressed;  // per row: 1 if the row is suppressed at the optimum
};

// Errors: kInvalidArgument (no quasi-identifier, row counts differ, k < 1, k > rows, a bad l,
// c, t or limit, l/t without sensitive values, leaf ids out of range), kResourceExhausted (a
// lattice of more than 2^22 nodes), kFailedPrecondition (no node satisfies the model).
Result<SearchResult> FindOptimalGeneralization(const SearchProblem& problem);

// Evaluates one node (for tests and reports). If `suppressed` is not null it receives the
// per-row suppression flags. Same errors as above except kFailedPrecondition.
Result<NodeStats> EvaluateGeneralization(const SearchProblem& problem,
                                         const std::vector<int>& levels,
                                         std::vector<uint8_t>* suppressed = nullptr);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_LATTICE_SEARCH_H_
