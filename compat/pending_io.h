// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Overlapped requests waiting for the data path (docs §22, DP39, DP40): a
// WSARecv with nothing to read, an AcceptEx with no connection queued. Each
// is tried again, in the order issued, after every change of the data path,
// and completed (its event set, its routine queued to its thread) once it
// can; a request whose socket or process is gone ends with
// WSA_OPERATION_ABORTED.
//
// Thread safety: under compat's lock.

#ifndef PORTRES_COMPAT_PENDING_IO_H_
#define PORTRES_COMPAT_PENDING_IO_H_

#include <cstdint>
#include <functional>

#include "compat/program_processes.h"
#include "winsock2.h"

namespace portres::compat::internal {

struct PendingIo {
  sim::Pid pid = 0;
  SOCKET socket = INVALID_SOCKET;  // the socket it waits on
  LPWSAOVERLAPPED overlapped = nullptr;
  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = nullptr;
  uint64_t thread = 0;
  // One try: WSAEWOULDBLOCK keeps it waiting; anything else completes it
  // with that code and *bytes.
  std::function<int(ProgramProcesses&, DWORD* bytes)> attempt;
};

// Queues `io`: its overlapped says STATUS_PENDING and its event is reset.
void AddPendingIo(PendingIo io);

// Whether a request of process `pid` waits on `socket` (a later one queues
// behind it).
bool HasPendingIo(sim::Pid pid, SOCKET socket);

// CancelIo/CancelIoEx (OV4, OV5): ends, with WSA_OPERATION_ABORTED, the
// requests of `pid` on `socket` issued by `thread` (any for 0) whose
// overlapped is `overlapped` (any for nullptr). Returns how many.
int AbortPendingIo(sim::Pid pid, SOCKET socket, uint64_t thread,
                   LPWSAOVERLAPPED overlapped);

// After a change of the data path: completes the requests that can now
// complete. True if one did (it may have changed the data path again).
bool CompletePendingIo(ProgramProcesses& processes);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_PENDING_IO_H_
