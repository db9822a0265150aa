// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The simulated machine's whole state, without locking and without rules:
// processes, the socket and reservation tables, the two port pools, and the
// lookups every rule starts with (which process is calling, which of its
// sockets a handle names, which reservation a token names). The rules that
// change this state live beside it, one file per area: sockets.h (socket,
// closesocket, bind), runtime_reservations.h (the acquire, associate and
// release ioctls, system reservations), persistent_reservations.h,
// machine_controls.h (processes, reboot, dynamic ranges) and state_checks.h.
// Host (sim/host.cc) locks and forwards. Every rule makes all of its checks
// before its first change, so a failed call leaves the state as it was.

#ifndef PORTRES_SIM_HOST_STATE_H_
#define PORTRES_SIM_HOST_STATE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "portres/sim/policy.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/handle_table.h"
#include "sim/port_pool.h"
#include "sim/slot_table.h"
#include "sim/token_codec.h"

namespace portres::sim {

enum class ReservationKind : uint8_t { kRuntime, kPersistent, kSystem };

struct ProcessRecord {
  uint32_t generation = 0;  // the slot's reuses: part of the pid
  bool live = false;
  bool elevated = false;
  uint32_t first_socket = kNoSlot;  // its sockets, linked through
                                    // SocketRecord::{prev,next}_in_process
  HandleTable handles;              // its sockets' handle values (U27)
};

// How a socket asked to share its address (SO_REUSEADDR,
// SO_EXCLUSIVEADDRUSE, or neither): the rows and columns of spec §16.3.
enum class AddressUse : uint8_t { kDefault, kReuse, kExclusive };

// The options that decide binding (spec §16.5), as set now; the binding
// itself keeps the ones in force when it was made (U24).
struct BindOptions {  // one byte
  bool reuse_address : 1 = false;  // SO_REUSEADDR
  bool exclusive : 1 = false;      // SO_EXCLUSIVEADDRUSE
  bool ipv6_only : 1 = true;       // IPV6_V6ONLY (BA8: on by default)
  bool cpu_affinity : 1 = false;   // msquic's SIO_CPU_AFFINITY (SO8)

  AddressUse use() const {
    return exclusive ? AddressUse::kExclusive
                     : reuse_address ? AddressUse::kReuse : AddressUse::kDefault;
  }
};

struct SocketRecord {  // 80 bytes: fields ordered to pack
  SocketId handle = 0;  // its value in the owner's HandleTable
  Token associated;    // SIO_ASSOCIATE_PORT_RESERVATION's token, 0 if none
  Token bind_group;    // the reservation the socket bound through, 0 if none
  uint32_t generation = 0;
  Pid owner = 0;
  uint32_t prev_in_process = kNoSlot;
  uint32_t next_in_process = kNoSlot;
  uint32_t next_on_port = kNoSlot;    // its port's sharing group (spec O7)
  uint32_t first_acquired = kNoSlot;  // runtime reservations acquired on it
  AddressFamily family = AddressFamily::kInet;
  SocketType type = SocketType::kStream;
  std::optional<Protocol> protocol;  // nullopt: raw socket, no port pool
  uint16_t port = 0;
  bool live = false;
  bool bound = false;
  IpAddress::Bytes address = {};  // bound address, network order (4 or 16)
  BindOptions options;            // as set now
  BindOptions bound_with;         // in force when bound (U24)
};
static_assert(sizeof(BindOptions) == 1);
static_assert(sizeof(SocketRecord) <= 80);

struct ReservationRecord {  // 32 bytes: fields ordered to pack
  uint32_t generation = 0;
  Pid owner = 0;                     // runtime only: the acquiring process
  uint32_t owner_socket = kNoSlot;   // runtime only: the acquiring socket
  uint32_t prev_acquired = kNoSlot;  // runtime only: the owner socket's list
  uint32_t next_acquired = kNoSlot;
  PortRange range;
  Protocol protocol = Protocol::kTcp;
  ReservationKind kind = ReservationKind::kRuntime;
  bool live = false;
};

static_assert(sizeof(ReservationRecord) <= 32);

// Cache-line aligned, like everything a call writes, so that hosts driven
// by different threads share no written cache line.
struct alignas(kCacheLine) HostState {
  HostState(uint64_t seed, const Policy& rules);

  PortPool& pool(Protocol p) { return pools[static_cast<int>(p)]; }
  const PortPool& pool(Protocol p) const { return pools[static_cast<int>(p)]; }

  // Names: a socket's handle is its value in its process's HandleTable
  // (U27); a pid is 1000 + 4 * (its slot in `processes` and the slot's
  // generation, as kPidSlotBits and kPidGenerationBits say); a token
  // encodes a reservation slot and generation (token_codec.h).
  static constexpr int kPidSlotBits = 20;        // 1,048,576 live processes
  static constexpr int kPidGenerationBits = 9;   // a slot's 512 names
  SocketId SocketHandle(uint32_t slot) const { return sockets[slot].handle; }
  Token TokenOf(uint32_t slot) const;
  Pid PidOf(uint32_t slot) const;

  // Whether `address` belongs to this machine (spec BA2): the wildcards,
  // 127.0.0.0/8, ::1, the configured addresses, and on IPv6 the v4-mapped
  // form of each IPv4 one.
  bool IsLocalAddress(const IpAddress& address) const;

  // The slot of the live process `pid`, or kNoSlot.
  uint32_t ProcessSlot(Pid pid) const;
  // The live process `pid`, or nullptr.
  ProcessRecord* FindProcess(Pid pid);
  const ProcessRecord* FindProcess(Pid pid) const;
  // The open socket `handle` names in process `pid`, or kNoSlot.
  uint32_t FindSocket(Pid pid, SocketId handle) const;
  // The live reservation `token` names, or kNoSlot.
  uint32_t FindReservation(Token token) const;

  // The calling process, or ERROR_INVALID_HANDLE once it has exited.
  absl::StatusOr<ProcessRecord*> CallingProcess(Pid pid,
                                                absl::string_view context);
  // The slot of `handle` if it is an open socket of `pid`, else WSAENOTSOCK.
  absl::StatusOr<uint32_t> OwnSocket(Pid pid, SocketId handle,
                                     absl::string_view context);
  // OwnSocket, and WSAEOPNOTSUPP unless it is a TCP or UDP socket (the three
  // reservation ioctls, spec §3.2, §4.2, §5).
  absl::StatusOr<uint32_t> ReservationSocket(Pid pid, SocketId handle,
                                             absl::string_view context);

  // Adds a reservation to its table and pool; returns its slot.
  uint32_t InsertReservation(ReservationKind kind, Protocol protocol,
                             PortRange range);
  // Removes it from its pool, its owner socket's list and the table.
  void EraseReservation(uint32_t slot);

  Policy policy;  // changes only at RebootInto
  const TokenCodec tokens;
  Rng rng;
  // An exited process's slot is freed and reused under its next
  // generation: memory follows the live processes, not every process that
  // ever ran. A pid comes back only after its slot's 512 generations, as
  // Windows, too, reuses process ids.
  SlotTable<ProcessRecord> processes;
  SlotTable<SocketRecord> sockets;
  SlotTable<ReservationRecord> reservations;
  std::array<PortPool, 2> pools;
  // Interface addresses beyond loopback (HostOptions::local_addresses,
  // Host::AddLocalAddress); a machine's configuration, kept by Reboot.
  std::vector<IpAddress> local_addresses;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_STATE_H_
