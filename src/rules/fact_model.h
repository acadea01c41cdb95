// The fact model: every named fact a rule condition may mention, its type and, for enumerated
// facts, its vocabulary. Facts live in a flat array (FactVector) indexed by FactId, so a compiled
// condition reads them without lookup or allocation.
//
// A fact's value is an interval [lo, hi] of int64:
//   - known facts have lo == hi;
//   - an unknown bool is [0, 1], an unknown count [0, INT64_MAX], an unknown enum
//     [0, vocabulary size - 1], an unknown country [0, 0xFFFF], an unknown date [min, max];
//   - a set fact stores bit masks: lo = members it certainly has, hi = members it may have.
// Conditions evaluate over intervals with three-valued (Kleene) logic, which is how the engine
// tells "decided", "cannot be decided" and "decided whatever the missing fact is" apart.
//
// Thread-safety: FactModel is immutable once built; share it.
#ifndef XBORDER_RULES_FACT_MODEL_H_
#define XBORDER_RULES_FACT_MODEL_H_

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xb::rules {

enum class FactType {
  kBool,     // true / false
  kCount,    // a non-negative integer (individuals)
  kDate,     // days since 1970-01-01
  kEnum,     // one symbol of the fact's vocabulary (stored as its index)
  kCountry,  // ISO 3166-1 alpha-2, stored as (first letter << 8) | second letter
  kSet,      // a set of symbols of the fact's vocabulary (bit mask, at most 64 symbols)
};

const char* FactTypeName(FactType type);

// Stable identifiers of the facts. Their dotted names follow the plan (DESIGN.md §5).
enum FactId : int {
  kAsOf,
  kJurisdiction,
  kExporterCiio,
  kExporterStateOrgan,
  kExporterFtz,
  kExporterIndividualsProcessed,
  kExporterRole,
  kExporterSector,
  kExporterOutsideChina,
  kExporterGbaCity,
  kExporterPublicAuthority,
  kRecipientCountry,
  kRecipientKind,
  kRecipientRestrictedList,
  kRecipientDpfCertified,
  kRecipientRole,
  kRecipientOrganisation,
  kRecipientPrivacyShieldCertified,
  kRecipientReciprocalMeasures,
  kPurpose,
  kApprovals,
  kDerogation,
  kDataPersonalInformation,
  kDataImportantData,
  kDataOnFtzNegativeList,
  kDataCollectedAbroad,
  kDataDomesticDataAdded,
  kDataIndividuals,
  kDataSensitiveIndividuals,
  kDataCategories,
  kDataSubjects,
  kDataIndividualsAreParties,
  kDataFtzSectorCovered,
  kHistoryIndividualsYtd,
  kHistorySensitiveIndividualsYtd,
  kHistoryIndividualsSincePrevYear,
  kHistorySensitiveIndividualsSincePrevYear,
  kOptionsCountExemptTransfers,
  kExporterFtzListInForce,  // set by the engine from the FTZ packs' zones and dates
  kDecisionOutcome,         // set by the engine after the decision; obligations and notices only
  kDecisionMechanisms,      // idem
  kDecisionExemption,       // idem
  kNumFacts,
};
// Conditions record the facts they read in a 64-bit mask.
static_assert(kNumFacts <= 64, "fact masks are 64 bits");

struct Interval {
  int64_t lo = 0;
  int64_t hi = 0;
  bool known() const { return lo == hi; }
  friend bool operator==(Interval a, Interval b) = default;
};

inline constexpr int64_t kCountMax = std::numeric_limits<int64_t>::max();

struct FactInfo {
  FactId id;
  std::string name;  // dotted, e.g. "exporter.ciio"
  FactType type;
  std::vector<std::string> vocabulary;  // kEnum and kSet only
  std::string description;              // one line, for `xborder rules facts` and docs
};

// The registry. The vocabularies of decision.mechanisms and decision.exemption grow while packs
// load (a new regulation may name a new exemption without touching C++); all others are fixed.
class FactModel {
 public:
  FactModel();  // the built-in facts and vocabularies

  const FactInfo& info(int id) const { return facts_[id]; }
  // nullopt when no fact has that dotted name.
  std::optional<FactId> Find(std::string_view name) const;
  // Index of `symbol` in the fact's vocabulary, or nullopt.
  std::optional<int64_t> SymbolIndex(int id, std::string_view symbol) const;
  // Appends `symbol` to an extensible vocabulary (decision.*). Returns its index, or nullopt when
  // the fact is not extensible or a set vocabulary would exceed 64 symbols.
  std::optional<int64_t> AddSymbol(int id, std::string_view symbol);

  // The "unknown" interval for a fact of this type.
  Interval Unknown(int id) const;

  std::vector<std::string> Names() const;

 private:
  std::vector<FactInfo> facts_;
};

// The flat fact array an evaluation reads. Plain data: copy freely.
struct FactVector {
  std::array<Interval, kNumFacts> v{};
  Interval& operator[](int id) { return v[id]; }
  const Interval& operator[](int id) const { return v[id]; }
};

// Encodes "DE" as ('D' << 8) | 'E'; nullopt unless two ASCII capital letters.
std::optional<int64_t> EncodeCountry(std::string_view code);
std::string DecodeCountry(int64_t value);

}  // namespace xb::rules

#endif  // XBORDER_RULES_FACT_MODEL_H_
