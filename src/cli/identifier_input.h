// Identifiers of individuals given on the command line's side door: a file, or stdin ("-"), one
// per line, never an argument (shell history keeps arguments). Each is hashed as it is read,
// with the installation's subject hasher, the way a dataset's subject column is, and the text
// is dropped at once: commands print line numbers, never identifiers.
#ifndef XBORDER_CLI_IDENTIFIER_INPUT_H_
#define XBORDER_CLI_IDENTIFIER_INPUT_H_

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "core/strings.h"
#include "detect/subject_hasher.h"

namespace xb::cli {

struct HashedIdentifier {
  int64_t line = 0;
  Digest hash{};
};

// Reads `path` ("-" for stdin) and hashes every non-blank line: as the first identifier type it
// is valid for, or as written when it is none (an employee number still names someone).
// Errors: kNotFound for an unreadable file; kInvalidArgument when it holds no identifier.
inline Result<std::vector<HashedIdentifier>> ReadHashedIdentifiers(const std::string& path,
                                                                   const SubjectHasher& hasher) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) return NotFound("cannot read the identifiers file", {path});
    in = &file;
  }
  std::vector<HashedIdentifier> out;
  std::string line;
  int64_t n = 0;
  while (std::getline(*in, line)) {
    ++n;
    std::string_view id = TrimBlanks(line);
    if (id.empty()) continue;
    out.push_back({n, hasher.HashBare(id)});
  }
  if (out.empty()) return InvalidArgument("no identifier in the file", {path});
  return out;
}

}  // namespace xb::cli

#endif  // XBORDER_CLI_IDENTIFIER_INPUT_H_
