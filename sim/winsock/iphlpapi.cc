// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Create/Delete/LookupPersistent{Tcp,Udp}PortReservation (spec §7-§9) over
// the simulated host. They return their Win32 code directly and need no
// WSAStartup.

#include "iphlpapi.h"

#include "absl/status/statusor.h"
#include "portres/sim/policy.h"
#include "sim/persistent_reservations.h"
#include "sim/winsock/compat_state.h"
#include "winsock2.h"

namespace {

using portres::Protocol;
using portres::compat::internal::CodeOf;
using portres::compat::internal::WinsockCall;

// StartPort arrives in network byte order (spec §7).
portres::PortRange RangeOf(USHORT start_network, USHORT count) {
  return {ntohs(start_network), count};
}

ULONG Create(Protocol protocol, USHORT start, USHORT count, PULONG64 token) {
  WinsockCall call;
  if (token == nullptr) return call.policy().null_token_pointer_error;  // U15
  absl::StatusOr<portres::Token> created = portres::sim::CreatePersistent(
      call.host(), call.pid(), protocol, RangeOf(start, count));
  if (!created.ok()) return CodeOf(created.status());
  *token = created->value();
  return NO_ERROR;
}

ULONG Delete(Protocol protocol, USHORT start, USHORT count) {
  WinsockCall call;
  absl::Status deleted = portres::sim::DeletePersistent(
      call.host(), call.pid(), protocol, RangeOf(start, count));
  return deleted.ok() ? NO_ERROR : CodeOf(deleted);
}

ULONG Lookup(Protocol protocol, USHORT start, USHORT count, PULONG64 token) {
  WinsockCall call;
  if (token == nullptr) return call.policy().null_token_pointer_error;  // U15
  absl::StatusOr<portres::Token> found = portres::sim::LookupPersistent(
      call.host(), call.pid(), protocol, RangeOf(start, count));
  if (!found.ok()) return CodeOf(found.status());
  *token = found->value();
  return NO_ERROR;
}

}  // namespace

extern "C" {

ULONG WINAPI CreatePersistentTcpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  return Create(Protocol::kTcp, start, count, token);
}
ULONG WINAPI CreatePersistentUdpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  return Create(Protocol::kUdp, start, count, token);
}
ULONG WINAPI DeletePersistentTcpPortReservation(USHORT start, USHORT count) {
  return Delete(Protocol::kTcp, start, count);
}
ULONG WINAPI DeletePersistentUdpPortReservation(USHORT start, USHORT count) {
  return Delete(Protocol::kUdp, start, count);
}
ULONG WINAPI LookupPersistentTcpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  return Lookup(Protocol::kTcp, start, count, token);
}
ULONG WINAPI LookupPersistentUdpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  return Lookup(Protocol::kUdp, start, count, token);
}

}  // extern "C"
