#include "registry/recipient.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "rules/fact_model.h"
#include "rules/suggest.h"
#include "seal/age_keys.h"

namespace xb::registry {
namespace {

using nlohmann::json;

constexpr const char* kNotAgeRecipient =
    "expected an age X25519 recipient (age1..., as `age-keygen -y` prints it)";

// The key sealed packages go to: checked in full (Bech32, length, a usable point) when the
// recipient is registered, so a bad key is refused here and not at its first transfer.
bool IsAgeRecipient(const std::string& text) { return seal::ParseAgeRecipient(text).ok(); }

int LineOf(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

// Values may be personal data (an individual's name, a contact): describe them by shape.
std::string Shape(const YAML::Node& n) {
  if (n.IsNull()) return "nothing";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "text of " + std::to_string(n.Scalar().size()) + " characters";
}

const rules::FactModel& Model() {
  static const rules::FactModel model;
  return model;
}

const std::vector<std::string>& Vocabulary(int fact) { return Model().info(fact).vocabulary; }

Status CheckSymbol(std::string_view value, int fact, const Location& where) {
  const auto& vocab = Vocabulary(fact);
  if (std::find(vocab.begin(), vocab.end(), value) != vocab.end()) return Status::Ok();
  std::string list;
  for (const auto& v : vocab) list += (list.empty() ? "" : ", ") + v;
  return InvalidArgument(
      "unknown value" + rules::DidYouMean(value, vocab) + "; expected one of: " + list, where);
}

Status CheckCountry(std::string_view code, const rules::CountryCodes* countries,
                    const Location& where) {
  if (!rules::EncodeCountry(code)) {
    return InvalidArgument("expected an ISO 3166-1 alpha-2 code (two capital letters)", where);
  }
  if (countries != nullptr && !countries->Contains(code)) {
    return InvalidArgument("'" + std::string(code) + "' is not an ISO 3166-1 alpha-2 country code",
                           where);
  }
  return Status::Ok();
}

class RecipientParser {
 public:
  RecipientParser(const std::string& file, const rules::CountryCodes* countries)
      : file_(file), countries_(countries) {}

  Status Parse(const YAML::Node& root, Recipient* r) {
    static const std::vector<std::string> kKeys = {"id",
                                                   "name",
                                                   "country",
                                                   "kind",
                                                   "contact",
                                                   "restricted_list",
                                                   "dpf_certified",
                                                   "mechanisms",
                                                   "purposes",
                                                   "categories",
                                                   "storage",
                                                   "seal_key",
                                                   "onward",
                                                   "flows"};
    XB_RETURN_IF_ERROR(NoRepeatedKeys(root, ""));
    for (const auto& kv : root) {
      XB_ASSIGN_OR_RETURN(std::string key, Key(kv.first, "", kKeys));
      const YAML::Node& v = kv.second;
      if (key == "id") {
        XB_ASSIGN_OR_RETURN(r->id, Text(v, key));
      } else if (key == "name") {
        XB_ASSIGN_OR_RETURN(r->name, Text(v, key));
      } else if (key == "country") {
        XB_ASSIGN_OR_RETURN(r->country, Text(v, key));
        XB_RETURN_IF_ERROR(CheckCountry(r->country, countries_, At(v, key)));
      } else if (key == "kind") {
        XB_ASSIGN_OR_RETURN(r->kind, Symbol(v, key, rules::kRecipientKind));
      } else if (key == "contact") {
        XB_ASSIGN_OR_RETURN(r->contact, Text(v, key));
      } else if (key == "restricted_list") {
        XB_ASSIGN_OR_RETURN(r->restricted_list, Bool(v, key));
      } else if (key == "dpf_certified") {
        XB_ASSIGN_OR_RETURN(r->dpf_certified, Bool(v, key));
      } else if (key == "mechanisms") {
        XB_RETURN_IF_ERROR(Mechanisms(v, r));
      } else if (key == "purposes") {
        XB_ASSIGN_OR_RETURN(r->purposes, Symbols(v, key, rules::kPurpose));
      } else if (key == "categories") {
        XB_ASSIGN_OR_RETURN(r->categories, Symbols(v, key, rules::kDataCategories));
      } else if (key == "storage") {
        XB_RETURN_IF_ERROR(Storage(v, r));
      } else if (key == "seal_key") {
        XB_ASSIGN_OR_RETURN(r->seal_key, Text(v, key));
        if (!IsAgeRecipient(r->seal_key)) return InvalidArgument(kNotAgeRecipient, At(v, key));
      } else if (key == "onward") {
        XB_RETURN_IF_ERROR(Onward(v, &r->onward));
      } else if (key == "flows") {
        XB_RETURN_IF_ERROR(Flows(v, r));
      }
    }
    return Status::Ok();
  }

 private:
  Location At(const YAML::Node& n, const std::string& field) const {
    return Location(file_, LineOf(n), field);
  }

  Result<std::string> Key(const YAML::Node& k, const std::string& prefix,
                          const std::vector<std::string>& known) {
    if (!k.IsScalar()) return InvalidArgument("keys must be plain names", At(k, prefix));
    const std::string& key = k.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string where = prefix.empty() ? "" : " in '" + prefix + "'";
      return InvalidArgument("unknown key '" + key + "'" + where + rules::DidYouMean(key, known),
                             At(k, prefix.empty() ? key : prefix + "." + key));
    }
    return key;
  }

  // A key given twice in one mapping: which value counts would be a guess (YAML parsers differ).
  Status NoRepeatedKeys(const YAML::Node& map, const std::string& prefix) const {
    std::set<std::string> seen;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) continue;  // Key() says what is wrong with it
      if (!seen.insert(kv.first.Scalar()).second) {
        const std::string field =
            prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
        return InvalidArgument("the key '" + kv.first.Scalar() + "' is given twice",
                               At(kv.first, field));
      }
    }
    return Status::Ok();
  }

  Result<std::string> Text(const YAML::Node& n, const std::string& field) {
    if (!n.IsScalar()) return InvalidArgument("expected text, found " + Shape(n), At(n, field));
    return n.Scalar();
  }

  Result<bool> Bool(const YAML::Node& n, const std::string& field) {
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false"))
      return n.Scalar() == "true";
    return InvalidArgument("expected true or false, found " + Shape(n), At(n, field));
  }

  Result<std::optional<CivilDate>> Date(const YAML::Node& n, const std::string& field) {
    if (n.IsNull()) return std::optional<CivilDate>();
    auto d = n.IsScalar() ? CivilDate::Parse(n.Scalar()) : std::nullopt;
    if (!d) return InvalidArgument("expected a date YYYY-MM-DD, found " + Shape(n), At(n, field));
    return std::optional<CivilDate>(d);
  }

  Result<std::string> Symbol(const YAML::Node& n, const std::string& field, int fact) {
    XB_ASSIGN_OR_RETURN(std::string s, Text(n, field));
    XB_RETURN_IF_ERROR(CheckSymbol(s, fact, At(n, field)));
    return s;
  }

  Result<std::vector<std::string>> List(const YAML::Node& n, const std::string& field) {
    std::vector<std::string> out;
    if (n.IsNull()) return out;
    if (n.IsScalar()) {  // one item may be written without brackets
      out.push_back(n.Scalar());
      return out;
    }
    if (!n.IsSequence()) return InvalidArgument("expected a list, found " + Shape(n), At(n, field));
    for (const auto& it : n) {
      XB_ASSIGN_OR_RETURN(std::string s, Text(it, field));
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<std::vector<std::string>> Symbols(const YAML::Node& n, const std::string& field,
                                           int fact) {
    XB_ASSIGN_OR_RETURN(std::vector<std::string> items, List(n, field));
    for (const auto& s : items) XB_RETURN_IF_ERROR(CheckSymbol(s, fact, At(n, field)));
    return items;
  }

  Status Mechanisms(const YAML::Node& n, Recipient* r) {
    if (n.IsNull()) return Status::Ok();
    if (!n.IsSequence())
      return InvalidArgument("expected a list, found " + Shape(n), At(n, "mechanisms"));
    static const std::vector<std::string> kKeys = {"type", "reference", "effective", "expires",
                                                   "filed"};
    for (const auto& item : n) {
      if (!item.IsMap())
        return InvalidArgument("expected a mapping, found " + Shape(item), At(item, "mechanisms"));
      HeldMechanism m;
      XB_RETURN_IF_ERROR(NoRepeatedKeys(item, "mechanisms"));
      for (const auto& kv : item) {
        XB_ASSIGN_OR_RETURN(std::string key, Key(kv.first, "mechanisms", kKeys));
        const std::string field = "mechanisms." + key;
        if (key == "type") {
          XB_ASSIGN_OR_RETURN(m.type, Symbol(kv.second, field, rules::kDecisionMechanisms));
        } else if (key == "reference") {
          XB_ASSIGN_OR_RETURN(m.reference, Text(kv.second, field));
        } else if (key == "effective") {
          XB_ASSIGN_OR_RETURN(m.effective, Date(kv.second, field));
        } else if (key == "expires") {
          XB_ASSIGN_OR_RETURN(m.expires, Date(kv.second, field));
        } else {
          XB_ASSIGN_OR_RETURN(m.filed, Date(kv.second, field));
        }
      }
      if (m.type.empty())
        return InvalidArgument("a mechanism needs its type", At(item, "mechanisms.type"));
      if (m.reference.empty()) {
        return InvalidArgument(
            "a mechanism needs its reference (filing, approval or certificate number)",
            At(item, "mechanisms.reference"));
      }
      if (m.effective && m.expires && *m.expires < *m.effective) {
        return InvalidArgument("the mechanism expires before it takes effect",
                               At(item, "mechanisms.expires"));
      }
      r->mechanisms.push_back(std::move(m));
    }
    return Status::Ok();
  }

  Status Storage(const YAML::Node& n, Recipient* r) {
    if (n.IsNull()) return Status::Ok();
    if (!n.IsMap())
      return InvalidArgument("expected a mapping, found " + Shape(n), At(n, "storage"));
    static const std::vector<std::string> kKeys = {"location", "retention"};
    XB_RETURN_IF_ERROR(NoRepeatedKeys(n, "storage"));
    for (const auto& kv : n) {
      XB_ASSIGN_OR_RETURN(std::string key, Key(kv.first, "storage", kKeys));
      XB_ASSIGN_OR_RETURN(std::string value, Text(kv.second, "storage." + key));
      (key == "location" ? r->storage_location : r->retention) = value;
    }
    return Status::Ok();
  }

  Status Onward(const YAML::Node& n, OnwardTerms* t) {
    if (n.IsNull()) return Status::Ok();
    if (!n.IsMap())
      return InvalidArgument("expected a mapping, found " + Shape(n), At(n, "onward"));
    static const std::vector<std::string> kKeys = {
        "permitted",     "purposes",         "categories",       "countries",
        "third_parties", "separate_consent", "written_agreement"};
    XB_RETURN_IF_ERROR(NoRepeatedKeys(n, "onward"));
    for (const auto& kv : n) {
      XB_ASSIGN_OR_RETURN(std::string key, Key(kv.first, "onward", kKeys));
      const std::string field = "onward." + key;
      const YAML::Node& v = kv.second;
      if (key == "permitted") {
        XB_ASSIGN_OR_RETURN(t->permitted, Bool(v, field));
      } else if (key == "purposes") {
        XB_ASSIGN_OR_RETURN(t->purposes, Symbols(v, field, rules::kPurpose));
      } else if (key == "categories") {
        XB_ASSIGN_OR_RETURN(t->categories, Symbols(v, field, rules::kDataCategories));
      } else if (key == "countries") {
        XB_ASSIGN_OR_RETURN(t->countries, List(v, field));
        for (const auto& c : t->countries)
          XB_RETURN_IF_ERROR(CheckCountry(c, countries_, At(v, field)));
      } else if (key == "third_parties") {
        XB_ASSIGN_OR_RETURN(t->third_parties, List(v, field));
      } else if (key == "separate_consent") {
        XB_ASSIGN_OR_RETURN(t->separate_consent, Bool(v, field));
      } else {
        XB_ASSIGN_OR_RETURN(t->written_agreement, Bool(v, field));
      }
    }
    return Status::Ok();
  }

  Status Flows(const YAML::Node& n, Recipient* r) {
    if (n.IsNull()) return Status::Ok();
    if (!n.IsSequence())
      return InvalidArgument("expected a list, found " + Shape(n), At(n, "flows"));
    static const std::vector<std::string> kKeys = {"id", "exporter", "purpose", "categories",
                                                   "systems"};
    for (const auto& item : n) {
      if (!item.IsMap())
        return InvalidArgument("expected a mapping, found " + Shape(item), At(item, "flows"));
      RegisteredFlow f;
      XB_RETURN_IF_ERROR(NoRepeatedKeys(item, "flows"));
      for (const auto& kv : item) {
        XB_ASSIGN_OR_RETURN(std::string key, Key(kv.first, "flows", kKeys));
        const std::string field = "flows." + key;
        if (key == "id") {
          XB_ASSIGN_OR_RETURN(f.id, Text(kv.second, field));
        } else if (key == "exporter") {
          XB_ASSIGN_OR_RETURN(f.exporter, Text(kv.second, field));
        } else if (key == "purpose") {
          XB_ASSIGN_OR_RETURN(f.purpose, Symbol(kv.second, field, rules::kPurpose));
        } else if (key == "categories") {
          XB_ASSIGN_OR_RETURN(f.categories, Symbols(kv.second, field, rules::kDataCategories));
        } else {
          XB_ASSIGN_OR_RETURN(f.systems, List(kv.second, field));
        }
      }
      if (f.exporter.empty() || f.purpose.empty()) {
        return InvalidArgument("a flow names its exporter and purpose", At(item, "flows"));
      }
      const bool taken = std::any_of(r->flows.begin(), r->flows.end(),
                                     [&](const RegisteredFlow& g) { return g.id == f.id; });
      if (!f.id.empty() && taken) {
        return InvalidArgument("two flows have the id '" + f.id + "'", At(item, "flows.id"));
      }
      r->flows.push_back(std::move(f));
    }
    return Status::Ok();
  }

  const std::string& file_;
  const rules::CountryCodes* countries_;
};

json StringList(const std::vector<std::string>& v) { return json(v); }

Result<std::vector<std::string>> ReadList(const json& j, const char* key,
                                          const std::string& where) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j[key].is_array()) return Corruption(std::string("malformed '") + key + "'", {where});
  for (const auto& v : j[key]) {
    if (!v.is_string()) return Corruption(std::string("malformed '") + key + "'", {where});
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string ReadText(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

bool ReadBool(const json& j, const char* key, bool fallback) {
  return j.contains(key) && j[key].is_boolean() ? j[key].get<bool>() : fallback;
}

Result<std::optional<CivilDate>> ReadDate(const json& j, const char* key,
                                          const std::string& where) {
  std::string text = ReadText(j, key);
  if (text.empty()) return std::optional<CivilDate>();
  auto d = CivilDate::Parse(text);
  if (!d) return Corruption(std::string("malformed date '") + key + "'", {where});
  return std::optional<CivilDate>(d);
}

json DateJson(const std::optional<CivilDate>& d) { return d ? json(d->ToString()) : json(nullptr); }

}  // namespace

std::string Recipient::Label() const { return individual() ? "individual " + id : name; }

bool IsValidRecipientId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(id[0])) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

std::string IdFromName(std::string_view name) {
  std::string id;
  bool dash = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      if (dash && !id.empty()) id += '-';
      id += c;
      dash = false;
    } else {
      dash = true;
    }
    if (id.size() >= 48) break;
  }
  return id;
}

Status ValidateRecipient(const Recipient& r, const rules::CountryCodes* countries,
                         const std::string& where) {
  if (!r.id.empty() && !IsValidRecipientId(r.id)) {
    return InvalidArgument(
        "a recipient id is 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit",
        {where, 0, "id"});
  }
  if (r.name.empty()) return InvalidArgument("a recipient needs its name", {where, 0, "name"});
  if (r.country.empty())
    return InvalidArgument("a recipient needs its country", {where, 0, "country"});
  XB_RETURN_IF_ERROR(CheckCountry(r.country, countries, {where, 0, "country"}));
  XB_RETURN_IF_ERROR(CheckSymbol(r.kind, rules::kRecipientKind, {where, 0, "kind"}));
  if (!r.seal_key.empty() && !IsAgeRecipient(r.seal_key)) {
    return InvalidArgument(kNotAgeRecipient, {where, 0, "seal_key"});
  }
  return Status::Ok();
}

Result<Recipient> ParseRecipient(std::string_view yaml_text, const std::string& file,
                                 const rules::CountryCodes* countries) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return ParseError("malformed YAML: " + e.msg, Location(file, e.mark.line + 1));
  }
  if (!root.IsMap()) return ParseError("a recipient file is a YAML mapping", Location(file, 1));
  Recipient r;
  RecipientParser parser(file, countries);
  try {
    XB_RETURN_IF_ERROR(parser.Parse(root, &r));
  } catch (const YAML::Exception& e) {
    return ParseError("malformed recipient: " + e.msg, Location(file, e.mark.line + 1));
  }
  XB_RETURN_IF_ERROR(ValidateRecipient(r, countries, file));
  return r;
}

json PublicJson(const Recipient& r) {
  json mechanisms = json::array();
  for (const auto& m : r.mechanisms) {
    mechanisms.push_back({{"type", m.type},
                          {"reference", m.reference},
                          {"effective", DateJson(m.effective)},
                          {"expires", DateJson(m.expires)},
                          {"filed", DateJson(m.filed)}});
  }
  json flows = json::array();
  for (const auto& f : r.flows) {
    flows.push_back({{"id", f.id},
                     {"exporter", f.exporter},
                     {"purpose", f.purpose},
                     {"categories", StringList(f.categories)},
                     {"systems", StringList(f.systems)}});
  }
  json j = {{"id", r.id},
            {"country", r.country},
            {"kind", r.kind},
            {"contact_on_file", !r.contact.empty()},
            {"restricted_list", r.restricted_list},
            {"dpf_certified", r.dpf_certified},
            {"mechanisms", mechanisms},
            {"purposes", StringList(r.purposes)},
            {"categories", StringList(r.categories)},
            {"storage", {{"location", r.storage_location}, {"retention", r.retention}}},
            {"seal_key", r.seal_key},
            {"onward",
             {{"permitted", r.onward.permitted},
              {"purposes", StringList(r.onward.purposes)},
              {"categories", StringList(r.onward.categories)},
              {"countries", StringList(r.onward.countries)},
              {"third_parties", StringList(r.onward.third_parties)},
              {"separate_consent", r.onward.separate_consent},
              {"written_agreement", r.onward.written_agreement}}},
            {"flows", flows}};
  if (r.individual()) {
    j["name_hmac"] = r.name_hmac;
  } else {
    j["name"] = r.name;
  }
  return j;
}

Result<Recipient> RecipientFromPublicJson(const json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) {
    return Corruption("a recipient record without an id", {where});
  }
  Recipient r;
  r.id = ReadText(j, "id");
  r.name = ReadText(j, "name");
  r.name_hmac = ReadText(j, "name_hmac");
  r.country = ReadText(j, "country");
  r.kind = ReadText(j, "kind");
  r.restricted_list = ReadBool(j, "restricted_list", false);
  r.dpf_certified = ReadBool(j, "dpf_certified", false);
  XB_ASSIGN_OR_RETURN(r.purposes, ReadList(j, "purposes", where));
  XB_ASSIGN_OR_RETURN(r.categories, ReadList(j, "categories", where));
  r.seal_key = ReadText(j, "seal_key");
  if (j.contains("storage") && j["storage"].is_object()) {
    r.storage_location = ReadText(j["storage"], "location");
    r.retention = ReadText(j["storage"], "retention");
  }
  if (j.contains("mechanisms") && j["mechanisms"].is_array()) {
    for (const auto& m : j["mechanisms"]) {
      HeldMechanism h;
      h.type = ReadText(m, "type");
      h.reference = ReadText(m, "reference");
      XB_ASSIGN_OR_RETURN(h.effective, ReadDate(m, "effective", where));
      XB_ASSIGN_OR_RETURN(h.expires, ReadDate(m, "expires", where));
      XB_ASSIGN_OR_RETURN(h.filed, ReadDate(m, "filed", where));
      r.mechanisms.push_back(std::move(h));
    }
  }
  if (j.contains("onward") && j["onward"].is_object()) {
    const json& o = j["onward"];
    r.onward.permitted = ReadBool(o, "permitted", false);
    XB_ASSIGN_OR_RETURN(r.onward.purposes, ReadList(o, "purposes", where));
    XB_ASSIGN_OR_RETURN(r.onward.categories, ReadList(o, "categories", where));
    XB_ASSIGN_OR_RETURN(r.onward.countries, ReadList(o, "countries", where));
    XB_ASSIGN_OR_RETURN(r.onward.third_parties, ReadList(o, "third_parties", where));
    r.onward.separate_consent = ReadBool(o, "separate_consent", true);
    r.onward.written_agreement = ReadBool(o, "written_agreement", true);
  }
  if (j.contains("flows") && j["flows"].is_array()) {
    for (const auto& f : j["flows"]) {
      RegisteredFlow flow;
      flow.id = ReadText(f, "id");
      flow.exporter = ReadText(f, "exporter");
      flow.purpose = ReadText(f, "purpose");
      XB_ASSIGN_OR_RETURN(flow.categories, ReadList(f, "categories", where));
      XB_ASSIGN_OR_RETURN(flow.systems, ReadList(f, "systems", where));
      r.flows.push_back(std::move(flow));
    }
  }
  return r;
}

}  // namespace xb::registry
