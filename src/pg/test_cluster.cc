#include "pg/test_cluster.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string_view>
#include <vector>

#include "pg/connection.h"

namespace xb::pg::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPort = "5432";  // only names the socket file: nothing listens on TCP

struct Account {
  uid_t uid;
  gid_t gid;
};

// Who runs the server: ourselves, or the `postgres` system user when we are root.
Result<std::optional<Account>> ServerAccount() {
  if (::geteuid() != 0) return std::optional<Account>();
  struct passwd* pw = ::getpwnam("postgres");
  if (pw == nullptr) {
    return FailedPrecondition(
        "running as root needs the 'postgres' system user for the test cluster (initdb refuses "
        "root); install PostgreSQL with scripts/install-deps.sh");
  }
  return std::optional<Account>(Account{pw->pw_uid, pw->pw_gid});
}

// The newest Debian PostgreSQL server programs, or $XB_POSTGRES_BIN.
Result<fs::path> ServerBin() {
  if (const char* env = std::getenv("XB_POSTGRES_BIN"); env != nullptr && *env != '\0') {
    return fs::path(env);
  }
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    if (fs::exists(d.path() / "bin" / "initdb")) found.push_back(d.path() / "bin");
  }
  if (found.empty()) {
    return NotFound(
        "PostgreSQL server programs (initdb, pg_ctl) are not installed; run "
        "scripts/install-deps.sh, or set XB_SKIP_POSTGRES=1 to run without PostgreSQL");
  }
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return std::atoi(a.parent_path().filename().c_str()) <
           std::atoi(b.parent_path().filename().c_str());
  });
  return found.back();
}

std::string Tail(const fs::path& log) {
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

// Runs `argv` in `cwd` as `account` (if given), output appended to `log`. Returns its exit code.
int Run(const std::vector<std::string>& argv, const std::optional<Account>& account,
        const fs::path& cwd, const fs::path& log) {
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    // Drop privileges first, so the log belongs to the server's user (the server appends to it).
    if (account.has_value() && (::setgroups(0, nullptr) != 0 || ::setgid(account->gid) != 0 ||
                                ::setuid(account->uid) != 0)) {
      _exit(126);
    }
    if (::chdir(cwd.c_str()) != 0) _exit(126);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    int null = ::open("/dev/null", O_RDONLY);
    if (fd < 0 || null < 0) _exit(126);
    ::dup2(null, 0);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Status Prepare(const fs::path& dir, const std::optional<Account>& account) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create the test cluster's directory: " + ec.message(), {dir});
  if (::chmod(dir.c_str(), 0700) != 0 ||
      (account.has_value() && ::chown(dir.c_str(), account->uid, account->gid) != 0)) {
    return IoError("cannot hand the test cluster's directory to its user", {dir});
  }
  return Status::Ok();
}

std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<uint32_t> dist;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", dist(rd));
  return buf;
}

}  // namespace

bool PostgresSkipped() {
  const char* skip = std::getenv("XB_SKIP_POSTGRES");
  return skip != nullptr && std::string_view(skip) == "1";
}

Result<std::unique_ptr<TestCluster>> TestCluster::Start(const std::string& requested_dir,
                                                        const TestClusterOptions& options) {
  XB_ASSIGN_OR_RETURN(fs::path bin, ServerBin());
  XB_ASSIGN_OR_RETURN(std::optional<Account> account, ServerAccount());
  fs::path dir = requested_dir;
  if (dir.empty()) {
    dir =
        fs::temp_directory_path() / ("xb-pg-" + std::to_string(::getpid()) + "-" + RandomSuffix());
  } else {
    XB_RETURN_IF_ERROR(StopAndRemove(dir));
  }
  XB_RETURN_IF_ERROR(Prepare(dir, account));
  // From here on the directory is ours: destroying `cluster` removes it.
  std::unique_ptr<TestCluster> cluster(new TestCluster(dir.string(), /*owned=*/true));
  int rc = Run({(bin / "initdb").string(), "-D", (dir / "data").string(), "-U", "postgres", "-A",
                "trust", "-E", "UTF8", "--no-locale", "-N", "--no-instructions"},
               account, dir, dir / "initdb.log");
  if (rc != 0) {
    return IoError("initdb failed (exit " + std::to_string(rc) + "):\n" + Tail(dir / "initdb.log"),
                   {dir});
  }
  const fs::path log = dir / "server.log";
  std::string server_options = "-c listen_addresses='' -k " + dir.string() + " -p " + kPort;
  if (!options.durable) {
    server_options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  }
  rc = Run({(bin / "pg_ctl").string(), "-D", (dir / "data").string(), "-l", log.string(), "-o",
            server_options, "-w", "-t", "60", "start"},
           account, dir, dir / "pg_ctl.log");
  if (rc != 0) {
    return IoError("pg_ctl start failed (exit " + std::to_string(rc) + "):\n" +
                       Tail(dir / "pg_ctl.log") + Tail(log),
                   {dir});
  }
  return cluster;
}

Result<std::unique_ptr<TestCluster>> TestCluster::Attach(const std::string& dir) {
  if (!fs::exists(fs::path(dir) / "data" / "postmaster.pid")) {
    return NotFound(
        "no PostgreSQL test cluster runs here (the ctest fixture 'postgres_cluster_start' "
        "starts it)",
        {dir});
  }
  return std::unique_ptr<TestCluster>(new TestCluster(dir, /*owned=*/false));
}

Status TestCluster::StopAndRemove(const std::string& dir_text) {
  fs::path dir = dir_text;
  std::error_code ec;
  if (fs::exists(dir / "data" / "postmaster.pid")) {
    XB_ASSIGN_OR_RETURN(fs::path bin, ServerBin());
    // Stop as whoever owns the data directory (pg_ctl refuses root, too).
    std::optional<Account> account;
    struct stat st;
    if (::geteuid() == 0 && ::stat((dir / "data").c_str(), &st) == 0 && st.st_uid != 0) {
      account = Account{st.st_uid, st.st_gid};
    }
    int rc = Run({(bin / "pg_ctl").string(), "-D", (dir / "data").string(), "-m", "immediate", "-w",
                  "-t", "60", "stop"},
                 account, dir, dir / "pg_ctl.log");
    if (rc != 0 && fs::exists(dir / "data" / "postmaster.pid")) {
      return IoError("pg_ctl stop failed:\n" + Tail(dir / "pg_ctl.log"), {dir_text});
    }
  }
  fs::remove_all(dir, ec);
  if (ec) return IoError("cannot remove the test cluster: " + ec.message(), {dir_text});
  return Status::Ok();
}

TestCluster::~TestCluster() {
  if (owned_) (void)StopAndRemove(dir_);
}

std::string TestCluster::Url() const {
  return "postgresql:///postgres?host=" + dir_ + "&port=" + kPort + "&user=postgres";
}

Result<std::string> TestCluster::FreshSchemaUrl() { return testing::FreshSchemaUrl(Url()); }

Result<std::string> FreshSchemaUrl(const std::string& base_url) {
  static int counter = 0;
  std::string schema =
      "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + RandomSuffix();
  XB_ASSIGN_OR_RETURN(auto admin, Connection::Open(base_url));
  XB_RETURN_IF_ERROR(admin->Exec("CREATE SCHEMA " + schema));
  const char separator = base_url.find('?') == std::string::npos ? '?' : '&';
  return base_url + separator + "options=-csearch_path%3D" + schema;
}

}  // namespace xb::pg::testing
