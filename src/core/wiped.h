// Wiped<T>: the one holder for secrets in memory (keys, file keys, passphrases, decrypted key
// files, plaintext buffers). Its bytes are overwritten with zeros (sodium_memzero, which the
// compiler may not remove) when it is destroyed, moved from, or Wipe()d, on every path out of
// a function, errors included.
//
// T is a fixed array (std::array<uint8_t, N>) or a growable buffer (std::string,
// std::vector<uint8_t>). For a growable buffer the whole capacity is wiped, not only the
// current size; but a buffer that grows reallocates and frees its old block unwiped, so reserve
// the final size first (Reserved()) or let the buffer not grow.
//
// Not copyable (a copy would be a second secret to track). Movable: the source is wiped. Not
// thread-safe.
#ifndef XBORDER_CORE_WIPED_H_
#define XBORDER_CORE_WIPED_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace xb {

template <typename T>
class Wiped {
 public:
  Wiped() = default;
  // Takes over `value`'s buffer (for a growable buffer: without copying the bytes).
  explicit Wiped(T&& value) : value_(std::move(value)) { WipeMovedFrom(value); }
  // A growable buffer with room for `capacity` bytes, so that filling it never reallocates.
  static Wiped Reserved(size_t capacity) {
    Wiped w;
    w.value_.reserve(capacity);
    return w;
  }

  Wiped(Wiped&& other) noexcept : value_(std::move(other.value_)) { other.Wipe(); }
  Wiped& operator=(Wiped&& other) noexcept {
    if (this != &other) {
      Wipe();
      value_ = std::move(other.value_);
      other.Wipe();
    }
    return *this;
  }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() { Wipe(); }

  T& operator*() { return value_; }
  const T& operator*() const { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

  // Zeroes every byte the buffer holds; a growable buffer is left empty (its capacity kept).
  void Wipe() { WipeValue(value_); }

 private:
  static constexpr bool kGrowable = !std::is_trivially_copyable_v<T>;

  static void WipeValue(T& value) {
    if constexpr (kGrowable) {
      // The bytes past size() up to capacity() may hold an earlier, longer secret.
      value.resize(value.capacity());
      sodium_memzero(value.data(), value.size() * sizeof(value[0]));
      value.clear();
    } else {
      sodium_memzero(value.data(), value.size() * sizeof(value[0]));
    }
  }

  // A moved-from array still holds its bytes; a moved-from string may keep a short one inline.
  static void WipeMovedFrom(T& value) { WipeValue(value); }

  T value_{};
};

}  // namespace xb

#endif  // XBORDER_CORE_WIPED_H_
