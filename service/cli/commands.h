// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The `portres` command's sub-commands. Each takes the words after its own
// name and the machine's name (empty: $PORTRES_SIM_HOST), prints what it
// has to say, and returns the process's exit code.

#ifndef PORTRES_SERVICE_CLI_COMMANDS_H_
#define PORTRES_SERVICE_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace portres::cli {

// host start|stop|status|reboot
int RunHost(const std::vector<std::string>& words, const std::string& host);
// netsh int ipv4|ipv6 show|add|delete|set ...
int RunNetsh(const std::vector<std::string>& words, const std::string& host);
// owners: which process holds which socket and runtime reservation.
int RunOwners(const std::vector<std::string>& words, const std::string& host);

}  // namespace portres::cli

#endif  // PORTRES_SERVICE_CLI_COMMANDS_H_
