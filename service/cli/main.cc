// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// portres: runs and inspects shared simulated Windows machines.
//
//   portres [--host NAME] host start|stop|status|reboot [options]
//   portres [--host NAME] netsh int ipv4 show excludedportrange protocol=tcp
//   portres [--host NAME] owners
//
// The machine is $PORTRES_SIM_HOST unless --host names another.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "service/cli/commands.h"

namespace {

constexpr char kUsage[] =
    "usage: portres [--host NAME] <command>\n"
    "\n"
    "  host start [--profile P] [--seed N] [--elevated-group G]...\n"
    "             [--allow-group G] [--max-connections N]\n"
    "             [--max-connections-per-user N] [--foreground]\n"
    "                   start the machine (nothing to do if it runs)\n"
    "  host stop        stop it (persistent state is kept: the next start\n"
    "                   is its reboot)\n"
    "  host status      say whether it runs (exit 3 when it does not, 1\n"
    "                   when it runs but does not answer)\n"
    "  host reboot      end every process; persistent blocks stay under\n"
    "                   new tokens\n"
    "  netsh int ipv4 show excludedportrange [protocol=]tcp|udp\n"
    "                   [[store=]active|persistent]\n"
    "  netsh int ipv4 add|delete excludedportrange [protocol=]tcp|udp\n"
    "                   [startport=]N [numberofports=]M\n"
    "                   [[store=]active|persistent]\n"
    "  netsh int ipv4 show dynamicport [protocol=]tcp|udp\n"
    "                   [[store=]active|persistent]\n"
    "  netsh int ipv4 set dynamicport [protocol=]tcp|udp [start=]N [num=]M\n"
    "                   [[store=]active|persistent]\n"
    "                   (netsh's tags are optional, as in netsh)\n"
    "  owners           which process holds which socket and runtime\n"
    "                   reservation (pid, command, ports, token)\n"
    "\n"
    "The machine is $PORTRES_SIM_HOST unless --host NAME names another; a\n"
    "NAME with a '/' is a directory of its own.\n";

}  // namespace

int main(int argc, char** argv) {
  std::string host;
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--host") {
      if (i + 1 == argc) {
        std::fprintf(stderr, "portres: --host needs a machine name\n");
        return 2;
      }
      host = argv[++i];
    } else if (absl::StartsWith(arg, "--host=")) {
      host = arg.substr(7);
    } else if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      words.push_back(arg);
    }
  }
  if (words.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = words.front();
  words.erase(words.begin());
  if (command == "host") return portres::cli::RunHost(words, host);
  if (command == "netsh") return portres::cli::RunNetsh(words, host);
  if (command == "owners") return portres::cli::RunOwners(words, host);
  std::fprintf(stderr, "portres: unknown command \"%s\"\n\n%s",
               command.c_str(), kUsage);
  return 2;
}
