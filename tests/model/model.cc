// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/model/model.h"

#include <algorithm>

#include "portres/windows_codes.h"

namespace portres::testkit::model {
namespace {

Result Code(uint32_t code) { return Result{.code = code}; }

DynamicRange& DynamicOf(Model& m, Protocol p) {
  return m.dynamic[static_cast<int>(p)];
}

// A reservation slot's live reservation, if any.
Reservation* BySlot(Model& m, int slot) {
  if (slot < 0) return nullptr;
  for (Reservation& r : m.reservations) {
    if (r.token_slot == slot) return &r;
  }
  return nullptr;
}

bool Overlaps(PortRange a, PortRange b) {
  return a.start <= b.last() && b.start <= a.last();
}

// Every reservation of the protocol containing `port`, or nullptr.
Reservation* Covering(Model& m, Protocol p, uint32_t port) {
  for (Reservation& r : m.reservations) {
    if (r.protocol == p && r.range.Contains(port)) return &r;
  }
  return nullptr;
}

bool AnyReservationOverlaps(const Model& m, Protocol p, PortRange range) {
  return std::any_of(m.reservations.begin(), m.reservations.end(),
                     [&](const Reservation& r) {
                       return r.protocol == p && Overlaps(r.range, range);
                     });
}

// The open sockets of protocol `p` bound to `port`.
std::vector<int> BoundTo(const Model& m, Protocol p, uint32_t port) {
  std::vector<int> found;
  for (int i = 0; i < static_cast<int>(m.sockets.size()); ++i) {
    const Socket& s = m.sockets[i];
    if (s.open && s.bound && s.protocol == p && s.port == port) {
      found.push_back(i);
    }
  }
  return found;
}

bool AnyBoundIn(const Model& m, Protocol p, PortRange range) {
  for (uint32_t port = range.start; port <= range.last(); ++port) {
    if (!BoundTo(m, p, port).empty()) return true;
  }
  return false;
}

// The first port of the first run of `count` ports inside [lo, hi] that are
// neither reserved nor bound (U18 first fit; with count 1, U10 for bind(0)):
// sort everything taken, then walk the gaps.
std::optional<uint16_t> FirstFree(const Model& m, Protocol p, uint32_t lo,
                                  uint32_t hi, uint32_t count) {
  std::vector<std::pair<uint32_t, uint32_t>> taken;  // [first, last]
  for (const Reservation& r : m.reservations) {
    if (r.protocol == p) taken.emplace_back(r.range.start, r.range.last());
  }
  for (const Socket& s : m.sockets) {
    if (s.open && s.bound && s.protocol == p)
      taken.emplace_back(s.port, s.port);
  }
  std::sort(taken.begin(), taken.end());
  uint32_t cursor = lo;
  for (const auto& [first, last] : taken) {
    if (first > cursor && std::min(first - 1, hi) + 1 - cursor >= count &&
        cursor <= hi) {
      return static_cast<uint16_t>(cursor);
    }
    cursor = std::max(cursor, last + 1);
  }
  if (cursor <= hi && hi + 1 - cursor >= count) {
    return static_cast<uint16_t>(cursor);
  }
  return std::nullopt;
}

bool CallerAlive(const Model& m) {
  return m.current >= 0 && m.current < static_cast<int>(m.processes.size()) &&
         m.processes[m.current].alive;
}

// The index of the current process's open socket that socket `index`'s
// handle number names there (H4, H7), or -1 (WSAENOTSOCK).
int Named(const Model& m, int index) {
  if (index < 0 || index >= static_cast<int>(m.sockets.size())) return -1;
  const std::vector<int>& table = m.processes[m.current].handle_socket;
  const int handle = m.sockets[index].handle;
  return handle < static_cast<int>(table.size()) ? table[handle] : -1;
}

Socket* OwnSocket(Model& m, int index) {
  const int named = Named(m, index);
  return named < 0 ? nullptr : &m.sockets[named];
}

int NewSlot(Model& m) { return m.token_slots++; }

// The scheduled failure, if this call is the one it is for (FI1): it is
// used up, and the call changes nothing (FI3).
std::optional<uint32_t> TakeFault(Model& m, Operation operation) {
  if (!m.fault || m.fault->first != operation) return std::nullopt;
  const uint32_t code = m.fault->second;
  m.fault.reset();
  return code;
}

void CloseSocket(Model& m, int index) {
  Socket& s = m.sockets[index];
  Process& owner = m.processes[s.process];
  owner.handle_socket[s.handle] = -1;
  owner.free_handles.push_back(s.handle);
  s.open = false;
  s.bound = false;
  // Spec §3.3: the socket's runtime reservations go with it.
  std::erase_if(m.reservations, [index](const Reservation& r) {
    return r.kind == Kind::kRuntime && r.owner_socket == index;
  });
}

// Spec U6 for the ioctl; also the system-reservation block rules.
uint32_t RuntimeRangeError(PortRange range) {
  if (range.count == 0) return kWsaEInval;
  if (range.start != 0 && range.last() > 65535) return kWsaEInval;
  return 0;
}

// Where a runtime/system block goes (spec §3.2, U5, U6, U18).
Result PlaceBlock(Model& m, Protocol p, PortRange range) {
  if (uint32_t e = RuntimeRangeError(range)) return Code(e);
  if (range.start != 0) {
    if (AnyReservationOverlaps(m, p, range)) return Code(kWsaEAddrInUse);
    if (AnyBoundIn(m, p, range)) return Code(kWsaEAddrInUse);
    return Result{.range = range};
  }
  const DynamicRange d = DynamicOf(m, p);
  std::optional<uint16_t> start =
      FirstFree(m, p, d.start, uint32_t{d.start} + d.count - 1, range.count);
  if (!start) return Code(kWsaENoBufs);
  return Result{.range = {*start, range.count}};
}

// Spec §7-§9 prologue: access (5) before parameters (87), U16.
uint32_t PersistentPrologue(const Model& m, PortRange range, bool needs_admin) {
  if (!CallerAlive(m)) return kErrorInvalidHandle;
  if (m.wine) return kErrorNotSupported;  // WN8
  if (needs_admin && !m.processes[m.current].elevated)
    return kErrorAccessDenied;
  if (range.start == 0 || range.count == 0 || range.last() > 65535) {
    return kErrorInvalidParameter;
  }
  return 0;
}

Reservation* ExactPersistent(Model& m, Protocol p, PortRange range) {
  for (Reservation& r : m.reservations) {
    if (r.kind == Kind::kPersistent && r.protocol == p && r.range == range) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

Model Initial() {
  Model m;
  m.processes = {Process{.elevated = false}, Process{.elevated = true}};
  m.current = 1;
  return m;
}

Result Spawn(Model& m, bool elevated) {
  m.processes.push_back(Process{.elevated = elevated});
  return {};
}

Result Exit(Model& m, int process) {
  if (process < 0 || process >= static_cast<int>(m.processes.size()) ||
      !m.processes[process].alive) {
    return Code(kErrorNotFound);  // the control fails; nothing changes
  }
  for (int i = 0; i < static_cast<int>(m.sockets.size()); ++i) {
    if (m.sockets[i].open && m.sockets[i].process == process) CloseSocket(m, i);
  }
  m.processes[process] = Process{.alive = false};
  return {};
}

Result Switch(Model& m, int process) {
  m.current = process;  // a dead process's calls then fail with 6
  return {};
}

Result Reboot(Model& m) {
  for (Process& p : m.processes) p = Process{.alive = false};
  for (Socket& s : m.sockets) s.open = s.bound = false;
  // Spec M10: persistent reservations stay, their tokens change.
  std::erase_if(m.reservations, [](const Reservation& r) {
    return r.kind != Kind::kPersistent;
  });
  for (Reservation& r : m.reservations) r.token_slot = -1;
  m.processes.push_back(Process{});
  m.current = static_cast<int>(m.processes.size()) - 1;
  return {};
}

Result AddSystem(Model& m, Protocol protocol, PortRange range) {
  Result placed = PlaceBlock(m, protocol, range);
  if (placed.code != 0) return placed;
  placed.token_slot = NewSlot(m);
  placed.new_slot = true;
  m.reservations.push_back(Reservation{.kind = Kind::kSystem,
                                       .protocol = protocol,
                                       .range = placed.range,
                                       .token_slot = placed.token_slot});
  return placed;
}

Result SwitchProfile(Model& m, bool wine) {
  Reboot(m);
  m.wine = wine;
  return {};
}

Result ScheduleFault(Model& m, Operation operation, uint32_t code) {
  m.fault = {operation, code};
  return {};
}

Result SetDynamic(Model& m, Protocol protocol, uint16_t start, uint16_t count) {
  // Spec §10.1 / §11 [KB929851]: at least 255 ports, within 1..65535.
  if (start == 0 || count < 255 || uint32_t{start} + count - 1 > 65535) {
    return Code(kErrorInvalidParameter);
  }
  DynamicOf(m, protocol) = {start, count};
  return {};
}

Result Open(Model& m, bool v6, SocketType type, int protocol) {
  if (auto f = TakeFault(m, Operation::kOpenSocket)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  std::optional<Protocol> pool;
  if (type != SocketType::kRaw) {
    const bool stream = type == SocketType::kStream;
    const int native = stream ? kIpProtoTcp : kIpProtoUdp;
    const int other = stream ? kIpProtoUdp : kIpProtoTcp;
    if (protocol == other) return Code(kWsaEProtoType);
    if (protocol != 0 && protocol != native) return Code(kWsaEProtoNoSupport);
    pool = stream ? Protocol::kTcp : Protocol::kUdp;
  }
  // U27: the most recently freed number (lifo; WN12 under wine: the
  // lowest), else a new one.
  Process& caller = m.processes[m.current];
  int handle = static_cast<int>(caller.handle_socket.size());
  std::vector<int>& free = caller.free_handles;
  if (free.empty()) {
    caller.handle_socket.push_back(-1);
  } else {
    auto next = m.wine ? std::min_element(free.begin(), free.end())
                       : free.end() - 1;
    handle = *next;
    free.erase(next);
  }
  caller.handle_socket[handle] = static_cast<int>(m.sockets.size());
  m.sockets.push_back(Socket{
      .process = m.current, .handle = handle, .v6 = v6, .protocol = pool});
  return Result{.handle = handle};
}

Result Close(Model& m, int socket) {
  if (auto f = TakeFault(m, Operation::kCloseSocket)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  const int named = Named(m, socket);
  if (named < 0) return Code(kWsaENotSock);
  CloseSocket(m, named);
  return {};
}

Result Bind(Model& m, int socket, const IpAddress& address, uint16_t port) {
  if (auto f = TakeFault(m, Operation::kBind)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  Socket* s = OwnSocket(m, socket);
  if (s == nullptr) return Code(kWsaENotSock);
  if ((address.family == AddressFamily::kInet6) != s->v6) {
    return Code(kWsaEFault);  // BA3
  }
  if (s->bound) return Code(kWsaEInval);  // BA4
  if (address.IsV4Mapped() && s->options.v6only) {
    return Code(m.wine ? kWsaEInval : kWsaEAddrNotAvail);  // U23
  }
  if (!IsLocal(address)) return Code(kWsaEAddrNotAvail);  // BA1
  uint16_t chosen = port;
  if (s->protocol) {
    const Protocol p = *s->protocol;
    if (s->associated >= 0) {  // spec §4.3
      Reservation* r = BySlot(m, s->associated);
      if (r == nullptr) return Code(kWsaEInval);  // U12, U17: stale
      if (port == 0) {
        std::optional<uint16_t> free;
        for (uint32_t q = r->range.start; q <= r->range.last() && !free; ++q) {
          if (BoundTo(m, p, q).empty()) free = static_cast<uint16_t>(q);
        }
        if (!free) return Code(kWsaENoBufs);  // U8
        chosen = *free;
      } else if (!r->range.Contains(port)) {
        return Code(kWsaEInval);  // U9
      }
    } else if (port == 0) {  // spec UB1, M7
      const DynamicRange d = DynamicOf(m, p);
      std::optional<uint16_t> free =
          FirstFree(m, p, d.start, uint32_t{d.start} + d.count - 1, 1);
      if (!free) return Code(kWsaENoBufs);
      chosen = *free;
    } else if (Reservation* r = Covering(m, p, port);
               r != nullptr && r->kind != Kind::kPersistent) {
      return Code(kWsaEAcces);  // spec UB3, O1, U2, RX1 (UB4, U1: allowed)
    }
    // §16.3-§16.6: the sockets already on the port, oldest first; the first
    // that refuses decides.
    const Binder joining{.v6 = s->v6,
                         .options = s->options,
                         .address = address,
                         .process = s->process,
                         .group = s->associated};
    std::vector<int> holders = BoundTo(m, p, chosen);
    std::sort(holders.begin(), holders.end(), [&](int x, int y) {
      return m.sockets[x].bind_order < m.sockets[y].bind_order;
    });
    for (int h : holders) {
      const Socket& held = m.sockets[h];
      const uint32_t code = SecondBindCode({.v6 = held.v6,
                                            .options = held.bound_with,
                                            .address = held.address,
                                            .process = held.process,
                                            .group = held.bind_group},
                                           joining);
      if (code != 0) return Code(code);
    }
  }
  s->bound = true;
  s->bind_order = ++m.binds;
  s->address = address;
  s->bound_with = s->options;
  s->port = s->protocol ? chosen : 0;
  s->bind_group = s->associated;
  return Result{.port = s->port};
}

// Spec §16.5: SO5, U24, U25, SO8.
Result SetOption(Model& m, int socket, SocketOption option, uint32_t value) {
  if (auto f = TakeFault(m, Operation::kSetOption)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  Socket* s = OwnSocket(m, socket);
  if (s == nullptr) return Code(kWsaENotSock);
  SocketOptions& o = s->options;
  const bool on = value != 0;
  switch (option) {
    case SocketOption::kReuseAddress:
      if (on && (o.exclusive || o.affinity)) return Code(kWsaEInval);
      o.reuse = on;
      return {};
    case SocketOption::kExclusiveAddressUse:
      if (on && o.reuse) return Code(kWsaEInval);
      o.exclusive = on;
      return {};
    case SocketOption::kIpv6Only:
      if (!s->v6) return m.wine ? Result{} : Code(kWsaEInval);  // U25
      if (s->bound) return Code(kWsaEInval);
      o.v6only = on;
      return {};
    case SocketOption::kCpuAffinity:
      if (s->protocol != Protocol::kUdp) return Code(kWsaEOpNotSupp);
      if (s->bound || o.reuse) return Code(kWsaEInval);
      o.affinity = true;
      return {};
  }
  return Code(kWsaEInval);
}

Result GetOption(Model& m, int socket, SocketOption option) {
  if (auto f = TakeFault(m, Operation::kGetOption)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  Socket* s = OwnSocket(m, socket);
  if (s == nullptr) return Code(kWsaENotSock);
  switch (option) {
    case SocketOption::kReuseAddress:
      return Result{.value = s->options.reuse};
    case SocketOption::kExclusiveAddressUse:
      return Result{.value = s->options.exclusive};
    case SocketOption::kIpv6Only:
      if (!s->v6) return Code(kWsaEInval);
      return Result{.value = s->options.v6only};
    case SocketOption::kCpuAffinity:
      break;
  }
  return Code(kWsaENoProtoOpt);
}

Result Acquire(Model& m, int socket, PortRange range) {
  if (auto f = TakeFault(m, Operation::kAcquire)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  if (m.wine) return Code(kWsaEOpNotSupp);  // WN1, WN6
  Socket* s = OwnSocket(m, socket);
  if (s == nullptr) return Code(kWsaENotSock);
  if (!s->protocol) return Code(kWsaEOpNotSupp);
  Result placed = PlaceBlock(m, *s->protocol, range);
  if (placed.code != 0) return placed;
  placed.token_slot = NewSlot(m);
  placed.new_slot = true;
  m.reservations.push_back(Reservation{.kind = Kind::kRuntime,
                                       .protocol = *s->protocol,
                                       .range = placed.range,
                                       .owner_process = m.current,
                                       .owner_socket = Named(m, socket),
                                       .token_slot = placed.token_slot});
  return placed;
}

Result Release(Model& m, int socket, int token) {
  if (auto f = TakeFault(m, Operation::kRelease)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  if (m.wine) return Code(kWsaEOpNotSupp);  // WN1, WN6
  Socket* s = OwnSocket(m, socket);
  if (s == nullptr) return Code(kWsaENotSock);
  if (!s->protocol) return Code(kWsaEOpNotSupp);
  Reservation* r = BySlot(m, token);
  // U11: zero, unknown, released, other-protocol and persistent tokens.
  if (r == nullptr || r->protocol != *s->protocol ||
      r->kind == Kind::kPersistent) {
    return Code(kWsaEInval);
  }
  if (r->kind == Kind::kSystem || r->owner_process != m.current) {
    return Code(kWsaEAcces);  // spec §5 rule, U11 code
  }
  std::erase_if(m.reservations, [token](const Reservation& x) {
    return x.token_slot == token;
  });
  return {};
}

Result Associate(Model& m, int socket, int token) {
  if (auto f = TakeFault(m, Operation::kAssociate)) return Code(*f);
  if (!CallerAlive(m)) return Code(kErrorInvalidHandle);
  if (m.wine) return Code(kWsaEOpNotSupp);  // WN1, WN6
  Socket* s = OwnSocket(m, socket);
  if (s == nullptr) return Code(kWsaENotSock);
  if (!s->protocol) return Code(kWsaEOpNotSupp);
  if (s->bound || s->associated >= 0) return Code(kWsaEInval);  // U7
  Reservation* r = BySlot(m, token);
  if (r == nullptr || r->protocol != *s->protocol) return Code(kWsaEInval);
  const bool allowed = r->kind == Kind::kPersistent
                           ? m.processes[m.current].elevated  // spec §4.2
                           : r->kind == Kind::kRuntime &&
                                 r->owner_process == m.current;  // M3, U7
  if (!allowed) return Code(kWsaEAcces);
  s->associated = token;
  return {};
}

Result CreatePersistent(Model& m, Protocol protocol, PortRange range) {
  if (auto f = TakeFault(m, Operation::kCreatePersistent)) return Code(*f);
  if (uint32_t e = PersistentPrologue(m, range, true)) return Code(e);
  if (AnyReservationOverlaps(m, protocol, range) ||
      AnyBoundIn(m, protocol, range)) {
    return Code(kErrorSharingViolation);  // spec PC3
  }
  Result result{.token_slot = NewSlot(m), .new_slot = true};
  m.reservations.push_back(Reservation{.kind = Kind::kPersistent,
                                       .protocol = protocol,
                                       .range = range,
                                       .token_slot = result.token_slot});
  return result;
}

Result DeletePersistent(Model& m, Protocol protocol, PortRange range) {
  if (auto f = TakeFault(m, Operation::kDeletePersistent)) return Code(*f);
  if (uint32_t e = PersistentPrologue(m, range, true)) return Code(e);
  Reservation* r = ExactPersistent(m, protocol, range);
  if (r == nullptr) return Code(kErrorNotFound);  // spec PD3
  std::erase_if(m.reservations, [r](const Reservation& x) { return &x == r; });
  return {};
}

Result LookupPersistent(Model& m, Protocol protocol, PortRange range) {
  if (auto f = TakeFault(m, Operation::kLookupPersistent)) return Code(*f);
  if (uint32_t e = PersistentPrologue(m, range, false)) return Code(e);
  Reservation* r = ExactPersistent(m, protocol, range);
  if (r == nullptr) return Code(kErrorNotFound);  // spec PL2
  Result result{.token_slot = r->token_slot};
  if (r->token_slot < 0) {  // first sight of this boot's token (M10)
    r->token_slot = result.token_slot = NewSlot(m);
    result.new_slot = true;
  }
  return result;
}

}  // namespace portres::testkit::model
