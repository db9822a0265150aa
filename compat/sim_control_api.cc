// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// portres_sim.h's controls of the simulated machine: reset, profiles,
// processes, local addresses, the dynamic range and system reservations,
// through the machine compat uses. A shared machine refuses the ones that
// would change what every other process sees (SV12), with the reason.

#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "portres/sim/netsh.h"
#include "portres/sim/profile.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "portres_sim.h"
#include "compat/compat_state.h"
#include "compat/overlapped.h"

using portres::compat::internal::CompatState;

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
  if (!CompatState::Get().CanReplaceMachine()) {
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
  return CompatState::Get().Replace(*std::move(host)).ok() ? TRUE : FALSE;
}

BOOL PortresSimResetProfile(const char* profile) {
  if (!CompatState::Get().CanReplaceMachine()) {
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
  // 0 when refused: an elevated process asked by an unelevated program of
  // a shared machine.
  return CompatState::Get().SpawnProcess(elevated != FALSE);
}

BOOL PortresSimSwitchProcess(DWORD pid) {
  return CompatState::Get().SwitchTo(pid) ? TRUE : FALSE;
}

BOOL PortresSimExitProcess(DWORD pid) {
  return CompatState::Get().ExitProcess(pid) ? TRUE : FALSE;
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
  const absl::Status added = CompatState::Get().WithMachine(
      [&](portres::sim::Machine& m) { return m.AddLocalAddress(local); });
  if (added.ok()) return TRUE;
  if (portres::WindowsErrorCode(added) == portres::kErrorNotSupported) {
    return NotOnASharedMachine("PortresSimAddLocalAddress");
  }
  SetLastError(static_cast<DWORD>(portres::compat::internal::CodeOf(added)));
  return FALSE;
}

BOOL PortresSimSetDynamicPortRange(int protocol, USHORT start, USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return FALSE;
  return CompatState::Get()
                 .WithMachine([&](portres::sim::Machine& m) {
                   return m.SetDynamicPortRange(ProtocolOf(protocol),
                                                {start, count},
                                                /*active_only=*/false);
                 })
                 .ok()
             ? TRUE
             : FALSE;
}

ULONG64 PortresSimAddSystemReservation(int protocol, USHORT start,
                                       USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return 0;
  const absl::StatusOr<portres::Reservation> r =
      CompatState::Get().WithMachine([&](portres::sim::Machine& m) {
        return m.AddSystemReservation(ProtocolOf(protocol), {start, count});
      });
  return r.ok() ? r->token.value() : 0;
}

}  // extern "C"
