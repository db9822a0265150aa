// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: shared_machine.h
//
// One simulated Windows machine shared by real processes: the client side
// of the host service that `portres host start` runs (docs/windows-
// semantics.md §21). Connecting makes the calling OS process one simulated
// process of that machine — elevated when the kernel says it runs as root
// or in a group the machine's owner configured — which ends when the
// connection closes, however the process ends (`kill -9` included). The
// process's calls go through the same PortReservations interface as the
// in-process simulator's, with the same Windows codes; persistent
// reservations outlive it and the service itself (a service restart is
// the machine's reboot).
//
// Example:
//   // $ portres host start --host ci-7
//   auto machine = portres::sim::ConnectSharedMachine("ci-7");
//   portres::PortReservations& ports = (*machine)->process();
//   absl::StatusOr<portres::Token> token = ports.LookupPersistent(
//       portres::Protocol::kTcp, {.start = 5000, .count = 10});
//
// When the service goes away (stopped, crashed) every later call fails with
// ERROR_INVALID_HANDLE, what Windows gives a process that no longer exists.
//
// Thread safety: thread-safe; calls on one connection are serialised.

#ifndef PORTRES_SIM_SHARED_MACHINE_H_
#define PORTRES_SIM_SHARED_MACHINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "portres/export.h"
#include "portres/port_reservations.h"
#include "portres/sim/machine.h"
#include "portres/sim/profile.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim {

namespace internal {
struct SharedMachineFactory;  // service/client.cc
}  // namespace internal

// How a client waits for its shared machine.
struct SharedMachineOptions {
  // The longest the service may take to answer the hello or any call. A
  // connect that times out fails with DEADLINE_EXCEEDED; a call that times
  // out fails, and so does every later one, with ERROR_INVALID_HANDLE (its
  // late answer could not be told from the next call's).
  absl::Duration timeout = absl::Seconds(30);
};

// A connection to a shared machine: this OS process as one simulated
// process, and the machine's controls (see the file comment).
class PORTRES_HOST_SERVICE_API SharedMachine final : public Machine {
 public:
  class Connection;  // the socket and its lock (service/client.cc)

  ~SharedMachine() override;
  SharedMachine(const SharedMachine&) = delete;
  SharedMachine& operator=(const SharedMachine&) = delete;

  Pid pid() const;                     // this connection's own process
  bool elevated() const;               // as the kernel's credentials say
  const std::string& profile() const;  // the machine's behaviour profile

  // The calls of this connection's own process.
  PortReservations& process();
  // The calls of `pid`, which must be this connection's own process or one
  // it spawned: the service refuses any other (PERMISSION_DENIED).
  std::unique_ptr<PortReservations> Process(Pid pid) override;

  // Machine controls. Reboot, AddSystemReservation, SetDynamicPortRange,
  // Shutdown and spawning an elevated process need an elevated connection
  // (else ERROR_ACCESS_DENIED); the rest need none.
  //
  // A process that ends with this connection; elevated only if this
  // connection is.
  absl::StatusOr<Pid> SpawnProcess(bool elevated) override;
  // Ends a process this connection spawned (or its own).
  absl::Status ExitProcess(Pid pid) override;
  // Every process ends (this connection's own too: its calls then fail
  // with ERROR_INVALID_HANDLE; connect again for a live one); persistent
  // reservations stay under new tokens (M10).
  absl::Status Reboot() override;
  // A block held by a simulated system service (like WinNAT).
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range) override;
  // `active_only`: netsh's store=active, undone by the next reboot.
  absl::Status SetDynamicPortRange(Protocol protocol, DynamicPortRange range,
                                   bool active_only) override;
  // netsh's `add excludedportrange`: a persistent reservation made by this
  // connection's own process, in the same store as CreatePersistent (U21);
  // `active_only` (store=active) makes it disappear at the next reboot.
  absl::StatusOr<Token> AddExclusion(Protocol protocol, PortRange range,
                                     bool active_only);
  // `netsh int ipv4 show dynamicport`.
  absl::StatusOr<DynamicPortRange> GetDynamicPortRange(
      Protocol protocol) override;
  // `netsh int ipv4 show excludedportrange`: every reservation of the pool.
  absl::StatusOr<std::vector<ExcludedRange>> ExcludedPortRanges(
      Protocol protocol) override;
  // Host::CheckInvariants() of the machine.
  absl::Status CheckInvariants() override;
  // Host::DumpState() of the machine.
  absl::StatusOr<std::string> DumpState() override;
  // Refused with ERROR_NOT_SUPPORTED (50): an interface address would change
  // what every other process of the machine sees (SV12).
  absl::Status AddLocalAddress(const IpAddress& address) override;
  // The machine's profile's switches.
  Policy policy() override;
  // The machine's profile's version.
  WindowsVersion version() override;
  // Which process (simulated pid, OS pid, command) holds which socket and
  // runtime reservation (ports, token): a table, one row per item.
  absl::StatusOr<std::string> Owners();
  // Stops the service (its store is already saved).
  absl::Status Shutdown();

 private:
  friend struct internal::SharedMachineFactory;
  SharedMachine(std::shared_ptr<Connection> connection, Pid pid, bool elevated,
                std::string profile, HostOptions options);

  std::shared_ptr<Connection> connection_;
  Pid pid_;
  bool elevated_;
  std::string profile_;
  HostOptions options_;  // profile_'s
  std::unique_ptr<PortReservations> own_;
};

// Connects to the shared machine `name` (empty: $PORTRES_SIM_HOST; see
// `portres host start --help` for names and paths). UNAVAILABLE, naming
// the start command, when no service runs there; FAILED_PRECONDITION when
// the service speaks another protocol version; RESOURCE_EXHAUSTED when it
// serves as many connections as it allows (of everyone, or of this user).
// Before trusting the socket it checks that nobody else could have put it
// there (PERMISSION_DENIED naming what is wrong): the directory is a real
// directory that neither its group nor others may write, owned by this
// user for a plain name, and the service runs as the directory's owner or
// root.
PORTRES_HOST_SERVICE_API absl::StatusOr<std::unique_ptr<SharedMachine>>
ConnectSharedMachine(absl::string_view name = {},
                     SharedMachineOptions options = {});
// The same for a service listening at `socket_path` (its directory checked
// as a named directory's is).
PORTRES_HOST_SERVICE_API absl::StatusOr<std::unique_ptr<SharedMachine>>
ConnectSharedMachineAt(const std::string& socket_path,
                       SharedMachineOptions options = {});

}  // namespace portres::sim

#endif  // PORTRES_SIM_SHARED_MACHINE_H_
