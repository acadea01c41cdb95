#include "seal/age_header.h"

#include <sodium.h>

#include <cstring>

#include "core/base64.h"
#include "core/crypto.h"
#include "core/wiped.h"

namespace xb::seal {
namespace {

constexpr std::string_view kVersionLine = "age-encryption.org/v1";
constexpr size_t kColumns = 64;
constexpr size_t kMacBase64Length = 43;  // 32 bytes, unpadded

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

bool AllBase64(std::string_view s) {
  for (char c : s) {
    if (!IsBase64Char(c)) return false;
  }
  return true;
}

// VCHAR of RFC 5234: printable ASCII without space.
bool IsValidArgument(std::string_view arg) {
  if (arg.empty()) return false;
  for (char c : arg) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Reads header lines while counting them and the bytes taken, and keeps the MAC's input.
class HeaderReader {
 public:
  explicit HeaderReader(BufferedSource& in) : in_(in) {}

  // The next line without its '\n'. Errors: kParse if the input ends before a '\n' or the
  // header grows past kMaxHeaderBytes.
  Result<std::string> Next() {
    ++line_;
    size_t room = kMaxHeaderBytes - std::min(kMaxHeaderBytes, taken_);
    auto line = in_.ReadLine(room);
    if (!line.ok()) {
      if (line.error().code == ErrorCode::kResourceExhausted) {
        return Fail("header is larger than " + std::to_string(kMaxHeaderBytes) + " bytes");
      }
      return std::move(line).error();
    }
    if (!line->newline) return Fail("input ends inside the age header");
    taken_ += line->text.size() + 1;
    return std::move(line->text);
  }
  void Keep(std::string_view line) {
    mac_input_.append(line);
    mac_input_.push_back('\n');
  }
  Error Fail(std::string message) const {
    return ParseError("age header: " + std::move(message), Location({}, line_));
  }
  std::string& mac_input() { return mac_input_; }

 private:
  BufferedSource& in_;
  int64_t line_ = 0;
  size_t taken_ = 0;
  std::string mac_input_;
};

Result<Stanza> ParseStanza(HeaderReader& reader, std::string_view arg_line) {
  Stanza stanza;
  std::string_view rest = arg_line.substr(3);  // after "-> "
  while (true) {
    size_t space = rest.find(' ');
    std::string_view arg = rest.substr(0, space);
    if (!IsValidArgument(arg)) return reader.Fail("stanza argument is empty or not printable");
    stanza.args.emplace_back(arg);
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  std::string body_text;
  while (true) {
    XB_ASSIGN_OR_RETURN(std::string line, reader.Next());
    reader.Keep(line);
    if (line.size() > kColumns || !AllBase64(line)) {
      return reader.Fail("stanza body line is not base64 of at most 64 columns");
    }
    body_text += line;
    if (line.size() < kColumns) break;  // a short line (maybe empty) ends the body
  }
  auto body = Base64Decode(body_text, Base64Padding::kUnpadded);
  if (!body.ok()) return reader.Fail("stanza body: " + body.error().message);
  stanza.body = std::move(body).value();
  return stanza;
}

}  // namespace

Result<AgeHeader> ReadAgeHeader(BufferedSource& in) {
  HeaderReader reader(in);
  AgeHeader header;
  XB_ASSIGN_OR_RETURN(std::string version, reader.Next());
  if (version != kVersionLine) {
    return reader.Fail("not an age v1 file (the first line is not \"age-encryption.org/v1\")");
  }
  reader.Keep(version);
  while (true) {
    XB_ASSIGN_OR_RETURN(std::string line, reader.Next());
    if (line.starts_with("-> ")) {
      reader.Keep(line);
      XB_ASSIGN_OR_RETURN(Stanza stanza, ParseStanza(reader, line));
      header.stanzas.push_back(std::move(stanza));
      continue;
    }
    if (line.starts_with("---")) {
      if (header.stanzas.empty()) return reader.Fail("no recipient stanza");
      std::string_view mac_text = std::string_view(line).substr(3);
      if (mac_text.size() != 1 + kMacBase64Length || mac_text[0] != ' ' ||
          !AllBase64(mac_text.substr(1))) {
        return reader.Fail("MAC line is not \"--- \" and 43 base64 characters");
      }
      auto mac = Base64Decode(mac_text.substr(1), Base64Padding::kUnpadded);
      if (!mac.ok() || mac->size() != header.mac.size()) {
        return reader.Fail("MAC is not canonical base64 of 32 bytes");
      }
      std::memcpy(header.mac.data(), mac->data(), header.mac.size());
      header.mac_input = std::move(reader.mac_input());
      header.mac_input += "---";
      return header;
    }
    return reader.Fail("expected a stanza (\"-> \") or the MAC line (\"---\")");
  }
}

std::string FormatHeaderForMac(const std::vector<Stanza>& stanzas) {
  std::string out(kVersionLine);
  out.push_back('\n');
  for (const Stanza& s : stanzas) {
    out += "->";
    for (const std::string& arg : s.args) out += " " + arg;
    out.push_back('\n');
    std::string body = Base64Encode(s.body, Base64Padding::kUnpadded);
    // Full 64-column lines, then always a shorter final line (empty when the body fills its
    // last line exactly), which is how a reader knows the body ended.
    size_t pos = 0;
    for (; body.size() - pos >= kColumns; pos += kColumns) out += body.substr(pos, kColumns) + "\n";
    out += body.substr(pos) + "\n";
  }
  out += "---";
  return out;
}

HeaderMac ComputeHeaderMac(const FileKey& file_key, std::string_view mac_input) {
  Wiped<std::array<uint8_t, 32>> key(HkdfSha256(file_key, {}, "header"));
  return HmacSha256(*key).Mac(mac_input);
}

std::string FinishHeader(std::string_view mac_input, const HeaderMac& mac) {
  return std::string(mac_input) + " " + Base64Encode(mac, Base64Padding::kUnpadded) + "\n";
}

}  // namespace xb::seal
