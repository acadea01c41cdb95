// Runs a callable when the enclosing scope ends, however it ends (return or exception): for
// cleanup that no object owns, such as closing a queue so that the threads waiting on it can
// be joined.
//
//   std::vector<std::jthread> threads;  // joined when destroyed
//   ScopeGuard close([&] { queue.Close(); });  // declared after them: runs before the joins
//
// The callable must not throw (it may run during stack unwinding).
#ifndef XBORDER_CORE_SCOPE_GUARD_H_
#define XBORDER_CORE_SCOPE_GUARD_H_

#include <utility>

namespace xb {

template <class F>
class [[nodiscard]] ScopeGuard {
 public:
  explicit ScopeGuard(F f) : f_(std::move(f)) {}
  ~ScopeGuard() {
    if (armed_) f_();
  }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

  // The callable will not run.
  void Dismiss() { armed_ = false; }

 private:
  F f_;
  bool armed_ = true;
};

}  // namespace xb

#endif  // XBORDER_CORE_SCOPE_GUARD_H_
