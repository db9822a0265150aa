// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: sim_types.h
//
// The simulator's value types: process ids, process options, netsh's rows,
// the dynamic port range and what a process holds. They live apart from host.h so that the simulator's
// private code and the netsh formatters can use them without the Host class.
//
// Example:
//   portres::sim::DynamicPortRange range{.start = 50000, .count = 1000};
//   portres::sim::ExcludedRange row{.start = 5000, .end = 5019};
//
// Thread safety: plain values; safe to copy between threads.

#ifndef PORTRES_SIM_SIM_TYPES_H_
#define PORTRES_SIM_SIM_TYPES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "portres/types.h"

namespace portres::sim {

// A simulated process id (a multiple of 4, as on Windows).
using Pid = uint32_t;

// The version a simulated machine reports (the compat layer's GetVersionEx
// and RtlGetVersion), so version-gated code takes the path it would take on
// that machine (PF2).
struct WindowsVersion {
  uint32_t major = 10;        // dwMajorVersion
  uint32_t minor = 0;         // dwMinorVersion
  uint32_t build = 20348;     // Windows Server 2022, today's CI runners
  uint16_t service_pack = 0;  // "Service Pack N" when not 0
  bool server = true;         // a Server edition (wProductType VER_NT_SERVER)
  // Wine 8 rather than Windows: ntdll exports wine_get_version, which
  // programs use to recognise Wine (PF3).
  bool wine = false;
  friend bool operator==(const WindowsVersion&,
                         const WindowsVersion&) = default;
};

// How a simulated process starts.
struct ProcessOptions {
  // An administrator running elevated: may create/delete persistent
  // reservations and associate persistent tokens.
  bool elevated = false;
};

// One row of `netsh int ipv4 show excludedportrange protocol=...`.
struct ExcludedRange {
  uint16_t start = 0;         // first port
  uint16_t end = 0;           // last port (inclusive)
  bool administered = false;  // persistent reservation (`*` in netsh)
  friend bool operator==(const ExcludedRange&, const ExcludedRange&) = default;
};

// `netsh int ipv4 show dynamicport`.
struct DynamicPortRange {
  uint16_t start = 49152;  // first port
  uint16_t count = 16384;  // number of ports
  friend bool operator==(const DynamicPortRange&,
                         const DynamicPortRange&) = default;
};

// One open socket of a process, in Host::Holdings() (the view `portres
// owners` prints, which netsh lacks).
struct HeldSocket {
  SocketId handle = 0;               // its value in the owner process
  std::optional<Protocol> protocol;  // nullopt: a raw socket
  bool bound = false;                // bind() succeeded
  uint16_t port = 0;                 // the bound port, if bound
};

// One runtime reservation of a process, in Host::Holdings().
struct HeldReservation {
  Protocol protocol = Protocol::kTcp;  // its pool
  PortRange range;                     // the block
  Token token;                         // its token
  SocketId socket = 0;                 // the socket that acquired it
};

// What one live process holds: its sockets and runtime reservations.
struct ProcessHoldings {
  Pid pid = 0;                                // the simulated process
  bool elevated = false;                      // runs as an administrator
  std::vector<HeldSocket> sockets;            // its open sockets
  std::vector<HeldReservation> reservations;  // its runtime reservations
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_SIM_TYPES_H_
