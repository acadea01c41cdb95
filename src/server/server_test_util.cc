#include "server/server_test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "core/locations.h"
#include "server/account_store.h"
#include "server/token.h"

namespace xb::server {
namespace fs = std::filesystem;

namespace {

fs::path ExampleDir() { return fs::path(XB_SOURCE_DIR) / "examples" / "transfer" / "hr"; }

}  // namespace

TestServer::TestServer(ServerOptions options) {
  static int counter = 0;
  dir_ = fs::temp_directory_path() /
         ("xb-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir_);
  fs::create_directories(dir_ / "data");
  for (const char* f : {"employees.csv", "consents.csv", "plan.yaml", "policy.yaml"}) {
    fs::copy_file(ExampleDir() / f, dir_ / "data" / f);
  }
  options_ = std::move(options);
  options_.listen = "127.0.0.1:0";
  options_.db = (dir_ / "x.db").string();
  options_.key_file = (dir_ / "x.key").string();
  options_.data_root = (dir_ / "data").string();
  options_.access_lines = nullptr;
  options_.threads = 8;
  // Consent records for the example's employees, imported as a person would.
  const std::string import = std::string(XB_BINARY_DIR) + "/xborder --db " + options_.db +
                             " --key-file " + options_.key_file + " consent import " +
                             (dir_ / "data" / "consents.csv").string() + " >/dev/null 2>&1";
  if (std::system(import.c_str()) != 0) {
    ADD_FAILURE() << "consent import failed";
    return;
  }
  {
    auto store = OpenAccountStore(options_.db);
    if (!store.ok()) return;
    for (Role r : {Role::kAdmin, Role::kOfficer, Role::kEngineer, Role::kAuditor}) {
      auto token = NewApiToken();
      if (!token.ok()) return;
      auto user = (*store)->AddUser(std::string(RoleName(r)) + "-user", r, HashSecret(*token),
                                    static_cast<int64_t>(std::time(nullptr)));
      if (!user.ok()) return;
      tokens_[r] = *token;
    }
  }
  auto server = Server::Create(options_);
  if (!server.ok()) {
    ADD_FAILURE() << server.error().ToString();
    return;
  }
  server_ = std::move(server).value();
  auto port = server_->Bind();
  if (!port.ok()) return;
  port_ = *port;
  runner_ = std::thread([this] { server_->Run(); });
  // Wait until it answers.
  for (int i = 0; i < 200; ++i) {
    httplib::Client c(std::string(options_.tls_cert.empty() ? "http" : "https") +
                      "://127.0.0.1:" + std::to_string(port_));
    c.enable_server_certificate_verification(false);
    if (auto r = c.Get("/healthz"); r && r->status == 200) {
      started_ = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TestServer::~TestServer() {
  Stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void TestServer::Stop() {
  if (server_) server_->Stop();
  if (runner_.joinable()) runner_.join();
}

httplib::Client TestServer::Client(std::optional<Role> role) const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  if (role) c.set_bearer_token_auth(tokens_.at(*role));
  return c;
}

httplib::Result TestServer::Call(std::optional<Role> role, const std::string& method,
                                 const std::string& path, const std::string& body,
                                 const std::string& type) const {
  httplib::Client c = Client(role);
  if (method == "POST") return c.Post(path, body, type);
  return c.Get(path);
}

std::string TestServer::HrPlan() const {
  std::ifstream in(dir_ / "data" / "plan.yaml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void TestServer::ExpectBadQueryNotEchoed(const std::string& path) const {
  auto bad = Call(Role::kAuditor, "GET", path);
  ASSERT_TRUE(bad) << path;
  EXPECT_EQ(bad->status, 400) << path;
  EXPECT_EQ(bad->body.find("<script"), std::string::npos) << path;
}

ServeProcess::ServeProcess(const std::vector<std::string>& global,
                           const std::vector<std::string>& serve, const fs::path& log) {
  std::vector<std::string> args = {std::string(XB_BINARY_DIR) + "/xborder"};
  args.insert(args.end(), global.begin(), global.end());
  args.insert(args.end(), {"serve", "--listen", "127.0.0.1:0"});
  args.insert(args.end(), serve.begin(), serve.end());
  // Everything the child needs is made before fork: after it, only async-signal-safe calls.
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log_path = log.string();
  pid_ = ::fork();
  if (pid_ == 0) {
    int err = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(err, 2);
    ::dup2(null, 1);
    ::dup2(null, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  for (int i = 0; i < 600 && pid_ > 0; ++i) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    if (auto at = s.find("(port "); at != std::string::npos) {
      port_ = std::atoi(s.c_str() + at + 6);
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      ADD_FAILURE() << "xborder serve exited: " << s;
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ServeProcess::~ServeProcess() { Stop(); }

int ServeProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

httplib::Client ServeProcess::Client(const std::string& token) const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(120, 0);
  c.set_bearer_token_auth(token);
  return c;
}

CliRun RunCli(const std::vector<std::string>& args, const std::string& input) {
  const fs::path in = fs::temp_directory_path() / ("xb-cli-in-" + std::to_string(::getpid()));
  std::ofstream(in, std::ios::binary) << input;
  std::string cmd = std::string(XB_BINARY_DIR) + "/xborder";
  for (const std::string& a : args) {
    std::string quoted = "'";
    for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += " " + quoted + "'";
  }
  cmd += " < " + in.string() + " 2>/dev/null";
  CliRun run;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::error_code ec;
  fs::remove(in, ec);
  return run;
}

std::string CopyHrExample(const std::filesystem::path& data_dir) {
  fs::create_directories(data_dir);
  const fs::path example = ExampleDir();
  for (const char* f : {"employees.csv", "consents.csv", "plan.yaml", "policy.yaml"}) {
    fs::copy_file(example / f, data_dir / f);
  }
  std::ifstream in(data_dir / "plan.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace xb::server
