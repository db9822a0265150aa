// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/model/generators.h"

#include <algorithm>

namespace portres::testkit {

using model::Model;

rc::Gen<int> PickSocket(const Model& m) {
  const int n = static_cast<int>(m.sockets.size());
  if (n == 0) return rc::gen::just(model::kNoSocket);
  std::vector<int> own;  // the current process's open sockets
  for (int i = 0; i < n; ++i) {
    if (m.sockets[i].open && m.sockets[i].process == m.current)
      own.push_back(i);
  }
  if (own.empty()) {
    return rc::gen::weightedOneOf<int>(
        {{1, rc::gen::just(model::kNoSocket)}, {4, rc::gen::inRange(0, n)}});
  }
  return rc::gen::weightedOneOf<int>({{1, rc::gen::just(model::kNoSocket)},
                                      {2, rc::gen::inRange(0, n)},
                                      {12, rc::gen::elementOf(own)}});
}
rc::Gen<int> PickUnboundSocket(const Model& m) {
  std::vector<int> unbound;
  for (int i = 0; i < static_cast<int>(m.sockets.size()); ++i) {
    const model::Socket& s = m.sockets[i];
    if (s.open && !s.bound && s.process == m.current) unbound.push_back(i);
  }
  if (unbound.empty()) return PickSocket(m);
  return rc::gen::weightedOneOf<int>(
      {{1, PickSocket(m)}, {3, rc::gen::elementOf(unbound)}});
}
rc::Gen<int> PickToken(const Model& m) {
  const int n = m.token_slots;
  if (n == 0) {
    return rc::gen::element(model::kZeroToken, model::kUnknownToken);
  }
  std::vector<int> live;  // slots whose reservation still exists
  for (const model::Reservation& r : m.reservations) {
    if (r.token_slot >= 0) live.push_back(r.token_slot);
  }
  const auto any = rc::gen::inRange(0, n);
  return rc::gen::weightedOneOf<int>(
      {{1, rc::gen::just(model::kZeroToken)},
       {1, rc::gen::just(model::kUnknownToken)},
       {3, rc::gen::inRange(std::max(0, n - 3), n)},
       {2, any},
       {live.empty() ? 0u : 6u,
        live.empty() ? any : rc::gen::elementOf(live)}});
}
rc::Gen<int> PickProcess(const Model& m) {
  std::vector<int> live;
  for (int i = 0; i < static_cast<int>(m.processes.size()); ++i) {
    if (m.processes[i].alive) live.push_back(i);
  }
  const auto any = rc::gen::inRange(0, static_cast<int>(m.processes.size()));
  if (live.empty()) return any;
  return rc::gen::weightedOneOf<int>({{1, any}, {5, rc::gen::elementOf(live)}});
}
rc::Gen<uint16_t> PickCount() {
  return rc::gen::weightedOneOf<uint16_t>(
      {{8, rc::gen::inRange<uint16_t>(1, 9)},
       {1, rc::gen::just<uint16_t>(0)},
       {2, rc::gen::elementOf(std::vector<uint16_t>{100, 255, 300, 1024})}});
}
// A port inside a live reservation, if there is one: where unassociated
// binds, sharing and conflicts happen.
rc::Gen<uint16_t> PortInReservation(const Model& m) {
  std::vector<uint16_t> ports;  // the first few ports of each reservation
  for (const model::Reservation& r : m.reservations) {
    for (uint32_t i = 0; i < std::min<uint32_t>(r.range.count, 4); ++i) {
      ports.push_back(static_cast<uint16_t>(r.range.start + i));
    }
  }
  if (ports.empty()) return rc::gen::just(kWindow);
  return rc::gen::elementOf(ports);
}
// A port some open socket is bound to: where WSAEADDRINUSE, WSAEACCES and
// the sharing of §16.3 and U26 happen.
rc::Gen<uint16_t> BoundPort(const Model& m) {
  std::vector<uint16_t> ports;
  for (const model::Socket& s : m.sockets) {
    if (s.open && s.bound && s.protocol) ports.push_back(s.port);
  }
  if (ports.empty()) return rc::gen::just(kWindow);
  return rc::gen::elementOf(ports);
}
rc::Gen<uint16_t> PickStart(const Model& m, bool allow_wildcard) {
  return rc::gen::weightedOneOf<uint16_t>(
      {{allow_wildcard ? 3u : 0u, rc::gen::just<uint16_t>(0)},
       {6, rc::gen::inRange<uint16_t>(kWindow, kWindow + 24)},
       {2, rc::gen::elementOf(
               std::vector<uint16_t>{m.dynamic[0].start, m.dynamic[1].start})},
       {1, rc::gen::elementOf(std::vector<uint16_t>{65530, 65535})}});
}
rc::Gen<PortRange> PickRange(const Model& m, bool allow_wildcard) {
  return rc::gen::construct<PortRange>(PickStart(m, allow_wildcard),
                                       PickCount());
}
rc::Gen<Protocol> PickProtocol() {
  return rc::gen::element(Protocol::kTcp, Protocol::kUdp);
}

rc::Gen<IpAddress> PickAddress(const model::Model& m, int socket,
                               uint16_t port) {
  const bool v6 = socket >= 0 && socket < static_cast<int>(m.sockets.size()) &&
                  m.sockets[socket].v6;
  const AddressFamily own = v6 ? AddressFamily::kInet6 : AddressFamily::kInet;
  const AddressFamily other =
      v6 ? AddressFamily::kInet : AddressFamily::kInet6;
  std::vector<std::pair<uint32_t, IpAddress>> choices = {
      {8, IpAddress::Any(own)},
      {5, IpAddress::Loopback(own)},
      {v6 ? 3u : 0u, IpAddress::V4Mapped(kIpv4Loopback)},
      {v6 ? 2u : 0u, IpAddress::V4Mapped(kIpv4Any)},
      {v6 ? 0u : 3u, IpAddress::V4(127, 0, 0, 2)},
      {1, IpAddress::V4(10, 0, 0, 1)},  // not local; BA3 on an IPv6 socket
      {1, IpAddress::Any(other)},
  };
  // Where the address rules decide: the addresses holders of `port` have.
  for (const model::Socket& held : m.sockets) {
    if (port == 0 || !held.open || !held.bound || held.port != port) continue;
    IpAddress same = held.address;
    if (v6 && !held.v6) same = IpAddress::V4Mapped(held.address);
    if (!v6 && held.v6) {
      if (!held.address.IsV4Mapped()) continue;
      same = held.address.MappedV4();
    }
    choices.push_back({6, same});
  }
  std::vector<IpAddress> pool;  // each choice as often as its weight
  for (const auto& [weight, address] : choices) {
    pool.insert(pool.end(), weight, address);
  }
  return rc::gen::elementOf(pool);
}

uint16_t FreeDynamicPorts(const Model& m, Protocol protocol) {
  const model::DynamicRange d = m.dynamic[static_cast<int>(protocol)];
  const uint32_t last = uint32_t{d.start} + d.count - 1;
  std::vector<bool> taken(d.count, false);
  auto take = [&](uint32_t first, uint32_t end) {
    for (uint32_t p = std::max<uint32_t>(first, d.start);
         p <= std::min(end, last); ++p) {
      taken[p - d.start] = true;
    }
  };
  for (const model::Reservation& r : m.reservations) {
    if (r.protocol == protocol) take(r.range.start, r.range.last());
  }
  for (const model::Socket& s : m.sockets) {
    if (s.open && s.bound && s.protocol == protocol) take(s.port, s.port);
  }
  return static_cast<uint16_t>(std::count(taken.begin(), taken.end(), false));
}

rc::Gen<SocketOption> PickOption(const Model& m, int socket) {
  const bool v6 = socket >= 0 && socket < static_cast<int>(m.sockets.size()) &&
                  m.sockets[socket].v6;
  return rc::gen::weightedElement<SocketOption>(
      {{3, SocketOption::kReuseAddress},
       {3, SocketOption::kExclusiveAddressUse},
       {v6 ? 6u : 1u, SocketOption::kIpv6Only},
       {2, SocketOption::kCpuAffinity}});
}

// The current process's associated, unbound sockets with the ports a bind
// through their reservation would use: 0, the reservation's first ports, and
// ports siblings of the same reservation hold (U26 sharing).
std::vector<std::pair<int, uint16_t>> BindsThroughReservations(const Model& m) {
  std::vector<std::pair<int, uint16_t>> binds;
  for (int i = 0; i < static_cast<int>(m.sockets.size()); ++i) {
    const model::Socket& s = m.sockets[i];
    if (!s.open || s.bound || s.process != m.current || s.associated < 0) {
      continue;
    }
    binds.emplace_back(i, 0);
    for (const model::Socket& sibling : m.sockets) {
      if (sibling.open && sibling.bound && sibling.bind_group == s.associated) {
        binds.emplace_back(i, sibling.port);
        binds.emplace_back(i, sibling.port);
      }
    }
    for (const model::Reservation& r : m.reservations) {
      if (r.token_slot != s.associated) continue;
      for (uint32_t k = 0; k < std::min<uint32_t>(r.range.count, 3); ++k) {
        binds.emplace_back(i, static_cast<uint16_t>(r.range.start + k));
      }
    }
  }
  return binds;
}

// (socket, token) pairs the current process may associate: a fresh own
// socket and its own runtime token, or a persistent one when elevated.
std::vector<std::pair<int, int>> UsableAssociations(const Model& m) {
  std::vector<std::pair<int, int>> usable;
  for (int i = 0; i < static_cast<int>(m.sockets.size()); ++i) {
    const model::Socket& s = m.sockets[i];
    if (!s.open || s.bound || s.process != m.current || s.associated >= 0 ||
        !s.protocol) {
      continue;
    }
    for (const model::Reservation& r : m.reservations) {
      const bool may_use =
          r.kind == model::Kind::kPersistent
              ? m.processes[m.current].elevated
              : r.kind == model::Kind::kRuntime && r.owner_process == m.current;
      if (r.token_slot >= 0 && r.protocol == *s.protocol && may_use) {
        usable.emplace_back(i, r.token_slot);
      }
    }
  }
  return usable;
}

}  // namespace portres::testkit
