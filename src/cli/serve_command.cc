// `xborder serve`: the HTTP API and dashboard (DESIGN.md §12). Runs until SIGTERM or SIGINT,
// then stops accepting, finishes the requests in flight and writes out the access log.
//
// Exit codes: 0 after a clean stop; 2 bad options, or the address cannot be bound.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "cli/command.h"
#include "cli/output.h"
#include "pg/url.h"
#include "server/server.h"

namespace xb::cli {
namespace {

struct ServeArgs {
  server::ServerOptions options;
  std::string rules_dir;
  size_t max_body_kib = 1024;
  int verify_minutes = 10;
  bool no_access_lines = false;
};

int RunServe(const GlobalOptions& global, ServeArgs& args) {
  server::ServerOptions options = args.options;
  options.db = global.db;
  options.key_file = global.ResolvedKeyFile();
  options.rules_dir = args.rules_dir;
  options.max_body_bytes = args.max_body_kib * 1024;
  options.verify_every = std::chrono::seconds(60LL * args.verify_minutes);
  options.access_lines = args.no_access_lines ? nullptr : stderr;

  // Signals are taken by one thread with sigwait, so no handler runs inside a worker.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = server::Server::Create(options);
  if (!server.ok()) return ReportError(server.error());
  auto port = (*server)->Bind();
  if (!port.ok()) return ReportError(port.error());
  const bool tls = !options.tls_cert.empty();
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::fprintf(stderr, "xborder: serving %s://%s:%d/ (port %d), database %s\n",
               tls ? "https" : "http", host.c_str(), *port, *port,
               pg::DisplayDb(options.db).c_str());
  std::fflush(stderr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (sig != 0) {
      std::fprintf(stderr, "xborder: stopping (signal %d): finishing requests in flight\n", sig);
      (*server)->Stop();
    }
  });
  (*server)->Run();
  // Run() also returns if the listener fails; wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::fprintf(stderr, "xborder: stopped\n");
  return kExitOk;
}

CommandRunner MakeServeCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* sub = app.add_subcommand("serve", "The HTTP API and dashboard");
  sub->fallthrough();
  sub->add_option("--listen", args->options.listen, "HOST:PORT (default 127.0.0.1:8080)");
  sub->add_option("--data-root", args->options.data_root,
                  "Plans' dataset paths resolve under this folder only (default: the database's "
                  "folder; the working folder for PostgreSQL)");
  sub->add_option("--packages", args->options.packages_dir,
                  "Export packages (default: <database folder>/packages)");
  sub->add_option("--reports", args->options.reports_dir,
                  "Documents (default: <database folder>/reports)");
  sub->add_option("--rules", args->rules_dir, "Rule pack directory");
  sub->add_option("--tls-cert", args->options.tls_cert, "PEM certificate: serve HTTPS");
  sub->add_option("--tls-key", args->options.tls_key, "PEM private key for --tls-cert");
  sub->add_flag("--cookie-secure", args->options.cookie_secure,
                "Mark session cookies Secure (behind a TLS-terminating proxy)");
  sub->add_flag("--trust-forwarded", args->options.trust_forwarded,
                "Believe X-Forwarded-Proto (only behind a reverse proxy that sets it)");
  sub->add_option("--max-body-kib", args->max_body_kib, "Largest request body (default 1024)");
  sub->add_option("--threads", args->options.threads, "Worker threads (default 32)");
  sub->add_option("--db-connections", args->options.db_connections,
                  "Database connections for reads (default: 8 on PostgreSQL, one per thread on "
                  "SQLite)");
  sub->add_option("--verify-minutes", args->verify_minutes,
                  "Verify the whole ledger this often (default 10; 0: only at start)");
  sub->add_flag("--no-access-lines", args->no_access_lines,
                "No access log lines on stderr (the database log is kept)");
  return [&global, args] { return RunServe(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("serve", xb::cli::MakeServeCommand);
