// A request body the pipeline must read as a file (a plan, an incident): written byte for byte
// (its SHA-256 is the plan's) into a temporary folder of its own (mode 0700), and removed with
// that folder when the RequestFile goes, whatever happened meanwhile. Nothing of a request lands
// in the data root: the reader resolves the relative paths the request names there
// (TransferOptions::plan_folder, report::ReportOptions::input_folder). A crash may leave the
// folder in the temporary directory, never in the data root.
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
  // Writes `body` to "<tmp>/xborder-request-XXXXXX/<what>-<random>.yaml", the folder made for
  // it alone, readable by this user only, and removed with the file. Errors: kIo.
  static Result<std::unique_ptr<RequestFile>> WritePrivate(std::string_view what,
                                                           std::string_view body);
  ~RequestFile();
  RequestFile(const RequestFile&) = delete;
  RequestFile& operator=(const RequestFile&) = delete;

  const std::string& path() const { return path_; }
  // The random part of the name (16 hex digits), to name what the request makes.
  const std::string& id() const { return id_; }

 private:
  RequestFile(std::string path, std::string id, std::string folder)
      : path_(std::move(path)), id_(std::move(id)), folder_(std::move(folder)) {}
  std::string path_;
  std::string id_;
  std::string folder_;  // the private folder, removed with the file
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_REQUEST_FILE_H_
