// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/persistent_reservations.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::sim {
namespace {

// The prologue of the three functions: the U14 switch, then access (5) and
// parameter (87) checks in the U16 order.
absl::Status CheckPersistentCall(HostState& state, Pid pid, PortRange range,
                                 bool needs_admin, absl::string_view context) {
  absl::StatusOr<ProcessRecord*> process = state.CallingProcess(pid, context);
  if (!process.ok()) return process.status();
  if (state.policy.persistent_api != PersistentApi::kSupported) {  // U14
    return WindowsError(kErrorNotSupported,
                        absl::StrCat(context, ": not on this platform"));
  }
  absl::Status access =
      needs_admin && !(*process)->elevated
          ? WindowsError(
                kErrorAccessDenied,
                absl::StrCat(context, ": needs an elevated administrator"))
          : absl::OkStatus();
  absl::Status params =
      internal::ValidatePersistentRange(range, state.policy.max_port);
  if (state.policy.persistent_access_check_first) {  // U16
    return !access.ok() ? access : params;
  }
  return !params.ok() ? params : access;
}

// The persistent reservation with exactly this block (spec §8, §9), or
// ERROR_NOT_FOUND.
absl::StatusOr<uint32_t> FindExact(const HostState& state, Protocol protocol,
                                   PortRange range, absl::string_view context) {
  const uint32_t slot = state.pool(protocol).ReservationAt(range.start);
  if (slot == kNoSlot ||
      state.reservations[slot].kind != ReservationKind::kPersistent ||
      state.reservations[slot].range != range) {
    return WindowsError(
        kErrorNotFound,
        absl::StrCat(context, ": no persistent reservation ", ToString(range)));
  }
  return slot;
}

}  // namespace

absl::StatusOr<Token> CreatePersistent(HostState& state, Pid pid,
                                       Protocol protocol, PortRange range) {
  const absl::string_view context = internal::PersistentFunctionName(
      internal::PersistentFunction::kCreate, protocol);
  if (absl::Status s = CheckPersistentCall(state, pid, range, true, context);
      !s.ok()) {
    return s;
  }
  const PortPool& pool = state.pool(protocol);
  // Spec §7: overlapping any reservation, or a bound port, is "in use".
  if (pool.OverlapsReservation(range) || pool.HasBoundPort(range)) {
    return WindowsError(
        kErrorSharingViolation,
        absl::StrCat(context, ": ", ToString(range), " is reserved or in use"));
  }
  return state.TokenOf(
      state.InsertReservation(ReservationKind::kPersistent, protocol, range));
}

absl::Status DeletePersistent(HostState& state, Pid pid, Protocol protocol,
                              PortRange range) {
  const absl::string_view context = internal::PersistentFunctionName(
      internal::PersistentFunction::kDelete, protocol);
  if (absl::Status s = CheckPersistentCall(state, pid, range, true, context);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<uint32_t> slot = FindExact(state, protocol, range, context);
  if (!slot.ok()) return slot.status();
  state.EraseReservation(*slot);
  return absl::OkStatus();
}

absl::StatusOr<Token> LookupPersistent(HostState& state, Pid pid,
                                       Protocol protocol, PortRange range) {
  const absl::string_view context = internal::PersistentFunctionName(
      internal::PersistentFunction::kLookup, protocol);
  if (absl::Status s = CheckPersistentCall(state, pid, range, false, context);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<uint32_t> slot = FindExact(state, protocol, range, context);
  if (!slot.ok()) return slot.status();
  return state.TokenOf(*slot);
}

}  // namespace portres::sim
