// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/sockets.h"

#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "sim/address_rules.h"

namespace portres::sim {
namespace {

// Spec BA1-BA4, U23: the address checks every bind makes first.
absl::Status CheckAddress(const HostState& state, const SocketRecord& socket,
                          SocketId handle, const IpAddress& address) {
  if (address.family != socket.family) {  // BA3
    return WindowsError(kWsaEFault,
                        absl::StrCat("bind: ", ToString(address),
                                     " is not of the socket's family"));
  }
  if (socket.bound) {  // BA4
    return WindowsError(
        kWsaEInval, absl::StrCat("bind: socket ", handle, " is already bound"));
  }
  if (address.IsV4Mapped() && socket.options.ipv6_only) {  // U23
    return WindowsError(state.policy.v4_mapped_on_ipv6_only_bind_error,
                        absl::StrCat("bind: ", ToString(address),
                                     " is v4-mapped on an IPV6_V6ONLY socket"));
  }
  if (!state.IsLocalAddress(address)) {  // BA1
    return WindowsError(kWsaEAddrNotAvail,
                        absl::StrCat("bind: ", ToString(address),
                                     " is not an address of this machine"));
  }
  return absl::OkStatus();
}

// Spec §6, M7, O1, U1, U2: bind on an unassociated socket.
absl::StatusOr<uint16_t> ChooseUnassociatedPort(HostState& state,
                                                const SocketRecord& socket,
                                                uint16_t port) {
  const Policy& policy = state.policy;
  const PortPool& pool = state.pool(*socket.protocol);
  if (port == 0) {  // the dynamic range minus everything taken
    const DynamicPortRange dynamic = pool.dynamic_range;
    std::optional<uint16_t> free = pool.FindFreeBlock(
        dynamic.start, uint32_t{dynamic.start} + dynamic.count - 1, 1,
        policy.port_choice, state.rng);
    if (!free) {
      return WindowsError(kWsaENoBufs,
                          "bind: no free port in the dynamic range");
    }
    return *free;
  }
  if (const uint32_t covering = pool.ReservationCovering(port);
      covering != kNoSlot) {
    const ReservationRecord& r = state.reservations[covering];
    const bool blocked =
        r.kind == ReservationKind::kPersistent
            ? policy.persistent_blocks_unassociated_bind  // U1
            : r.kind == ReservationKind::kSystem || r.owner != socket.owner ||
                  policy.runtime_blocks_owner_unassociated_bind;  // O1, U2
    if (blocked) {
      return WindowsError(
          kWsaEAcces,
          absl::StrCat("bind: port ", port, " lies in the reserved block ",
                       ToString(r.range)));
    }
  }
  return port;
}

// Spec §4.3, U8-U10, U12, U17, O7: bind on an associated socket.
absl::StatusOr<uint16_t> ChooseAssociatedPort(HostState& state,
                                              const SocketRecord& socket,
                                              uint16_t port) {
  const Policy& policy = state.policy;
  const uint32_t reservation = state.FindReservation(socket.associated);
  if (reservation == kNoSlot) {  // U12, U17: released, closed or deleted
    return WindowsError(
        policy.stale_association_bind_error,
        absl::StrCat("bind: the associated reservation ",
                     ToString(socket.associated), " no longer exists"));
  }
  const PortPool& pool = state.pool(*socket.protocol);
  const PortRange range = state.reservations[reservation].range;
  if (port == 0) {  // spec §4.3, U10
    std::optional<uint16_t> free = pool.FindUnboundPort(
        range.start, range.last(), policy.port_choice, state.rng);
    if (!free) {
      return WindowsError(policy.associated_bind_exhausted_error,
                          absl::StrCat("bind: every port of reservation ",
                                       ToString(range), " is bound"));
    }
    return *free;
  }
  if (!range.Contains(port)) {  // U9
    return WindowsError(policy.bind_outside_reservation_error,
                        absl::StrCat("bind: port ", port,
                                     " is outside the associated reservation ",
                                     ToString(range)));
  }
  return port;
}

// Spec §16.3-§16.6, U26: whether the sockets already on `port` let this one
// join. The oldest binding that refuses gives the code; the list runs
// newest first.
absl::Status CheckPortSharing(const HostState& state, const BindRequest& request,
                              uint16_t port) {
  uint32_t code = 0;
  for (uint32_t s = state.pool(*request.socket.protocol).SocketAt(port);
       s != kNoSlot; s = state.sockets[s].next_on_port) {
    if (const uint32_t c = BindConflict(state.policy, state.sockets[s], request);
        c != 0) {
      code = c;
    }
  }
  if (code == 0) return absl::OkStatus();
  return WindowsError(code, absl::StrCat("bind: ", ToString(request.address),
                                         " port ", port,
                                         code == kWsaEAcces
                                             ? " is held exclusively"
                                             : " is in use"));
}

void LinkToProcess(HostState& state, uint32_t slot) {
  SocketRecord& socket = state.sockets[slot];
  ProcessRecord& process = *state.FindProcess(socket.owner);
  socket.next_in_process = process.first_socket;
  if (process.first_socket != kNoSlot) {
    state.sockets[process.first_socket].prev_in_process = slot;
  }
  process.first_socket = slot;
}

void UnlinkFromProcess(HostState& state, uint32_t slot) {
  const SocketRecord& socket = state.sockets[slot];
  if (socket.prev_in_process != kNoSlot) {
    state.sockets[socket.prev_in_process].next_in_process =
        socket.next_in_process;
  } else {
    state.FindProcess(socket.owner)->first_socket = socket.next_in_process;
  }
  if (socket.next_in_process != kNoSlot) {
    state.sockets[socket.next_in_process].prev_in_process =
        socket.prev_in_process;
  }
}

// Takes the socket off its port's sharing group.
void Unbind(HostState& state, uint32_t slot) {
  SocketRecord& socket = state.sockets[slot];
  PortPool& pool = state.pool(*socket.protocol);
  uint32_t head = pool.SocketAt(socket.port);
  if (head == slot) {
    pool.SetSocketAt(socket.port, socket.next_on_port);
    return;
  }
  while (state.sockets[head].next_on_port != slot) {
    head = state.sockets[head].next_on_port;
  }
  state.sockets[head].next_on_port = socket.next_on_port;
}

}  // namespace

absl::StatusOr<SocketId> OpenSocket(HostState& state, Pid pid,
                                    AddressFamily family, SocketType type,
                                    int protocol) {
  absl::StatusOr<ProcessRecord*> process = state.CallingProcess(pid, "socket");
  if (!process.ok()) return process.status();
  absl::StatusOr<std::optional<Protocol>> resolved =
      internal::ResolveSocketProtocol(type, protocol);
  if (!resolved.ok()) return resolved.status();
  const uint32_t slot = state.sockets.Allocate();
  SocketRecord& socket = state.sockets[slot];
  socket.owner = pid;
  socket.family = family;
  socket.type = type;
  socket.protocol = *resolved;
  socket.handle = (*process)->handles.Issue(slot, state.policy.handle_reuse);
  LinkToProcess(state, slot);
  return socket.handle;
}

absl::Status CloseSocket(HostState& state, Pid pid, SocketId socket) {
  absl::StatusOr<uint32_t> slot = state.OwnSocket(pid, socket, "closesocket");
  if (!slot.ok()) return slot.status();
  CloseSocketSlot(state, *slot);
  return absl::OkStatus();
}

void CloseSocketSlot(HostState& state, uint32_t slot) {
  SocketRecord& socket = state.sockets[slot];
  if (socket.bound && socket.protocol) Unbind(state, slot);
  // Spec §3.3: closing the acquiring socket releases its reservations.
  while (socket.first_acquired != kNoSlot) {
    state.EraseReservation(socket.first_acquired);
  }
  state.FindProcess(socket.owner)
      ->handles.Retire(socket.handle, state.policy.handle_reuse);
  UnlinkFromProcess(state, slot);
  state.sockets.Free(slot);
}

absl::StatusOr<uint16_t> Bind(HostState& state, Pid pid, SocketId handle,
                              const IpAddress& address, uint16_t port) {
  absl::StatusOr<uint32_t> slot = state.OwnSocket(pid, handle, "bind");
  if (!slot.ok()) return slot.status();
  SocketRecord& socket = state.sockets[*slot];
  if (absl::Status ok = CheckAddress(state, socket, handle, address);
      !ok.ok()) {
    return ok;
  }
  if (socket.protocol) {  // raw sockets have no port to take
    absl::StatusOr<uint16_t> chosen =
        socket.associated.valid() ? ChooseAssociatedPort(state, socket, port)
                                  : ChooseUnassociatedPort(state, socket, port);
    if (!chosen.ok()) return chosen.status();
    // A port chosen by the system is one nobody holds; an explicit one
    // may be shared as the bind rules allow.
    if (port != 0) {
      absl::Status shared = CheckPortSharing(
          state, {socket, address, socket.associated}, *chosen);
      if (!shared.ok()) return shared;
    }
    PortPool& pool = state.pool(*socket.protocol);
    socket.port = *chosen;
    socket.bind_group = socket.associated;
    socket.next_on_port = pool.SocketAt(*chosen);
    pool.SetSocketAt(*chosen, *slot);
  }
  socket.bound = true;
  socket.address = address.bytes;
  socket.bound_with = socket.options;
  return socket.port;
}

}  // namespace portres::sim
