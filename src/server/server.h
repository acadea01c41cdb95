// `xborder serve`: the HTTP API and dashboard over the library (DESIGN.md §12, "Service").
//
//   auto server = Server::Create(options);   // loads rules, opens the database, builds routes
//   int port = (*server)->Bind();             // listens (port 0: any free port)
//   (*server)->Run();                         // serves until Stop()
//
// Stop() may be called from another thread (the CLI calls it on SIGTERM/SIGINT): the listening
// socket closes, requests in flight finish, the access log is written out, Run() returns. A
// ledger append is one database transaction, so stopping never leaves half an entry.
//
// Thread-safety: Bind, Run, Stop as above; everything else is internal.
#ifndef XBORDER_SERVER_SERVER_H_
#define XBORDER_SERVER_SERVER_H_

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "server/route.h"

namespace xb::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT
  std::string db = "xborder.db";
  std::string key_file = "xborder.key";
  std::string rules_dir;     // empty: located (rules/locate.h)
  std::string data_root;     // datasets named by plans resolve here; empty: the db's folder
  std::string packages_dir;  // export packages; empty: "<db folder>/packages"
  std::string reports_dir;   // documents; empty: "<db folder>/reports"
  std::string tls_cert;      // PEM; with tls_key, serve HTTPS
  std::string tls_key;
  bool cookie_secure = false;       // force Secure cookies (behind a TLS-terminating proxy)
  bool trust_forwarded = false;     // believe X-Forwarded-Proto (behind a proxy only)
  size_t max_body_bytes = 1 << 20;  // larger bodies are refused with 413
  int threads = 32;                 // worker threads (each keep-alive connection holds one)
  int db_connections = 0;           // ledger read handles; 0: 8 on PostgreSQL, `threads` on SQLite
  std::chrono::seconds session_lifetime{8 * 3600};
  std::chrono::seconds verify_every{600};  // background `ledger verify`; 0: only at start
  std::FILE* access_lines = stderr;        // structured access log lines; null: none
};

class Service;

class Server {
 public:
  // Errors: bad options (kInvalidArgument), rules that do not load, a database or key file that
  // cannot be opened, TLS files that do not load.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;  // owns sockets and threads
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the port. Errors: kIo if the address is taken.
  Result<int> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Run();
  void Stop();

  // The routes served, for the OpenAPI document and tests.
  const RouteTable& routes() const;

 private:
  explicit Server(std::unique_ptr<Service> service);
  std::unique_ptr<Service> service_;
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_SERVER_H_
