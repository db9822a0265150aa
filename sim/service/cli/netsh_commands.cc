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
#include "sim/service/cli/commands.h"

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

// key=value words (keys case-insensitive, as netsh's); nullopt for a word
// without '=' or a key given twice.
std::optional<std::map<std::string, std::string>> Parameters(
    const std::vector<std::string>& words, size_t from) {
  std::map<std::string, std::string> out;
  for (size_t i = from; i < words.size(); ++i) {
    std::vector<std::string> kv = absl::StrSplit(words[i], absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[1].empty()) return std::nullopt;
    if (!out.emplace(absl::AsciiStrToLower(kv[0]), kv[1]).second) {
      return std::nullopt;
    }
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

bool OnlyKeys(const std::map<std::string, std::string>& p,
              std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : p) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) return false;
  }
  return true;
}

int ExcludedPortRange(sim::SharedMachine& machine, const std::string& verb,
                      const std::map<std::string, std::string>& p) {
  auto protocol_it = p.find("protocol");
  const std::optional<Protocol> protocol =
      protocol_it == p.end() ? std::nullopt : ParseProtocol(protocol_it->second);
  if (!protocol.has_value()) return SyntaxError();
  if (verb == "show") {
    if (!OnlyKeys(p, {"protocol", "store"})) return SyntaxError();
    absl::StatusOr<std::vector<sim::ExcludedRange>> rows =
        machine.ExcludedPortRanges(*protocol);
    if (!rows.ok()) return Report(rows.status());
    std::fputs(sim::FormatExcludedPortRanges(*protocol, *rows).c_str(), stdout);
    return 0;
  }
  const std::optional<uint16_t> start = Number(p, "startport");
  const std::optional<uint16_t> count = Number(p, "numberofports");
  const std::optional<bool> active = ActiveOnly(p);
  if (!start || !count || !active ||
      !OnlyKeys(p, {"protocol", "startport", "numberofports", "store"})) {
    return SyntaxError();
  }
  const PortRange range{*start, *count};
  if (verb == "add") {
    // U21: the same store as CreatePersistent*PortReservation.
    return Report(machine.AddExclusion(*protocol, range, *active).status());
  }
  return Report(machine.process().DeletePersistent(*protocol, range));
}

int DynamicPort(sim::SharedMachine& machine, const std::string& verb,
                const std::vector<std::string>& words, size_t at) {
  if (at >= words.size()) return SyntaxError();
  const std::optional<Protocol> protocol = ParseProtocol(words[at]);
  std::optional<std::map<std::string, std::string>> p =
      Parameters(words, at + 1);
  if (!protocol || !p) return SyntaxError();
  if (verb == "show") {
    if (!p->empty()) return SyntaxError();
    absl::StatusOr<sim::DynamicPortRange> range =
        machine.GetDynamicPortRange(*protocol);
    if (!range.ok()) return Report(range.status());
    std::fputs(sim::FormatDynamicPortRange(*protocol, *range).c_str(), stdout);
    return 0;
  }
  const std::optional<uint16_t> start = Number(*p, "start");
  const std::optional<uint16_t> count = Number(*p, "num");
  const std::optional<bool> active = ActiveOnly(*p);
  if (!start || !count || !active ||
      !OnlyKeys(*p, {"start", "num", "store"})) {
    return SyntaxError();
  }
  return Report(
      machine.SetDynamicPortRange(*protocol, {*start, *count}, *active));
}

}  // namespace

int RunNetsh(const std::vector<std::string>& words, const std::string& host) {
  // int|interface ipv4|ipv6 <verb> <object> ...; both contexts are one
  // store (M6).
  std::vector<std::string> w;
  for (const std::string& word : words) w.push_back(absl::AsciiStrToLower(word));
  if (w.size() < 4 || (w[0] != "int" && w[0] != "interface") ||
      (w[1] != "ipv4" && w[1] != "ipv6")) {
    return SyntaxError();
  }
  const std::string& verb = w[2];
  const std::string& object = w[3];
  const bool excluded = object == "excludedportrange";
  const bool dynamic = object == "dynamicport";
  const bool verb_fits =
      (excluded && (verb == "show" || verb == "add" || verb == "delete")) ||
      (dynamic && (verb == "show" || verb == "set"));
  if (!verb_fits) return SyntaxError();
  std::optional<std::map<std::string, std::string>> parameters;
  if (excluded) {
    parameters = Parameters(words, 4);
    if (!parameters) return SyntaxError();
  }
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(host);
  if (!machine.ok()) {
    std::fprintf(stderr, "portres: %s\n",
                 std::string(machine.status().message()).c_str());
    return 1;
  }
  return excluded ? ExcludedPortRange(**machine, verb, *parameters)
                  : DynamicPort(**machine, verb, words, 4);
}

}  // namespace portres::cli
