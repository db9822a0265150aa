// Create/Delete/LookupPersistent{Tcp,Udp}PortReservation (spec §7-§9) over
// the simulated host. They return their Win32 code directly and need no
// WSAStartup.

#include "iphlpapi.h"

#include "absl/status/statusor.h"
#include "portres/sim/policy.h"
#include "sim/winsock/compat_state.h"
#include "winsock2.h"

namespace {

using portres::Protocol;
using portres::compat::internal::CodeOf;
using portres::compat::internal::CompatState;

// StartPort arrives in network byte order (spec §7).
portres::PortRange RangeOf(USHORT start_network, USHORT count) {
  return {ntohs(start_network), count};
}

ULONG Create(Protocol protocol, USHORT start, USHORT count, PULONG64 token) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  if (token == nullptr) return state.host().policy().null_token_pointer_error;
  absl::StatusOr<portres::Token> created =
      state.View(state.CurrentPid())
          .CreatePersistent(protocol, RangeOf(start, count));
  if (!created.ok()) return CodeOf(created.status());
  *token = created->value();
  return NO_ERROR;
}

ULONG Delete(Protocol protocol, USHORT start, USHORT count) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  absl::Status deleted = state.View(state.CurrentPid())
                             .DeletePersistent(protocol, RangeOf(start, count));
  return deleted.ok() ? NO_ERROR : CodeOf(deleted);
}

ULONG Lookup(Protocol protocol, USHORT start, USHORT count, PULONG64 token) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  if (token == nullptr) return state.host().policy().null_token_pointer_error;
  absl::StatusOr<portres::Token> found =
      state.View(state.CurrentPid())
          .LookupPersistent(protocol, RangeOf(start, count));
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
