// Errors as values for the whole library (DESIGN.md §11): the core never prints, exits or
// throws across its API; the doors (src/cli, src/server) turn an Error into an exit code.
//
// CONTRACT: an Error's text never contains raw personal data. Name the file, line and field,
// and describe the value by shape ("18 characters, bad check character"), never by content.
#ifndef XBORDER_CORE_STATUS_H_
#define XBORDER_CORE_STATUS_H_

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace xb {

enum class ErrorCode {
  kInvalidArgument,     // bad input from the user: a file, a plan, a policy, a flag (exit 2)
  kNotFound,            // a file, entry or key that does not exist (exit 2)
  kIo,                  // the operating system refused a read or a write (exit 2)
  kParse,               // malformed input data at a known location (exit 2)
  kCorruption,          // stored state fails its own integrity checks (exit 1 on verify)
  kFailedPrecondition,  // the operation is not allowed in the current state (exit 1)
  kResourceExhausted,   // a size or memory budget was exceeded (exit 2)
  kInternal,            // a bug in xborder
};

const char* ErrorCodeName(ErrorCode code);

// Where in the input the problem is. Empty fields and zero line mean "not known".
struct Location {
  Location() = default;
  Location(std::string f, int64_t l = 0, std::string fld = {})  // NOLINT: {path} reads well
      : file(std::move(f)), line(l), field(std::move(fld)) {}

  std::string file;
  int64_t line = 0;
  std::string field;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  Location where;

  // "file:line: field 'x': message" with the parts that are known.
  std::string ToString() const;
};

Error MakeError(ErrorCode code, std::string message, Location where = {});
inline Error InvalidArgument(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(m), std::move(w));
}
inline Error NotFound(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kNotFound, std::move(m), std::move(w));
}
inline Error IoError(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kIo, std::move(m), std::move(w));
}
inline Error ParseError(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kParse, std::move(m), std::move(w));
}
inline Error Corruption(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kCorruption, std::move(m), std::move(w));
}
inline Error FailedPrecondition(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kFailedPrecondition, std::move(m), std::move(w));
}
inline Error Internal(std::string m, Location w = {}) {
  return MakeError(ErrorCode::kInternal, std::move(m), std::move(w));
}

// Result<T> holds a T or an Error (std::expected before C++23). Reading the value of an
// errored Result is a bug; it is checked in debug builds only.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Status is a Result without a value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace xb

// Propagate an error from an expression returning Status or Result<T>.
#define XB_RETURN_IF_ERROR(expr)                           \
  do {                                                     \
    auto xb_status_ = (expr);                              \
    if (!xb_status_.ok()) return std::move(xb_status_).error(); \
  } while (0)

#define XB_CONCAT_INNER_(a, b) a##b
#define XB_CONCAT_(a, b) XB_CONCAT_INNER_(a, b)
// XB_ASSIGN_OR_RETURN(auto x, Compute()): binds the value or returns the error.
#define XB_ASSIGN_OR_RETURN(lhs, expr) \
  XB_ASSIGN_OR_RETURN_IMPL_(XB_CONCAT_(xb_result_, __LINE__), lhs, expr)
#define XB_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).error();   \
  lhs = std::move(tmp).value()

#endif  // XBORDER_CORE_STATUS_H_
