// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// netsh's port commands against a shared machine, in netsh's syntax, with
// its texts and exit codes (docs/windows-semantics.md §10, NS rows, U21,
// U22): "Ok." after a change, the system message of a failure, exit 0 or 1.

#include <cstdio>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portres/sim/netsh.h"
#include "portres/sim/shared_machine.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "service/cli/commands.h"

namespace portres::cli {
namespace {

constexpr char kSyntax[] =
    "The syntax supplied for this command is not valid. Check help for the "
    "correct syntax.\n\n";
// What netsh prints for a change asked by a process that is not elevated.
constexpr char kElevation[] =
    "The requested operation requires elevation (Run as administrator).\n\n";

int SyntaxError() {
  std::fputs(kSyntax, stdout);
  return 1;
}

// netsh prints a failed call's system message and exits 1.
int Report(const absl::Status& status) {
  if (status.ok()) {
    std::fputs("Ok.\n\n", stdout);
    return 0;
  }
  const std::optional<uint32_t> code = WindowsErrorCode(status);
  const WindowsCodeInfo* info =
      code.has_value() ? FindWindowsCode(*code) : nullptr;
  if (info != nullptr && *code == kErrorAccessDenied) {
    std::fputs(kElevation, stdout);
  } else if (info != nullptr) {
    std::printf("%s\n\n", std::string(info->message).c_str());
  } else {
    std::fprintf(stderr, "portres: %s\n", std::string(status.message()).c_str());
  }
  return 1;
}

std::optional<Protocol> ParseProtocol(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "tcp") return Protocol::kTcp;
  if (lower == "udp") return Protocol::kUdp;
  return std::nullopt;
}

// A command's parameters as netsh reads them: `tag=value` (tags in any
// case) or a bare value, which takes the first of the command's tags, in
// their documented order, still unset. nullopt for an unknown tag, a tag
// given twice or more values than tags.
std::optional<std::map<std::string, std::string>> Parameters(
    const std::vector<std::string>& words, size_t from,
    std::initializer_list<const char*> tags) {
  std::map<std::string, std::string> out;
  for (size_t i = from; i < words.size(); ++i) {
    std::vector<std::string> kv =
        absl::StrSplit(words[i], absl::MaxSplits('=', 1));
    std::string tag;
    if (kv.size() == 2) {
      tag = absl::AsciiStrToLower(kv[0]);
      bool known = false;
      for (const char* t : tags) known = known || tag == t;
      if (!known || kv[1].empty()) return std::nullopt;
    } else {
      for (const char* t : tags) {
        if (out.count(t) == 0) {
          tag = t;
          break;
        }
      }
      if (tag.empty()) return std::nullopt;
      kv.push_back(kv[0]);
    }
    if (!out.emplace(tag, kv[1]).second) return std::nullopt;
  }
  return out;
}

std::optional<uint16_t> Number(const std::map<std::string, std::string>& p,
                               const std::string& key) {
  auto it = p.find(key);
  uint32_t v = 0;
  if (it == p.end() || !absl::SimpleAtoi(it->second, &v) || v > 65535) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(v);
}

// store=active|persistent; U22: persistent when absent.
std::optional<bool> ActiveOnly(const std::map<std::string, std::string>& p) {
  auto it = p.find("store");
  if (it == p.end()) return false;
  const std::string v = absl::AsciiStrToLower(it->second);
  if (v == "persistent") return false;
  if (v == "active") return true;
  return std::nullopt;
}

// One parsed port command.
struct PortCommand {
  std::string verb;    // show, add, delete, set
  bool excluded;       // excludedportrange (else dynamicport)
  Protocol protocol;
  uint16_t start = 0;  // add, delete, set
  uint16_t count = 0;
  bool active = false;  // store=active
};

// nullopt: netsh's syntax message. The tags, in netsh's documented order:
//   show excludedportrange [protocol=]tcp|udp [[store=]active|persistent]
//   add|delete excludedportrange [protocol=]tcp|udp [startport=]N
//       [numberofports=]N [[store=]active|persistent]
//   show dynamicport [protocol=]tcp|udp [[store=]active|persistent]
//   set dynamicport [protocol=]tcp|udp [start=]N [num=]N
//       [[store=]active|persistent]
std::optional<PortCommand> ParsePortCommand(
    const std::vector<std::string>& words) {
  std::vector<std::string> w;
  for (const std::string& word : words) w.push_back(absl::AsciiStrToLower(word));
  if (w.size() < 4 || (w[0] != "int" && w[0] != "interface") ||
      (w[1] != "ipv4" && w[1] != "ipv6")) {
    return std::nullopt;
  }
  PortCommand c{.verb = w[2], .excluded = w[3] == "excludedportrange"};
  const bool dynamic = w[3] == "dynamicport";
  const bool show = c.verb == "show";
  const bool change = c.excluded ? c.verb == "add" || c.verb == "delete"
                                 : c.verb == "set";
  if ((!c.excluded && !dynamic) || (!show && !change)) return std::nullopt;
  const char* first = c.excluded ? "startport" : "start";
  const char* second = c.excluded ? "numberofports" : "num";
  std::optional<std::map<std::string, std::string>> p =
      show ? Parameters(words, 4, {"protocol", "store"})
           : Parameters(words, 4, {"protocol", first, second, "store"});
  if (!p) return std::nullopt;
  auto protocol = p->find("protocol");
  const std::optional<Protocol> parsed =
      protocol == p->end() ? std::nullopt : ParseProtocol(protocol->second);
  const std::optional<bool> active = ActiveOnly(*p);
  if (!parsed || !active) return std::nullopt;
  c.protocol = *parsed;
  c.active = *active;
  if (show) return c;
  const std::optional<uint16_t> start = Number(*p, first);
  const std::optional<uint16_t> count = Number(*p, second);
  if (!start || !count) return std::nullopt;
  c.start = *start;
  c.count = *count;
  return c;
}

int Run(sim::SharedMachine& machine, const PortCommand& c) {
  const PortRange range{c.start, c.count};
  if (c.verb == "show" && c.excluded) {
    absl::StatusOr<std::vector<sim::ExcludedRange>> rows =
        machine.ExcludedPortRanges(c.protocol);
    if (!rows.ok()) return Report(rows.status());
    std::fputs(sim::FormatExcludedPortRanges(c.protocol, *rows).c_str(),
               stdout);
    return 0;
  }
  if (c.verb == "show") {
    absl::StatusOr<sim::DynamicPortRange> dynamic =
        machine.GetDynamicPortRange(c.protocol);
    if (!dynamic.ok()) return Report(dynamic.status());
    std::fputs(sim::FormatDynamicPortRange(c.protocol, *dynamic).c_str(),
               stdout);
    return 0;
  }
  if (c.verb == "set") {
    return Report(machine.SetDynamicPortRange(
        c.protocol, {c.start, c.count}, c.active));
  }
  if (c.verb == "add") {
    // U21: the same store as CreatePersistent*PortReservation.
    return Report(machine.AddExclusion(c.protocol, range, c.active).status());
  }
  return Report(machine.process().DeletePersistent(c.protocol, range));
}

}  // namespace

int RunNetsh(const std::vector<std::string>& words, const std::string& host) {
  // int|interface ipv4|ipv6 <verb> <object> ...; both contexts are one
  // store (M6).
  const std::optional<PortCommand> command = ParsePortCommand(words);
  if (!command) return SyntaxError();
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(host);
  if (!machine.ok()) {
    std::fprintf(stderr, "portres: %s\n",
                 std::string(machine.status().message()).c_str());
    return 1;
  }
  return Run(**machine, *command);
}

}  // namespace portres::cli
