// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/runtime_reservations.h"

#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::sim {
namespace {

// Where a runtime or system block goes (spec §3.2, U5, U6, U18): the
// requested block if nothing holds any of its ports, or for start 0 a free
// block of the dynamic range.
absl::StatusOr<PortRange> PlaceRuntimeBlock(HostState& state, Protocol protocol,
                                            PortRange range,
                                            absl::string_view context) {
  if (absl::Status s =
          internal::ValidateRuntimeRange(range, state.policy.max_port);
      !s.ok()) {
    return s;
  }
  const PortPool& pool = state.pool(protocol);
  if (range.start != 0) {
    if (pool.OverlapsReservation(range)) {  // O4
      return WindowsError(
          kWsaEAddrInUse,
          absl::StrCat(context, ": ", ToString(protocol), " ", ToString(range),
                       " overlaps a reservation"));
    }
    if (pool.HasBoundPort(range)) {  // O5, U5
      return WindowsError(
          state.policy.acquire_over_bound_port_error,
          absl::StrCat(context, ": ", ToString(protocol), " ", ToString(range),
                       " contains a bound port"));
    }
    return range;
  }
  const DynamicPortRange dynamic = pool.dynamic_range;
  std::optional<uint16_t> start = pool.FindFreeBlock(
      dynamic.start, uint32_t{dynamic.start} + dynamic.count - 1, range.count,
      state.policy.wildcard_placement, state.rng);
  if (!start) {  // U6
    return WindowsError(
        state.policy.wildcard_exhausted_error,
        absl::StrCat(context, ": no free block of ", range.count, " ",
                     ToString(protocol), " ports in the dynamic range"));
  }
  return PortRange{*start, range.count};
}

}  // namespace

absl::StatusOr<Reservation> Acquire(HostState& state, Pid pid, SocketId socket,
                                    PortRange range) {
  constexpr absl::string_view kContext = "SIO_ACQUIRE_PORT_RESERVATION";
  absl::StatusOr<uint32_t> owner =
      state.ReservationSocket(pid, socket, kContext);
  if (!owner.ok()) return owner.status();
  const Protocol protocol = *state.sockets[*owner].protocol;
  absl::StatusOr<PortRange> block =
      PlaceRuntimeBlock(state, protocol, range, kContext);
  if (!block.ok()) return block.status();
  const uint32_t slot =
      state.InsertReservation(ReservationKind::kRuntime, protocol, *block);
  ReservationRecord& r = state.reservations[slot];
  r.owner = pid;
  r.owner_socket = *owner;
  // Spec §3.3: the socket's list, so that closing it releases the block.
  SocketRecord& s = state.sockets[*owner];
  r.next_acquired = s.first_acquired;
  if (s.first_acquired != kNoSlot) {
    state.reservations[s.first_acquired].prev_acquired = slot;
  }
  s.first_acquired = slot;
  return Reservation{*block, state.TokenOf(slot)};
}

absl::Status Release(HostState& state, Pid pid, SocketId socket, Token token) {
  constexpr absl::string_view kContext = "SIO_RELEASE_PORT_RESERVATION";
  absl::StatusOr<uint32_t> caller =
      state.ReservationSocket(pid, socket, kContext);
  if (!caller.ok()) return caller.status();
  const Protocol protocol = *state.sockets[*caller].protocol;
  if (absl::Status s = internal::ValidateTokenArgument(token, kContext);
      !s.ok()) {
    return s;
  }
  const uint32_t slot = state.FindReservation(token);
  // U11: a token this transport does not hold, or a persistent one, is not
  // a runtime reservation to release.
  if (slot == kNoSlot || state.reservations[slot].protocol != protocol ||
      state.reservations[slot].kind == ReservationKind::kPersistent) {
    return WindowsError(
        kWsaEInval, absl::StrCat(kContext, ": ", ToString(token), " names no ",
                                 ToString(protocol), " runtime reservation"));
  }
  const ReservationRecord& r = state.reservations[slot];
  if (r.kind == ReservationKind::kSystem || r.owner != pid) {  // §5, U11
    return WindowsError(state.policy.release_foreign_token_error,
                        absl::StrCat(kContext, ": ", ToString(token),
                                     " was acquired by another process"));
  }
  state.EraseReservation(slot);
  return absl::OkStatus();
}

absl::Status Associate(HostState& state, Pid pid, SocketId socket,
                       Token token) {
  constexpr absl::string_view kContext = "SIO_ASSOCIATE_PORT_RESERVATION";
  absl::StatusOr<uint32_t> slot =
      state.ReservationSocket(pid, socket, kContext);
  if (!slot.ok()) return slot.status();
  SocketRecord& s = state.sockets[*slot];
  if (s.bound) {  // U7: must be issued before bind
    return WindowsError(kWsaEInval, absl::StrCat(kContext, ": socket ", socket,
                                                 " is already bound"));
  }
  if (s.associated.valid() && !state.policy.reassociate_replaces) {  // U7
    return WindowsError(kWsaEInval, absl::StrCat(kContext, ": socket ", socket,
                                                 " is already associated"));
  }
  if (absl::Status v = internal::ValidateTokenArgument(token, kContext);
      !v.ok()) {
    return v;
  }
  const uint32_t reservation = state.FindReservation(token);
  if (reservation == kNoSlot ||
      state.reservations[reservation].protocol != *s.protocol) {  // U7
    return WindowsError(
        kWsaEInval, absl::StrCat(kContext, ": ", ToString(token), " names no ",
                                 ToString(*s.protocol), " reservation"));
  }
  const ReservationRecord& r = state.reservations[reservation];
  const bool allowed =
      r.kind == ReservationKind::kPersistent
          ? state.FindProcess(pid)->elevated  // spec §4.2
          : r.kind == ReservationKind::kRuntime && r.owner == pid;  // M3, U7
  if (!allowed) {
    return WindowsError(
        kWsaEAcces,
        r.kind == ReservationKind::kPersistent
            ? absl::StrCat(kContext, ": persistent tokens need elevation")
            : absl::StrCat(kContext, ": ", ToString(token),
                           " belongs to another process"));
  }
  s.associated = token;
  return absl::OkStatus();
}

absl::StatusOr<Reservation> AddSystemReservation(HostState& state,
                                                 Protocol protocol,
                                                 PortRange range) {
  absl::StatusOr<PortRange> block =
      PlaceRuntimeBlock(state, protocol, range, "system reservation");
  if (!block.ok()) return block.status();
  const uint32_t slot =
      state.InsertReservation(ReservationKind::kSystem, protocol, *block);
  return Reservation{*block, state.TokenOf(slot)};
}

void StartSystemServices(HostState& state, Protocol protocol, uint16_t blocks,
                         uint16_t size) {
  const PortPool& pool = state.pool(protocol);
  const DynamicPortRange dynamic = pool.dynamic_range;
  for (uint16_t i = 0; i < blocks; ++i) {
    std::optional<uint16_t> start =
        pool.FindFreeBlock(dynamic.start, uint32_t{dynamic.start} +
                                              dynamic.count - 1,
                           size, Choice::kRandom, state.rng);
    if (!start) return;
    state.InsertReservation(ReservationKind::kSystem, protocol,
                            PortRange{*start, size});
  }
}

absl::Status RemoveSystemReservation(HostState& state, Protocol protocol,
                                     Token token) {
  const uint32_t slot = state.FindReservation(token);
  if (slot == kNoSlot ||
      state.reservations[slot].kind != ReservationKind::kSystem ||
      state.reservations[slot].protocol != protocol) {
    return WindowsError(
        kWsaEInval,
        absl::StrCat("remove system reservation: ", ToString(token),
                     " is not a ", ToString(protocol), " system reservation"));
  }
  state.EraseReservation(slot);
  return absl::OkStatus();
}

}  // namespace portres::sim
