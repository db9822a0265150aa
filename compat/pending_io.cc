// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/pending_io.h"

#include <algorithm>
#include <list>
#include <utility>

#include "compat/overlapped.h"

namespace portres::compat::internal {
namespace {

// In issue order; guarded by compat's lock.
std::list<PendingIo>& Queue() {
  static auto* queue = new std::list<PendingIo>();
  return *queue;
}

}  // namespace

void AddPendingIo(PendingIo io) {
  io.overlapped->Internal = kStatusPending;
  io.overlapped->InternalHigh = 0;
  (void)SetEventState(io.overlapped->hEvent, false);
  Queue().push_back(std::move(io));
}

bool HasPendingIo(sim::Pid pid, SOCKET socket) {
  return std::any_of(Queue().begin(), Queue().end(), [&](const PendingIo& io) {
    return io.pid == pid && io.socket == socket;
  });
}

int AbortPendingIo(sim::Pid pid, SOCKET socket, uint64_t thread,
                   LPWSAOVERLAPPED overlapped) {
  int aborted = 0;
  std::erase_if(Queue(), [&](const PendingIo& io) {
    const bool matches = io.pid == pid && io.socket == socket &&
                         (thread == 0 || io.thread == thread) &&
                         (overlapped == nullptr || io.overlapped == overlapped);
    if (matches) {
      CompleteOverlapped(io.overlapped, io.routine, io.thread,
                         WSA_OPERATION_ABORTED, 0);
      ++aborted;
    }
    return matches;
  });
  return aborted;
}

bool CompletePendingIo(ProgramProcesses& processes) {
  std::list<PendingIo>& queue = Queue();
  bool completed = false;
  for (auto it = queue.begin(); it != queue.end();) {
    DWORD bytes = 0;
    const int code = it->attempt(processes, &bytes);
    if (code == WSAEWOULDBLOCK) {
      ++it;
      continue;
    }
    CompleteOverlapped(it->overlapped, it->routine, it->thread,
                       static_cast<DWORD>(code), bytes);
    it = queue.erase(it);
    completed = true;
  }
  return completed;
}

}  // namespace portres::compat::internal
