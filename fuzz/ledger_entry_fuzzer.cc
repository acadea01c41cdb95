// Fuzzes the canonical JSON form of ledger entries (src/ledger/canonical_json.h): on arbitrary
// bytes it must return a value or an error, never crash; accepted output must be canonical
// (idempotent), within the size limit, and the leaf hash of the canonical bytes must be stable.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_target.h"
#include "ledger/canonical_json.h"
#include "ledger/merkle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // larger inputs exercise nothing new
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto canonical = xb::ledger::CanonicalizeObject(bytes);
  if (!canonical.ok()) return 0;
  const std::string& text = *canonical;
  if (text.empty() || text.front() != '{' || text.back() != '}') __builtin_trap();
  if (text.size() > xb::ledger::kMaxEntryBytes) __builtin_trap();
  auto again = xb::ledger::CanonicalizeObject(text);
  if (!again.ok() || *again != text) __builtin_trap();
  if (!xb::ledger::IsCanonicalObject(text)) __builtin_trap();
  if (xb::ledger::HashLeaf(text) != xb::ledger::HashLeaf(*again)) __builtin_trap();
  return 0;
}
