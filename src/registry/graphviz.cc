#include "registry/graphviz.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace xb::registry {
namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  void Close(int end) {
    if (fd[end] >= 0) ::close(fd[end]);
    fd[end] = -1;
  }
};

// Feeds `input` to `in` and drains `out` and `err` together, so neither side blocks on a full
// pipe whatever the sizes.
Status Exchange(const std::string& input, Pipe& in, Pipe& out, Pipe& err, std::string* stdout_text,
                std::string* stderr_text) {
  size_t written = 0;
  if (input.empty()) in.Close(1);
  char buf[65536];
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    std::vector<pollfd> fds;
    if (in.fd[1] >= 0) fds.push_back({in.fd[1], POLLOUT, 0});
    if (out.fd[0] >= 0) fds.push_back({out.fd[0], POLLIN, 0});
    if (err.fd[0] >= 0) fds.push_back({err.fd[0], POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return IoError(std::string("waiting for dot: ") + std::strerror(errno));
    }
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in.fd[1]) {
        ssize_t n = ::write(p.fd, input.data() + written, input.size() - written);
        if (n < 0 && errno != EINTR && errno != EAGAIN) in.Close(1);
        if (n > 0) written += static_cast<size_t>(n);
        if (written == input.size()) in.Close(1);
        continue;
      }
      Pipe& from = p.fd == out.fd[0] ? out : err;
      ssize_t n = ::read(p.fd, buf, sizeof buf);
      if (n > 0) {
        (&from == &out ? stdout_text : stderr_text)->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        from.Close(0);
      }
    }
  }
  in.Close(1);
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderSvg(const std::string& dot_text, const std::string& dot_program) {
  Pipe in, out, err;
  if (::pipe2(in.fd, O_CLOEXEC) != 0 || ::pipe2(out.fd, O_CLOEXEC) != 0 ||
      ::pipe2(err.fd, O_CLOEXEC) != 0) {
    return IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  std::vector<char*> argv = {const_cast<char*>(dot_program.c_str()), const_cast<char*>("-Tsvg"),
                             nullptr};
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, dot_program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    if (rc == ENOENT) {
      return NotFound("Graphviz is not installed ('" + dot_program +
                      "' not found); install the Debian package graphviz, or use --dot");
    }
    return IoError("cannot run '" + dot_program + "': " + std::strerror(rc));
  }
  in.Close(0);
  out.Close(1);
  err.Close(1);
  // A dot that exits early must not kill us with SIGPIPE while we write its input.
  struct sigaction ignore = {}, previous = {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  std::string svg, messages;
  Status exchanged = Exchange(dot_text, in, out, err, &svg, &messages);
  ::sigaction(SIGPIPE, &previous, nullptr);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  XB_RETURN_IF_ERROR(exchanged);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    std::string first = messages.substr(0, messages.find('\n'));
    return IoError("'" + dot_program + "' failed" + (first.empty() ? "" : ": " + first));
  }
  return svg;
}

}  // namespace xb::registry
