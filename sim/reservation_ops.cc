// HostState's reservation calls: the acquire/release ioctls and the
// persistent Create/Delete/Lookup functions.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "sim/host_state.h"
#include "sim/mutants.h"

namespace portres::sim {

absl::StatusOr<Reservation> HostState::Acquire(Pid pid, SocketId socket,
                                               PortRange range) {
  constexpr absl::string_view kContext = "SIO_ACQUIRE_PORT_RESERVATION";
  absl::StatusOr<SocketRecord*> found =
      ReservationSocket(pid, socket, kContext);
  if (!found.ok()) return found.status();
  SocketRecord& record = **found;
  absl::StatusOr<PortRange> block =
      PlaceRuntimeBlock(*record.protocol, range, kContext);
  if (!block.ok()) return block.status();
  ReservationRecord reservation{.range = *block,
                                .token = NewToken(),
                                .kind = ReservationKind::kRuntime,
                                .owner = pid,
                                .owner_socket = socket};
  InsertReservation(*record.protocol, reservation);
  record.acquired.push_back(reservation.token);
  return Reservation{reservation.range, reservation.token};
}

absl::Status HostState::Release(Pid pid, SocketId socket, Token token) {
  constexpr absl::string_view kContext = "SIO_RELEASE_PORT_RESERVATION";
  absl::StatusOr<SocketRecord*> found =
      ReservationSocket(pid, socket, kContext);
  if (!found.ok()) return found.status();
  const Protocol protocol = *(*found)->protocol;
  if (absl::Status s = internal::ValidateTokenArgument(token, kContext);
      !s.ok()) {
    return s;
  }
  const ReservationRecord* reservation = FindToken(token);
  // U11: a token this transport does not hold, or a persistent one, is not
  // a runtime reservation to release.
  if (reservation == nullptr || token_index_.at(token).protocol != protocol ||
      reservation->kind == ReservationKind::kPersistent) {
    return WindowsError(
        kWsaEInval, absl::StrCat(kContext, ": ", ToString(token), " names no ",
                                 ToString(protocol), " runtime reservation"));
  }
  if ((reservation->kind == ReservationKind::kSystem ||
       reservation->owner != pid) &&
      !PORTRES_MUTANT(kForeignReleaseAllowed)) {  // spec §5: acquirer only
    return WindowsError(policy_.release_foreign_token_error,
                        absl::StrCat(kContext, ": ", ToString(token),
                                     " was acquired by another process"));
  }
  if (reservation->kind == ReservationKind::kRuntime) {
    auto& acquired = sockets_.at(reservation->owner_socket).acquired;
    acquired.erase(std::remove(acquired.begin(), acquired.end(), token),
                   acquired.end());
  }
  EraseReservation(protocol, token);
  return absl::OkStatus();
}

absl::Status HostState::CheckPersistentCall(Pid pid, PortRange range,
                                            bool needs_admin,
                                            absl::string_view context) {
  absl::StatusOr<ProcessRecord*> process = CallingProcess(pid, context);
  if (!process.ok()) return process.status();
  if (!policy_.persistent_api_supported) {  // U14
    return WindowsError(kErrorNotSupported, context);
  }
  absl::Status access =
      needs_admin && !(*process)->elevated
          ? WindowsError(kErrorAccessDenied, absl::StrCat(context,
                                                          ": needs an elevated "
                                                          "administrator"))
          : absl::OkStatus();
  absl::Status params =
      internal::ValidatePersistentRange(range, policy_.max_port);
  if (policy_.persistent_access_check_first) {  // U16
    return !access.ok() ? access : params;
  }
  return !params.ok() ? params : access;
}

absl::StatusOr<Token> HostState::CreatePersistent(Pid pid, Protocol protocol,
                                                  PortRange range) {
  const std::string context =
      internal::PersistentFunctionName("Create", protocol);
  if (absl::Status s = CheckPersistentCall(pid, range, true, context);
      !s.ok()) {
    return s;
  }
  const PortPool& p = pool(protocol);
  // Spec §7: overlapping any reservation, or a bound port, is "in use".
  if (p.OverlapsReservation(range) || p.HasBoundPort(range)) {
    return WindowsError(
        kErrorSharingViolation,
        absl::StrCat(context, ": ", ToString(range), " is reserved or in use"));
  }
  ReservationRecord record{.range = range,
                           .token = NewToken(),
                           .kind = ReservationKind::kPersistent};
  InsertReservation(protocol, record);
  return record.token;
}

absl::Status HostState::DeletePersistent(Pid pid, Protocol protocol,
                                         PortRange range) {
  const std::string context =
      internal::PersistentFunctionName("Delete", protocol);
  if (absl::Status s = CheckPersistentCall(
          pid, range, !PORTRES_MUTANT(kDeleteIgnoresElevation), context);
      !s.ok()) {
    return s;
  }
  const ReservationRecord* record = pool(protocol).FindByStart(range.start);
  if (record == nullptr || record->kind != ReservationKind::kPersistent ||
      record->range != range) {  // spec §8: exact block only
    return WindowsError(
        kErrorNotFound,
        absl::StrCat(context, ": no persistent reservation ", ToString(range)));
  }
  EraseReservation(protocol, record->token);
  return absl::OkStatus();
}

absl::StatusOr<Token> HostState::LookupPersistent(Pid pid, Protocol protocol,
                                                  PortRange range) {
  const std::string context =
      internal::PersistentFunctionName("Lookup", protocol);
  if (absl::Status s = CheckPersistentCall(pid, range, false, context);
      !s.ok()) {
    return s;
  }
  if (PORTRES_MUTANT(kLookupMatchesSubrange)) {
    const ReservationRecord* outer = pool(protocol).Covering(range.start);
    if (outer != nullptr && outer->kind == ReservationKind::kPersistent &&
        outer->range.Contains(range.last())) {
      return outer->token;
    }
  }
  const ReservationRecord* record = pool(protocol).FindByStart(range.start);
  if (record == nullptr || record->kind != ReservationKind::kPersistent ||
      record->range != range) {  // spec §9: exact match only
    return WindowsError(
        kErrorNotFound,
        absl::StrCat(context, ": no persistent reservation ", ToString(range)));
  }
  return record->token;
}

}  // namespace portres::sim
