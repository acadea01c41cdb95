#include "registry/registry.h"

#include <nlohmann/json.hpp>

#include "core/crypto.h"

namespace xb::registry {
namespace {

using nlohmann::json;

// In canonical entry text a member's key and value are written without spaces, and a quote
// inside a string is escaped, so this text appears only as the member itself.
constexpr std::string_view kTypeMember = "\"type\":\"recipient\"";

std::string StoredRecord(const Recipient& r) {
  json j = {{"recipient", PublicJson(r)},
            {"registered", r.registered ? json(r.registered->ToString()) : json(nullptr)},
            {"retired", r.retired ? json(r.retired->ToString()) : json(nullptr)},
            {"ledger_index", r.ledger_index}};
  return j.dump();
}

Result<std::optional<CivilDate>> DateMember(const json& j, const char* key,
                                            const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return std::optional<CivilDate>();
  auto d = j[key].is_string() ? CivilDate::Parse(j[key].get<std::string>()) : std::nullopt;
  if (!d) return Corruption(std::string("malformed '") + key + "' in a recipient record", {where});
  return std::optional<CivilDate>(d);
}

Result<Recipient> FromStoredRecord(const std::string& text, const std::string& where) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("recipient")) {
    return Corruption("a stored recipient record is malformed", {where});
  }
  XB_ASSIGN_OR_RETURN(Recipient r, RecipientFromPublicJson(j["recipient"], where));
  XB_ASSIGN_OR_RETURN(r.registered, DateMember(j, "registered", where));
  XB_ASSIGN_OR_RETURN(r.retired, DateMember(j, "retired", where));
  if (j.contains("ledger_index") && j["ledger_index"].is_number_unsigned()) {
    r.ledger_index = j["ledger_index"].get<uint64_t>();
  }
  return r;
}

// An id for an individual, or an organisation whose name has no ASCII letter: random, so it
// says nothing about the person.
Result<std::string> RandomId() {
  std::array<uint8_t, 5> bytes{};
  XB_RETURN_IF_ERROR(RandomBytes(bytes));
  return "r-" + ToHex(bytes);
}

}  // namespace

Result<std::unique_ptr<Registry>> Registry::Open(ledger::Ledger& ledger,
                                                 std::unique_ptr<RecipientStore> store) {
  std::unique_ptr<Registry> registry(new Registry(ledger, std::move(store)));
  XB_ASSIGN_OR_RETURN(StoredRegistry stored, registry->store_->Load());
  for (const auto& [id, text] : stored.records) {
    XB_ASSIGN_OR_RETURN(Recipient r, FromStoredRecord(text, "recipient registry"));
    registry->recipients_.emplace(id, std::move(r));
  }
  registry->ledger_size_ = stored.ledger_size;
  XB_RETURN_IF_ERROR(registry->Refresh());
  return registry;
}

Status Registry::Apply(uint64_t index, std::string_view entry,
                       std::map<std::string, bool>* changed) {
  const std::string where = "ledger entry " + std::to_string(index);
  json j = json::parse(entry, nullptr, false);
  if (!j.is_object()) return Corruption("a recipient entry is not a JSON object", {where});
  const std::string action = j.value("action", "");
  auto date = j.contains("date") && j["date"].is_string()
                  ? CivilDate::Parse(j["date"].get<std::string>())
                  : std::nullopt;
  if (!date) return Corruption("a recipient entry without its date", {where});
  if (action == "retire") {
    const std::string id = j.value("id", "");
    auto it = recipients_.find(id);
    if (it == recipients_.end()) return Corruption("retires a recipient never registered", {where});
    it->second.retired = date;
    it->second.ledger_index = index;
    (*changed)[id] = true;
    return Status::Ok();
  }
  if (action != "add" && action != "change") {
    return Corruption("a recipient entry with an unknown action", {where});
  }
  if (!j.contains("recipient")) return Corruption("a recipient entry without its record", {where});
  XB_ASSIGN_OR_RETURN(Recipient r, RecipientFromPublicJson(j["recipient"], where));
  auto it = recipients_.find(r.id);
  r.registered = it == recipients_.end() ? date : it->second.registered;
  r.ledger_index = index;
  (*changed)[r.id] = true;
  recipients_[r.id] = std::move(r);
  return Status::Ok();
}

Status Registry::Refresh() {
  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger_.Head());
  if (head.size <= ledger_size_) return Status::Ok();
  const uint64_t from = ledger_size_;
  std::map<std::string, bool> changed;
  for (uint64_t i = from; i < head.size; ++i) {
    XB_ASSIGN_OR_RETURN(std::string entry, ledger_.Entry(i));
    if (entry.find(kTypeMember) == std::string::npos) continue;
    XB_RETURN_IF_ERROR(Apply(i, entry, &changed));
  }
  ledger_size_ = head.size;
  if (store_->read_only()) return Status::Ok();
  std::map<std::string, std::string> records;
  for (const auto& [id, unused] : changed) records[id] = StoredRecord(recipients_.at(id));
  // When another process saved first, its records say the same: both read the same entries.
  XB_ASSIGN_OR_RETURN(bool saved, store_->Save(from, head.size, records));
  (void)saved;
  return Status::Ok();
}

std::vector<Recipient> Registry::List(bool include_retired) const {
  std::vector<Recipient> out;
  for (const auto& [id, r] : recipients_) {
    if (include_retired || !r.retired) out.push_back(r);
  }
  return out;
}

Result<std::optional<Recipient>> Registry::Find(const std::string& id, bool with_private) {
  auto it = recipients_.find(id);
  if (it == recipients_.end()) return std::optional<Recipient>();
  Recipient r = it->second;
  if (with_private) {
    XB_ASSIGN_OR_RETURN(std::optional<PrivatePart> part, store_->GetPrivate(id));
    if (part) {
      if (r.individual()) r.name = part->name;
      r.contact = part->contact;
    }
  }
  return std::optional<Recipient>(std::move(r));
}

Result<Recipient> Registry::AppendChange(const std::string& entry_json, const std::string& id) {
  std::vector<std::string> entries = {entry_json};
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ledger_.Append(entries));
  (void)appended;
  XB_RETURN_IF_ERROR(Refresh());
  XB_ASSIGN_OR_RETURN(std::optional<Recipient> r, Find(id, false));
  if (!r) return Internal("a recipient just recorded cannot be found");
  return *r;
}

Result<Recipient> Registry::Add(Recipient r, CivilDate on, bool replace) {
  if (store_->read_only()) return FailedPrecondition("the registry was opened read-only");
  XB_RETURN_IF_ERROR(ValidateRecipient(r, nullptr, "recipient"));
  if (r.individual() && r.name_hmac.empty()) {
    return InvalidArgument("an individual recipient's name must be given as its keyed hash");
  }
  XB_RETURN_IF_ERROR(Refresh());
  if (r.id.empty()) {
    if (!r.individual()) r.id = IdFromName(r.name);
    if (r.id.empty()) {
      XB_ASSIGN_OR_RETURN(r.id, RandomId());
    }
  }
  const bool known = recipients_.count(r.id) > 0;
  if (known && !replace) {
    return FailedPrecondition("recipient '" + r.id +
                              "' is already registered; use --replace to record a change");
  }
  if (!known && replace) {
    return FailedPrecondition("recipient '" + r.id + "' is not registered; nothing to replace");
  }
  // The private part first: a crash before the append leaves a private row no entry refers to,
  // which the next registration of that id overwrites.
  if (r.individual() || !r.contact.empty()) {
    XB_RETURN_IF_ERROR(
        store_->PutPrivate(r.id, PrivatePart{r.individual() ? r.name : "", r.contact}));
  }
  json entry = {{"type", std::string(kRecipientEntryType)},
                {"action", known ? "change" : "add"},
                {"date", on.ToString()},
                {"recipient", PublicJson(r)}};
  return AppendChange(entry.dump(), r.id);
}

Result<Recipient> Registry::Retire(const std::string& id, CivilDate on) {
  if (store_->read_only()) return FailedPrecondition("the registry was opened read-only");
  XB_RETURN_IF_ERROR(Refresh());
  auto it = recipients_.find(id);
  if (it == recipients_.end()) return NotFound("no recipient '" + id + "' is registered");
  if (it->second.retired) {
    return FailedPrecondition("recipient '" + id + "' was already retired on " +
                              it->second.retired->ToString());
  }
  json entry = {{"type", std::string(kRecipientEntryType)},
                {"action", "retire"},
                {"date", on.ToString()},
                {"id", id}};
  return AppendChange(entry.dump(), id);
}

}  // namespace xb::registry
