// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/overlapped.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "portres_sim.h"
#include "compat/compat_state.h"
#include "compat/pending_io.h"

namespace portres::compat::internal {
namespace {

// A manual-reset event (WSACreateEvent's kind).
struct Event {
  bool signaled = false;
};

// A completion routine waiting for its thread to wait alertably.
struct QueuedRoutine {
  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
  DWORD error;
  DWORD bytes;
  LPWSAOVERLAPPED overlapped;
};

// Everything overlapped completion shares between threads, under one lock.
// Events live in a table so that a stale or foreign handle is recognised
// (WSA_INVALID_HANDLE) instead of dereferenced. Standard locks: Abseil's
// Mutex API changed (Lock/MutexLock(Mutex*) deprecated in newer releases),
// and the compat layer must build against Debian's and vcpkg's alike.
struct Table {
  std::mutex mu;
  std::condition_variable changed;  // an event or a request changed
  absl::flat_hash_set<Event*> events;
  absl::flat_hash_map<uint64_t, std::deque<QueuedRoutine>> routines;
  std::vector<PendingRequest> pending;  // in issue order
};
Table& TheTable() {
  static Table* table = new Table();  // never destroyed: threads may
  return *table;                      // outlive main()
}

// The NTSTATUS Windows leaves in Internal for each code a request can end
// with (and back, for WSAGetOverlappedResult).
struct StatusCode {
  ULONG_PTR status;
  DWORD code;
};
constexpr StatusCode kStatusCodes[] = {
    {kStatusSuccess, 0},
    {0xC0000022, WSAEACCES},              // STATUS_ACCESS_DENIED
    {0xC0000005, WSAEFAULT},              // STATUS_ACCESS_VIOLATION
    {0xC000000D, WSAEINVAL},              // STATUS_INVALID_PARAMETER
    {0xC0000008, WSAENOTSOCK},            // STATUS_INVALID_HANDLE
    {0xC00000BB, WSAEOPNOTSUPP},          // STATUS_NOT_SUPPORTED (WN2)
    {0xC000020A, WSAEADDRINUSE},          // STATUS_ADDRESS_ALREADY_EXISTS
    {0xC000009A, WSAENOBUFS},             // STATUS_INSUFFICIENT_RESOURCES
    {0xC0000120, WSA_OPERATION_ABORTED},  // STATUS_CANCELLED
    // A receive's (DP39).
    {0xC000020D, WSAECONNRESET},  // STATUS_CONNECTION_RESET
    {0x80000005, WSAEMSGSIZE},    // STATUS_BUFFER_OVERFLOW
    {0xC00000B0, WSAESHUTDOWN},   // STATUS_PIPE_DISCONNECTED
};

ULONG_PTR StatusOf(DWORD code) {
  for (const StatusCode& entry : kStatusCodes) {
    if (entry.code == code) return entry.status;
  }
  // Every code an overlapped request can end with is in the table; one
  // that is not is a bug in portres, and guessing would hide it.
  std::fprintf(stderr, "portres compat: no NTSTATUS for code %u\n", code);
  std::abort();
}

DWORD CodeOfStatus(ULONG_PTR status) {
  for (const StatusCode& entry : kStatusCodes) {
    if (entry.status == status) return entry.code;
  }
  return WSAEINVAL;  // a status the program wrote itself
}

// Runs the calling thread's queued routines; true if it ran any.
bool RunQueuedRoutines() {
  std::deque<QueuedRoutine> mine;
  {
    Table& table = TheTable();
    std::lock_guard lock(table.mu);
    auto it = table.routines.find(CurrentThread());
    if (it == table.routines.end() || it->second.empty()) return false;
    mine.swap(it->second);
  }
  for (const QueuedRoutine& next : mine) {
    next.routine(next.error, next.bytes, next.overlapped, 0);
  }
  return true;
}

// Finishes one request; the table's lock is held.
void FinishLocked(Table& table, LPWSAOVERLAPPED overlapped,
                  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine, uint64_t thread,
                  DWORD error, DWORD bytes, bool signal) {
  overlapped->Internal = StatusOf(error);
  overlapped->InternalHigh = bytes;
  if (routine != nullptr) {
    table.routines[thread].push_back({routine, error, bytes, overlapped});
  } else if (signal && overlapped->hEvent != nullptr &&
             table.events.contains(static_cast<Event*>(overlapped->hEvent))) {
    static_cast<Event*>(overlapped->hEvent)->signaled = true;
  }
  table.changed.notify_all();
}

}  // namespace

uint64_t CurrentThread() {
  static std::atomic<uint64_t> next{1};
  thread_local const uint64_t id = next.fetch_add(1);
  return id;
}

void CompleteOverlapped(LPWSAOVERLAPPED overlapped,
                        LPWSAOVERLAPPED_COMPLETION_ROUTINE routine,
                        uint64_t thread, DWORD error, DWORD bytes,
                        bool signal) {
  Table& table = TheTable();
  std::lock_guard lock(table.mu);
  FinishLocked(table, overlapped, routine, thread, error, bytes, signal);
}

bool SetEventState(WSAEVENT handle, bool signaled) {
  Table& table = TheTable();
  std::lock_guard lock(table.mu);
  Event* event = static_cast<Event*>(handle);
  if (!table.events.contains(event)) return false;
  event->signaled = signaled;
  table.changed.notify_all();
  return true;
}

void AddPending(PendingRequest request) {
  Table& table = TheTable();
  std::lock_guard lock(table.mu);
  request.overlapped->Internal = kStatusPending;
  request.overlapped->InternalHigh = 0;
  // The I/O manager resets the event when a request starts.
  Event* event = static_cast<Event*>(request.overlapped->hEvent);
  if (event != nullptr && table.events.contains(event)) {
    event->signaled = false;
  }
  table.pending.push_back(std::move(request));
}

int AbortPending(sim::Pid pid, SOCKET socket, uint64_t thread,
                 LPWSAOVERLAPPED overlapped) {
  Table& table = TheTable();
  std::lock_guard lock(table.mu);
  int aborted = 0;
  std::erase_if(table.pending, [&](const PendingRequest& r) {
    const bool matches = (pid == 0 || r.pid == pid) &&
                         (socket == INVALID_SOCKET || r.socket == socket) &&
                         (thread == 0 || r.thread == thread) &&
                         (overlapped == nullptr || r.overlapped == overlapped);
    if (matches) {
      FinishLocked(table, r.overlapped, r.routine, r.thread,
                   WSA_OPERATION_ABORTED, 0, true);
      ++aborted;
    }
    return matches;
  });
  return aborted;
}

}  // namespace portres::compat::internal

using portres::compat::internal::CompatState;
using portres::compat::internal::CurrentThread;
using portres::compat::internal::Fail;
using portres::compat::internal::kStatusPending;
using portres::compat::internal::PendingRequest;
using portres::compat::internal::TheTable;
using portres::compat::internal::WinsockCall;

extern "C" {

DWORD PortresSimCompletePendingIo(UINT_PTR s) {
  const portres::sim::Pid pid = CompatState::Get().CurrentPid();
  std::vector<PendingRequest> due;
  {
    auto& table = TheTable();
    std::lock_guard lock(table.mu);
    std::erase_if(table.pending, [&](PendingRequest& r) {
      if (r.pid != pid || (s != INVALID_SOCKET && r.socket != s)) return false;
      due.push_back(std::move(r));
      return true;
    });
  }
  // In issue order, each under the host's lock like any call.
  for (PendingRequest& r : due) {
    const auto [error, bytes] = r.run();
    portres::compat::internal::CompleteOverlapped(r.overlapped, r.routine,
                                                  r.thread, error, bytes);
  }
  return static_cast<DWORD>(due.size());
}

BOOL CancelIo(HANDLE handle) {
  const SOCKET s = reinterpret_cast<SOCKET>(handle);
  {
    WinsockCall call;
    if (call.Socket(s) == nullptr) return Fail(ERROR_INVALID_HANDLE, FALSE);
    // The data path's pending requests (WSARecv, AcceptEx) too.
    (void)portres::compat::internal::AbortPendingIo(call.pid(), s,
                                                    CurrentThread(), nullptr);
  }
  portres::compat::internal::AbortPending(CompatState::Get().CurrentPid(), s,
                                          CurrentThread());
  return TRUE;
}

BOOL CancelIoEx(HANDLE handle, LPOVERLAPPED overlapped) {
  const SOCKET s = reinterpret_cast<SOCKET>(handle);
  int aborted;
  {
    WinsockCall call;
    if (call.Socket(s) == nullptr) return Fail(ERROR_INVALID_HANDLE, FALSE);
    // The data path's pending requests (WSARecv, AcceptEx) too.
    aborted = portres::compat::internal::AbortPendingIo(call.pid(), s, 0,
                                                        overlapped);
  }
  aborted += portres::compat::internal::AbortPending(
      CompatState::Get().CurrentPid(), s, 0, overlapped);
  if (aborted == 0) return Fail(ERROR_NOT_FOUND, FALSE);
  return TRUE;
}

BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED overlapped, LPDWORD bytes,
                            BOOL wait, LPDWORD flags) {
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, FALSE);
    if (call.Socket(s) == nullptr) return Fail(WSAENOTSOCK, FALSE);
  }
  if (overlapped == nullptr || bytes == nullptr || flags == nullptr) {
    return Fail(WSAEFAULT, FALSE);
  }
  auto& table = TheTable();
  std::unique_lock lock(table.mu);
  if (overlapped->Internal == kStatusPending) {
    if (!wait) return Fail(WSA_IO_INCOMPLETE, FALSE);
    // Another thread completes or cancels it.
    table.changed.wait(lock,
                       [&] { return overlapped->Internal != kStatusPending; });
  }
  *bytes = static_cast<DWORD>(overlapped->InternalHigh);
  *flags = 0;
  if (overlapped->Internal != portres::compat::internal::kStatusSuccess) {
    return Fail(static_cast<int>(portres::compat::internal::CodeOfStatus(
                    overlapped->Internal)),
                FALSE);
  }
  return TRUE;
}

WSAEVENT WSACreateEvent(void) {
  auto& table = TheTable();
  std::lock_guard lock(table.mu);
  auto* event = new portres::compat::internal::Event();
  table.events.insert(event);
  return event;
}

BOOL WSACloseEvent(WSAEVENT handle) {
  auto& table = TheTable();
  std::lock_guard lock(table.mu);
  auto* event = static_cast<portres::compat::internal::Event*>(handle);
  if (!table.events.erase(event)) return Fail(WSA_INVALID_HANDLE, FALSE);
  delete event;
  return TRUE;
}

BOOL WSASetEvent(WSAEVENT handle) {
  return portres::compat::internal::SetEventState(handle, true)
             ? TRUE
             : Fail(WSA_INVALID_HANDLE, FALSE);
}

BOOL WSAResetEvent(WSAEVENT handle) {
  return portres::compat::internal::SetEventState(handle, false)
             ? TRUE
             : Fail(WSA_INVALID_HANDLE, FALSE);
}

DWORD WSAWaitForMultipleEvents(DWORD count, const WSAEVENT* handles,
                               BOOL wait_all, DWORD timeout, BOOL alertable) {
  if (count == 0 || count > WSA_MAXIMUM_WAIT_EVENTS || handles == nullptr) {
    return Fail(WSA_INVALID_PARAMETER, WSA_WAIT_FAILED);
  }
  if (alertable && portres::compat::internal::RunQueuedRoutines()) {
    return WSA_WAIT_IO_COMPLETION;
  }
  auto& table = TheTable();
  std::unique_lock lock(table.mu);
  using portres::compat::internal::Event;
  for (DWORD i = 0; i < count; ++i) {
    if (!table.events.contains(static_cast<Event*>(handles[i]))) {
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
      table.changed.wait(lock);
    } else if (table.changed.wait_until(lock, deadline) ==
               std::cv_status::timeout) {
      return WSA_WAIT_TIMEOUT;
    }
  }
}

DWORD SleepEx(DWORD milliseconds, BOOL alertable) {
  if (alertable && portres::compat::internal::RunQueuedRoutines()) {
    return WAIT_IO_COMPLETION;
  }
  absl::SleepFor(milliseconds == INFINITE ? absl::InfiniteDuration()
                                          : absl::Milliseconds(milliseconds));
  return 0;
}

}  // extern "C"
