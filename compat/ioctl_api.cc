// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSAIoctl for the three port-reservation control codes (spec §3-§5) with
// Windows' buffer rules and overlapped completion (spec U20; overlapped.h).

#include <array>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "mstcpip.h"
#include "portres/operations.h"
#include "portres/sim/policy.h"
#include "compat/compat_state.h"
#include "compat/mswsock_extensions.h"
#include "compat/overlapped.h"
#include "winsock2.h"

namespace {

using portres::compat::internal::AddPending;
using portres::compat::internal::CodeOf;
using portres::compat::internal::CompleteOverlapped;
using portres::compat::internal::CurrentThread;
using portres::compat::internal::Fail;
using portres::compat::internal::WinsockCall;

bool IsReservationCode(DWORD code) {
  return code == SIO_ACQUIRE_PORT_RESERVATION ||
         code == SIO_ASSOCIATE_PORT_RESERVATION ||
         code == SIO_RELEASE_PORT_RESERVATION;
}

// A stack without the three ioctls, as Wine 8 answers them (U28, WN1-WN6):
// before anything about the socket is checked, WSAEOPNOTSUPP with 0 bytes
// returned; an overlapped call reports WSA_IO_PENDING and ends with
// STATUS_NOT_SUPPORTED without signalling its event (WN2), or queues its
// routine with WSAEOPNOTSUPP (WN4).
int Unimplemented(LPDWORD bytes_returned, LPWSAOVERLAPPED overlapped,
                  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  if (bytes_returned == nullptr) return Fail(WSAEFAULT, SOCKET_ERROR);  // WN5
  if (overlapped == nullptr) {
    *bytes_returned = 0;
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  }
  CompleteOverlapped(overlapped, routine, CurrentThread(), WSAEOPNOTSUPP, 0,
                     /*signal=*/false);
  return Fail(WSA_IO_PENDING, SOCKET_ERROR);
}

// The size of each control code's input structure.
DWORD InputSize(DWORD code) {
  return code == SIO_ACQUIRE_PORT_RESERVATION
             ? sizeof(INET_PORT_RANGE)
             : sizeof(INET_PORT_RESERVATION_TOKEN);
}

portres::Operation OperationOf(DWORD code) {
  return code == SIO_ACQUIRE_PORT_RESERVATION ? portres::Operation::kAcquire
         : code == SIO_ASSOCIATE_PORT_RESERVATION
             ? portres::Operation::kAssociate
             : portres::Operation::kRelease;
}

// The block an ACQUIRE asks for, as fault rules see it (FaultCall::ports).
std::optional<portres::PortRange> PortsOf(DWORD code, const void* in) {
  if (code != SIO_ACQUIRE_PORT_RESERVATION) return std::nullopt;
  INET_PORT_RANGE range;
  std::memcpy(&range, in, sizeof(range));
  return portres::PortRange{ntohs(range.StartPort), range.NumberOfPorts};
}

// Runs the control code's rule; fills `out` for ACQUIRE. Returns the
// Windows code (0 on success).
int RunControl(WinsockCall& call, SOCKET s, DWORD code, const void* in,
               void* out) {
  if (code == SIO_ACQUIRE_PORT_RESERVATION) {
    INET_PORT_RANGE range;
    std::memcpy(&range, in, sizeof(range));
    // StartPort arrives in network byte order (spec §1.2, O6).
    absl::StatusOr<portres::Reservation> r =
        call.Acquire(s, {ntohs(range.StartPort), range.NumberOfPorts});
    if (!r.ok()) return CodeOf(r.status());
    INET_PORT_RESERVATION_INSTANCE instance = {};
    instance.Reservation.StartPort = htons(r->range.start);
    instance.Reservation.NumberOfPorts = r->range.count;
    instance.Token.Token = r->token.value();
    std::memcpy(out, &instance, sizeof(instance));
    return 0;
  }
  ULONG64 token;
  std::memcpy(&token, in, sizeof(token));
  absl::Status status = code == SIO_ASSOCIATE_PORT_RESERVATION
                            ? call.Associate(s, portres::Token(token))
                            : call.Release(s, portres::Token(token));
  return status.ok() ? 0 : CodeOf(status);
}

// msquic's SIO_CPU_AFFINITY, _WSAIOW(IOC_VENDOR, 21): defined by msquic,
// not the SDK, so not in the compat headers either (spec SO8, U26).
constexpr DWORD kSioCpuAffinity = _WSAIOW(IOC_VENDOR, 21);

// Its input is the processor number, a USHORT; it has no output. The
// processor itself means nothing to a simulation: what counts is that the
// socket asked to share its reservation's port.
int SetCpuAffinity(WinsockCall& call, SOCKET s, LPVOID in, DWORD in_size,
                   LPDWORD bytes_returned) {
  if (in == nullptr || in_size < sizeof(USHORT)) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  USHORT processor;
  std::memcpy(&processor, in, sizeof(processor));
  absl::Status set =
      call.SetOption(s, portres::SocketOption::kCpuAffinity, processor);
  if (!set.ok()) return Fail(CodeOf(set), SOCKET_ERROR);
  if (bytes_returned != nullptr) *bytes_returned = 0;
  return 0;
}

// <mswsock.h>'s functions by their WSAID (DP40): a short GUID or output
// buffer WSAEFAULT, a GUID naming none WSAEINVAL.
int ExtensionPointer(LPVOID in, DWORD in_size, LPVOID out, DWORD out_size,
                     LPDWORD bytes_returned) {
  if (in == nullptr || in_size < sizeof(GUID) || out == nullptr ||
      out_size < sizeof(void*)) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  GUID id;
  std::memcpy(&id, in, sizeof(id));
  void* const function = portres::compat::internal::ExtensionFunction(id);
  if (function == nullptr) return Fail(WSAEINVAL, SOCKET_ERROR);
  std::memcpy(out, &function, sizeof(function));
  if (bytes_returned != nullptr) *bytes_returned = sizeof(function);
  return 0;
}

}  // namespace

extern "C" {

int WSAIoctl(SOCKET s, DWORD code, LPVOID in, DWORD in_size, LPVOID out,
             DWORD out_size, LPDWORD bytes_returned, LPWSAOVERLAPPED overlapped,
             LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  if (IsReservationCode(code) && !call.policy().reservation_ioctls_supported) {
    return Unimplemented(bytes_returned, overlapped, routine);
  }
  const portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  if (code == kSioCpuAffinity) {
    return SetCpuAffinity(call, s, in, in_size, bytes_returned);
  }
  if (code == SIO_GET_EXTENSION_FUNCTION_POINTER) {
    return ExtensionPointer(in, in_size, out, out_size, bytes_returned);
  }
  // Dispatch on the whole 32-bit code: Bluetooth's _WSAIORW(IOC_VENDOR,
  // 101/102) share the low bits (spec §1.1).
  if (!IsReservationCode(code)) return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  if (!socket->protocol.has_value()) {
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);  // raw: spec §3.2, §4.2, §5
  }
  const portres::sim::Policy& policy = call.policy();
  // Spec §3.1: lpOverlapped is ignored on sockets without the overlapped
  // attribute, and a NULL lpOverlapped means a non-overlapped call.
  const bool is_overlapped = socket->overlapped && overlapped != nullptr;
  if (bytes_returned == nullptr && !is_overlapped) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  if (in == nullptr) return Fail(WSAEFAULT, SOCKET_ERROR);
  if (in_size < InputSize(code)) {
    return Fail(static_cast<int>(policy.short_input_buffer_error),
                SOCKET_ERROR);  // U3
  }
  DWORD result_size = 0;
  if (code == SIO_ACQUIRE_PORT_RESERVATION) {
    result_size = sizeof(INET_PORT_RESERVATION_INSTANCE);
    if (out_size < result_size) {  // spec §3.2 [ACQ]
      if (bytes_returned != nullptr) *bytes_returned = 0;
      return Fail(WSAEINVAL, SOCKET_ERROR);
    }
    if (out == nullptr) return Fail(WSAEFAULT, SOCKET_ERROR);
  } else if (out_size != 0 && policy.strict_unused_output_buffer) {  // U4
    if (bytes_returned != nullptr) *bytes_returned = 0;
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  if (auto fault = call.Fault(OperationOf(code), s, PortsOf(code, in))) {
    return Fail(static_cast<int>(*fault), SOCKET_ERROR);
  }
  if (!is_overlapped) {
    // The ioctl blocks even on non-blocking sockets (spec §3.2): being
    // synchronous, the simulation never answers WSAEWOULDBLOCK.
    const int error = RunControl(call, s, code, in, out);
    if (error != 0) return Fail(error, SOCKET_ERROR);
    if (bytes_returned != nullptr) *bytes_returned = result_size;
    return 0;
  }
  if (policy.overlapped_reports_pending) {  // U20's hook, OV1-OV7
    // The request runs when the test completes it; its input is read now,
    // as Windows copies it when the request starts.
    std::array<unsigned char, 8> input;
    std::memcpy(input.data(), in, InputSize(code));
    const portres::sim::Pid pid = call.pid();
    AddPending({.pid = pid,
                .socket = s,
                .overlapped = overlapped,
                .routine = routine,
                .thread = CurrentThread(),
                .run = [pid, s, code, input, out, result_size] {
                  WinsockCall later;
                  if (later.pid() != pid || later.Socket(s) == nullptr) {
                    return std::pair<DWORD, DWORD>(WSA_OPERATION_ABORTED, 0);
                  }
                  const int error =
                      RunControl(later, s, code, input.data(), out);
                  return std::pair<DWORD, DWORD>(error,
                                                 error == 0 ? result_size : 0);
                }});
    return Fail(WSA_IO_PENDING, SOCKET_ERROR);
  }
  // U20: an overlapped operation that completes at once.
  const int error = RunControl(call, s, code, in, out);
  if (error != 0) return Fail(error, SOCKET_ERROR);
  if (bytes_returned != nullptr) *bytes_returned = result_size;
  CompleteOverlapped(overlapped, routine, CurrentThread(), 0, result_size);
  return 0;
}

}  // extern "C"
