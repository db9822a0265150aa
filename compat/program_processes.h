// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// This program's simulated processes as its Winsock knows them: the only
// state the compat layer keeps beside the machine.
//
// A socket belongs to the process that opened it, and every process of this
// program is this program's (its initial one and the ones PortresSimSpawn
// Process made), so the facts Winsock's checks read — family, type, binding —
// can change only through this program's own calls. They are kept here,
// with what only Winsock knows (the overlapped attribute, FIONBIO, the
// WSAStartup count), updated after each call the machine accepted. The rules
// themselves run in the machine, reached through each process's
// PortReservations view, the same way on an in-process host and on a shared
// machine.
//
// Thread safety: callers serialise every use (CompatState's lock).

#ifndef PORTRES_COMPAT_PROGRAM_PROCESSES_H_
#define PORTRES_COMPAT_PROGRAM_PROCESSES_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compat/network.h"
#include "portres/port_reservations.h"
#include "portres/sim/machine.h"
#include "portres/types.h"

namespace portres::compat::internal {

// One open socket: what Winsock's checks read, and what only Winsock knows.
struct WinsockSocket {
  AddressFamily family = AddressFamily::kInet;
  SocketType type = SocketType::kStream;
  std::optional<Protocol> protocol;  // none for a raw socket
  bool bound = false;
  uint16_t port = 0;                  // host byte order, once bound
  std::array<uint8_t, 16> address{};  // the bound address's bytes
  bool overlapped = false;            // WSA_FLAG_OVERLAPPED (socket() sets it)
  bool non_blocking = false;          // ioctlsocket(FIONBIO)
  DataState data;                     // connections, queues (network.h)
};

// One live process of this program.
struct WinsockProcess {
  bool elevated = false;                    // its token's TokenElevation
  uint32_t winsock_startups = 0;            // WSAStartup minus WSACleanup calls
  std::unique_ptr<PortReservations> calls;  // its view of the machine
  absl::flat_hash_map<SocketId, WinsockSocket> sockets;
};

class ProgramProcesses {
 public:
  // The live process `pid`, or nullptr.
  WinsockProcess* Find(sim::Pid pid);
  // Starts knowing `pid`, a live process of `machine`.
  void Add(sim::Pid pid, bool elevated, sim::Machine& machine);
  // `pid` has ended: its sockets are gone, their connections reset.
  void End(sim::Pid pid);
  // Every process, by pid.
  std::vector<sim::Pid> Pids() const;
  // Forgets every process (their machine rebooted or went away).
  void Clear();

  // Calls `visit(pid, socket_id, socket)` for every open socket until it
  // returns true; returns whether one did.
  template <typename Visit>
  bool AnySocket(Visit visit) {
    for (auto& [pid, process] : processes_) {
      for (auto& [id, socket] : process.sockets) {
        if (visit(pid, id, socket)) return true;
      }
    }
    return false;
  }

  // The live process `pid`'s open socket `socket`, or nullptr.
  WinsockSocket* FindSocket(sim::Pid pid, SocketId socket);

  // Whether any socket was ever given to WSAEventSelect: only then does a
  // change of the data path look for network events to record.
  bool event_select_used = false;

 private:
  std::map<sim::Pid, WinsockProcess> processes_;
};

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_PROGRAM_PROCESSES_H_
