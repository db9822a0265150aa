// HostState's socket calls: socket(), closesocket(), bind() and
// SIO_ASSOCIATE_PORT_RESERVATION.

#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "sim/host_state.h"
#include "sim/mutants.h"

namespace portres::sim {

absl::StatusOr<SocketId> HostState::OpenSocket(Pid pid, AddressFamily family,
                                               SocketType type, int protocol) {
  absl::StatusOr<ProcessRecord*> process = CallingProcess(pid, "socket");
  if (!process.ok()) return process.status();
  absl::StatusOr<std::optional<Protocol>> resolved =
      internal::ResolveSocketProtocol(type, protocol);
  if (!resolved.ok()) return resolved.status();
  // Handles are multiples of 4 and never reused, so a stale handle stays
  // invalid for the host's life.
  SocketId id = next_socket_;
  next_socket_ += 4;
  // Built in place: g++ 12 at -O2 warns (wrongly) about a moved-from
  // InlinedVector when a whole SocketRecord is assigned.
  SocketRecord& record = sockets_[id];
  record.owner = pid;
  record.family = family;
  record.type = type;
  record.protocol = *resolved;
  (*process)->sockets.insert(id);
  return id;
}

absl::Status HostState::CloseSocket(Pid pid, SocketId socket) {
  absl::StatusOr<SocketRecord*> record = OwnSocket(pid, socket, "closesocket");
  if (!record.ok()) return record.status();
  CloseSocketRecord(socket);
  return absl::OkStatus();
}

absl::StatusOr<uint16_t> HostState::Bind(Pid pid, SocketId socket,
                                         uint16_t port) {
  absl::StatusOr<SocketRecord*> found = OwnSocket(pid, socket, "bind");
  if (!found.ok()) return found.status();
  SocketRecord& record = **found;
  if (record.bound) {
    return WindowsError(
        kWsaEInval, absl::StrCat("bind: socket ", socket, " is already bound"));
  }
  if (!record.protocol) {  // raw sockets have no port to take
    record.bound = true;
    return uint16_t{0};
  }
  absl::StatusOr<uint16_t> chosen = record.associated.valid()
                                        ? ChooseAssociatedPort(record, port)
                                        : ChooseUnassociatedPort(record, port);
  if (!chosen.ok()) return chosen.status();
  record.bound = true;
  record.port = *chosen;
  record.bind_group = record.associated;
  pool(*record.protocol).AddBinding(*chosen, socket, record.bind_group);
  return *chosen;
}

absl::StatusOr<uint16_t> HostState::ChooseAssociatedPort(
    const SocketRecord& socket, uint16_t port) {
  const ReservationRecord* reservation = FindToken(socket.associated);
  if (reservation == nullptr && PORTRES_MUTANT(kAssociationSurvivesRelease)) {
    return ChooseUnassociatedPort(socket, port);
  }
  if (reservation == nullptr) {  // U12, U17: released, closed or deleted
    return WindowsError(
        policy_.stale_association_bind_error,
        absl::StrCat("bind: the associated reservation ",
                     ToString(socket.associated), " no longer exists"));
  }
  const PortPool& p = pool(*socket.protocol);
  const PortRange range = reservation->range;
  if (port == 0) {  // spec §4.3, U10
    std::optional<uint16_t> free =
        p.FindUnboundPort(range.start, range.last(), policy_.port_choice, rng_);
    if (!free) {
      return WindowsError(policy_.associated_bind_exhausted_error,
                          absl::StrCat("bind: every port of reservation ",
                                       ToString(range), " is bound"));
    }
    return *free;
  }
  if (!range.Contains(port)) {  // U9
    return WindowsError(policy_.bind_outside_reservation_error,
                        absl::StrCat("bind: port ", port,
                                     " is outside the associated reservation ",
                                     ToString(range)));
  }
  const Binding* binding = p.BindingAt(port);
  if (binding != nullptr && !(policy_.share_port_within_reservation &&
                              binding->group == socket.associated &&
                              !PORTRES_MUTANT(kNoSharingWithinReservation))) {
    return WindowsError(kWsaEAddrInUse,
                        absl::StrCat("bind: port ", port, " is in use"));
  }
  return port;
}

absl::StatusOr<uint16_t> HostState::ChooseUnassociatedPort(
    const SocketRecord& socket, uint16_t port) {
  const PortPool& p = pool(*socket.protocol);
  if (port == 0) {  // spec §6, M7: the dynamic range minus everything taken
    const DynamicPortRange dynamic = p.dynamic_range;
    const uint32_t last = uint32_t{dynamic.start} + dynamic.count - 1;
    std::optional<uint16_t> free =
        PORTRES_MUTANT(kBindZeroIgnoresReservations)
            ? p.FindUnboundPort(dynamic.start, last, policy_.port_choice, rng_)
            : p.FindFreeBlock(dynamic.start, last, 1, policy_.port_choice,
                              rng_);
    if (!free) {
      return WindowsError(kWsaENoBufs,
                          "bind: no free port in the dynamic range");
    }
    return *free;
  }
  if (const ReservationRecord* r = p.Covering(port)) {
    const bool blocked =
        r->kind == ReservationKind::kPersistent
            ? policy_.persistent_blocks_unassociated_bind  // U1
            : r->kind == ReservationKind::kSystem || r->owner != socket.owner ||
                  policy_.runtime_blocks_owner_unassociated_bind;  // O1, U2
    if (blocked) {
      return WindowsError(
          kWsaEAcces,
          absl::StrCat("bind: port ", port, " lies in the reserved block ",
                       ToString(r->range)));
    }
  }
  if (p.BindingAt(port) != nullptr) {
    return WindowsError(kWsaEAddrInUse,
                        absl::StrCat("bind: port ", port, " is in use"));
  }
  return port;
}

absl::Status HostState::Associate(Pid pid, SocketId socket, Token token) {
  constexpr absl::string_view kContext = "SIO_ASSOCIATE_PORT_RESERVATION";
  absl::StatusOr<SocketRecord*> found =
      ReservationSocket(pid, socket, kContext);
  if (!found.ok()) return found.status();
  SocketRecord& record = **found;
  if (record.bound) {  // U7: must be issued before bind
    return WindowsError(kWsaEInval, absl::StrCat(kContext, ": socket ", socket,
                                                 " is already bound"));
  }
  if (record.associated.valid() && !policy_.reassociate_replaces) {  // U7
    return WindowsError(kWsaEInval, absl::StrCat(kContext, ": socket ", socket,
                                                 " is already associated"));
  }
  if (absl::Status s = internal::ValidateTokenArgument(token, kContext);
      !s.ok()) {
    return s;
  }
  const ReservationRecord* reservation = FindToken(token);
  if (reservation == nullptr ||
      token_index_.at(token).protocol != *record.protocol) {  // U7
    return WindowsError(
        kWsaEInval, absl::StrCat(kContext, ": ", ToString(token), " names no ",
                                 ToString(*record.protocol), " reservation"));
  }
  const bool allowed = reservation->kind == ReservationKind::kPersistent
                           ? processes_.at(pid).elevated ||  // spec §4.2
                                 PORTRES_MUTANT(kUnelevatedPersistentAssociate)
                           : reservation->kind == ReservationKind::kRuntime &&
                                 reservation->owner == pid;  // M3, U7
  if (!allowed) {
    return WindowsError(
        kWsaEAcces,
        reservation->kind == ReservationKind::kPersistent
            ? absl::StrCat(kContext, ": persistent tokens need elevation")
            : absl::StrCat(kContext, ": ", ToString(token),
                           " belongs to another process"));
  }
  record.associated = token;
  return absl::OkStatus();
}

}  // namespace portres::sim
