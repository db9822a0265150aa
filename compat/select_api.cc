// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Waiting for several sockets: select with Windows' fd_set (an array of
// SOCKETs and a count) and WSAPoll, over the simulated data path (docs §22).

#include <algorithm>
#include <vector>

#include "absl/time/time.h"
#include "compat/compat_state.h"
#include "compat/network.h"
#include "winsock2.h"

namespace {

using portres::compat::internal::BytesQueued;
using portres::compat::internal::Fail;
using portres::compat::internal::Readiness;
using portres::compat::internal::ReadinessOf;
using portres::compat::internal::WinsockCall;
using portres::compat::internal::WinsockSocket;

// Keeps in `set` the sockets `ready` says yes to, in their order; returns
// how many.
template <typename Ready>
int Keep(fd_set* set, Ready ready) {
  if (set == nullptr) return 0;
  u_int kept = 0;
  for (u_int i = 0; i < set->fd_count; ++i) {
    if (ready(set->fd_array[i])) set->fd_array[kept++] = set->fd_array[i];
  }
  set->fd_count = kept;
  return static_cast<int>(kept);
}

// Whether every socket in `set` is one of the calling process's.
bool AllSockets(WinsockCall& call, const fd_set* set) {
  if (set == nullptr) return true;
  return std::all_of(set->fd_array, set->fd_array + set->fd_count,
                     [&](SOCKET s) { return call.Socket(s) != nullptr; });
}

u_int Count(const fd_set* set) { return set == nullptr ? 0 : set->fd_count; }

}  // namespace

extern "C" {

int __WSAFDIsSet(SOCKET fd, fd_set* set) {
  return std::find(set->fd_array, set->fd_array + set->fd_count, fd) !=
         set->fd_array + set->fd_count;
}

int portres_select(int nfds, fd_set* readfds, fd_set* writefds,
                   fd_set* exceptfds, const struct timeval* timeout) {
  (void)nfds;  // "Ignored. The nfds parameter is included only for
               // compatibility with Berkeley sockets." [SELECT]
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  // "The time-out value is not valid, or all three descriptor parameters
  // were null" [SELECT]; empty sets count as none (DP24).
  if (Count(readfds) + Count(writefds) + Count(exceptfds) == 0) {
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  if (Count(readfds) > FD_SETSIZE || Count(writefds) > FD_SETSIZE ||
      Count(exceptfds) > FD_SETSIZE) {
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  if (timeout != nullptr && (timeout->tv_sec < 0 || timeout->tv_usec < 0)) {
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  const absl::Time deadline =
      timeout == nullptr ? absl::InfiniteFuture()
                         : absl::Now() + absl::Seconds(timeout->tv_sec) +
                               absl::Microseconds(timeout->tv_usec);
  for (;;) {
    if (!AllSockets(call, readfds) || !AllSockets(call, writefds) ||
        !AllSockets(call, exceptfds)) {
      return Fail(WSAENOTSOCK, SOCKET_ERROR);
    }
    auto state = [&](SOCKET s) {
      const WinsockSocket& socket = *call.Socket(s);
      return ReadinessOf(socket.data, socket.type);
    };
    auto readable = [&](SOCKET s) { return state(s).readable; };
    auto writable = [&](SOCKET s) { return state(s).writable; };
    auto failed = [&](SOCKET s) { return state(s).failed; };
    const bool any =
        (readfds != nullptr &&
         std::any_of(readfds->fd_array, readfds->fd_array + readfds->fd_count,
                     readable)) ||
        (writefds != nullptr &&
         std::any_of(writefds->fd_array,
                     writefds->fd_array + writefds->fd_count, writable)) ||
        (exceptfds != nullptr &&
         std::any_of(exceptfds->fd_array,
                     exceptfds->fd_array + exceptfds->fd_count, failed));
    if (any || !call.Wait(deadline)) {
      return Keep(readfds, readable) + Keep(writefds, writable) +
             Keep(exceptfds, failed);
    }
  }
}

int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  if (fdArray == nullptr) return Fail(WSAEFAULT, SOCKET_ERROR);
  if (fds == 0) return Fail(WSAEINVAL, SOCKET_ERROR);
  constexpr SHORT kRequestable =
      POLLRDNORM | POLLRDBAND | POLLPRI | POLLWRNORM | POLLWRBAND;
  for (ULONG i = 0; i < fds; ++i) {
    if ((fdArray[i].events & ~kRequestable) != 0) {
      return Fail(WSAEINVAL, SOCKET_ERROR);
    }
  }
  const absl::Time deadline = timeout < 0
                                  ? absl::InfiniteFuture()
                                  : absl::Now() + absl::Milliseconds(timeout);
  for (;;) {
    int ready = 0;
    bool any_socket = false;
    for (ULONG i = 0; i < fds; ++i) {
      WSAPOLLFD& entry = fdArray[i];
      entry.revents = 0;
      // "If the fd member ... is set to a negative value, the member is
      // ignored" [WSAPOLL]: INVALID_SOCKET is one.
      if (static_cast<INT_PTR>(entry.fd) < 0) continue;
      const WinsockSocket* socket = call.Socket(entry.fd);
      if (socket == nullptr) {
        entry.revents = POLLNVAL;
        ++ready;
        continue;
      }
      any_socket = true;
      const Readiness r = ReadinessOf(socket->data, socket->type);
      SHORT revents = 0;
      // Data (or a connection to accept) is POLLRDNORM; the end of the
      // stream alone is only POLLHUP.
      if (r.readable &&
          (!r.hung_up || BytesQueued(socket->data, socket->type) > 0)) {
        revents |= static_cast<SHORT>(entry.events & POLLRDNORM);
      }
      if (r.writable) revents |= static_cast<SHORT>(entry.events & POLLWRNORM);
      // DP26: the peer's close is POLLHUP, a reset or a failed connect
      // POLLERR too, whatever was asked.
      if (r.hung_up) revents |= POLLHUP;
      if (r.error || r.failed) revents |= POLLERR | POLLHUP;
      entry.revents = revents;
      if (revents != 0) ++ready;
    }
    // None of them a socket: WSAEINVAL [WSAPOLL] (DP25).
    if (!any_socket) return Fail(WSAEINVAL, SOCKET_ERROR);
    if (ready > 0 || !call.Wait(deadline)) return ready;
  }
}

}  // extern "C"
