// A real server for tests: a temporary database, key and data root (the bundled HR example),
// one user per role, `Server` listening on a loopback ephemeral port in a thread of this process,
// and an HTTP client. Tests call it over HTTP as any client would.
#ifndef XBORDER_SERVER_SERVER_TEST_UTIL_H_
#define XBORDER_SERVER_SERVER_TEST_UTIL_H_

#include <httplib.h>
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/role.h"
#include "server/server.h"

namespace xb::server {

class TestServer {
 public:
  // Starts the server; aborts the test (ASSERT in the caller) when it cannot.
  explicit TestServer(ServerOptions options = {});
  ~TestServer();

  bool ok() const { return started_; }
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  const ServerOptions& options() const { return options_; }
  const std::string& token(Role role) const { return tokens_.at(role); }

  // A client with `role`'s bearer token (no token when role is nullopt).
  httplib::Client Client(std::optional<Role> role) const;
  // POST with a body; GET otherwise.
  httplib::Result Call(std::optional<Role> role, const std::string& method, const std::string& path,
                       const std::string& body = {},
                       const std::string& type = "application/yaml") const;

  // Stops the server and waits for Run() to return (the access log is written out).
  void Stop();

  // The HR example's plan as the data root holds it.
  std::string HrPlan() const;

  // Expects `path` (a GET whose query carries `<script>`) to be refused with 400 without the
  // markup echoed back.
  void ExpectBadQueryNotEchoed(const std::string& path) const;

 private:
  std::filesystem::path dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  std::map<Role, std::string> tokens_;
  int port_ = 0;
  bool started_ = false;
};

// `xborder serve` as a child process (the real binary, as an operator starts it), on a
// loopback ephemeral port; stopped with SIGTERM by Stop() or the destructor.
class ServeProcess {
 public:
  // Runs `xborder GLOBAL... serve --listen 127.0.0.1:0 SERVE...`, stderr to `log`; waits until
  // it prints its port. ok() is false when it exits or says nothing within 30 s.
  ServeProcess(const std::vector<std::string>& global, const std::vector<std::string>& serve,
               const std::filesystem::path& log);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  httplib::Client Client(const std::string& token) const;
  // SIGTERM, then waits; returns the exit status (-1 when it did not exit normally).
  int Stop();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// Runs the xborder binary with `args` (stdin from `input`); returns its exit code and stdout.
struct CliRun {
  int exit_code = -1;
  std::string out;
};
CliRun RunCli(const std::vector<std::string>& args, const std::string& input = "");

// Creates `data_dir` and copies the HR example's inputs (employees, consents, plan, policy)
// into it; returns the plan's text.
std::string CopyHrExample(const std::filesystem::path& data_dir);

}  // namespace xb::server

#endif  // XBORDER_SERVER_SERVER_TEST_UTIL_H_
