// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: machine.h
//
// What the model-based property suite (model_suite.h) needs from a backend
// beyond PortReservations: a machine whose processes it can spawn, exit and
// act as, and whose machine-level state it can change. Implement it for your
// own PortReservations (or a decorator of one) to run the suite against it;
// portres/testing/sim_machine.h is the simulator's.
//
// Example:
//   class MyMachine : public portres::testkit::Machine { ... };
//   RC_GTEST_PROP(Mine, BehavesLikeWindows, ()) {
//     portres::testkit::CheckAgainstModel(
//         [] { return std::make_unique<MyMachine>(); });
//   }
//
// Thread safety: the suite calls a Machine from one thread.

#ifndef PORTRES_TESTING_MACHINE_H_
#define PORTRES_TESTING_MACHINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "portres/port_reservations.h"
#include "portres/types.h"

namespace portres::testkit {

// A host the model-based suite drives: processes, their PortReservations,
// and the machine controls (see the file comment).
class Machine {
 public:
  virtual ~Machine() = default;

  // A new live process; returns its id.
  virtual uint32_t SpawnProcess(bool elevated) = 0;
  // The process ends, closing its sockets. Fails if it is not live.
  virtual absl::Status ExitProcess(uint32_t pid) = 0;
  // What `pid` can do. Calls for an exited process fail with
  // ERROR_INVALID_HANDLE (6) and change nothing.
  virtual PortReservations& Process(uint32_t pid) = 0;
  // Every process ends; runtime and system reservations vanish; persistent
  // ones stay under new tokens.
  virtual void Reboot() = 0;
  // A system service's runtime block (start 0: first fit in the dynamic
  // range), with SIO_ACQUIRE_PORT_RESERVATION's codes.
  virtual absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                           PortRange range) = 0;
  // `netsh int ipv4 set dynamicport`; ERROR_INVALID_PARAMETER (87) for fewer
  // than 255 ports, start 0, or an end past 65535.
  // `netsh int ipv4 set dynamicport`; ERROR_INVALID_PARAMETER if refused.
  virtual absl::Status SetDynamicPortRange(Protocol protocol, uint16_t start,
                                           uint16_t count) = 0;
  // OK, or why the backend's own consistency checks fail.
  virtual absl::Status CheckInvariants() = 0;

  // Optional: a text of the whole machine state that is equal before and
  // after any failed call (the suite checks it around injected faults).
  // Empty (the default) turns the check off.
  virtual std::string StateDump() { return std::string(); }

  // Optional: whether RebootInto works. The suite then reboots the machine
  // into the `windows`, `windows-1803` and `wine-8` behaviour profiles
  // (portres/sim/profile.h) and checks each one's rules.
  virtual bool CanSwitchProfiles() const { return false; }
  // Reboot() into behaviour profile `profile`; persistent reservations and
  // the dynamic ranges carry over.
  virtual absl::Status RebootInto(absl::string_view profile) {
    return absl::UnimplementedError(
        absl::StrCat("this machine cannot reboot into ", profile));
  }
};

// Makes a fresh machine for each generated sequence.
using MachineFactory = std::function<std::unique_ptr<Machine>()>;

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_MACHINE_H_
