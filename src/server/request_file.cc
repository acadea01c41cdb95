#include "server/request_file.h"

#include <filesystem>

#include "core/atomic_file.h"
#include "server/token.h"

namespace xb::server {
namespace fs = std::filesystem;

Result<std::unique_ptr<RequestFile>> RequestFile::Write(const std::string& root,
                                                        std::string_view what,
                                                        std::string_view body) {
  XB_ASSIGN_OR_RETURN(std::string random, NewRandomHex32());
  std::string id = random.substr(0, 16);
  std::string path =
      (fs::path(root) / (".xborder-" + std::string(what) + "-" + id + ".yaml")).string();
  std::unique_ptr<RequestFile> file(new RequestFile(path, std::move(id)));
  XB_RETURN_IF_ERROR(WriteFileAtomically(path, body));
  return file;
}

RequestFile::~RequestFile() {
  std::error_code ec;
  fs::remove(path_, ec);
}

}  // namespace xb::server
