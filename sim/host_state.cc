// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/host_state.h"

#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::sim {
namespace {

constexpr uint64_t kRngSalt = 0x9e3779b97f4a7c15ULL;
constexpr Pid kFirstPid = 1000;

}  // namespace

HostState::HostState(uint64_t seed, const Policy& rules)
    : policy(rules), tokens(seed), rng(seed ^ kRngSalt) {}

bool HostState::IsLocalAddress(const IpAddress& address) const {
  if (address.IsV4Mapped()) return IsLocalAddress(address.MappedV4());
  if (address.IsWildcard() || address == IpAddress::Loopback(address.family)) {
    return true;
  }
  if (address.family == AddressFamily::kInet && address.bytes[0] == 127) {
    return true;  // all of 127.0.0.0/8 is loopback (BA2: 127.1.1.1 binds)
  }
  for (const IpAddress& configured : local_addresses) {
    if (configured == address) return true;
  }
  return false;
}

Token HostState::TokenOf(uint32_t slot) const {
  return tokens.Encode({slot, reservations[slot].generation});
}

Pid HostState::PidOf(uint32_t slot) const {
  constexpr uint32_t kGenerations = 1u << kPidGenerationBits;
  const uint32_t generation = processes[slot].generation % kGenerations;
  return kFirstPid + 4 * (slot | generation << kPidSlotBits);
}

uint32_t HostState::ProcessSlot(Pid pid) const {
  if (pid < kFirstPid || (pid - kFirstPid) % 4 != 0) return kNoSlot;
  const uint32_t slot = ((pid - kFirstPid) / 4) & ((1u << kPidSlotBits) - 1);
  if (slot >= processes.size() || !processes[slot].live ||
      PidOf(slot) != pid) {
    return kNoSlot;
  }
  return slot;
}

ProcessRecord* HostState::FindProcess(Pid pid) {
  const uint32_t slot = ProcessSlot(pid);
  return slot == kNoSlot ? nullptr : &processes[slot];
}

const ProcessRecord* HostState::FindProcess(Pid pid) const {
  return const_cast<HostState*>(this)->FindProcess(pid);
}

uint32_t HostState::FindSocket(Pid pid, SocketId handle) const {
  const ProcessRecord* process = FindProcess(pid);
  return process != nullptr ? process->handles.Find(handle) : kNoSlot;
}

uint32_t HostState::FindReservation(Token token) const {
  if (!token.valid()) return kNoSlot;
  const TokenCodec::Name name = tokens.Decode(token);
  return reservations.Find(name.slot, name.generation) != nullptr ? name.slot
                                                                  : kNoSlot;
}

absl::StatusOr<ProcessRecord*> HostState::CallingProcess(
    Pid pid, absl::string_view context) {
  ProcessRecord* process = FindProcess(pid);
  if (process == nullptr) {
    return WindowsError(
        kErrorInvalidHandle,
        absl::StrCat(context, ": process ", pid, " is not running"));
  }
  return process;
}

absl::StatusOr<uint32_t> HostState::OwnSocket(Pid pid, SocketId handle,
                                              absl::string_view context) {
  absl::StatusOr<ProcessRecord*> process = CallingProcess(pid, context);
  if (!process.ok()) return process.status();
  // Values are per process (H4): another process's value names one of this
  // process's sockets or none.
  const uint32_t slot = (*process)->handles.Find(handle);
  if (slot == kNoSlot) {
    return WindowsError(kWsaENotSock,
                        absl::StrCat(context, ": handle ", handle,
                                     " is not a socket of process ", pid));
  }
  return slot;
}

absl::StatusOr<uint32_t> HostState::ReservationSocket(
    Pid pid, SocketId handle, absl::string_view context) {
  if (!policy.reservation_ioctls_supported) {  // U28, WN1, WN6
    absl::StatusOr<ProcessRecord*> process = CallingProcess(pid, context);
    if (!process.ok()) return process.status();
    return WindowsError(kWsaEOpNotSupp,
                        absl::StrCat(context, ": not implemented here"));
  }
  absl::StatusOr<uint32_t> slot = OwnSocket(pid, handle, context);
  if (slot.ok() && !sockets[*slot].protocol.has_value()) {
    return WindowsError(
        kWsaEOpNotSupp,
        absl::StrCat(context, ": socket ", handle, " is neither TCP nor UDP"));
  }
  return slot;
}

uint32_t HostState::InsertReservation(ReservationKind kind, Protocol protocol,
                                      PortRange range) {
  const uint32_t slot = reservations.Allocate();
  // Exactly one name encodes to the invalid token 0: never issue it.
  while (!TokenOf(slot).valid()) reservations.Rename(slot);
  ReservationRecord& r = reservations[slot];
  r.kind = kind;
  r.protocol = protocol;
  r.range = range;
  pool(protocol).AddReservation(range, slot);
  return slot;
}

void HostState::EraseReservation(uint32_t slot) {
  ReservationRecord& r = reservations[slot];
  pool(r.protocol).RemoveReservation(r.range);
  if (r.owner_socket != kNoSlot) {
    if (r.prev_acquired != kNoSlot) {
      reservations[r.prev_acquired].next_acquired = r.next_acquired;
    } else {
      sockets[r.owner_socket].first_acquired = r.next_acquired;
    }
    if (r.next_acquired != kNoSlot) {
      reservations[r.next_acquired].prev_acquired = r.prev_acquired;
    }
  }
  reservations.Free(slot);
}

}  // namespace portres::sim
