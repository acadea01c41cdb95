#include "registry/lineage.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace xb::registry {
namespace {

using nlohmann::json;

// Canonical entry text writes a member without spaces and escapes quotes inside strings, so
// these appear only as the type member itself.
constexpr std::string_view kTransferType = "\"type\":\"transfer\"";
constexpr std::string_view kOnwardType = "\"type\":\"onward_transfer\"";
// Hex digits of an individual third party's name_hmac shown in labels and node ids: 48 bits,
// enough to keep a recipient's third parties apart, too few to stand for the hash.
constexpr size_t kNameHmacPrefix = 12;

struct DatasetFlow {
  std::string source;  // file name
  std::string source_sha256;
  std::string output;  // file name in the package, or empty
  std::string output_sha256;
};

struct TransferInfo {
  uint64_t index = 0;
  std::string as_of, exporter, recipient, recipient_id, country, purpose, package;
  std::vector<DatasetFlow> datasets;
};

struct OnwardInfo {
  uint64_t index = 0;
  uint64_t from_entry = 0;
  std::string as_of, exporter, recipient, recipient_id, country, purpose;
  std::string third_party, third_party_country;
};

std::string Text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

TransferInfo ReadTransfer(uint64_t index, const json& e) {
  TransferInfo t;
  t.index = index;
  t.as_of = Text(e, "as_of");
  t.exporter = Text(e, "exporter");
  t.recipient = Text(e, "recipient");
  t.recipient_id = Text(e, "recipient_id");
  t.country = Text(e, "country");
  t.purpose = Text(e, "purpose");
  t.package = Text(e, "package");
  const json files = e.contains("files") && e["files"].is_object() ? e["files"] : json::object();
  if (e.contains("datasets") && e["datasets"].is_array()) {
    for (const auto& d : e["datasets"]) {
      DatasetFlow f;
      f.source = Text(d, "source");
      f.source_sha256 = Text(d, "source_sha256");
      f.output = Text(d, "output");
      if (!f.output.empty() && files.contains(f.output) && files[f.output].is_string())
        f.output_sha256 = files[f.output].get<std::string>();
      t.datasets.push_back(std::move(f));
    }
  }
  return t;
}

// An individual third party is named by a prefix of the keyed hash of the name the entry
// records, never the name: two people stay two nodes, and the graph still names nobody.
std::string IndividualLabel(const std::string& name_hmac) {
  if (name_hmac.empty()) return "individual third party";
  return "individual third party " + name_hmac.substr(0, kNameHmacPrefix);
}

OnwardInfo ReadOnward(uint64_t index, const json& e) {
  OnwardInfo o;
  o.index = index;
  o.from_entry = e.contains("from_entry") && e["from_entry"].is_number_unsigned()
                     ? e["from_entry"].get<uint64_t>()
                     : UINT64_MAX;
  o.as_of = Text(e, "as_of");
  o.exporter = Text(e, "exporter");
  o.recipient = Text(e, "recipient");
  o.recipient_id = Text(e, "recipient_id");
  o.country = Text(e, "country");
  o.purpose = Text(e, "purpose");
  const json tp = e.contains("third_party") ? e["third_party"] : json::object();
  o.third_party =
      Text(tp, "kind") == "individual" ? IndividualLabel(Text(tp, "name_hmac")) : Text(tp, "name");
  o.third_party_country = Text(tp, "country");
  return o;
}

struct LedgerView {
  std::vector<TransferInfo> transfers;
  std::vector<OnwardInfo> onwards;
};

Result<LedgerView> ReadView(ledger::Ledger& ledger) {
  LedgerView view;
  Status s = ledger.Export([&](uint64_t index, std::string_view entry) -> Status {
    const bool transfer = entry.find(kTransferType) != std::string_view::npos;
    const bool onward = !transfer && entry.find(kOnwardType) != std::string_view::npos;
    if (!transfer && !onward) return Status::Ok();
    json e = json::parse(entry, nullptr, false);
    if (!e.is_object()) {
      return Corruption("ledger entry " + std::to_string(index) + " is not a JSON object");
    }
    if (transfer) {
      view.transfers.push_back(ReadTransfer(index, e));
    } else {
      view.onwards.push_back(ReadOnward(index, e));
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return view;
}

// Builds the graph without duplicate nodes or edges.
class GraphBuilder {
 public:
  explicit GraphBuilder(Lineage* out) : out_(out) {}

  // Returns the node's id (a copy: the node list grows).
  std::string Node(std::string id, std::string kind, std::string label,
                   std::vector<std::pair<std::string, std::string>> facts = {}) {
    auto [it, fresh] = index_.emplace(id, out_->nodes.size());
    if (fresh)
      out_->nodes.push_back({std::move(id), std::move(kind), std::move(label), std::move(facts)});
    return out_->nodes[it->second].id;
  }
  void Edge(const std::string& from, const std::string& to, std::string label) {
    if (edges_.insert(from + "\n" + to + "\n" + label).second)
      out_->edges.push_back({from, to, std::move(label)});
  }

  std::string Recipient(const std::string& id, const std::string& label,
                        const std::string& country) {
    // Keyed by label and country: an entry may name a registered recipient by id or not.
    std::vector<std::pair<std::string, std::string>> facts = {{"country", country}};
    if (!id.empty()) facts.emplace_back("recipient_id", id);
    return Node("recipient:" + label + "|" + country, "recipient", label + " (" + country + ")",
                std::move(facts));
  }

  std::string Transfer(const TransferInfo& t) {
    return Node("transfer:" + std::to_string(t.index), "transfer",
                "transfer #" + std::to_string(t.index) + " " + t.as_of,
                {{"entry", std::to_string(t.index)},
                 {"as_of", t.as_of},
                 {"exporter", t.exporter},
                 {"purpose", t.purpose}});
  }

  // transfer → package → recipient → its onward transfers → third parties.
  void Destination(const TransferInfo& t, const std::vector<OnwardInfo>& onwards,
                   std::vector<Holding>* holdings, const std::string& from_node) {
    const std::string recipient_id = Recipient(t.recipient_id, t.recipient, t.country);
    if (!t.package.empty()) {
      const std::string package_id =
          Node("package:" + std::to_string(t.index), "package", "package " + t.package,
               {{"entry", std::to_string(t.index)}});
      Edge(from_node, package_id, "packaged in");
      Edge(package_id, recipient_id, "delivered to");
    } else {
      Edge(from_node, recipient_id, "delivered to");
    }
    holdings->push_back({t.index, "transfer", t.as_of, t.exporter, t.recipient, t.country, ""});
    for (const OnwardInfo& o : onwards) {
      if (o.from_entry != t.index) continue;
      std::string onward = Node("onward:" + std::to_string(o.index), "onward_transfer",
                                "onward #" + std::to_string(o.index) + " " + o.as_of,
                                {{"entry", std::to_string(o.index)}, {"purpose", o.purpose}});
      Edge(recipient_id, onward, "passed on");
      std::string third = Node("third_party:" + o.third_party + "|" + o.third_party_country,
                               "third_party", o.third_party + " (" + o.third_party_country + ")",
                               {{"country", o.third_party_country}});
      Edge(onward, third, "to");
      holdings->push_back({o.index, "onward_transfer", o.as_of, o.exporter, o.recipient,
                           o.third_party_country, o.third_party});
    }
  }

 private:
  Lineage* out_;
  std::map<std::string, size_t> index_;
  std::set<std::string> edges_;
};

bool IsHexDigest(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string DotEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

const char* DotShape(const std::string& kind) {
  if (kind == "dataset" || kind == "file") return "note";
  if (kind == "package") return "folder";
  if (kind == "recipient" || kind == "third_party") return "box3d";
  if (kind == "identifier") return "ellipse";
  return "box";
}

}  // namespace

Result<Lineage> TraceDataset(ledger::Ledger& ledger, const std::string& sha256_hex) {
  if (!IsHexDigest(sha256_hex)) {
    return InvalidArgument("expected a SHA-256 as 64 lowercase hex digits", {"", 0, "--sha256"});
  }
  XB_ASSIGN_OR_RETURN(LedgerView view, ReadView(ledger));
  Lineage out;
  GraphBuilder g(&out);

  // What the fingerprint was made from, when it is a transfer's output.
  for (const TransferInfo& t : view.transfers) {
    for (const DatasetFlow& d : t.datasets) {
      if (d.output_sha256 != sha256_hex) continue;
      out.derived_from.push_back({d.source, d.source_sha256, t.index, t.package, 0});
      std::string source =
          g.Node("dataset:" + d.source_sha256, "dataset", d.source, {{"sha256", d.source_sha256}});
      std::string transfer = g.Transfer(t);
      g.Edge(source, transfer, "sent in");
      std::string file =
          g.Node("file:" + d.output_sha256, "file", d.output, {{"sha256", d.output_sha256}});
      g.Edge(transfer, file, "protected as");
      g.Destination(t, view.onwards, &out.holdings, file);  // the file went where its package went
    }
  }

  // Forward, generation by generation: files made from the frontier become the next frontier.
  std::set<std::string> frontier = {sha256_hex}, seen = {sha256_hex};
  for (int generation = 1; !frontier.empty(); ++generation) {
    std::set<std::string> next;
    for (const TransferInfo& t : view.transfers) {
      for (const DatasetFlow& d : t.datasets) {
        if (!frontier.count(d.source_sha256)) continue;
        std::string source = g.Node("dataset:" + d.source_sha256, "dataset", d.source,
                                    {{"sha256", d.source_sha256}});
        std::string transfer = g.Transfer(t);
        g.Edge(source, transfer, "sent in");
        std::string from = transfer;
        if (!d.output_sha256.empty()) {
          from = g.Node("file:" + d.output_sha256, "file", d.output, {{"sha256", d.output_sha256}});
          g.Edge(transfer, from, "protected as");
          out.derived.push_back({d.output, d.output_sha256, t.index, t.package, generation});
          if (seen.insert(d.output_sha256).second) next.insert(d.output_sha256);
        }
        g.Destination(t, view.onwards, &out.holdings, from);
      }
    }
    frontier = std::move(next);
  }
  std::sort(out.holdings.begin(), out.holdings.end(),
            [](const Holding& a, const Holding& b) { return a.entry < b.entry; });
  out.holdings.erase(
      std::unique(out.holdings.begin(), out.holdings.end(),
                  [](const Holding& a, const Holding& b) { return a.entry == b.entry; }),
      out.holdings.end());
  return out;
}

Result<Lineage> TraceSubjects(ledger::Ledger& ledger, const std::string& key_id,
                              const std::vector<SubjectQuery>& subjects,
                              uint64_t* entries_under_other_keys) {
  XB_ASSIGN_OR_RETURN(LedgerView view, ReadView(ledger));
  Lineage out;
  GraphBuilder g(&out);
  for (const SubjectQuery& s : subjects) out.identifiers.push_back({s.line, {}});
  uint64_t other_keys = 0;

  // The entry's individuals of both kinds, sorted; empty under another key.
  auto members = [&](uint64_t index) -> Result<std::vector<Digest>> {
    std::vector<Digest> all;
    auto group = ledger.store().ReadEntryGroup(index);
    if (!group.ok()) {
      if (group.error().code == ErrorCode::kNotFound) return all;
      return std::move(group).error();
    }
    if (group->key_id != key_id) {
      ++other_keys;
      return all;
    }
    for (auto kind : {ledger::SubjectKind::kIndividual, ledger::SubjectKind::kSensitive}) {
      XB_ASSIGN_OR_RETURN(auto hashes, ledger.store().ReadEntrySubjects(index, kind));
      all.insert(all.end(), hashes.begin(), hashes.end());
    }
    std::sort(all.begin(), all.end());
    return all;
  };
  auto identifier_node = [&](int64_t line) {
    return g.Node("identifier:" + std::to_string(line), "identifier",
                  "identifier on line " + std::to_string(line));
  };

  for (const TransferInfo& t : view.transfers) {
    XB_ASSIGN_OR_RETURN(std::vector<Digest> held, members(t.index));
    for (size_t i = 0; i < subjects.size(); ++i) {
      if (!std::binary_search(held.begin(), held.end(), subjects[i].hash)) continue;
      out.identifiers[i].holdings.push_back(
          {t.index, "transfer", t.as_of, t.exporter, t.recipient, t.country, ""});
      std::string transfer = g.Transfer(t);
      g.Edge(identifier_node(subjects[i].line), transfer, "sent in");
      std::string recipient = g.Recipient(t.recipient_id, t.recipient, t.country);
      g.Edge(transfer, recipient, "delivered to");
    }
  }
  for (const OnwardInfo& o : view.onwards) {
    XB_ASSIGN_OR_RETURN(std::vector<Digest> held, members(o.index));
    for (size_t i = 0; i < subjects.size(); ++i) {
      if (!std::binary_search(held.begin(), held.end(), subjects[i].hash)) continue;
      out.identifiers[i].holdings.push_back({o.index, "onward_transfer", o.as_of, o.exporter,
                                             o.recipient, o.third_party_country, o.third_party});
      std::string recipient = g.Recipient(o.recipient_id, o.recipient, o.country);
      std::string onward = g.Node("onward:" + std::to_string(o.index), "onward_transfer",
                                  "onward #" + std::to_string(o.index) + " " + o.as_of,
                                  {{"entry", std::to_string(o.index)}, {"purpose", o.purpose}});
      g.Edge(recipient, onward, "passed on");
      std::string third = g.Node("third_party:" + o.third_party + "|" + o.third_party_country,
                                 "third_party", o.third_party + " (" + o.third_party_country + ")");
      g.Edge(onward, third, "to");
    }
  }
  std::map<uint64_t, Holding> unique;
  for (const auto& id : out.identifiers)
    for (const auto& h : id.holdings) unique.emplace(h.entry, h);
  for (auto& [entry, h] : unique) out.holdings.push_back(h);
  if (entries_under_other_keys) *entries_under_other_keys = other_keys;
  return out;
}

std::string LineageToDot(const Lineage& l) {
  std::string dot = "digraph lineage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  for (const LineageNode& n : l.nodes) {
    dot += "  \"" + DotEscape(n.id) + "\" [label=\"" + DotEscape(n.label) +
           "\", shape=" + DotShape(n.kind) + "];\n";
  }
  for (const LineageEdge& e : l.edges) {
    dot += "  \"" + DotEscape(e.from) + "\" -> \"" + DotEscape(e.to) + "\" [label=\"" +
           DotEscape(e.label) + "\"];\n";
  }
  return dot + "}\n";
}

std::string LineageToJson(const Lineage& l) {
  auto holding = [](const Holding& h) {
    json j = {{"entry", h.entry},       {"type", h.type},           {"as_of", h.as_of},
              {"exporter", h.exporter}, {"recipient", h.recipient}, {"country", h.country}};
    if (!h.third_party.empty()) j["third_party"] = h.third_party;
    return j;
  };
  auto derived = [](const DerivedFile& d) {
    json j = {
        {"file", d.name}, {"sha256", d.sha256}, {"entry", d.from_entry}, {"package", d.package}};
    if (d.generation > 0) j["generation"] = d.generation;
    return j;
  };
  json nodes = json::array(), edges = json::array(), holdings = json::array(),
       derived_files = json::array(), derived_from = json::array(), identifiers = json::array();
  for (const auto& n : l.nodes) {
    json facts = json::object();
    for (const auto& [k, v] : n.facts) facts[k] = v;
    nodes.push_back({{"id", n.id}, {"kind", n.kind}, {"label", n.label}, {"facts", facts}});
  }
  for (const auto& e : l.edges)
    edges.push_back({{"from", e.from}, {"to", e.to}, {"label", e.label}});
  for (const auto& h : l.holdings) holdings.push_back(holding(h));
  for (const auto& d : l.derived) derived_files.push_back(derived(d));
  for (const auto& d : l.derived_from) derived_from.push_back(derived(d));
  for (const auto& id : l.identifiers) {
    json list = json::array();
    for (const auto& h : id.holdings) list.push_back(holding(h));
    identifiers.push_back({{"line", id.line}, {"found", !id.holdings.empty()}, {"holdings", list}});
  }
  json j = {{"holdings", holdings}, {"nodes", nodes}, {"edges", edges}};
  if (!l.derived.empty() || !l.derived_from.empty() || l.identifiers.empty()) {
    j["derived"] = derived_files;
    j["derived_from"] = derived_from;
  }
  if (!l.identifiers.empty()) j["identifiers"] = identifiers;
  return j.dump(2) + "\n";
}

}  // namespace xb::registry
