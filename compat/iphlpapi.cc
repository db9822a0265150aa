// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Create/Delete/LookupPersistent{Tcp,Udp}PortReservation (spec §7-§9) over
// the simulated host. They return their Win32 code directly and need no
// WSAStartup.

#include "iphlpapi.h"

#include <cstdio>
#include <cstdlib>

#include "absl/status/statusor.h"
#include "portres/sim/policy.h"
#include "compat/compat_state.h"
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
  const portres::PortRange range = RangeOf(start, count);
  if (auto fault = call.Fault(portres::Operation::kCreatePersistent,
                              INVALID_SOCKET, range, protocol)) {
    return *fault;
  }
  absl::StatusOr<portres::Token> created = call.CreatePersistent(protocol, range);
  if (!created.ok()) return CodeOf(created.status());
  *token = created->value();
  return NO_ERROR;
}

ULONG Delete(Protocol protocol, USHORT start, USHORT count) {
  WinsockCall call;
  const portres::PortRange range = RangeOf(start, count);
  if (auto fault = call.Fault(portres::Operation::kDeletePersistent,
                              INVALID_SOCKET, range, protocol)) {
    return *fault;
  }
  absl::Status deleted = call.DeletePersistent(protocol, range);
  return deleted.ok() ? NO_ERROR : CodeOf(deleted);
}

ULONG Lookup(Protocol protocol, USHORT start, USHORT count, PULONG64 token) {
  WinsockCall call;
  if (token == nullptr) return call.policy().null_token_pointer_error;  // U15
  const portres::PortRange range = RangeOf(start, count);
  if (auto fault = call.Fault(portres::Operation::kLookupPersistent,
                              INVALID_SOCKET, range, protocol)) {
    return *fault;
  }
  absl::StatusOr<portres::Token> found = call.LookupPersistent(protocol, range);
  if (!found.ok()) return CodeOf(found.status());
  *token = found->value();
  return NO_ERROR;
}

// Under a profile whose iphlpapi.dll lacks the functions (`wine-8`), a
// program that calls one directly (a static import) ends as under Wine 8
// (WN10, WN11): the loader's stub prints two lines and the process dies.
// Its output so far stays. The Unix exit status is 1 (Wine's was 0 or 1).
void RequireExported(const char* name, const void* address) {
  WinsockCall call;
  if (call.policy().persistent_api !=
      portres::sim::PersistentApi::kNotExported) {
    return;
  }
  const auto where = reinterpret_cast<unsigned long long>(address);
  std::fflush(nullptr);
  std::fprintf(stderr,
               "wine: Call from %016llX to unimplemented function "
               "IPHLPAPI.DLL.%s, aborting\n"
               "wine: Unimplemented function IPHLPAPI.DLL.%s called at "
               "address %016llX (thread %04x), starting debugger...\n",
               where, name, name, where, call.pid());
  std::fflush(stderr);
  std::_Exit(1);
}

}  // namespace

#define PORTRES_REQUIRE_EXPORTED(function) \
  RequireExported(#function, reinterpret_cast<const void*>(&function))

extern "C" {

ULONG WINAPI CreatePersistentTcpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  PORTRES_REQUIRE_EXPORTED(CreatePersistentTcpPortReservation);
  return Create(Protocol::kTcp, start, count, token);
}
ULONG WINAPI CreatePersistentUdpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  PORTRES_REQUIRE_EXPORTED(CreatePersistentUdpPortReservation);
  return Create(Protocol::kUdp, start, count, token);
}
ULONG WINAPI DeletePersistentTcpPortReservation(USHORT start, USHORT count) {
  PORTRES_REQUIRE_EXPORTED(DeletePersistentTcpPortReservation);
  return Delete(Protocol::kTcp, start, count);
}
ULONG WINAPI DeletePersistentUdpPortReservation(USHORT start, USHORT count) {
  PORTRES_REQUIRE_EXPORTED(DeletePersistentUdpPortReservation);
  return Delete(Protocol::kUdp, start, count);
}
ULONG WINAPI LookupPersistentTcpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  PORTRES_REQUIRE_EXPORTED(LookupPersistentTcpPortReservation);
  return Lookup(Protocol::kTcp, start, count, token);
}
ULONG WINAPI LookupPersistentUdpPortReservation(USHORT start, USHORT count,
                                                PULONG64 token) {
  PORTRES_REQUIRE_EXPORTED(LookupPersistentUdpPortReservation);
  return Lookup(Protocol::kUdp, start, count, token);
}

}  // extern "C"
