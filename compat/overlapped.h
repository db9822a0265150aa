// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Overlapped completion for the compat layer (docs U20, OV1-OV7): events,
// completion routines queued to the issuing thread, and the requests that
// stay pending (policy `overlapped_reports_pending`) until the test
// completes them (PortresSimCompletePendingIo), closes their socket, or
// cancels them (CancelIo, CancelIoEx).
//
// A pending request has not run yet: the simulator's rule runs when it
// completes, so an aborted request changes nothing. Lock order: the host's
// lock (WinsockCall) before this table's.

#ifndef PORTRES_COMPAT_OVERLAPPED_H_
#define PORTRES_COMPAT_OVERLAPPED_H_

#include <array>
#include <cstdint>
#include <functional>

#include "portres/sim/sim_types.h"
#include "winsock2.h"

namespace portres::compat::internal {

// NTSTATUS values Windows leaves in WSAOVERLAPPED::Internal.
inline constexpr ULONG_PTR kStatusSuccess = 0;
inline constexpr ULONG_PTR kStatusPending = 0x103;

// The overlapped request is finished with Windows code `error` (0: success)
// and `bytes` transferred: Internal/InternalHigh are set, then the event is
// signalled or the routine is queued to `thread`'s next alertable wait.
// With `signal` false the event stays as it is (Wine 8's unimplemented
// ioctls, WN2).
void CompleteOverlapped(LPWSAOVERLAPPED overlapped,
                        LPWSAOVERLAPPED_COMPLETION_ROUTINE routine,
                        uint64_t thread, DWORD error, DWORD bytes,
                        bool signal = true);

// The calling thread's id for CompleteOverlapped.
uint64_t CurrentThread();

// Sets or resets an event; false if it is not a live event.
bool SetEventState(WSAEVENT handle, bool signaled);

// A request that stays pending: its input as issued, where its output goes,
// and what runs it. `run` returns the Windows code and the bytes written.
struct PendingRequest {
  sim::Pid pid = 0;
  SOCKET socket = INVALID_SOCKET;
  LPWSAOVERLAPPED overlapped = nullptr;
  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = nullptr;
  uint64_t thread = 0;
  std::function<std::pair<DWORD, DWORD>()> run;
};

// Queues `request` (Internal becomes STATUS_PENDING, the event is reset).
void AddPending(PendingRequest request);

// Completes, with WSA_OPERATION_ABORTED, the requests of process `pid` on
// `socket` (every socket for INVALID_SOCKET) issued by `thread` (any thread
// for 0) whose overlapped is `overlapped` (any for nullptr); every pid for
// pid 0. Returns how many.
int AbortPending(sim::Pid pid, SOCKET socket, uint64_t thread = 0,
                 LPWSAOVERLAPPED overlapped = nullptr);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_OVERLAPPED_H_
