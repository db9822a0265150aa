// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/data_path.h"

#include <algorithm>
#include <cstring>

#include "absl/status/statusor.h"
#include "ws2ipdef.h"

namespace portres::compat::internal {
namespace {

bool IsLoopback(const Endpoint& endpoint) {
  const auto& a = endpoint.address;
  if (endpoint.family == AddressFamily::kInet) return a[0] == 127;
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0,    0,
                                                0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(a.begin(), a.begin() + 12, kMappedPrefix)) {
    return a[12] == 127;  // ::ffff:127.x.y.z
  }
  return std::all_of(a.begin(), a.begin() + 15,
                     [](uint8_t b) { return b == 0; }) &&
         a[15] == 1;  // ::1
}

}  // namespace

int AddressLength(AddressFamily family) {
  return family == AddressFamily::kInet6
             ? static_cast<int>(sizeof(sockaddr_in6))
             : static_cast<int>(sizeof(sockaddr_in));
}

int ReadAddress(const sockaddr* name, int namelen, AddressFamily family,
                Endpoint* out) {
  if (name == nullptr || namelen < AddressLength(family)) return WSAEFAULT;
  const int wanted = family == AddressFamily::kInet6 ? AF_INET6 : AF_INET;
  if (name->sa_family != wanted) return WSAEAFNOSUPPORT;
  *out = Endpoint{.family = family};
  if (family == AddressFamily::kInet) {
    sockaddr_in in;
    std::memcpy(&in, name, sizeof(in));
    std::memcpy(out->address.data(), &in.sin_addr, 4);
    out->port = ntohs(in.sin_port);
  } else {
    sockaddr_in6 in6;
    std::memcpy(&in6, name, sizeof(in6));
    std::memcpy(out->address.data(), &in6.sin6_addr, 16);
    out->port = ntohs(in6.sin6_port);
  }
  return 0;
}

int WriteAddress(const Endpoint& endpoint, sockaddr* name, int* namelen) {
  if (name == nullptr || namelen == nullptr) return WSAEFAULT;
  const int needed = AddressLength(endpoint.family);
  if (*namelen < needed) return WSAEFAULT;
  if (endpoint.family == AddressFamily::kInet) {
    sockaddr_in in = {};
    in.sin_family = AF_INET;
    in.sin_port = htons(endpoint.port);
    std::memcpy(&in.sin_addr, endpoint.address.data(), 4);
    std::memcpy(name, &in, sizeof(in));
  } else {
    sockaddr_in6 in6 = {};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(endpoint.port);
    std::memcpy(&in6.sin6_addr, endpoint.address.data(), 16);
    std::memcpy(name, &in6, sizeof(in6));
  }
  *namelen = needed;
  return 0;
}

bool IsUnspecified(const Endpoint& endpoint) {
  return std::all_of(endpoint.address.begin(), endpoint.address.end(),
                     [](uint8_t b) { return b == 0; });
}

bool IsOnThisMachine(ProgramProcesses& processes, const Endpoint& destination) {
  if (IsLoopback(destination)) return true;
  return processes.AnySocket([&](sim::Pid, SocketId, WinsockSocket& socket) {
    return socket.bound && socket.family == destination.family &&
           socket.address == destination.address;
  });
}

WinsockSocket* FindReceiver(ProgramProcesses& processes, Protocol protocol,
                            const Endpoint& destination) {
  WinsockSocket* wildcard = nullptr;
  WinsockSocket* exact = nullptr;
  processes.AnySocket([&](sim::Pid, SocketId, WinsockSocket& socket) {
    if (socket.protocol != protocol || !socket.bound || socket.data.accepted ||
        socket.port != destination.port ||
        socket.family != destination.family) {
      return false;
    }
    if (protocol == Protocol::kTcp &&
        socket.data.mode != DataState::Mode::kListening) {
      return false;
    }
    if (socket.address == destination.address) {
      exact = &socket;
      return true;
    }
    if (wildcard == nullptr && IsUnspecified(LocalEndpoint(socket))) {
      wildcard = &socket;
    }
    return false;
  });
  return exact != nullptr ? exact : wildcard;
}

int BindImplicitly(WinsockCall& call, SOCKET s, const Endpoint& destination) {
  IpAddress source{.family = destination.family, .bytes = destination.address};
  if (IsLoopback(destination)) {
    // 127.x.y.z is answered from 127.0.0.1 (::ffff:127.0.0.1 when mapped).
    const size_t v4 = destination.family == AddressFamily::kInet ? 0 : 12;
    if (destination.family == AddressFamily::kInet ||
        source.bytes[10] == 0xff) {
      source.bytes[v4 + 1] = 0;
      source.bytes[v4 + 2] = 0;
      source.bytes[v4 + 3] = 1;
    }
  }
  absl::StatusOr<uint16_t> port = call.Bind(s, source, 0);
  return port.ok() ? 0 : CodeOf(port.status());
}

int ReachAndBind(WinsockCall& call, SOCKET s, const Endpoint& destination) {
  if (IsUnspecified(destination) || destination.port == 0) {
    return WSAEADDRNOTAVAIL;
  }
  if (!IsOnThisMachine(call.processes(), destination)) return WSAENETUNREACH;
  if (call.Socket(s)->bound) return 0;
  return BindImplicitly(call, s, destination);
}

namespace {

int TryReceiveStream(WinsockSocket& socket, char* buffer, size_t length,
                     int flags, size_t* received) {
  DataState& data = socket.data;
  if (data.receive_shut) return WSAESHUTDOWN;
  Connection& c = *data.connection;
  if (c.reset) return WSAECONNRESET;
  const bool peek = (flags & MSG_PEEK) != 0;
  const bool ended = c.fin[1 - data.side];
  const size_t queued = c.inbox[data.side].size();
  const bool wait_all = (flags & MSG_WAITALL) != 0 && !socket.non_blocking;
  if (queued > 0 && (!wait_all || queued >= length || ended)) {
    *received = c.Take(data.side, buffer, length, peek);
    return 0;
  }
  if (ended || length == 0) {
    *received = 0;
    return 0;
  }
  return WSAEWOULDBLOCK;
}

int TryReceiveDatagram(DataState& data, char* buffer, size_t length,
                       int flags, size_t* received, Endpoint* from) {
  if (data.receive_shut) return WSAESHUTDOWN;
  if (data.port_unreachable) {
    data.port_unreachable = false;
    return WSAECONNRESET;
  }
  if (data.datagrams.empty()) return WSAEWOULDBLOCK;
  const Datagram& next = data.datagrams.front();
  const size_t n = std::min(next.bytes.size(), length);
  if (n > 0) std::memcpy(buffer, next.bytes.data(), n);
  if (from != nullptr) *from = next.from;
  *received = n;
  const bool truncated = n < next.bytes.size();
  if ((flags & MSG_PEEK) == 0) {
    data.queued_bytes -= next.bytes.size();
    data.datagrams.pop_front();  // the rest of a long one is lost
  }
  return truncated ? WSAEMSGSIZE : 0;
}

}  // namespace

int TryReceive(WinsockSocket& socket, char* buffer, size_t length, int flags,
               size_t* received, Endpoint* from) {
  if (socket.type == SocketType::kDatagram) {
    return TryReceiveDatagram(socket.data, buffer, length, flags, received,
                              from);
  }
  return TryReceiveStream(socket, buffer, length, flags, received);
}

void AcceptInto(WinsockSocket& listener, WinsockSocket& accepted) {
  std::shared_ptr<Connection> connection = listener.data.pending.front();
  listener.data.pending.pop_front();
  accepted.bound = true;
  accepted.port = listener.port;
  accepted.address = connection->endpoint[1].address;
  accepted.non_blocking = listener.non_blocking;
  const DataState& options = listener.data;
  DataState& data = accepted.data;
  data.mode = DataState::Mode::kConnected;
  data.accepted = true;
  data.connection = std::move(connection);
  data.side = 1;
  data.receive_timeout_ms = options.receive_timeout_ms;
  data.send_timeout_ms = options.send_timeout_ms;
  data.linger = options.linger;
  data.linger_seconds = options.linger_seconds;
  data.event = options.event;
  data.selected = options.selected;
  data.enabled = FD_ALL_EVENTS;
}

Endpoint LocalEndpoint(const WinsockSocket& socket) {
  return Endpoint{
      .family = socket.family, .address = socket.address, .port = socket.port};
}

absl::Time DeadlineAfter(uint32_t timeout_ms) {
  return timeout_ms == 0 ? absl::InfiniteFuture()
                         : absl::Now() + absl::Milliseconds(timeout_ms);
}

}  // namespace portres::compat::internal
