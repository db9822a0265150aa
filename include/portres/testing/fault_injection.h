// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: fault_injection.h
//
// FaultInjectingPortReservations: a PortReservations in front of any backend
// (the simulator, the Win32 backend, your own) that makes the calls a
// FaultPlan chooses fail with the Windows code it chooses, without calling
// the backend, so the backend's state is exactly as before (docs FI1-FI4;
// CMake target portres::testkit).
//
// Example:
//   portres::FaultPlan plan;
//   portres::testkit::FaultInjectingPortReservations ports(*backend, plan);
//   // "the second acquire fails with WSAENOBUFS"
//   (void)ports.Acquire(s, {0, 10});
//   plan.FailNext(portres::Operation::kAcquire, portres::kWsaENoBufs);
//   auto second = ports.Acquire(s, {0, 10});  // WSAENOBUFS, nothing reserved
//
// Thread safety: as the target's; the plan is thread-safe.

#ifndef PORTRES_TESTING_FAULT_INJECTION_H_
#define PORTRES_TESTING_FAULT_INJECTION_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "portres/fault_plan.h"
#include "portres/status.h"
#include "portres/testing/forwarding_port_reservations.h"

namespace portres::testkit {

// Forwards every call to `target` unless `plan` decides it fails. Both must
// outlive it. `process` is the id rules see as FaultCall::process.
class FaultInjectingPortReservations : public ForwardingPortReservations {
 public:
  // Calls go to `target` unless `plan` fails them.
  FaultInjectingPortReservations(PortReservations& target, FaultPlan& plan,
                                 uint32_t process = 0)
      : ForwardingPortReservations(target), plan_(plan), process_(process) {}

  // Fails as planned, or forwards and remembers the socket's protocol.
  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override {
    if (absl::Status f = Fault({.operation = Operation::kOpenSocket}); !f.ok())
      return f;
    absl::StatusOr<SocketId> s =
        ForwardingPortReservations::OpenSocket(family, type, protocol);
    if (s.ok() && type != SocketType::kRaw) {
      std::lock_guard lock(mu_);
      protocols_[*s] =
          type == SocketType::kStream ? Protocol::kTcp : Protocol::kUdp;
    }
    return s;
  }
  // Fails as planned, or forwards.
  absl::Status CloseSocket(SocketId socket) override {
    if (absl::Status f = Fault(OnSocket(Operation::kCloseSocket, socket));
        !f.ok())
      return f;
    absl::Status closed = ForwardingPortReservations::CloseSocket(socket);
    if (closed.ok()) {
      std::lock_guard lock(mu_);
      protocols_.erase(socket);
    }
    return closed;
  }
  // Fails as planned (the call's ports: {port, 1}), or forwards.
  absl::StatusOr<uint16_t> Bind(SocketId socket, const IpAddress& address,
                                uint16_t port) override {
    FaultCall call = OnSocket(Operation::kBind, socket);
    call.ports = PortRange{port, static_cast<uint16_t>(port == 0 ? 0 : 1)};
    if (absl::Status f = Fault(call); !f.ok()) return f;
    return ForwardingPortReservations::Bind(socket, address, port);
  }
  // Fails as planned, or forwards.
  absl::Status SetOption(SocketId socket, SocketOption option,
                         uint32_t value) override {
    if (absl::Status f = Fault(OnSocket(Operation::kSetOption, socket));
        !f.ok())
      return f;
    return ForwardingPortReservations::SetOption(socket, option, value);
  }
  // Fails as planned, or forwards.
  absl::StatusOr<uint32_t> GetOption(SocketId socket,
                                     SocketOption option) override {
    if (absl::Status f = Fault(OnSocket(Operation::kGetOption, socket));
        !f.ok())
      return f;
    return ForwardingPortReservations::GetOption(socket, option);
  }
  // Fails as planned (the call's ports: `range`), or forwards.
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    FaultCall call = OnSocket(Operation::kAcquire, socket);
    call.ports = range;
    if (absl::Status f = Fault(call); !f.ok()) return f;
    return ForwardingPortReservations::Acquire(socket, range);
  }
  // Fails as planned, or forwards.
  absl::Status Release(SocketId socket, Token token) override {
    if (absl::Status f = Fault(OnSocket(Operation::kRelease, socket)); !f.ok())
      return f;
    return ForwardingPortReservations::Release(socket, token);
  }
  // Fails as planned, or forwards.
  absl::Status Associate(SocketId socket, Token token) override {
    if (absl::Status f = Fault(OnSocket(Operation::kAssociate, socket));
        !f.ok())
      return f;
    return ForwardingPortReservations::Associate(socket, token);
  }
  // Fails as planned, or forwards.
  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override {
    if (absl::Status f = Fault(
            Persistent(Operation::kCreatePersistent, protocol, range));
        !f.ok())
      return f;
    return ForwardingPortReservations::CreatePersistent(protocol, range);
  }
  // Fails as planned, or forwards.
  absl::Status DeletePersistent(Protocol protocol, PortRange range) override {
    if (absl::Status f = Fault(
            Persistent(Operation::kDeletePersistent, protocol, range));
        !f.ok())
      return f;
    return ForwardingPortReservations::DeletePersistent(protocol, range);
  }
  // Fails as planned, or forwards.
  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override {
    if (absl::Status f = Fault(
            Persistent(Operation::kLookupPersistent, protocol, range));
        !f.ok())
      return f;
    return ForwardingPortReservations::LookupPersistent(protocol, range);
  }

 private:
  FaultCall OnSocket(Operation operation, SocketId socket) {
    FaultCall call{.operation = operation, .socket = socket};
    std::lock_guard lock(mu_);
    auto it = protocols_.find(socket);
    if (it != protocols_.end()) call.protocol = it->second;
    return call;
  }
  static FaultCall Persistent(Operation operation, Protocol protocol,
                              PortRange range) {
    return {.operation = operation, .protocol = protocol, .ports = range};
  }
  // OK to run the call, or the planned failure.
  absl::Status Fault(FaultCall call) {
    if (!plan_.armed()) return absl::OkStatus();
    call.process = process_;
    std::optional<uint32_t> code = plan_.Decide(call);
    if (!code.has_value()) return absl::OkStatus();
    return WindowsError(*code, absl::StrCat("injected fault: ",
                                            OperationName(call.operation)));
  }

  FaultPlan& plan_;
  const uint32_t process_;
  std::mutex mu_;
  // Open sockets' protocols, as OpenSocket saw them.
  std::unordered_map<SocketId, Protocol> protocols_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_FAULT_INJECTION_H_
