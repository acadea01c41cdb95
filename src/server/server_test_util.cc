#include "server/server_test_util.h"

#include <gtest/gtest.h>
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

}  // namespace xb::server
