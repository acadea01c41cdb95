// The facts a document is made of, each with its source (DESIGN.md §12, `<kind>.facts.json`).
//
// A report kind first gathers every figure and statement it will print into a FactSet, then
// builds its documents (one per language) from the FactSet alone. So everything a document says
// is in facts.json with where it came from, and the Chinese and English documents say the same.
//
// Sources:
//   plan      a plan field (ref: dotted name; line when known)
//   scan      the scan of a dataset (ref: dataset, column position)
//   dry_run   the transfer pipeline run without sending (what would leave)
//   ledger    a ledger entry (ref: "entry N"), the checkpoint, or the subject counters
//   package   a file of a completed transfer's package (ref: file name; digest checked)
//   rule      a rule of a rule pack (ref: rule id; citation)
//   law       a legal requirement stated by the report itself (citation; tag V/R/M)
//   calendar  a date computed on the PRC working-day calendar (ref: the inputs)
//   consent   the consent registry
//   incident  a field of an incident file
//   computed  derived from other facts (ref: their ids)
// Blanks are what only a person can know; each says what is needed, in both languages.
//
// Not thread-safe; a plain value.
#ifndef XBORDER_REPORT_FACTS_H_
#define XBORDER_REPORT_FACTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace xb::report {

struct FactSource {
  std::string kind;  // one of the sources above
  std::string ref;
  std::string citation;  // for rule and law
  std::string tag;       // V, R or M (digest confidence) for rule and law; may be empty

  static FactSource Plan(std::string field) { return {"plan", std::move(field), "", ""}; }
  static FactSource Ledger(std::string ref) { return {"ledger", std::move(ref), "", ""}; }
  static FactSource LedgerEntry(uint64_t index) {
    return {"ledger", "entry " + std::to_string(index), "", ""};
  }
  static FactSource Rule(std::string id, std::string citation, std::string tag = "") {
    return {"rule", std::move(id), std::move(citation), std::move(tag)};
  }
  static FactSource Law(std::string citation, std::string tag) {
    return {"law", "", std::move(citation), std::move(tag)};
  }
  static FactSource Of(std::string kind, std::string ref) {
    return {std::move(kind), std::move(ref), "", ""};
  }
};

struct Fact {
  std::string id;
  nlohmann::json value;
  FactSource source;
};

struct BlankFact {
  std::string id;
  std::string needed_zh;
  std::string needed_en;
};

// Members of JSON objects read leniently (missing, null or of another type: 0, "", false): the
// ledger's entries and package files are read, not trusted to have every member.
int64_t JsonInt(const nlohmann::json& object, const char* key);
std::string JsonStr(const nlohmann::json& object, const char* key);
bool JsonBool(const nlohmann::json& object, const char* key);

class FactSet {
 public:
  // Adds or replaces the fact `id` (dotted, e.g. "transfer.individuals").
  void Add(std::string id, nlohmann::json value, FactSource source);
  // Records a blank; returns its id.
  const std::string& AddBlank(std::string id, std::string needed_zh, std::string needed_en);

  bool Has(std::string_view id) const;
  // The value, or JSON null when absent.
  const nlohmann::json& Value(std::string_view id) const;
  // Conveniences: the value as a string (numbers as digits) / integer / bool; "" / 0 / false
  // when absent or of another type.
  std::string Str(std::string_view id) const;
  int64_t Int(std::string_view id) const;
  bool Bool(std::string_view id) const;
  const FactSource* SourceOf(std::string_view id) const;
  const BlankFact* FindBlank(std::string_view id) const;

  const std::vector<Fact>& facts() const { return facts_; }
  const std::vector<BlankFact>& blanks() const { return blanks_; }

  // {"facts": [{"id", "value", "source": {...}}...], "blanks": [{"id", "needed": {"zh","en"}}]}
  nlohmann::json ToJson() const;

 private:
  std::vector<Fact> facts_;
  std::vector<BlankFact> blanks_;
};

}  // namespace xb::report

#endif  // XBORDER_REPORT_FACTS_H_
