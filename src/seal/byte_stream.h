// Byte streams for the sealing formats: a pull-style source (files, memory, decoders stacked on
// each other, such as the ASCII-armor decoder), a buffered reader that adds lines and look-ahead
// on top of any source, and a push-style sink. Streams keep memory flat in the input's size.
//
// Thread-safety: one thread at a time per object.
#ifndef XBORDER_SEAL_BYTE_STREAM_H_
#define XBORDER_SEAL_BYTE_STREAM_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb::seal {

// Receives output bytes in order. An error stops the producer, which returns it unchanged.
using ByteSink = std::function<Status(std::span<const uint8_t>)>;

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads at most out.size() bytes into `out` and returns how many; 0 only at the end of input
  // (or for an empty `out`). May return fewer than asked before the end.
  // Errors: whatever the underlying medium or decoder reports (kIo, kParse ...).
  virtual Result<size_t> Read(std::span<uint8_t> out) = 0;
};

// Reads until `out` is full or the input ends; returns the count (less than out.size() only at
// the end of input).
Result<size_t> ReadFull(ByteSource& source, std::span<uint8_t> out);

// A source over bytes held elsewhere; `bytes` must outlive it.
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : rest_(bytes) {}
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  std::string_view rest_;
};

// A source over an open file descriptor, which it closes. Not copyable: owns the descriptor.
class FileSource : public ByteSource {
 public:
  // Errors naming `path`: kNotFound; kIo (unreadable, a directory).
  static Result<FileSource> Open(const std::string& path);
  FileSource(FileSource&& other) noexcept;
  FileSource& operator=(FileSource&&) = delete;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;

  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

// Adds look-ahead and line reading to a source it does not own (which must outlive it). Large
// reads with an empty buffer go straight to the source, so streaming costs no extra copy.
class BufferedSource : public ByteSource {
 public:
  explicit BufferedSource(ByteSource& source) : source_(source) {}

  struct Line {
    std::string text;      // without the '\n'; a '\r' before it is kept
    bool newline = false;  // false: the input ended first (text may still hold bytes)
  };
  // Reads up to and including the next '\n'. Errors: kResourceExhausted when no '\n' comes
  // within `max_length` bytes; the source's errors.
  Result<Line> ReadLine(size_t max_length);

  // Returns the next `n` bytes without consuming them (fewer only at the end of input).
  // REQUIRES: n <= kMaxPeek.
  static constexpr size_t kMaxPeek = 4096;
  Result<std::string_view> Peek(size_t n);

  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  // Reads more from the source into the buffer; returns false at the end of input.
  Result<bool> Fill();
  std::string_view Buffered() const { return std::string_view(buffer_).substr(start_); }

  ByteSource& source_;
  std::string buffer_;  // bytes read from the source, consumed up to start_
  size_t start_ = 0;
  bool at_end_ = false;
};

}  // namespace xb::seal

#endif  // XBORDER_SEAL_BYTE_STREAM_H_
