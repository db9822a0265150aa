// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/sim/host_machine.h"

#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::sim {

// The key function: Machine's vtable and type information live in the sim
// library, not in every program that includes machine.h.
Machine::~Machine() = default;

std::unique_ptr<PortReservations> HostMachine::Process(Pid pid) {
  return host_.Process(pid);
}

absl::StatusOr<Pid> HostMachine::SpawnProcess(bool elevated) {
  return host_.SpawnProcess({.elevated = elevated});
}

absl::Status HostMachine::ExitProcess(Pid pid) {
  return host_.ExitProcess(pid);
}

absl::Status HostMachine::Reboot() {
  host_.Reboot();
  return absl::OkStatus();
}

absl::StatusOr<Reservation> HostMachine::AddSystemReservation(Protocol protocol,
                                                              PortRange range) {
  return host_.AddSystemReservation(protocol, range);
}

absl::Status HostMachine::SetDynamicPortRange(Protocol protocol,
                                              DynamicPortRange range,
                                              bool active_only) {
  if (active_only) {
    return WindowsError(kErrorNotSupported,
                        "an in-process host keeps no active store: its "
                        "settings are all persistent");
  }
  return host_.SetDynamicPortRange(protocol, range);
}

absl::StatusOr<DynamicPortRange> HostMachine::GetDynamicPortRange(
    Protocol protocol) {
  return host_.GetDynamicPortRange(protocol);
}

absl::StatusOr<std::vector<ExcludedRange>> HostMachine::ExcludedPortRanges(
    Protocol protocol) {
  return host_.ExcludedPortRanges(protocol);
}

absl::Status HostMachine::AddLocalAddress(const IpAddress& address) {
  return host_.AddLocalAddress(address);
}

absl::Status HostMachine::CheckInvariants() { return host_.CheckInvariants(); }

absl::StatusOr<std::string> HostMachine::DumpState() {
  return host_.DumpState();
}

Policy HostMachine::policy() { return host_.policy(); }

WindowsVersion HostMachine::version() { return host_.version(); }

}  // namespace portres::sim
