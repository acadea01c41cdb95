#include "transfer/dataset_names.h"

#include <filesystem>
#include <map>
#include <optional>

namespace xb::transfer {
namespace fs = std::filesystem;

namespace {

// Relative to the plan's folder and staying inside it, or nullopt.
std::optional<fs::path> InsidePlanFolder(const fs::path& listed) {
  if (listed.is_absolute()) return std::nullopt;
  fs::path p = listed.lexically_normal();
  if (p.empty() || *p.begin() == "..") return std::nullopt;
  return p;
}

fs::path CommonFolder(const std::vector<fs::path>& paths) {
  fs::path common = paths.front().parent_path();
  for (const fs::path& p : paths) {
    fs::path folder = p.parent_path(), shared;
    for (auto a = common.begin(), b = folder.begin();
         a != common.end() && b != folder.end() && *a == *b; ++a, ++b) {
      shared /= *a;
    }
    common = shared;
  }
  return common;
}

}  // namespace

Result<std::vector<DatasetName>> NameDatasets(const std::string& plan_file, int line,
                                              const std::vector<std::string>& listed) {
  std::error_code ec;  // absolute() fails only on an empty path, which a plan file is not
  const fs::path plan_folder = fs::absolute(fs::path(plan_file), ec).parent_path();
  std::vector<fs::path> relative(listed.size());
  std::vector<size_t> outside;
  std::vector<fs::path> outside_paths;
  for (size_t i = 0; i < listed.size(); ++i) {
    if (auto inside = InsidePlanFolder(listed[i])) {
      relative[i] = *inside;
    } else {
      outside.push_back(i);
      fs::path p(listed[i]);
      outside_paths.push_back((p.is_absolute() ? p : plan_folder / p).lexically_normal());
    }
  }
  if (!outside.empty()) {
    const fs::path common = CommonFolder(outside_paths);
    for (size_t k = 0; k < outside.size(); ++k) {
      relative[outside[k]] = outside_paths[k].lexically_relative(common);
    }
  }
  std::vector<DatasetName> names(listed.size());
  std::map<std::string, size_t> taken;
  for (size_t i = 0; i < listed.size(); ++i) {
    names[i].relative = relative[i].generic_string();
    names[i].output = "data/" + fs::path(relative[i]).replace_extension(".csv").generic_string();
    auto [it, fresh] = taken.emplace(names[i].output, i);
    if (!fresh) {
      return InvalidArgument("datasets '" + listed[it->second] + "' and '" + listed[i] +
                                 "' would both be written to " + names[i].output +
                                 " in the package; list each dataset once, by paths that "
                                 "differ in more than the extension",
                             {plan_file, line, "data.datasets"});
    }
  }
  return names;
}

Status WithholdNamesHoldingData(const std::string& plan_file, int line,
                                const PathPartCheck& holds_data, std::vector<DatasetName>* names) {
  std::map<std::string, size_t> taken;
  for (const DatasetName& n : *names) taken.emplace(n.output, 0);
  for (size_t i = 0; i < names->size(); ++i) {
    DatasetName& n = (*names)[i];
    bool holds = false;
    for (const fs::path& part : fs::path(n.relative)) {
      holds = holds || holds_data(part.string()) || holds_data(part.stem().string());
    }
    if (!holds) continue;
    taken.erase(n.output);
    n.relative = "dataset-" + std::to_string(i + 1);
    n.output = "data/" + n.relative + ".csv";
    n.withheld = true;
    if (!taken.emplace(n.output, i).second) {
      return InvalidArgument("dataset " + std::to_string(i + 1) +
                                 "'s path holds personal data, so it would be written as " +
                                 n.output +
                                 ", which another dataset of the plan already is; "
                                 "rename one of the two files",
                             {plan_file, line, "data.datasets"});
    }
  }
  return Status::Ok();
}

}  // namespace xb::transfer
