// Asking a person for a key file's passphrase on the controlling terminal, without echo. The
// library asks through core/key_passphrase.h's prompt hook; only the CLI talks to the terminal.
#ifndef XBORDER_CLI_PASSPHRASE_PROMPT_H_
#define XBORDER_CLI_PASSPHRASE_PROMPT_H_

#include <string>

#include "core/status.h"

namespace xb::cli {

// Prints `question` on /dev/tty and reads one line with echo off. Errors: kNotFound when there
// is no terminal (a script, a service: use $XBORDER_KEY_PASSPHRASE); kIo.
Result<std::string> AskOnTerminal(const std::string& question);

// Installs the prompt that key files use: "Passphrase for <path>: ".
void InstallTerminalPassphrasePrompt();

}  // namespace xb::cli

#endif  // XBORDER_CLI_PASSPHRASE_PROMPT_H_
