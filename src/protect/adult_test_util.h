// Loads the Adult benchmark (bench/data/adult) for tests: a ';'-separated file without quoting.
#ifndef XBORDER_PROTECT_ADULT_TEST_UTIL_H_
#define XBORDER_PROTECT_ADULT_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "protect/hierarchy.h"
#include "protect/lattice_search.h"
#include "protect/table.h"

namespace xb::protect::testing {

inline const std::vector<std::string>& AdultColumns() {
  static const std::vector<std::string> kColumns = {
      "sex",       "age",        "race",        "marital-status", "education", "native-country",
      "workclass", "occupation", "salary-class"};
  return kColumns;
}

std::string AdultDir();
Table LoadAdult();
std::vector<std::unique_ptr<Hierarchy>> LoadAdultHierarchies();
// A search problem over all nine columns with the given model.
SearchProblem AdultProblem(const Table& table,
                           const std::vector<std::unique_ptr<Hierarchy>>& hierarchies,
                           const PrivacyModel& model);

}  // namespace xb::protect::testing

#endif  // XBORDER_PROTECT_ADULT_TEST_UTIL_H_
