// A request body the pipeline must read as a file (a plan, an incident): written byte for byte
// (its SHA-256 is the plan's) into the data root under a hidden name, so the relative paths it
// names resolve there as they would beside a file the operator wrote, and removed when the
// RequestFile goes, whatever happened meanwhile.
//
// Thread-safety: one per request.
#ifndef XBORDER_SERVER_REQUEST_FILE_H_
#define XBORDER_SERVER_REQUEST_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb::server {

class RequestFile {
 public:
  // Writes `body` to "<root>/.xborder-<what>-<random>.yaml". Errors: kIo.
  static Result<std::unique_ptr<RequestFile>> Write(const std::string& root, std::string_view what,
                                                    std::string_view body);
  ~RequestFile();
  RequestFile(const RequestFile&) = delete;
  RequestFile& operator=(const RequestFile&) = delete;

  const std::string& path() const { return path_; }
  // The random part of the name (16 hex digits), to name what the request makes.
  const std::string& id() const { return id_; }

 private:
  RequestFile(std::string path, std::string id) : path_(std::move(path)), id_(std::move(id)) {}
  std::string path_;
  std::string id_;
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_REQUEST_FILE_H_
