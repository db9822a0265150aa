// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSAIoctl for the three port-reservation control codes (spec §3-§5) with
// Windows' buffer rules, overlapped completion (spec U20), and the event and
// alertable-wait functions that observe it.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "mstcpip.h"
#include "portres/sim/policy.h"
#include "sim/runtime_reservations.h"
#include "sim/socket_options.h"
#include "sim/winsock/compat_state.h"
#include "winsock2.h"

namespace {

using portres::compat::internal::CodeOf;
using portres::compat::internal::Fail;
using portres::compat::internal::WinsockCall;

// A manual-reset event (WSACreateEvent's kind).
struct Event {
  bool signaled = false;
};

// Events live in one table so that a stale or foreign handle is recognised
// (WSA_INVALID_HANDLE) instead of dereferenced. Standard locks: Abseil's
// Mutex API changed (Lock/MutexLock(Mutex*) deprecated in newer releases),
// and the compat layer must build against Debian's and vcpkg's alike.
struct Events {
  std::mutex mu;
  std::condition_variable changed;
  absl::flat_hash_set<Event*> live;  // guarded by mu
};
Events& AllEvents() {
  static Events* events = new Events();
  return *events;
}

// A completion routine waiting for its thread to wait alertably.
struct PendingRoutine {
  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
  DWORD error;
  DWORD bytes;
  LPWSAOVERLAPPED overlapped;
};
thread_local std::deque<PendingRoutine> pending_routines;

// Runs this thread's queued completion routines; true if it ran any.
bool RunPendingRoutines() {
  if (pending_routines.empty()) return false;
  while (!pending_routines.empty()) {
    PendingRoutine next = pending_routines.front();
    pending_routines.pop_front();
    next.routine(next.error, next.bytes, next.overlapped, 0);
  }
  return true;
}

bool SetSignaled(WSAEVENT handle, bool signaled) {
  Events& events = AllEvents();
  std::unique_lock lock(events.mu);
  Event* event = static_cast<Event*>(handle);
  if (!events.live.contains(event)) return false;
  event->signaled = signaled;
  events.changed.notify_all();
  return true;
}

// The size of each control code's input structure.
DWORD InputSize(DWORD code) {
  return code == SIO_ACQUIRE_PORT_RESERVATION
             ? sizeof(INET_PORT_RANGE)
             : sizeof(INET_PORT_RESERVATION_TOKEN);
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
        portres::sim::Acquire(call.host(), call.pid(), s,
                              {ntohs(range.StartPort), range.NumberOfPorts});
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
                            ? portres::sim::Associate(call.host(), call.pid(),
                                                      s, portres::Token(token))
                            : portres::sim::Release(call.host(), call.pid(), s,
                                                    portres::Token(token));
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
  absl::Status set = portres::sim::SetOption(
      call.host(), call.pid(), s, portres::SocketOption::kCpuAffinity,
      processor);
  if (!set.ok()) return Fail(CodeOf(set), SOCKET_ERROR);
  if (bytes_returned != nullptr) *bytes_returned = 0;
  return 0;
}

}  // namespace

extern "C" {

int WSAIoctl(SOCKET s, DWORD code, LPVOID in, DWORD in_size, LPVOID out,
             DWORD out_size, LPDWORD bytes_returned, LPWSAOVERLAPPED overlapped,
             LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  const portres::sim::SocketRecord* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  if (code == kSioCpuAffinity) {
    return SetCpuAffinity(call, s, in, in_size, bytes_returned);
  }
  // Dispatch on the whole 32-bit code: Bluetooth's _WSAIORW(IOC_VENDOR,
  // 101/102) share the low bits (spec §1.1).
  if (code != SIO_ACQUIRE_PORT_RESERVATION &&
      code != SIO_ASSOCIATE_PORT_RESERVATION &&
      code != SIO_RELEASE_PORT_RESERVATION) {
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  }
  if (!socket->protocol.has_value()) {
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);  // raw: spec §3.2, §4.2, §5
  }
  const portres::sim::Policy& policy = call.policy();
  // Spec §3.1: lpOverlapped is ignored on sockets without the overlapped
  // attribute, and a NULL lpOverlapped means a non-overlapped call.
  const bool is_overlapped =
      socket->winsock.overlapped && overlapped != nullptr;
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
  // The ioctl blocks even on non-blocking sockets (spec §3.2): being
  // synchronous, the simulation never answers WSAEWOULDBLOCK.
  const int error = RunControl(call, s, code, in, out);
  if (error != 0) return Fail(error, SOCKET_ERROR);
  if (bytes_returned != nullptr) *bytes_returned = result_size;
  if (!is_overlapped) return 0;
  // U20: an overlapped operation that completed at once.
  overlapped->Internal = 0;
  overlapped->InternalHigh = result_size;
  if (routine != nullptr) {
    pending_routines.push_back({routine, 0, result_size, overlapped});
  } else if (overlapped->hEvent != nullptr) {
    SetSignaled(overlapped->hEvent, true);
  }
  if (policy.overlapped_reports_pending)
    return Fail(WSA_IO_PENDING, SOCKET_ERROR);
  return 0;
}

BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED overlapped, LPDWORD bytes,
                            BOOL /*wait*/, LPDWORD flags) {
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, FALSE);
    if (call.Socket(s) == nullptr) return Fail(WSAENOTSOCK, FALSE);
  }
  if (overlapped == nullptr || bytes == nullptr || flags == nullptr) {
    return Fail(WSAEFAULT, FALSE);
  }
  // Operations complete at once (U20), so there is never one to wait for.
  if (overlapped->Internal != 0) {
    return Fail(static_cast<int>(overlapped->Internal), FALSE);
  }
  *bytes = static_cast<DWORD>(overlapped->InternalHigh);
  *flags = 0;
  return TRUE;
}

WSAEVENT WSACreateEvent(void) {
  Events& events = AllEvents();
  std::unique_lock lock(events.mu);
  Event* event = new Event();
  events.live.insert(event);
  return event;
}

BOOL WSACloseEvent(WSAEVENT handle) {
  Events& events = AllEvents();
  std::unique_lock lock(events.mu);
  Event* event = static_cast<Event*>(handle);
  if (!events.live.erase(event)) return Fail(WSA_INVALID_HANDLE, FALSE);
  delete event;
  return TRUE;
}

BOOL WSASetEvent(WSAEVENT handle) {
  return SetSignaled(handle, true) ? TRUE : Fail(WSA_INVALID_HANDLE, FALSE);
}

BOOL WSAResetEvent(WSAEVENT handle) {
  return SetSignaled(handle, false) ? TRUE : Fail(WSA_INVALID_HANDLE, FALSE);
}

DWORD WSAWaitForMultipleEvents(DWORD count, const WSAEVENT* handles,
                               BOOL wait_all, DWORD timeout, BOOL alertable) {
  if (count == 0 || count > WSA_MAXIMUM_WAIT_EVENTS || handles == nullptr) {
    return Fail(WSA_INVALID_PARAMETER, WSA_WAIT_FAILED);
  }
  if (alertable && RunPendingRoutines()) return WSA_WAIT_IO_COMPLETION;
  Events& events = AllEvents();
  std::unique_lock lock(events.mu);
  for (DWORD i = 0; i < count; ++i) {
    if (!events.live.contains(static_cast<Event*>(handles[i]))) {
      return Fail(WSA_INVALID_HANDLE, WSA_WAIT_FAILED);
    }
  }
  auto signaled = [&](DWORD i) {
    return static_cast<Event*>(handles[i])->signaled;
  };
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(timeout);
  while (true) {
    if (wait_all) {
      bool all = true;
      for (DWORD i = 0; i < count; ++i) all = all && signaled(i);
      if (all) return WSA_WAIT_EVENT_0;
    } else {
      for (DWORD i = 0; i < count; ++i) {
        if (signaled(i)) return WSA_WAIT_EVENT_0 + i;
      }
    }
    if (timeout == WSA_INFINITE) {
      events.changed.wait(lock);
    } else if (events.changed.wait_until(lock, deadline) ==
               std::cv_status::timeout) {
      return WSA_WAIT_TIMEOUT;
    }
  }
}

DWORD SleepEx(DWORD milliseconds, BOOL alertable) {
  if (alertable && RunPendingRoutines()) return WAIT_IO_COMPLETION;
  absl::SleepFor(milliseconds == INFINITE ? absl::InfiniteDuration()
                                          : absl::Milliseconds(milliseconds));
  return 0;
}

}  // extern "C"
