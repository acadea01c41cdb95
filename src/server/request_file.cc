#include "server/request_file.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"
#include "server/token.h"

namespace xb::server {
namespace fs = std::filesystem;

Result<std::unique_ptr<RequestFile>> RequestFile::WritePrivate(std::string_view what,
                                                               std::string_view body) {
  XB_ASSIGN_OR_RETURN(std::string random, NewRandomHex32());
  std::string id = random.substr(0, 16);
  std::error_code ec;
  std::string folder = (fs::temp_directory_path(ec) / "xborder-request-XXXXXX").string();
  if (ec) return IoError("no temporary folder for the request: " + ec.message());
  // mkdtemp makes the folder with mode 0700: other users of the machine cannot list or read it.
  if (::mkdtemp(folder.data()) == nullptr) {
    return IoError(std::string("cannot make a temporary folder for the request: ") +
                   std::strerror(errno));
  }
  std::string path = (fs::path(folder) / (std::string(what) + "-" + id + ".yaml")).string();
  std::unique_ptr<RequestFile> file(new RequestFile(path, std::move(id), std::move(folder)));
  XB_RETURN_IF_ERROR(WriteFileAtomically(path, body));
  return file;
}

RequestFile::~RequestFile() {
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

}  // namespace xb::server
