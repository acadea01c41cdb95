// The boundary where running out of memory becomes an error value (issue #11, review F6).
//
// Inside the library, memory exhaustion is std::bad_alloc, as the standard containers throw it.
// Each entry point that allocates per row or per record (a transfer, protect, a consent import,
// a table load) runs its work through CatchOutOfMemory, so the exception never reaches the
// doors, where it would read as "internal error" (a bug), and never ends the process: it
// becomes kResourceExhausted naming what was being done and the file. Helper threads rethrow
// theirs on the calling thread (they never let an exception escape a thread function).
#ifndef XBORDER_CORE_OUT_OF_MEMORY_H_
#define XBORDER_CORE_OUT_OF_MEMORY_H_

#include <new>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

// kResourceExhausted: "out of memory while <doing>" at `where`.
inline Error OutOfMemoryError(std::string_view doing, Location where) {
  return MakeError(ErrorCode::kResourceExhausted, "out of memory while " + std::string(doing),
                   std::move(where));
}

// Runs fn() (returning Status or Result<T>); std::bad_alloc from it becomes
// OutOfMemoryError(doing(), where()). `doing` and `where` are called only then, after the
// stack has unwound and fn's memory is freed, so they may read state fn updated (the stage it
// reached). Other exceptions pass through.
template <class Fn, class Doing, class Where>
auto CatchOutOfMemory(Fn&& fn, Doing&& doing, Where&& where) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return OutOfMemoryError(doing(), where());
  }
}

}  // namespace xb

#endif  // XBORDER_CORE_OUT_OF_MEMORY_H_
