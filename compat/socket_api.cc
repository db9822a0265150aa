// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Winsock's socket life cycle over the simulated host: WSAStartup/WSACleanup,
// the last error, socket/WSASocketW, bind, getsockname, ioctlsocket and
// closesocket, with Windows' error codes.

#include <algorithm>
#include <cstring>

#include "absl/status/statusor.h"
#include "compat/compat_state.h"
#include "compat/overlapped.h"
#include "winsock2.h"
#include "ws2ipdef.h"

namespace {

using portres::compat::internal::CodeOf;
using portres::compat::internal::CompatState;
using portres::compat::internal::Fail;
using portres::compat::internal::WinsockCall;

constexpr WORD kHighestVersion = MAKEWORD(2, 2);

int WinsockFamily(portres::AddressFamily family) {
  return family == portres::AddressFamily::kInet6 ? AF_INET6 : AF_INET;
}

int AddressLength(int family) {
  return family == AF_INET6 ? static_cast<int>(sizeof(sockaddr_in6))
                            : static_cast<int>(sizeof(sockaddr_in));
}

SOCKET OpenSocket(int af, int type, int protocol, bool overlapped) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, INVALID_SOCKET);
  if (auto fault = call.Fault(portres::Operation::kOpenSocket)) {
    return Fail(static_cast<int>(*fault), INVALID_SOCKET);
  }
  if (af != AF_INET && af != AF_INET6) {
    return Fail(WSAEAFNOSUPPORT, INVALID_SOCKET);
  }
  portres::SocketType kind;
  switch (type) {
    case SOCK_STREAM:
      kind = portres::SocketType::kStream;
      break;
    case SOCK_DGRAM:
      kind = portres::SocketType::kDatagram;
      break;
    case SOCK_RAW:
      kind = portres::SocketType::kRaw;
      break;
    default:
      return Fail(WSAESOCKTNOSUPPORT, INVALID_SOCKET);
  }
  absl::StatusOr<portres::SocketId> id =
      call.OpenSocket(af == AF_INET ? portres::AddressFamily::kInet
                                    : portres::AddressFamily::kInet6,
                      kind, protocol, overlapped);
  if (!id.ok()) return Fail(CodeOf(id.status()), INVALID_SOCKET);
  return *id;
}

}  // namespace

extern "C" {

int WSAStartup(WORD version, LPWSADATA data) {
  if (data == nullptr) return WSAEFAULT;
  if (LOBYTE(version) == 0 || (LOBYTE(version) == 1 && HIBYTE(version) == 0)) {
    return WSAVERNOTSUPPORTED;  // Winsock 2 supports 1.1 and later
  }
  WinsockCall call;
  portres::compat::internal::WinsockProcess* process = call.process();
  // A process that has exited runs no code; its threads' calls fail as
  // every other call through it does.
  if (process == nullptr) return static_cast<int>(ERROR_INVALID_HANDLE);
  std::memset(data, 0, sizeof(*data));
  const bool above_highest =
      LOBYTE(version) > 2 || (LOBYTE(version) == 2 && HIBYTE(version) > 2);
  data->wVersion = above_highest ? kHighestVersion : version;
  data->wHighVersion = kHighestVersion;
  std::strcpy(data->szDescription, "WinSock 2.0 (portres simulated host)");
  std::strcpy(data->szSystemStatus, "Running");
  ++process->winsock_startups;
  return 0;
}

int WSACleanup(void) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  if (--call.process()->winsock_startups == 0) {
    // "Any sockets open when WSACleanup is called are reset and
    // automatically deallocated as if closesocket was called" (DP34).
    call.ResetEverySocket();
    portres::compat::internal::AbortPending(call.pid(), INVALID_SOCKET);
  }
  return 0;
}

SOCKET portres_socket(int af, int type, int protocol) {
  // socket() creates sockets with the overlapped attribute, as on Windows.
  return OpenSocket(af, type, protocol, /*overlapped=*/true);
}

SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info,
                  GROUP group, DWORD flags) {
  return info == nullptr ? WSASocketA(af, type, protocol, nullptr, group, flags)
                         : Fail(WSAEINVAL, INVALID_SOCKET);
}

SOCKET WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA info,
                  GROUP group, DWORD flags) {
  if (info != nullptr || group != 0) {
    // Provider selection and socket groups are outside the simulation.
    return Fail(WSAEINVAL, INVALID_SOCKET);
  }
  return OpenSocket(af, type, protocol, (flags & WSA_FLAG_OVERLAPPED) != 0);
}

int closesocket(SOCKET s) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  if (auto fault = call.Fault(portres::Operation::kCloseSocket, s)) {
    return Fail(static_cast<int>(*fault), SOCKET_ERROR);
  }
  absl::Status closed = call.CloseSocket(s);
  if (!closed.ok()) return Fail(CodeOf(closed), SOCKET_ERROR);
  // Its pending requests end with WSA_OPERATION_ABORTED (OV3).
  portres::compat::internal::AbortPending(call.pid(), s);
  return 0;
}

int portres_bind(SOCKET s, const struct sockaddr* name, int namelen) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  // An accepted socket is bound already, by its listener's port (DP4),
  // though the machine holds that port for the listener alone.
  if (socket->data.accepted) return Fail(WSAEINVAL, SOCKET_ERROR);
  const int family = WinsockFamily(socket->family);
  // [BIND] WSAEFAULT: no buffer, namelen too small for the socket's family,
  // or a family that is not the socket's.
  if (name == nullptr || namelen < AddressLength(family) ||
      name->sa_family != family) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  portres::IpAddress address{.family = socket->family};
  USHORT port_network;
  if (family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, name, sizeof(in));
    std::memcpy(address.bytes.data(), &in.sin_addr, 4);
    port_network = in.sin_port;
  } else {
    sockaddr_in6 in6;
    std::memcpy(&in6, name, sizeof(in6));
    std::memcpy(address.bytes.data(), &in6.sin6_addr, 16);
    port_network = in6.sin6_port;
  }
  const uint16_t requested = ntohs(port_network);
  if (auto fault = call.Fault(
          portres::Operation::kBind, s,
          portres::PortRange{requested,
                             static_cast<uint16_t>(requested == 0 ? 0 : 1)})) {
    return Fail(static_cast<int>(*fault), SOCKET_ERROR);
  }
  absl::StatusOr<uint16_t> port = call.Bind(s, address, requested);
  if (!port.ok()) return Fail(CodeOf(port.status()), SOCKET_ERROR);
  return 0;
}

int portres_getsockname(SOCKET s, struct sockaddr* name, int* namelen) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  const portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  if (name == nullptr || namelen == nullptr)
    return Fail(WSAEFAULT, SOCKET_ERROR);
  // "The socket has not been bound to an address with bind."
  if (!socket->bound) return Fail(WSAEINVAL, SOCKET_ERROR);
  const int family = WinsockFamily(socket->family);
  const int needed = AddressLength(family);
  if (*namelen < needed) return Fail(WSAEFAULT, SOCKET_ERROR);
  if (family == AF_INET) {
    sockaddr_in in = {};
    in.sin_family = AF_INET;
    in.sin_port = htons(socket->port);
    std::memcpy(&in.sin_addr, socket->address.data(), 4);
    std::memcpy(name, &in, sizeof(in));
  } else {
    sockaddr_in6 in6 = {};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(socket->port);
    std::memcpy(&in6.sin6_addr, socket->address.data(), 16);
    std::memcpy(name, &in6, sizeof(in6));
  }
  *namelen = needed;
  return 0;
}

int ioctlsocket(SOCKET s, long cmd, u_long* argp) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  // Windows' long is 32 bits: a code that went through int compares the same.
  const unsigned long command = static_cast<unsigned long>(cmd) & 0xFFFFFFFFu;
  if (command != FIONBIO && command != FIONREAD) {
    return Fail(WSAEINVAL, SOCKET_ERROR);
  }
  if (argp == nullptr) return Fail(WSAEFAULT, SOCKET_ERROR);
  if (command == FIONREAD) {
    *argp = static_cast<u_long>(
        portres::compat::internal::BytesQueued(socket->data, socket->type));
    return 0;
  }
  socket->non_blocking = *argp != 0;
  return 0;
}

}  // extern "C"
