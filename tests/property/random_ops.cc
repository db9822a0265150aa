// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/property/random_ops.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace portres::testkit {
namespace {

constexpr uint16_t kWindowBase = 5000;

rc::Gen<Op> GenOpOf(rc::Gen<Operation> kinds) {
  return rc::gen::construct<Op>(
      kinds, rc::gen::inRange(0, 4), rc::gen::inRange(0, 12),
      rc::gen::weightedOneOf<int>(
          {{1, rc::gen::just(0)}, {4, rc::gen::inRange(1, 41)}}),
      rc::gen::inRange(1, 9), rc::gen::inRange(-1, 10),
      rc::gen::arbitrary<bool>());
}

// Addresses binds use: local and not, of both families, v4-mapped ones,
// so every §16 rule and each family mismatch (WSAEFAULT) is reached.
IpAddress PickAddress(int index) {
  static constexpr IpAddress kAddresses[] = {
      kIpv4Any,
      kIpv4Loopback,
      kIpv6Any,
      kIpv6Loopback,
      IpAddress::V4Mapped(kIpv4Loopback),
      IpAddress::V4Mapped(kIpv4Any),
      IpAddress::V4(127, 0, 0, 2),
      IpAddress::V4(10, 0, 0, 1),  // not local
  };
  return kAddresses[static_cast<size_t>(index) % std::size(kAddresses)];
}

SocketOption PickOption(int index) {
  static constexpr SocketOption kOptions[] = {
      SocketOption::kReuseAddress, SocketOption::kExclusiveAddressUse,
      SocketOption::kIpv6Only, SocketOption::kCpuAffinity};
  return kOptions[static_cast<size_t>(index) % std::size(kOptions)];
}

}  // namespace

void showValue(const Op& op, std::ostream& os) {
  os << OperationName(op.kind) << "(process=" << op.process
     << " socket=" << op.socket << " port=" << op.port << " count=" << op.count
     << " token=" << op.token << " flag=" << op.flag << ")";
}

rc::Gen<Op> GenOp() {
  using K = Operation;
  return GenOpOf(
      rc::gen::weightedElement<Operation>({{2, K::kSpawnProcess},
                                           {1, K::kExitProcess},
                                           {6, K::kOpenSocket},
                                           {3, K::kCloseSocket},
                                           {5, K::kBind},
                                           {3, K::kSetOption},
                                           {1, K::kGetOption},
                                           {6, K::kAcquire},
                                           {3, K::kRelease},
                                           {4, K::kAssociate},
                                           {2, K::kCreatePersistent},
                                           {1, K::kDeletePersistent},
                                           {1, K::kLookupPersistent},
                                           {1, K::kReboot},
                                           {1, K::kAddSystemReservation},
                                           {1, K::kSetDynamicPortRange}}));
}

rc::Gen<Op> GenOwnSocketOp() {
  using K = Operation;
  return GenOpOf(rc::gen::weightedElement<Operation>({{3, K::kOpenSocket},
                                                      {1, K::kCloseSocket},
                                                      {3, K::kBind},
                                                      {2, K::kSetOption},
                                                      {4, K::kAcquire},
                                                      {2, K::kRelease},
                                                      {3, K::kAssociate}}));
}

OpDriver::OpDriver(uint64_t seed) : host_({.seed = seed}) {
  processes_.push_back(host_.SpawnProcess());
  processes_.push_back(host_.SpawnProcess({.elevated = true}));
}

sim::Pid OpDriver::SpawnFocused(bool elevated) {
  sim::Pid pid = host_.SpawnProcess({.elevated = elevated});
  processes_.push_back(pid);
  focus_ = pid;
  return pid;
}

std::vector<SocketId> OpDriver::SocketsOf(sim::Pid pid) const {
  std::vector<SocketId> ids;
  for (const SocketRef& ref : sockets_) {
    if (ref.owner == pid) ids.push_back(ref.id);
  }
  return ids;
}

sim::Pid OpDriver::PickProcess(int index) const {
  if (focus_) return *focus_;
  // With no live process left, an exited pid exercises the dead-view path.
  if (processes_.empty()) return 0;
  return processes_[index % processes_.size()];
}

PortReservations& OpDriver::View(sim::Pid pid) {
  for (auto& [owner, view] : views_) {
    if (owner == pid) return *view;
  }
  views_.emplace_back(pid, host_.Process(pid));
  return *views_.back().second;
}

Token OpDriver::PickToken(int index) const {
  if (index < 0 || tokens_.empty()) return Token();
  return tokens_[index % tokens_.size()];
}

PortRange OpDriver::PickRange(const Op& op) const {
  if (op.port == 0) return {0, static_cast<uint16_t>(op.count)};
  return {static_cast<uint16_t>(kWindowBase + op.port - 1),
          static_cast<uint16_t>(op.count)};
}

absl::Status OpDriver::Apply(const Op& op) {
  const sim::Pid pid = PickProcess(op.process);
  // The socket handle: one this process opened, else any handle ever seen
  // (another process's or a closed one), else a never-valid handle.
  SocketId socket = 0x7777;
  if (!sockets_.empty()) {
    const SocketRef& ref = sockets_[op.socket % sockets_.size()];
    socket = ref.id;
    if (focus_ && ref.owner != *focus_) socket = 0x7777;
  }
  const Protocol protocol = op.flag ? Protocol::kTcp : Protocol::kUdp;
  switch (op.kind) {
    case Operation::kSpawnProcess:
      processes_.push_back(host_.SpawnProcess({.elevated = op.flag}));
      return absl::OkStatus();
    case Operation::kExitProcess: {
      absl::Status s = host_.ExitProcess(pid);
      if (s.ok()) std::erase(processes_, pid);
      return s;
    }
    case Operation::kOpenSocket: {
      // count 8 opens a raw socket, to reach the WSAEOPNOTSUPP paths.
      SocketType type = op.count == 8 ? SocketType::kRaw
                        : op.flag     ? SocketType::kStream
                                      : SocketType::kDatagram;
      absl::StatusOr<SocketId> s = View(pid).OpenSocket(
          op.port % 2 ? AddressFamily::kInet6 : AddressFamily::kInet, type, 0);
      if (s.ok()) sockets_.push_back({pid, *s});
      return s.status();
    }
    case Operation::kCloseSocket:
      return View(pid).CloseSocket(socket);
    case Operation::kBind: {
      const uint16_t port =
          op.port == 0 ? 0 : static_cast<uint16_t>(kWindowBase + op.port - 1);
      return View(pid).Bind(socket, PickAddress(op.count), port).status();
    }
    case Operation::kSetOption:
      return View(pid).SetOption(socket, PickOption(op.count), op.flag);
    case Operation::kGetOption:
      return View(pid).GetOption(socket, PickOption(op.count)).status();
    case Operation::kAcquire: {
      absl::StatusOr<Reservation> r = View(pid).Acquire(socket, PickRange(op));
      if (r.ok()) tokens_.push_back(r->token);
      return r.status();
    }
    case Operation::kRelease:
      return View(pid).Release(socket, PickToken(op.token));
    case Operation::kAssociate:
      return View(pid).Associate(socket, PickToken(op.token));
    case Operation::kCreatePersistent: {
      absl::StatusOr<Token> t =
          View(pid).CreatePersistent(protocol, PickRange(op));
      if (t.ok()) tokens_.push_back(*t);
      return t.status();
    }
    case Operation::kDeletePersistent:
      return View(pid).DeletePersistent(protocol, PickRange(op));
    case Operation::kLookupPersistent: {
      absl::StatusOr<Token> t =
          View(pid).LookupPersistent(protocol, PickRange(op));
      if (t.ok()) tokens_.push_back(*t);
      return t.status();
    }
    case Operation::kReboot:
      host_.Reboot();
      processes_ = {host_.SpawnProcess(),
                    host_.SpawnProcess({.elevated = true})};
      return absl::OkStatus();
    case Operation::kAddSystemReservation: {
      absl::StatusOr<Reservation> r =
          host_.AddSystemReservation(protocol, PickRange(op));
      if (r.ok()) tokens_.push_back(r->token);
      return r.status();
    }
    case Operation::kSetDynamicPortRange:
      // Small ranges near the window make exhaustion reachable.
      return host_.SetDynamicPortRange(
          protocol, {static_cast<uint16_t>(kWindowBase + op.port * 10),
                     static_cast<uint16_t>(op.count == 1 ? 254 : 255)});
  }
  return absl::OkStatus();
}

}  // namespace portres::testkit
