// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: host.h
//
// portres::sim::Host is one simulated Windows machine: processes (elevated or
// not), their sockets, and the TCP and UDP port pools with runtime, persistent
// and system reservations, bound ports and the dynamic port range. Each
// process sees the host through a PortReservations view (Process()); the
// machine-level controls a test needs (spawn/exit processes, reboot, system
// services' reservations, the dynamic range) live here, not on the interface.
//
// Behaviour follows docs/windows-semantics.md; the spec's unknowns
// are switches of Policy (policy.h). Tokens are opaque, non-zero, unique for
// the host's life, and deterministic from HostOptions::seed, so a failing test
// replays exactly. A failed call leaves the host exactly as it was.
//
// Example:
//   portres::sim::Host host;
//   portres::sim::Pid admin = host.SpawnProcess({.elevated = true});
//   auto ports = host.Process(admin);
//   absl::StatusOr<portres::Token> token =
//       ports->CreatePersistent(portres::Protocol::kTcp, {5000, 20});
//   host.Reboot();  // the reservation stays, under a new token
//
// Thread safety: every method, and every method of the views, may be called
// from any thread; one HostMutex serialises them, taken once per call.

#ifndef PORTRES_SIM_HOST_H_
#define PORTRES_SIM_HOST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/export.h"
#include "portres/port_reservations.h"
#include "portres/sim/host_mutex.h"
#include "portres/sim/policy.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim {

struct HostState;  // sim/host_state.h

// Blocks that system services (Hyper-V, WinNAT, HNS) reserve inside the
// dynamic range when the machine starts, drawn again at every reboot at
// places chosen by the host's seeded generator (spec O1, O2, PF4).
struct BootReservations {
  uint16_t block_size = 100;  // HNS/WinNAT reserve 100 ports at a time (O2)
  uint16_t tcp_blocks = 0;  // blocks in the TCP pool
  uint16_t udp_blocks = 0;  // blocks in the UDP pool
  friend bool operator==(const BootReservations&,
                         const BootReservations&) = default;
};

// How a Host is built. Profiles (profile.h) fill it for known machines.
struct HostOptions {
  // Seeds token generation and the kRandom policies.
  uint64_t seed = 0;
  Policy policy;  // the switches for every unknown behaviour
  // Interface addresses besides loopback that bind() accepts (spec BA2:
  // none by default), as AddLocalAddress adds them.
  std::vector<IpAddress> local_addresses;
  WindowsVersion version;  // what the machine reports
  // System services' blocks at every boot (none by default).
  BootReservations boot_reservations;
};

// Cache-line aligned (through its first member, the lock): two hosts used
// from two threads never write the same cache line.
class PORTRES_SIM_API Host {
 public:
  // A machine with no process yet, both dynamic ranges at 49152+16384.
  explicit Host(HostOptions options = {});
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // A new live process. Its pid is a multiple of 4 from 1000, as Windows'
  // are; an exited process's pid comes back only after 511 later processes
  // have used its record (at most 1,048,576 processes live at once).
  Pid SpawnProcess(ProcessOptions options = {});

  // The process ends: its sockets close, which releases its runtime
  // reservations (spec §3.3), and its record is freed (memory follows the
  // live processes). NotFound if `pid` is not a live process.
  absl::Status ExitProcess(Pid pid);

  // Whether `pid` is a live process.
  bool IsAlive(Pid pid) const;
  // The live processes, by pid.
  std::vector<Pid> LiveProcesses() const;

  // What process `pid` can do. The view stays valid as long as the host; once
  // the process has exited every call fails with FAILED_PRECONDITION and
  // Windows code ERROR_INVALID_HANDLE (6), changing nothing.
  std::unique_ptr<PortReservations> Process(Pid pid);

  // The machine gets an interface address (spec BA2): binds to it succeed
  // instead of failing with WSAEADDRNOTAVAIL. Adding one twice is a no-op.
  // ERROR_INVALID_PARAMETER for a wildcard, a loopback or a v4-mapped
  // address (the first two are always local; the last is not an interface
  // address). Kept by Reboot.
  absl::Status AddLocalAddress(const IpAddress& address);
  // The interface addresses AddLocalAddress and HostOptions gave, in the
  // order given (loopback is not listed).
  std::vector<IpAddress> LocalAddresses();

  // The machine restarts: every process ends, runtime and system reservations
  // vanish, persistent reservations stay under new tokens (spec M10), the
  // dynamic ranges stay (they are persistent settings), and the system
  // services of HostOptions::boot_reservations reserve new blocks.
  void Reboot();

  // The machine restarts as another machine on the same disk (Windows
  // upgraded, or the disk booted under Wine): Reboot(), after which the
  // switches, the version and the boot reservations of `options` apply —
  // for example ProfileOptions("wine-8"). Persistent reservations, the
  // dynamic ranges, the interface addresses and the token generator carry
  // over; `options`' seed and local addresses are not used.
  void RebootInto(const HostOptions& options);

  // A runtime block held by a simulated system service (WinNAT, HNS, ...,
  // spec O1-O3). start 0: the first free block of the dynamic range (U18
  // placement). Errors: as SIO_ACQUIRE_PORT_RESERVATION (WSAEINVAL,
  // WSAEADDRINUSE, WSAENOBUFS).
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range);

  // The service stops (`net stop winnat`): its block disappears. WSAEINVAL if
  // `token` is not a system reservation of `protocol`.
  absl::Status RemoveSystemReservation(Protocol protocol, Token token);

  // `netsh int ipv4 show dynamicport`.
  DynamicPortRange GetDynamicPortRange(Protocol protocol) const;

  // `netsh int ipv4 set dynamicport`: at least 255 ports, ending at or below
  // 65535, starting above 0, else ERROR_INVALID_PARAMETER (spec §10.1, §11).
  // Existing bindings and reservations are untouched.
  absl::Status SetDynamicPortRange(Protocol protocol, DynamicPortRange range);

  // Every reservation of the protocol's pool, ascending by start, persistent
  // ones marked administered (spec M8, §10.2).
  std::vector<ExcludedRange> ExcludedPortRanges(Protocol protocol) const;

  // Every live process with its open sockets and the runtime reservations
  // acquired on them, by pid (system services hold no process).
  std::vector<ProcessHoldings> Holdings() const;

  // OK, or INTERNAL naming the first broken invariant: reservations of one
  // protocol are disjoint and indexed by their token; every runtime
  // reservation has a live owner socket in its owner process; every bound
  // port belongs to exactly one socket or one reservation's sharing group.
  absl::Status CheckInvariants() const;

  // A canonical text of the whole state (processes, sockets, pools, counters):
  // two hosts with equal dumps behave identically from then on.
  std::string DumpState() const;

  // The part of DumpState() that is the port pools: reservations and bound
  // ports of both protocols.
  std::string DumpPools() const;

  // The switches in force (those it was built with, until RebootInto).
  Policy policy() const;
  // The version it reports.
  WindowsVersion version() const;

 private:
  class ProcessView;

  // Places the system services' blocks of boot_reservations_.
  void StartSystemServices() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  alignas(64) mutable HostMutex mu_;
  std::unique_ptr<HostState> state_ ABSL_GUARDED_BY(mu_);
  WindowsVersion version_ ABSL_GUARDED_BY(mu_);
  BootReservations boot_reservations_ ABSL_GUARDED_BY(mu_);
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_H_
