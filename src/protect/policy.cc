#include "protect/policy.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "core/atomic_file.h"

namespace xb::protect {
namespace {

// yaml-cpp reports errors as exceptions; they are caught here and turned into values.
struct PolicyError {
  std::string message;
  int64_t line;
  std::string field;
};

int64_t LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

[[noreturn]] void Fail(const YAML::Node& node, const std::string& field, std::string message) {
  throw PolicyError{std::move(message), LineOf(node), field};
}

std::string Scalar(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar()) Fail(node, field, "expected a single value");
  return node.Scalar();
}

double Number(const YAML::Node& node, const std::string& field) {
  try {
    return node.as<double>();
  } catch (const YAML::Exception&) {
    Fail(node, field, "expected a number");
  }
}

int64_t Integer(const YAML::Node& node, const std::string& field) {
  try {
    return node.as<int64_t>();
  } catch (const YAML::Exception&) {
    Fail(node, field, "expected a whole number");
  }
}

void CheckKeys(const YAML::Node& map, const std::string& field, std::set<std::string> allowed) {
  if (!map.IsMap()) Fail(map, field, "expected a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (!allowed.count(key)) Fail(kv.first, field, "unknown key '" + key + "'");
  }
}

bool IsDateLevel(const std::string& s) {
  return s == "month" || s == "year" || s == "decade" || s == "date" || s == "day";
}

TransformSpec ParseTransform(const YAML::Node& node, const std::string& column) {
  TransformSpec t;
  const std::string field = "columns." + column;
  if (node.IsScalar()) {
    const std::string name = node.Scalar();
    if (name == "keep") {
      t.kind = TransformKind::kKeep;
    } else if (name == "drop") {
      t.kind = TransformKind::kDrop;
    } else if (name == "redact") {
      t.kind = TransformKind::kRedact;
    } else if (name == "suppress") {
      t.kind = TransformKind::kSuppress;
    } else if (name == "tokenize") {
      t.kind = TransformKind::kTokenize;
    } else if (name == "fpe") {
      t.kind = TransformKind::kFpe;
    } else if (name == "mask") {
      t.kind = TransformKind::kMask;
      t.keep_first = 3;
      t.keep_last = 4;
    } else {
      Fail(node, field, "unknown transform '" + name + "'");
    }
    return t;
  }
  if (!node.IsMap()) Fail(node, field, "expected a transform name or mapping");
  if (node["mask"]) {
    CheckKeys(node, field, {"mask"});
    t.kind = TransformKind::kMask;
    const YAML::Node m = node["mask"];
    if (!m.IsNull()) {
      CheckKeys(m, field + ".mask", {"keep_first", "keep_last", "char"});
      if (m["keep_first"]) t.keep_first = static_cast<int>(Integer(m["keep_first"], field));
      if (m["keep_last"]) t.keep_last = static_cast<int>(Integer(m["keep_last"], field));
      if (m["char"]) t.mask_char = Scalar(m["char"], field + ".mask.char");
      if (t.keep_first < 0 || t.keep_last < 0) Fail(m, field, "keep counts must be >= 0");
    }
  } else if (node["fpe"]) {
    CheckKeys(node, field, {"fpe"});
    t.kind = TransformKind::kFpe;
    const YAML::Node f = node["fpe"];
    if (!f.IsNull()) {
      CheckKeys(f, field + ".fpe", {"alphabet"});
      if (f["alphabet"]) t.alphabet = Scalar(f["alphabet"], field + ".fpe.alphabet");
    }
  } else if (node["generalize"]) {
    CheckKeys(node, field, {"generalize", "level", "widths"});
    t.kind = TransformKind::kGeneralize;
    const std::string g = Scalar(node["generalize"], field + ".generalize");
    if (IsDateLevel(g)) {
      t.generalizer.kind = "date";
      t.level = g;
    } else {
      t.generalizer.kind = g;
      if (!node["level"]) Fail(node, field, "generalize: " + g + " needs a level");
      t.level = Scalar(node["level"], field + ".level");
    }
    if (node["widths"]) {
      for (const auto& w : node["widths"]) t.generalizer.widths.push_back(Number(w, field));
    }
  } else if (node["bucket"]) {
    CheckKeys(node, field, {"bucket"});
    t.kind = TransformKind::kBucket;
    CheckKeys(node["bucket"], field + ".bucket", {"width"});
    if (!node["bucket"]["width"]) Fail(node, field, "bucket needs a width");
    t.width = Number(node["bucket"]["width"], field + ".bucket.width");
    if (!(t.width > 0)) Fail(node, field, "bucket width must be positive");
  } else if (node["date_shift"]) {
    CheckKeys(node, field, {"date_shift"});
    t.kind = TransformKind::kDateShift;
    const YAML::Node d = node["date_shift"];
    CheckKeys(d, field + ".date_shift", {"by", "max_days"});
    if (!d["by"]) Fail(d, field, "date_shift needs 'by' (the column naming the individual)");
    t.subject_column = Scalar(d["by"], field + ".date_shift.by");
    if (d["max_days"]) t.max_days = static_cast<int>(Integer(d["max_days"], field));
    if (t.max_days < 1 || t.max_days > 3650) Fail(d, field, "max_days must be 1..3650");
  } else {
    Fail(node, field, "unknown transform");
  }
  return t;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Policy Parse(std::string_view yaml, const std::string& path) {
  YAML::Node root = YAML::Load(std::string(yaml));
  Policy p;
  p.path = path;
  if (!root.IsMap()) Fail(root, "", "a policy is a mapping (columns, quasi_identifiers ...)");
  CheckKeys(
      root, "",
      {"columns", "quasi_identifiers", "privacy", "metric", "risk_threshold", "unlisted_columns"});
  std::set<std::string> transformed;
  if (root["columns"]) {
    const YAML::Node cols = root["columns"];
    if (!cols.IsMap()) Fail(cols, "columns", "expected a mapping of column: transform");
    for (const auto& kv : cols) {
      ColumnPolicy c;
      c.column = kv.first.Scalar();
      c.line = LineOf(kv.first);
      c.transform = ParseTransform(kv.second, c.column);
      if (!transformed.insert(c.column).second) Fail(kv.first, "columns", "column listed twice");
      p.columns.push_back(std::move(c));
    }
  }
  if (root["quasi_identifiers"]) {
    const YAML::Node qis = root["quasi_identifiers"];
    if (!qis.IsMap()) Fail(qis, "quasi_identifiers", "expected a mapping of column: hierarchy");
    const std::string dir = DirName(path);
    for (const auto& kv : qis) {
      QuasiIdentifierPolicy q;
      q.column = kv.first.Scalar();
      q.line = LineOf(kv.first);
      const std::string field = "quasi_identifiers." + q.column;
      const YAML::Node spec = kv.second;
      CheckKeys(spec, field, {"hierarchy", "generalize", "widths"});
      if (spec["hierarchy"]) {
        std::string file = Scalar(spec["hierarchy"], field + ".hierarchy");
        q.hierarchy_file = (!file.empty() && file[0] == '/') ? file : dir + "/" + file;
      } else if (spec["generalize"]) {
        q.builtin.kind = Scalar(spec["generalize"], field + ".generalize");
        if (spec["widths"]) {
          for (const auto& w : spec["widths"]) q.builtin.widths.push_back(Number(w, field));
        }
      } else {
        Fail(spec, field, "needs 'hierarchy: FILE' or 'generalize: date|age|numeric|cn_region'");
      }
      for (const auto& c : p.columns) {
        if (c.column == q.column && c.transform.kind != TransformKind::kKeep) {
          Fail(kv.first, field, "a quasi-identifier cannot also have a column transform");
        }
      }
      for (const auto& other : p.quasi_identifiers) {
        if (other.column == q.column) Fail(kv.first, field, "listed twice");
      }
      p.quasi_identifiers.push_back(std::move(q));
    }
  }
  if (root["privacy"]) {
    const YAML::Node pr = root["privacy"];
    p.privacy_line = LineOf(pr);
    CheckKeys(pr, "privacy", {"k_anonymity", "l_diversity", "t_closeness", "suppression_limit"});
    if (pr["k_anonymity"]) {
      int64_t k = Integer(pr["k_anonymity"], "privacy.k_anonymity");
      if (k < 1) Fail(pr["k_anonymity"], "privacy.k_anonymity", "k must be at least 1");
      p.model.k = static_cast<uint64_t>(k);
    }
    if (pr["suppression_limit"]) {
      p.model.suppression_limit = Number(pr["suppression_limit"], "privacy.suppression_limit");
      if (!(p.model.suppression_limit >= 0 && p.model.suppression_limit <= 1)) {
        Fail(pr["suppression_limit"], "privacy.suppression_limit", "must be between 0 and 1");
      }
    }
    if (pr["l_diversity"]) {
      const YAML::Node l = pr["l_diversity"];
      CheckKeys(l, "privacy.l_diversity", {"column", "l", "variant", "c"});
      if (!l["column"] || !l["l"]) Fail(l, "privacy.l_diversity", "needs column and l");
      LDiversity ld;
      p.sensitive_column = Scalar(l["column"], "privacy.l_diversity.column");
      ld.l = static_cast<int>(Integer(l["l"], "privacy.l_diversity.l"));
      if (ld.l < 1) Fail(l["l"], "privacy.l_diversity.l", "l must be at least 1");
      if (l["variant"]) {
        const std::string v = Scalar(l["variant"], "privacy.l_diversity.variant");
        if (v == "recursive") {
          ld.variant = LDiversityVariant::kRecursive;
        } else if (v != "distinct") {
          Fail(l["variant"], "privacy.l_diversity.variant", "distinct or recursive");
        }
      }
      if (l["c"]) ld.c = Number(l["c"], "privacy.l_diversity.c");
      if (!(ld.c > 0)) Fail(l, "privacy.l_diversity.c", "c must be positive");
      p.model.l_diversity = ld;
    }
    if (pr["t_closeness"]) {
      const YAML::Node t = pr["t_closeness"];
      CheckKeys(t, "privacy.t_closeness", {"column", "t", "distance"});
      if (!t["column"] || !t["t"]) Fail(t, "privacy.t_closeness", "needs column and t");
      const std::string column = Scalar(t["column"], "privacy.t_closeness.column");
      if (!p.sensitive_column.empty() && p.sensitive_column != column) {
        Fail(t, "privacy.t_closeness.column",
             "l-diversity and t-closeness must protect the same sensitive column");
      }
      p.sensitive_column = column;
      TCloseness tc;
      tc.t = Number(t["t"], "privacy.t_closeness.t");
      if (!(tc.t >= 0 && tc.t <= 1)) Fail(t["t"], "privacy.t_closeness.t", "t must be 0..1");
      if (t["distance"]) {
        const std::string d = Scalar(t["distance"], "privacy.t_closeness.distance");
        if (d == "ordered") {
          tc.distance = EmdDistance::kOrdered;
        } else if (d != "equal") {
          Fail(t["distance"], "privacy.t_closeness.distance", "equal or ordered");
        }
      }
      p.model.t_closeness = tc;
    }
    for (const auto& q : p.quasi_identifiers) {
      if (q.column == p.sensitive_column) {
        Fail(pr, "privacy", "the sensitive column cannot be a quasi-identifier");
      }
    }
    for (const auto& c : p.columns) {
      if (c.column == p.sensitive_column && c.transform.kind != TransformKind::kKeep) {
        Fail(pr, "privacy", "the sensitive column must be kept as it is");
      }
    }
  }
  if (root["metric"]) {
    auto m = ParseMetric(Scalar(root["metric"], "metric"));
    if (!m) Fail(root["metric"], "metric", "loss, discernibility, aecs or precision");
    p.metric = *m;
  }
  if (root["risk_threshold"]) {
    p.risk_threshold = Number(root["risk_threshold"], "risk_threshold");
    if (!(p.risk_threshold > 0 && p.risk_threshold <= 1)) {
      Fail(root["risk_threshold"], "risk_threshold", "must be in (0, 1]");
    }
  }
  if (root["unlisted_columns"]) {
    const std::string u = Scalar(root["unlisted_columns"], "unlisted_columns");
    if (u == "drop") {
      p.drop_unlisted = true;
    } else if (u != "keep") {
      Fail(root["unlisted_columns"], "unlisted_columns", "keep or drop");
    }
  }
  if (!p.quasi_identifiers.empty() && !root["privacy"]) {
    Fail(root, "privacy", "quasi-identifiers need a privacy model (privacy: {k_anonymity: K})");
  }
  if ((p.model.l_diversity || p.model.t_closeness) && p.quasi_identifiers.empty()) {
    Fail(root["privacy"], "privacy", "l-diversity and t-closeness need quasi-identifiers");
  }
  return p;
}

}  // namespace

Result<Policy> ParsePolicy(std::string_view yaml, const std::string& path) {
  try {
    return Parse(yaml, path);
  } catch (const PolicyError& e) {
    return ParseError(e.message, Location(path, e.line, e.field));
  } catch (const YAML::Exception& e) {
    return ParseError("invalid YAML: " + e.msg, Location(path, e.mark.line + 1));
  } catch (const std::exception& e) {
    return ParseError(std::string("invalid policy: ") + e.what(), Location(path));
  }
}

Result<Policy> LoadPolicy(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParsePolicy(text, path);
}

}  // namespace xb::protect
