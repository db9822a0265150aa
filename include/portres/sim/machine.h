// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: machine.h
//
// portres::sim::Machine is one simulated Windows machine as its clients see
// it, whichever way it is reached: each process's PortReservations view plus
// every machine control, each answering with a Status, so a client written
// against it (the Winsock compat layer, the test kit) works unchanged on a
// private in-process Host (HostMachine, host_machine.h) and on a shared
// machine run by the host service (SharedMachine, shared_machine.h). The
// model is LevelDB's Env: one interface, the backends behind it.
//
// Every failure carries the Windows code its situation gives
// (portres::WindowsErrorCode); a failed call changes nothing.
//
// Thread safety: every method may be called from any thread.

#ifndef PORTRES_SIM_MACHINE_H_
#define PORTRES_SIM_MACHINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/export.h"
#include "portres/port_reservations.h"
#include "portres/sim/policy.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim {

// One simulated Windows machine as a client sees it (see the file comment).
class PORTRES_SIM_API Machine {
 public:
  virtual ~Machine();

  // What process `pid` can do. Once it has exited, every call fails with
  // ERROR_INVALID_HANDLE (6) and changes nothing. A shared machine refuses
  // a process its connection did not spawn (ERROR_ACCESS_DENIED).
  virtual std::unique_ptr<PortReservations> Process(Pid pid) = 0;

  // A new live process; ERROR_ACCESS_DENIED for an elevated one where the
  // caller may not elevate (a shared machine's unelevated connection).
  virtual absl::StatusOr<Pid> SpawnProcess(bool elevated) = 0;
  // The process ends: its sockets close and its runtime reservations go.
  virtual absl::Status ExitProcess(Pid pid) = 0;
  // Every process ends; runtime and system reservations vanish; persistent
  // ones stay under new tokens (M10).
  virtual absl::Status Reboot() = 0;

  // A runtime block held by a simulated system service (like WinNAT); start
  // 0 is the first free block of the dynamic range.
  virtual absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                           PortRange range) = 0;
  // `netsh int ipv4 set dynamicport`; `active_only` is netsh's
  // store=active, undone by the next reboot.
  virtual absl::Status SetDynamicPortRange(Protocol protocol,
                                           DynamicPortRange range,
                                           bool active_only) = 0;
  // `netsh int ipv4 show dynamicport`.
  virtual absl::StatusOr<DynamicPortRange> GetDynamicPortRange(
      Protocol protocol) = 0;
  // `netsh int ipv4 show excludedportrange`: every reservation of the pool.
  virtual absl::StatusOr<std::vector<ExcludedRange>> ExcludedPortRanges(
      Protocol protocol) = 0;
  // The machine gets an interface address (BA2). A shared machine refuses
  // it with ERROR_NOT_SUPPORTED (50): it would change what every other
  // process sees (SV12).
  virtual absl::Status AddLocalAddress(const IpAddress& address) = 0;

  // OK, or why the machine's own consistency checks fail.
  virtual absl::Status CheckInvariants() = 0;
  // A canonical text of the whole state, equal before and after a failed
  // call.
  virtual absl::StatusOr<std::string> DumpState() = 0;

  // The switches in force.
  virtual Policy policy() = 0;
  // The version the machine reports.
  virtual WindowsVersion version() = 0;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_MACHINE_H_
