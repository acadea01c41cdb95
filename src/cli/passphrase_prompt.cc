#include "cli/passphrase_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/key_passphrase.h"

namespace xb::cli {

Result<std::string> AskOnTerminal(const std::string& question) {
  int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) return NotFound("no terminal to ask for a passphrase");
  struct termios saved;
  bool is_terminal = ::tcgetattr(tty, &saved) == 0;
  if (!is_terminal) {
    ::close(tty);
    return NotFound("no terminal to ask for a passphrase");
  }
  struct termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ICANON;
  (void)!::write(tty, question.data(), question.size());
  ::tcsetattr(tty, TCSAFLUSH, &quiet);
  std::string answer;
  char c;
  ssize_t n;
  while ((n = ::read(tty, &c, 1)) == 1 && c != '\n') answer.push_back(c);
  int read_errno = errno;
  ::tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  if (n < 0) return IoError(std::string("cannot read the terminal: ") + std::strerror(read_errno));
  if (!answer.empty() && answer.back() == '\r') answer.pop_back();
  return answer;
}

void InstallTerminalPassphrasePrompt() {
  SetPassphrasePrompt(
      [](const std::string& path) { return AskOnTerminal("Passphrase for " + path + ": "); });
}

}  // namespace xb::cli
