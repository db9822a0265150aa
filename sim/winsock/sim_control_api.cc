// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// portres_sim.h's controls of the simulated machine: reset, profiles,
// processes, local addresses, the dynamic range and system reservations,
// on compat's own host or, where a shared machine refuses them, refused
// with a reason (SV12).

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>

#include "portres/sim/netsh.h"
#include "portres/sim/profile.h"
#include "portres_sim.h"
#include "sim/winsock/compat_state.h"
#include "sim/winsock/overlapped.h"

using portres::compat::internal::CompatState;
using portres::compat::internal::SharedMode;

namespace {

// portres_sim.h's controls that a shared machine cannot offer: they would
// change what every other process sees (SV12).
BOOL NotOnASharedMachine(const char* what) {
  std::fprintf(stderr,
               "portres compat: %s: not available on a shared machine "
               "(PORTRES_SIM_HOST); choose its profile with `portres host "
               "start --profile`\n",
               what);
  SetLastError(ERROR_NOT_SUPPORTED);
  return FALSE;
}

portres::Protocol ProtocolOf(int protocol) {
  return protocol == IPPROTO_TCP ? portres::Protocol::kTcp
                                 : portres::Protocol::kUdp;
}

}  // namespace

extern "C" {

void PortresSimReset(void) {
  CompatState::Get().Reset(portres::compat::internal::OptionsFromEnvironment());
}

BOOL PortresSimImportNetsh(const char* text) {
  if (CompatState::Get().shared() != nullptr) {
    return NotOnASharedMachine("PortresSimImportNetsh");
  }
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
  if (CompatState::Get().shared() != nullptr) {
    return NotOnASharedMachine("PortresSimResetProfile");
  }
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
  if (SharedMode* shared = CompatState::Get().shared()) {
    std::lock_guard<std::mutex> lock(shared->mu());
    // An elevated process needs an elevated program: 0 otherwise.
    absl::StatusOr<portres::sim::Pid> pid =
        shared->machine().SpawnProcess(elevated != FALSE);
    if (!pid.ok()) return 0;
    shared->AddProcess(*pid);
    return *pid;
  }
  return CompatState::Get().host().SpawnProcess(
      {.elevated = elevated != FALSE});
}

BOOL PortresSimSwitchProcess(DWORD pid) {
  return CompatState::Get().SwitchTo(pid) ? TRUE : FALSE;
}

BOOL PortresSimExitProcess(DWORD pid) {
  if (SharedMode* shared = CompatState::Get().shared()) {
    std::lock_guard<std::mutex> lock(shared->mu());
    if (!shared->machine().ExitProcess(pid).ok()) return FALSE;
    shared->EndProcess(pid);
  } else if (!CompatState::Get().host().ExitProcess(pid).ok()) {
    return FALSE;
  }
  portres::compat::internal::AbortPending(pid, INVALID_SOCKET);
  return TRUE;
}

void PortresSimReboot(void) { CompatState::Get().Reboot(); }

BOOL PortresSimAddLocalAddress(int family, const void* address) {
  if (CompatState::Get().shared() != nullptr) {
    return NotOnASharedMachine("PortresSimAddLocalAddress");
  }
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
  if (SharedMode* shared = CompatState::Get().shared()) {
    std::lock_guard<std::mutex> lock(shared->mu());
    return shared->machine()
                   .SetDynamicPortRange(ProtocolOf(protocol), {start, count})
                   .ok()
               ? TRUE
               : FALSE;
  }
  return CompatState::Get()
                 .host()
                 .SetDynamicPortRange(ProtocolOf(protocol), {start, count})
                 .ok()
             ? TRUE
             : FALSE;
}

ULONG64 PortresSimAddSystemReservation(int protocol, USHORT start,
                                       USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return 0;
  absl::StatusOr<portres::Reservation> r;
  if (SharedMode* shared = CompatState::Get().shared()) {
    std::lock_guard<std::mutex> lock(shared->mu());
    r = shared->machine().AddSystemReservation(ProtocolOf(protocol),
                                               {start, count});
  } else {
    r = CompatState::Get().host().AddSystemReservation(ProtocolOf(protocol),
                                                       {start, count});
  }
  return r.ok() ? r->token.value() : 0;
}

}  // extern "C"
