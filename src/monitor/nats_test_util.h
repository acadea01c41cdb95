// A NATS server with JetStream for one test: Debian's nats-server started on a free loopback
// port with its store in a fresh temporary folder, stopped (and the folder removed) when the
// object goes. A test that needs one fails when nats-server is not installed, unless the
// environment sets XB_SKIP_NATS_TESTS=1 (then it is skipped, saying so).
#ifndef XBORDER_MONITOR_NATS_TEST_UTIL_H_
#define XBORDER_MONITOR_NATS_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace xb::monitor::testing {

class NatsServer {
 public:
  NatsServer() {
    static int counter = 0;
    dir_ = (std::filesystem::temp_directory_path() /
            ("xb-nats-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~NatsServer() {
    Stop();
    std::filesystem::remove_all(dir_);
  }
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // True when running; `why` says what went wrong otherwise.
  bool Start(std::string* why) {
    port_ = FreePort();
    const std::string port = std::to_string(port_);
    const std::string log = dir_ + "/nats.log";
    std::vector<std::string> args = {"nats-server", "-a",  "127.0.0.1",     "-p", port,
                                     "-js",         "-sd", dir_ + "/store", "-l", log};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = ::posix_spawnp(&pid_, "nats-server", nullptr, nullptr, argv.data(), environ);
    if (rc != 0) {
      pid_ = -1;
      *why =
          "cannot run nats-server (install the Debian package nats-server, or set "
          "XB_SKIP_NATS_TESTS=1 to skip): " +
          std::string(std::strerror(rc));
      return false;
    }
    for (int i = 0; i < 100; ++i) {  // up to 5 s for the listener
      if (Accepting()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    *why = "nats-server did not start listening on port " + port;
    return false;
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  std::string Url(const std::string& stream) const {
    return "nats://127.0.0.1:" + std::to_string(port_) + "/" + stream;
  }
  int port() const { return port_; }

  static bool SkipWanted() {
    const char* skip = std::getenv("XB_SKIP_NATS_TESTS");
    return skip != nullptr && std::string(skip) == "1";
  }

 private:
  static int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
  }

  bool Accepting() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  }

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace xb::monitor::testing

// Starts `server` or ends the test: a failure, or a skip when XB_SKIP_NATS_TESTS=1.
#define XB_START_NATS_OR_RETURN(server)                                                   \
  do {                                                                                    \
    std::string xb_nats_why_;                                                             \
    if (!(server).Start(&xb_nats_why_)) {                                                 \
      if (::xb::monitor::testing::NatsServer::SkipWanted()) GTEST_SKIP() << xb_nats_why_; \
      FAIL() << xb_nats_why_;                                                             \
    }                                                                                     \
  } while (0)

#endif  // XBORDER_MONITOR_NATS_TEST_UTIL_H_
