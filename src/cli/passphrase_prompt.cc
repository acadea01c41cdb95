#include "cli/passphrase_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iterator>

#include "core/key_passphrase.h"

namespace xb::cli {

namespace {

// While a prompt has echo off: the terminal and its settings, so that a signal (Ctrl-C) puts
// them back before the process ends, and the handlers the prompt displaced.
int quiet_tty = -1;
struct termios echoing_settings;
constexpr int kEndingSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
struct sigaction displaced[std::size(kEndingSignals)];

void RestoreEchoAndResignal(int signal_number) {
  ::tcsetattr(quiet_tty, TCSANOW, &echoing_settings);  // async-signal-safe
  for (size_t i = 0; i < std::size(kEndingSignals); ++i) {
    if (kEndingSignals[i] == signal_number) ::sigaction(signal_number, &displaced[i], nullptr);
  }
  ::raise(signal_number);  // delivered once this handler returns, to the displaced handler
}

void GuardEcho(int tty, const struct termios& saved) {
  quiet_tty = tty;
  echoing_settings = saved;
  struct sigaction restore {};
  restore.sa_handler = RestoreEchoAndResignal;
  ::sigemptyset(&restore.sa_mask);
  for (size_t i = 0; i < std::size(kEndingSignals); ++i) {
    ::sigaction(kEndingSignals[i], &restore, &displaced[i]);
  }
}

void UnguardEcho() {
  for (size_t i = 0; i < std::size(kEndingSignals); ++i) {
    ::sigaction(kEndingSignals[i], &displaced[i], nullptr);
  }
  quiet_tty = -1;
}

}  // namespace

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
  // Echo goes off before the question shows, without discarding input (TCSANOW): whatever is
  // typed or pasted as soon as the prompt appears is neither shown nor lost.
  GuardEcho(tty, saved);
  ::tcsetattr(tty, TCSANOW, &quiet);
  (void)!::write(tty, question.data(), question.size());
  std::string answer;
  answer.reserve(256);  // no reallocation leaves copies of a typical passphrase behind
  char c;
  ssize_t n;
  while ((n = ::read(tty, &c, 1)) == 1 && c != '\n') answer.push_back(c);
  int read_errno = errno;
  ::tcsetattr(tty, TCSANOW, &saved);
  UnguardEcho();
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  c = 0;
  if (n < 0) return IoError(std::string("cannot read the terminal: ") + std::strerror(read_errno));
  if (!answer.empty() && answer.back() == '\r') answer.pop_back();
  return answer;
}

void InstallTerminalPassphrasePrompt() {
  SetPassphrasePrompt(
      [](const std::string& path) { return AskOnTerminal("Passphrase for " + path + ": "); });
}

}  // namespace xb::cli
