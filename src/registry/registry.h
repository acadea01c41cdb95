// The registry of overseas recipients (DESIGN.md §12), kept in the xborder database beside the
// ledger, every change recorded in the ledger.
//
// The ledger is the record of truth: registering, changing and retiring a recipient each append
// one entry
//   {"type": "recipient", "action": "add" | "change" | "retire", "date": "YYYY-MM-DD",
//    "recipient": {public record, recipient.h}}          ("retire": "id" instead of the record)
// and the registry is what those entries say, in ledger order. The store keeps that reading as
// of some ledger size, and opening the registry reads only the entries appended since, so a
// change whose entry is committed is never lost and the registry can never say something the
// ledger does not (a crash after the append is repaired by the next open). Two processes adding
// the same id at once both succeed; the later entry reads as a change.
//
// The private part (an individual's name, contact details) is written to the store before the
// entry is appended; the ledger holds only the keyed hash of an individual's name.
//
// Thread-safety: one Registry per thread. The ledger must outlive it.
#ifndef XBORDER_REGISTRY_REGISTRY_H_
#define XBORDER_REGISTRY_REGISTRY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "ledger/ledger.h"
#include "registry/recipient.h"
#include "registry/recipient_store.h"

namespace xb::registry {

inline constexpr std::string_view kRecipientEntryType = "recipient";

class Registry {
 public:
  // Opens the registry and brings it up to date with the ledger (saving the result unless the
  // store is read-only). Errors: the ledger's and the store's; kCorruption for a recipient entry
  // or stored record this program did not write.
  static Result<std::unique_ptr<Registry>> Open(ledger::Ledger& ledger,
                                                std::unique_ptr<RecipientStore> store);
  Registry(const Registry&) = delete;  // owns its store
  Registry& operator=(const Registry&) = delete;

  // Recipients by id; retired ones only when asked. Private parts are not filled in.
  std::vector<Recipient> List(bool include_retired) const;

  // The recipient `id` (retired or not), with its private part when asked; nullopt if `id` was
  // never registered.
  Result<std::optional<Recipient>> Find(const std::string& id, bool with_private);

  // Registers `r` as of `on`; with `replace`, records a change of a registered recipient (a
  // retired one becomes active again). An empty id is made from the organisation's name (or at
  // random for an individual). Returns the recipient as registered.
  // Errors: kInvalidArgument for a recipient ValidateRecipient refuses, or an individual without
  // name_hmac; kFailedPrecondition when the id is registered and !replace, or unknown and
  // replace, or the store is read-only; ledger and store errors.
  Result<Recipient> Add(Recipient r, CivilDate on, bool replace);

  // Retires `id` as of `on`. Errors: kNotFound for an unknown id; kFailedPrecondition if already
  // retired or the store is read-only.
  Result<Recipient> Retire(const std::string& id, CivilDate on);

  // Reads the ledger entries appended since the registry was last brought up to date.
  Status Refresh();

 private:
  Registry(ledger::Ledger& ledger, std::unique_ptr<RecipientStore> store)
      : ledger_(ledger), store_(std::move(store)) {}
  // Applies one recipient entry to recipients_; ids it changed go into *changed.
  Status Apply(uint64_t index, std::string_view entry, std::map<std::string, bool>* changed);
  Result<Recipient> AppendChange(const std::string& entry_json, const std::string& id);

  ledger::Ledger& ledger_;
  std::unique_ptr<RecipientStore> store_;
  uint64_t ledger_size_ = 0;  // recipients_ reflects entries [0, ledger_size_)
  std::map<std::string, Recipient> recipients_;
};

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_REGISTRY_H_
