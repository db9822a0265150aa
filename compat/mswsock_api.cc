// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// <mswsock.h>'s connection extensions over the simulated data path (docs
// §22, DP40): AcceptEx, GetAcceptExSockaddrs and ConnectEx, and the
// function pointers WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) hands out.

#include <cstdint>
#include <cstring>

#include "compat/compat_state.h"
#include "compat/data_path.h"
#include "compat/mswsock_extensions.h"
#include "compat/overlapped.h"
#include "compat/pending_io.h"
#include "mswsock.h"
#include "winsock2.h"
#include "ws2ipdef.h"

namespace {

using portres::SocketType;
using portres::compat::internal::CompleteOverlapped;
using portres::compat::internal::CurrentThread;
using portres::compat::internal::DataState;
using portres::compat::internal::Fail;
using portres::compat::internal::ProgramProcesses;
using portres::compat::internal::WinsockCall;
using portres::compat::internal::WinsockSocket;
namespace internal = portres::compat::internal;

// Each address block of AcceptEx's output holds its address at the block's
// first 8-byte-aligned byte: the 16 bytes more Windows asks for leave room
// for that, so the sockaddr a program reads there is aligned whatever the
// receive length (the block's layout is Windows' own, undocumented).
constexpr DWORD kAddressRoom = 16;

char* AddressIn(char* block) {
  const auto at = reinterpret_cast<uintptr_t>(block);
  return block + ((8 - at % 8) % 8);
}

// AcceptEx's one try, for a request queued or made at once: WSAEWOULDBLOCK
// until a connection is accepted into `accept_socket` and, if `data_length`,
// its first bytes are in; then the addresses after them.
struct AcceptRequest {
  portres::sim::Pid pid;
  SOCKET listen_socket;
  SOCKET accept_socket;
  char* output;
  DWORD data_length;
  DWORD local_length;
  DWORD remote_length;
  bool accepted = false;

  int operator()(ProgramProcesses& processes, DWORD* bytes) {
    WinsockSocket* target = processes.FindSocket(pid, accept_socket);
    if (!accepted) {
      WinsockSocket* listener = processes.FindSocket(pid, listen_socket);
      if (listener == nullptr || target == nullptr) {
        return WSA_OPERATION_ABORTED;
      }
      if (listener->data.pending.empty()) return WSAEWOULDBLOCK;
      internal::AcceptInto(*listener, *target);
      accepted = true;
    }
    if (target == nullptr) return WSA_OPERATION_ABORTED;
    size_t received = 0;
    if (data_length > 0) {
      const int code = internal::TryReceive(*target, output, data_length, 0,
                                            &received, nullptr);
      if (code != 0) return code;  // WSAEWOULDBLOCK: waits for its bytes
    }
    const internal::Connection& c = *target->data.connection;
    int length = static_cast<int>(local_length);
    (void)internal::WriteAddress(
        c.endpoint[1],
        reinterpret_cast<sockaddr*>(AddressIn(output + data_length)),
        &length);
    length = static_cast<int>(remote_length);
    (void)internal::WriteAddress(
        c.endpoint[0],
        reinterpret_cast<sockaddr*>(
            AddressIn(output + data_length + local_length)),
        &length);
    *bytes = static_cast<DWORD>(received);
    return 0;
  }
};

BOOL PASCAL ConnectExFunction(SOCKET s, const struct sockaddr* name,
                              int namelen, PVOID lpSendBuffer,
                              DWORD dwSendDataLength, LPDWORD lpdwBytesSent,
                              LPOVERLAPPED lpOverlapped) {
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, FALSE);
    const WinsockSocket* socket = call.Socket(s);
    if (socket == nullptr) return Fail(WSAENOTSOCK, FALSE);
    if (lpOverlapped == nullptr) return Fail(WSAEINVAL, FALSE);
    if (socket->type != SocketType::kStream) return Fail(WSAEINVAL, FALSE);
    // "The socket s must be bound" [CONNECTEX].
    if (!socket->bound) return Fail(WSAEINVAL, FALSE);
    if (socket->data.mode == DataState::Mode::kConnected) {
      return Fail(WSAEISCONN, FALSE);
    }
  }
  // connect's rules; a non-blocking socket's answer is read off SO_ERROR.
  if (connect(s, name, namelen) != 0) {
    int code = WSAGetLastError();
    if (code == WSAEWOULDBLOCK) {
      int length = sizeof(code);
      if (getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&code),
                     &length) != 0) {
        return FALSE;
      }
    }
    if (code != 0) return Fail(code, FALSE);
  }
  DWORD sent = 0;
  if (lpSendBuffer != nullptr && dwSendDataLength > 0) {
    WSABUF buffer = {dwSendDataLength, static_cast<CHAR*>(lpSendBuffer)};
    if (WSASend(s, &buffer, 1, &sent, 0, nullptr, nullptr) != 0) return FALSE;
  }
  if (lpdwBytesSent != nullptr) *lpdwBytesSent = sent;
  CompleteOverlapped(lpOverlapped, nullptr, CurrentThread(), 0, sent);
  return TRUE;
}

bool SameGuid(const GUID& a, const GUID& b) {
  return std::memcmp(&a, &b, sizeof(GUID)) == 0;
}

}  // namespace

namespace portres::compat::internal {

void* ExtensionFunction(const GUID& id) {
  static const GUID kAcceptEx = WSAID_ACCEPTEX;
  static const GUID kGetAcceptExSockaddrs = WSAID_GETACCEPTEXSOCKADDRS;
  static const GUID kConnectEx = WSAID_CONNECTEX;
  if (SameGuid(id, kAcceptEx)) {
    return reinterpret_cast<void*>(static_cast<LPFN_ACCEPTEX>(AcceptEx));
  }
  if (SameGuid(id, kGetAcceptExSockaddrs)) {
    return reinterpret_cast<void*>(
        static_cast<LPFN_GETACCEPTEXSOCKADDRS>(GetAcceptExSockaddrs));
  }
  if (SameGuid(id, kConnectEx)) {
    return reinterpret_cast<void*>(
        static_cast<LPFN_CONNECTEX>(ConnectExFunction));
  }
  return nullptr;
}

}  // namespace portres::compat::internal

extern "C" {

BOOL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
              DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
              DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
              LPOVERLAPPED lpOverlapped) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, FALSE);
  WinsockSocket* listener = call.Socket(sListenSocket);
  WinsockSocket* target = call.Socket(sAcceptSocket);
  if (listener == nullptr || target == nullptr) return Fail(WSAENOTSOCK, FALSE);
  if (lpOverlapped == nullptr || lpOutputBuffer == nullptr) {
    return Fail(WSAEFAULT, FALSE);
  }
  // Each address block: the family's address and 16 bytes more [ACCEPTEX].
  const DWORD needed =
      static_cast<DWORD>(internal::AddressLength(listener->family)) +
      kAddressRoom;
  if (dwLocalAddressLength < needed || dwRemoteAddressLength < needed) {
    return Fail(WSAEFAULT, FALSE);
  }
  if (listener->type != SocketType::kStream ||
      listener->data.mode != DataState::Mode::kListening) {
    return Fail(WSAEINVAL, FALSE);
  }
  // The accept socket: a fresh one of the listener's kind, neither bound
  // nor connected.
  if (target->type != SocketType::kStream ||
      target->family != listener->family || target->bound ||
      target->data.mode != DataState::Mode::kIdle ||
      sAcceptSocket == sListenSocket) {
    return Fail(WSAEINVAL, FALSE);
  }
  AcceptRequest request{.pid = call.pid(),
                        .listen_socket = sListenSocket,
                        .accept_socket = sAcceptSocket,
                        .output = static_cast<char*>(lpOutputBuffer),
                        .data_length = dwReceiveDataLength,
                        .local_length = dwLocalAddressLength,
                        .remote_length = dwRemoteAddressLength};
  DWORD bytes = 0;
  const int code = internal::HasPendingIo(call.pid(), sListenSocket)
                       ? WSAEWOULDBLOCK
                       : request(call.processes(), &bytes);
  if (code == WSAEWOULDBLOCK) {
    internal::AddPendingIo({.pid = call.pid(),
                            .socket = sListenSocket,
                            .overlapped = lpOverlapped,
                            .thread = CurrentThread(),
                            .attempt = request});
    call.Notify();  // a connection may have been taken
    return Fail(WSA_IO_PENDING, FALSE);
  }
  call.Notify();
  if (code != 0) return Fail(code, FALSE);
  if (lpdwBytesReceived != nullptr) *lpdwBytesReceived = bytes;
  CompleteOverlapped(lpOverlapped, nullptr, CurrentThread(), 0, bytes);
  return TRUE;
}

void GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                          DWORD dwLocalAddressLength,
                          DWORD dwRemoteAddressLength,
                          struct sockaddr** LocalSockaddr,
                          LPINT LocalSockaddrLength,
                          struct sockaddr** RemoteSockaddr,
                          LPINT RemoteSockaddrLength) {
  char* const output = static_cast<char*>(lpOutputBuffer);
  sockaddr* const local =
      reinterpret_cast<sockaddr*>(AddressIn(output + dwReceiveDataLength));
  sockaddr* const remote = reinterpret_cast<sockaddr*>(
      AddressIn(output + dwReceiveDataLength + dwLocalAddressLength));
  const auto length = [](const sockaddr* address) {
    return address->sa_family == AF_INET6
               ? static_cast<INT>(sizeof(sockaddr_in6))
               : static_cast<INT>(sizeof(sockaddr_in));
  };
  *LocalSockaddr = local;
  *LocalSockaddrLength = length(local);
  *RemoteSockaddr = remote;
  *RemoteSockaddrLength = length(remote);
  (void)dwRemoteAddressLength;  // the last block: nothing follows it
}

}  // extern "C"
