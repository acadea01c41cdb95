#include "report/ledger_view.h"

namespace xb::report {

std::string LedgerView::Text(const nlohmann::json& entry, const char* key) {
  if (!entry.is_object()) return "";
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<LedgerView> ReadLedgerView(ledger::Ledger& ledger) {
  LedgerView view;
  Status s = ledger.store().WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger.Head());
    view.size = head.size;
    view.root = head.root;
    // A ledger that was never initialised has no note; the document then names size 0.
    auto note = ledger.CheckpointNote();
    if (note.ok()) view.checkpoint_note = *note;
    return ledger.Export([&](uint64_t index, std::string_view bytes) -> Status {
      if (index >= view.size) return Status::Ok();
      auto json = nlohmann::json::parse(bytes, nullptr, false);
      if (json.is_discarded() || !json.is_object()) {
        return Corruption("ledger entry " + std::to_string(index) + " is not a JSON object");
      }
      EntryView entry;
      entry.index = index;
      entry.type = LedgerView::Text(json, "type");
      entry.json = std::move(json);
      view.entries.push_back(std::move(entry));
      return Status::Ok();
    });
  });
  XB_RETURN_IF_ERROR(s);
  return view;
}

}  // namespace xb::report
