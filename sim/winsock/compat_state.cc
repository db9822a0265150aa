// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/winsock/compat_state.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "portres/compat_host.h"
#include "portres/sim/netsh.h"
#include "portres/sim/profile.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "portres_sim.h"
#include "sim/winsock/overlapped.h"

namespace portres::compat::internal {
namespace {

// The process a thread acts as, valid for one host generation.
struct ThreadProcess {
  uint64_t generation = ~uint64_t{0};
  sim::Pid pid = 0;
};
thread_local ThreadProcess current_process;

bool ElevatedByEnvironment() {
  const char* value = std::getenv("PORTRES_SIM_ELEVATED");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

// The host PORTRES_SIM_PROFILE names (`windows` when unset). A name that is
// not a profile ends the program: running it as some other machine than the
// one asked for would make every later answer a lie.
sim::HostOptions OptionsFromEnvironment() {
  const char* name = std::getenv("PORTRES_SIM_PROFILE");
  absl::StatusOr<sim::HostOptions> options =
      sim::ProfileOptions(name == nullptr || *name == 0 ? "windows" : name);
  if (!options.ok()) {
    std::fprintf(stderr, "portres compat: PORTRES_SIM_PROFILE: %s\n",
                 std::string(options.status().message()).c_str());
    std::exit(2);
  }
  return *std::move(options);
}

}  // namespace

CompatState& CompatState::Get() {
  static CompatState* state = new CompatState();  // never destroyed: threads
  return *state;                                  // may outlive main()
}

CompatState::CompatState() { Reset(OptionsFromEnvironment()); }

void CompatState::StartInitialProcess() {
  initial_pid_.store(host().SpawnProcess({.elevated = ElevatedByEnvironment()}),
                     std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void CompatState::Reset(const sim::HostOptions& options) {
  Replace(std::make_unique<sim::Host>(options));
}

void CompatState::Replace(std::unique_ptr<sim::Host> fresh) {
  std::lock_guard<std::mutex> lock(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  host_.store(fresh.get(), std::memory_order_release);
  owned_ = std::move(fresh);
  StartInitialProcess();
}

void CompatState::Reboot() {
  std::lock_guard<std::mutex> lock(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  host().Reboot();
  StartInitialProcess();
}

sim::Pid CompatState::CurrentPid() {
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  if (current_process.generation != generation) {
    current_process = {generation,
                       initial_pid_.load(std::memory_order_acquire)};
  }
  return current_process.pid;
}

bool CompatState::SwitchTo(sim::Pid pid) {
  if (!host().IsAlive(pid)) return false;
  current_process = {generation_.load(std::memory_order_acquire), pid};
  return true;
}

int CodeOf(const absl::Status& status) {
  std::optional<uint32_t> code = WindowsErrorCode(status);
  if (!code.has_value()) {
    // Every failure of the reservation interface carries its Windows code;
    // one without is a bug in portres, and guessing a code would hide it.
    std::fprintf(stderr,
                 "portres compat: a failed call carries no Windows code: %s\n",
                 status.ToString().c_str());
    std::abort();
  }
  return static_cast<int>(*code);
}

}  // namespace portres::compat::internal

namespace portres::compat {

sim::Host& SimulatedHost() { return internal::CompatState::Get().host(); }

void ResetSimulatedHost(const sim::HostOptions& options) {
  internal::CompatState::Get().Reset(options);
}

}  // namespace portres::compat

using portres::compat::internal::CompatState;

extern "C" {

void PortresSimReset(void) {
  CompatState::Get().Reset(portres::compat::internal::OptionsFromEnvironment());
}

BOOL PortresSimImportNetsh(const char* text) {
  absl::StatusOr<std::unique_ptr<portres::sim::Host>> host =
      portres::sim::NewHostFromNetsh(
          text == nullptr ? "" : text,
          portres::compat::internal::OptionsFromEnvironment());
  if (!host.ok()) {
    std::fprintf(stderr, "portres compat: PortresSimImportNetsh: %s\n",
                 std::string(host.status().message()).c_str());
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  CompatState::Get().Replace(*std::move(host));
  return TRUE;
}

BOOL PortresSimResetProfile(const char* profile) {
  absl::StatusOr<portres::sim::HostOptions> options =
      portres::sim::ProfileOptions(profile == nullptr ? "" : profile);
  if (!options.ok()) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  CompatState::Get().Reset(*options);
  return TRUE;
}

DWORD PortresSimSpawnProcess(BOOL elevated) {
  return CompatState::Get().host().SpawnProcess(
      {.elevated = elevated != FALSE});
}

BOOL PortresSimSwitchProcess(DWORD pid) {
  return CompatState::Get().SwitchTo(pid) ? TRUE : FALSE;
}

BOOL PortresSimExitProcess(DWORD pid) {
  if (!CompatState::Get().host().ExitProcess(pid).ok()) return FALSE;
  portres::compat::internal::AbortPending(pid, INVALID_SOCKET);
  return TRUE;
}

void PortresSimReboot(void) { CompatState::Get().Reboot(); }

BOOL PortresSimAddLocalAddress(int family, const void* address) {
  if (address == nullptr || (family != AF_INET && family != AF_INET6)) {
    return FALSE;
  }
  portres::IpAddress local{.family = family == AF_INET
                                         ? portres::AddressFamily::kInet
                                         : portres::AddressFamily::kInet6};
  std::memcpy(local.bytes.data(), address, local.Size());
  return CompatState::Get().host().AddLocalAddress(local).ok() ? TRUE : FALSE;
}

BOOL PortresSimSetDynamicPortRange(int protocol, USHORT start, USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return FALSE;
  return CompatState::Get()
                 .host()
                 .SetDynamicPortRange(protocol == IPPROTO_TCP
                                          ? portres::Protocol::kTcp
                                          : portres::Protocol::kUdp,
                                      {start, count})
                 .ok()
             ? TRUE
             : FALSE;
}

ULONG64 PortresSimAddSystemReservation(int protocol, USHORT start,
                                       USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return 0;
  absl::StatusOr<portres::Reservation> r =
      CompatState::Get().host().AddSystemReservation(
          protocol == IPPROTO_TCP ? portres::Protocol::kTcp
                                  : portres::Protocol::kUdp,
          {start, count});
  return r.ok() ? r->token.value() : 0;
}

DWORD GetCurrentProcessId(void) { return CompatState::Get().CurrentPid(); }

}  // extern "C"
