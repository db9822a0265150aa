// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSASend and WSARecv over the simulated data path (docs §22, DP39):
// send and recv with buffer arrays, and overlapped requests that complete
// through the event or completion routine compat's overlapped.h provides.

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "compat/compat_state.h"
#include "compat/data_path.h"
#include "compat/overlapped.h"
#include "compat/pending_io.h"
#include "winsock2.h"

namespace portres::compat::internal {
namespace {

size_t TotalLength(const WSABUF* buffers, DWORD count) {
  size_t total = 0;
  for (DWORD i = 0; i < count; ++i) total += buffers[i].len;
  return total;
}

// The buffers' bytes, in order.
std::string Gather(const WSABUF* buffers, DWORD count) {
  std::string bytes;
  bytes.reserve(TotalLength(buffers, count));
  for (DWORD i = 0; i < count; ++i)
    bytes.append(buffers[i].buf, buffers[i].len);
  return bytes;
}

// `bytes` into the buffers, in order.
void Scatter(const std::string& bytes, size_t length, const WSABUF* buffers,
             DWORD count) {
  size_t at = 0;
  for (DWORD i = 0; i < count && at < length; ++i) {
    const size_t n = std::min<size_t>(buffers[i].len, length - at);
    std::memcpy(buffers[i].buf, bytes.data() + at, n);
    at += n;
  }
}

// WSAEFAULT for a missing buffer array or a buffer without memory.
bool BuffersAreValid(const WSABUF* buffers, DWORD count) {
  if (buffers == nullptr) return false;
  for (DWORD i = 0; i < count; ++i) {
    if (buffers[i].buf == nullptr && buffers[i].len > 0) return false;
  }
  return true;
}

// One receive into the buffers without waiting (TryReceive's answers).
int ReceiveInto(WinsockSocket& socket, const WSABUF* buffers, DWORD count,
                int flags, size_t* received) {
  std::string bytes(TotalLength(buffers, count), '\0');
  const int code =
      TryReceive(socket, bytes.data(), bytes.size(), flags, received, nullptr);
  if (code == 0 || code == WSAEMSGSIZE) {
    Scatter(bytes, *received, buffers, count);
  }
  return code;
}

}  // namespace

}  // namespace portres::compat::internal

using portres::compat::internal::CompleteOverlapped;
using portres::compat::internal::CurrentThread;
using portres::compat::internal::Fail;
using portres::compat::internal::WinsockCall;
using portres::compat::internal::WinsockSocket;
namespace internal = portres::compat::internal;

extern "C" {

int WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
            LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
            LPWSAOVERLAPPED lpOverlapped,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  bool overlapped = false;
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
    const WinsockSocket* socket = call.Socket(s);
    if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
    if (!internal::BuffersAreValid(lpBuffers, dwBufferCount) ||
        (lpNumberOfBytesSent == nullptr && lpOverlapped == nullptr)) {
      return Fail(WSAEFAULT, SOCKET_ERROR);
    }
    // lpOverlapped is ignored on a socket made without
    // WSA_FLAG_OVERLAPPED [WSASEND].
    overlapped = lpOverlapped != nullptr && socket->overlapped;
  }
  const std::string bytes = internal::Gather(lpBuffers, dwBufferCount);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Fail(WSAENOBUFS, SOCKET_ERROR);
  }
  // The send as send makes it; an overlapped one has completed when it
  // returns: what did not fit waited for room (DP39).
  const int sent = send(s, bytes.data(), static_cast<int>(bytes.size()),
                        static_cast<int>(dwFlags));
  if (sent == SOCKET_ERROR) return SOCKET_ERROR;
  if (lpNumberOfBytesSent != nullptr) {
    *lpNumberOfBytesSent = static_cast<DWORD>(sent);
  }
  if (overlapped) {
    CompleteOverlapped(lpOverlapped, lpCompletionRoutine, CurrentThread(), 0,
                       static_cast<DWORD>(sent));
  }
  return 0;
}

int WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
            LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
            LPWSAOVERLAPPED lpOverlapped,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  bool overlapped = false;
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
    WinsockSocket* socket = call.Socket(s);
    if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
    if (!internal::BuffersAreValid(lpBuffers, dwBufferCount) ||
        lpFlags == nullptr ||
        (lpNumberOfBytesRecvd == nullptr && lpOverlapped == nullptr)) {
      return Fail(WSAEFAULT, SOCKET_ERROR);
    }
    overlapped = lpOverlapped != nullptr && socket->overlapped;
    if (overlapped) {
      const int flags = static_cast<int>(*lpFlags);
      if ((flags & ~MSG_PEEK) != 0) return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
      const bool stream = socket->type == portres::SocketType::kStream;
      if (stream &&
          socket->data.mode !=
              portres::compat::internal::DataState::Mode::kConnected) {
        return Fail(WSAENOTCONN, SOCKET_ERROR);
      }
      if (!stream && !socket->bound) return Fail(WSAEINVAL, SOCKET_ERROR);
      // Queued behind earlier requests of the socket, else at once if it
      // can; else pending until the data path makes it ready.
      const bool queued_behind = internal::HasPendingIo(call.pid(), s);
      size_t received = 0;
      const int code = queued_behind ? WSAEWOULDBLOCK
                                     : internal::ReceiveInto(*socket, lpBuffers,
                                                             dwBufferCount,
                                                             flags, &received);
      if (code != WSAEWOULDBLOCK) {
        if (received > 0 && (flags & MSG_PEEK) == 0) call.Notify();
        if (code != 0) return Fail(code, SOCKET_ERROR);
        *lpFlags = 0;
        if (lpNumberOfBytesRecvd != nullptr) {
          *lpNumberOfBytesRecvd = static_cast<DWORD>(received);
        }
        CompleteOverlapped(lpOverlapped, lpCompletionRoutine, CurrentThread(),
                           0, static_cast<DWORD>(received));
        return 0;
      }
      internal::AddPendingIo(
          {.pid = call.pid(),
           .socket = s,
           .overlapped = lpOverlapped,
           .routine = lpCompletionRoutine,
           .thread = CurrentThread(),
           .attempt =
               [pid = call.pid(), s, flags, lpFlags,
                buffers =
                    std::vector<WSABUF>(lpBuffers, lpBuffers + dwBufferCount)](
                   internal::ProgramProcesses& processes, DWORD* bytes) -> int {
             WinsockSocket* socket = processes.FindSocket(pid, s);
             if (socket == nullptr) return WSA_OPERATION_ABORTED;
             size_t received = 0;
             const int code = internal::ReceiveInto(
                 *socket, buffers.data(), static_cast<DWORD>(buffers.size()),
                 flags, &received);
             if (code != WSAEWOULDBLOCK) *lpFlags = 0;
             *bytes = static_cast<DWORD>(received);
             return code;
           }});
      return Fail(WSA_IO_PENDING, SOCKET_ERROR);
    }
  }
  // Not overlapped: recv into the buffers, blocking or not as the socket is.
  std::string bytes(internal::TotalLength(lpBuffers, dwBufferCount), '\0');
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Fail(WSAENOBUFS, SOCKET_ERROR);
  }
  const int received = recv(s, bytes.data(), static_cast<int>(bytes.size()),
                            static_cast<int>(*lpFlags));
  if (received == SOCKET_ERROR) return SOCKET_ERROR;
  internal::Scatter(bytes, static_cast<size_t>(received), lpBuffers,
                    dwBufferCount);
  *lpFlags = 0;
  if (lpNumberOfBytesRecvd != nullptr) {
    *lpNumberOfBytesRecvd = static_cast<DWORD>(received);
  }
  return 0;
}

}  // extern "C"
