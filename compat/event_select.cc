// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSAEventSelect and WSAEnumNetworkEvents over the simulated data path
// (docs §22, DP33): a socket's network events are recorded, and its event
// object signalled, when their condition holds and their recording is
// enabled; recording one disables it until the call that re-enables it
// [WSAEVENTSELECT].

#include "compat/event_select.h"

#include "compat/compat_state.h"
#include "compat/network.h"
#include "compat/overlapped.h"
#include "winsock2.h"

namespace portres::compat::internal {
namespace {

// Which network events' conditions hold for `socket` now.
long Conditions(const WinsockSocket& socket) {
  const DataState& data = socket.data;
  long holds = 0;
  if (socket.type == SocketType::kDatagram) {
    if (!data.datagrams.empty()) holds |= FD_READ;
    if (socket.bound) holds |= FD_WRITE;
    return holds;
  }
  if (data.connect_done) holds |= FD_CONNECT;
  if (data.mode == DataState::Mode::kListening && !data.pending.empty()) {
    holds |= FD_ACCEPT;
  }
  if (data.mode == DataState::Mode::kConnected) {
    const Connection& c = *data.connection;
    const bool unread = !c.inbox[data.side].empty();
    if (!c.reset && unread) holds |= FD_READ;
    if (!c.reset && !data.send_shut &&
        c.Unread(1 - data.side) < kReceiveWindow) {
      holds |= FD_WRITE;
    }
    // A graceful close once everything is read; a reset at once.
    if (c.reset || (c.fin[1 - data.side] && !unread)) holds |= FD_CLOSE;
  }
  return holds;
}

}  // namespace

void RecordNetworkEvents(ProgramProcesses& processes) {
  if (!processes.event_select_used) return;
  processes.AnySocket([](sim::Pid, SocketId, WinsockSocket& socket) {
    DataState& data = socket.data;
    if (data.selected == 0) return false;
    const long fresh = Conditions(socket) & data.selected & data.enabled;
    if (fresh != 0) {
      data.recorded |= fresh;
      data.enabled &= ~fresh;
      (void)SetEventState(data.event, true);
    }
    return false;
  });
}

void Reenable(WinsockCall& call, WinsockSocket& socket, long events) {
  if (socket.data.selected == 0) return;
  socket.data.enabled |= events;
  RecordNetworkEvents(call.processes());
}

}  // namespace portres::compat::internal

extern "C" {

int WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents) {
  using portres::compat::internal::Fail;
  portres::compat::internal::WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  if ((lNetworkEvents & ~FD_ALL_EVENTS) != 0 ||
      (lNetworkEvents != 0 && hEventObject == WSA_INVALID_EVENT)) {
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  // "The WSAEventSelect function automatically sets socket s to
  // nonblocking mode" [WSAEVENTSELECT], even when it cancels.
  socket->non_blocking = true;
  portres::compat::internal::DataState& data = socket->data;
  data.event = hEventObject;
  data.selected = lNetworkEvents;
  data.enabled = FD_ALL_EVENTS;
  call.processes().event_select_used = true;
  // A condition that already holds is recorded at once.
  portres::compat::internal::RecordNetworkEvents(call.processes());
  return 0;
}

int WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
                         LPWSANETWORKEVENTS lpNetworkEvents) {
  using portres::compat::internal::Fail;
  portres::compat::internal::WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  if (lpNetworkEvents == nullptr) return Fail(WSAEFAULT, SOCKET_ERROR);
  portres::compat::internal::DataState& data = socket->data;
  *lpNetworkEvents = {};
  lpNetworkEvents->lNetworkEvents = data.recorded;
  if ((data.recorded & FD_CONNECT) != 0) {
    lpNetworkEvents->iErrorCode[FD_CONNECT_BIT] = data.connect_error;
  }
  if ((data.recorded & FD_CLOSE) != 0 && data.connection != nullptr &&
      data.connection->reset) {
    lpNetworkEvents->iErrorCode[FD_CLOSE_BIT] = WSAECONNRESET;
  }
  data.recorded = 0;
  if (hEventObject != WSA_INVALID_EVENT &&
      !portres::compat::internal::SetEventState(hEventObject, false)) {
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  return 0;
}

}  // extern "C"
