#include "seal/age_armor.h"

#include <cstring>

#include "core/base64.h"

namespace xb::seal {
namespace {

constexpr std::string_view kBeginLine = "-----BEGIN AGE ENCRYPTED FILE-----";
constexpr std::string_view kEndLine = "-----END AGE ENCRYPTED FILE-----";
constexpr size_t kColumns = 64;
constexpr size_t kMaxLine = 4096;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return s;
}

// The line without the '\r' of a CRLF end.
std::string_view Content(const BufferedSource::Line& line) {
  std::string_view text = line.text;
  if (line.newline && !text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace

bool LooksArmored(std::string_view start) { return TrimLeft(start).starts_with("-----BEGIN"); }

Error ArmorSource::Fail(std::string message) const {
  return ParseError("age armor: " + std::move(message), Location({}, line_, "armor"));
}

Status ArmorSource::Begin() {
  while (true) {
    ++line_;
    auto line = in_.ReadLine(kMaxLine);
    if (!line.ok()) {
      if (line.error().code != ErrorCode::kResourceExhausted) return std::move(line).error();
      return Fail("line longer than " + std::to_string(kMaxLine) + " bytes");
    }
    std::string_view text = TrimLeft(Content(*line));
    if (text.empty()) {
      if (!line->newline) return Fail("no BEGIN line");
      continue;  // whitespace before the armor
    }
    if (!line->newline || text != kBeginLine) {
      return Fail("the first line is not \"" + std::string(kBeginLine) + "\"");
    }
    begun_ = true;
    return Status::Ok();
  }
}

Status ArmorSource::ExpectOnlyWhitespace() {
  while (true) {
    ++line_;
    auto line = in_.ReadLine(kMaxLine);
    if (!line.ok()) {
      if (line.error().code != ErrorCode::kResourceExhausted) return std::move(line).error();
      return Fail("data after the END line");
    }
    if (!TrimLeft(line->text).empty()) return Fail("data after the END line");
    if (!line->newline) return Status::Ok();
  }
}

Status ArmorSource::NextLine() {
  ++line_;
  auto line = in_.ReadLine(kColumns + 2);
  if (!line.ok()) {
    if (line.error().code == ErrorCode::kResourceExhausted) {
      return Fail("line longer than 64 columns");
    }
    return std::move(line).error();
  }
  std::string_view text = Content(*line);
  if (text == kEndLine) {
    done_ = true;
    if (!line->newline) return Status::Ok();
    return ExpectOnlyWhitespace();
  }
  if (!line->newline) {
    // Cut short. The decoded bytes end here (a partial line is dropped), so the age file
    // inside reports the cut where it falls, exactly as for a binary file cut at that point.
    truncated_ = true;
    done_ = true;
    return Status::Ok();
  }
  if (last_data_line_seen_) return Fail("a line follows the short final line");
  if (text.empty() || text.size() > kColumns)
    return Fail("line is empty or longer than 64 columns");
  auto decoded = Base64Decode(text, Base64Padding::kPadded);
  if (!decoded.ok()) return Fail("line is not canonical padded base64");
  last_data_line_seen_ = text.size() < kColumns || text.back() == '=';
  decoded_ = std::move(decoded).value();
  decoded_pos_ = 0;
  return Status::Ok();
}

Result<size_t> ArmorSource::Read(std::span<uint8_t> out) {
  if (!begun_) XB_RETURN_IF_ERROR(Begin());
  while (decoded_pos_ == decoded_.size()) {
    if (done_ || out.empty()) return size_t{0};
    XB_RETURN_IF_ERROR(NextLine());
  }
  size_t n = std::min(out.size(), decoded_.size() - decoded_pos_);
  std::memcpy(out.data(), decoded_.data() + decoded_pos_, n);
  decoded_pos_ += n;
  return n;
}

}  // namespace xb::seal
