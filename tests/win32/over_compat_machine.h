// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Win32 backend (win32/win32_port_reservations.cc) compiled against
// portres::compat, as a test machine: each simulated process gets its own
// Win32 backend, made while the calling thread acts as that process, and
// every call switches the thread to it first, as if each process were a
// program of its own. The machine controls go to compat's host directly.

#ifndef PORTRES_TESTS_WIN32_OVER_COMPAT_MACHINE_H_
#define PORTRES_TESTS_WIN32_OVER_COMPAT_MACHINE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/port_reservations.h"
#include "portres/testing/machine.h"

namespace portres::testkit {

// One simulated process's Win32 backend. Each call first makes the calling
// thread act as the process; once the process has exited every call answers
// ERROR_INVALID_HANDLE (6), as the Machine interface asks.
class Win32OverCompatProcess : public PortReservations {
 public:
  // Starts Winsock through the backend while acting as `pid`. If `pid` is
  // not live, or the backend cannot start, every call answers why.
  explicit Win32OverCompatProcess(uint32_t pid);

  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override;
  absl::Status CloseSocket(SocketId socket) override;
  absl::StatusOr<uint16_t> Bind(SocketId socket, const IpAddress& address,
                                uint16_t port) override;
  absl::Status SetOption(SocketId socket, SocketOption option,
                         uint32_t value) override;
  absl::StatusOr<uint32_t> GetOption(SocketId socket,
                                     SocketOption option) override;
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override;
  absl::Status Release(SocketId socket, Token token) override;
  absl::Status Associate(SocketId socket, Token token) override;
  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override;
  absl::Status DeletePersistent(Protocol protocol, PortRange range) override;
  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override;

 private:
  // `call` on the backend, with the calling thread acting as the process;
  // or why there is none to call.
  template <typename Call>
  auto Run(Call call) -> decltype(call(std::declval<PortReservations&>()));

  const uint32_t pid_;
  absl::Status start_error_;
  std::unique_ptr<PortReservations> win32_;
};

// compat's one host as a Machine, its processes' calls through the Win32
// backend. One at a time per program (compat has one host): the constructor
// and destructor reset it.
class Win32OverCompatMachine : public Machine {
 public:
  Win32OverCompatMachine();
  ~Win32OverCompatMachine() override;

  uint32_t SpawnProcess(bool elevated) override;
  absl::Status ExitProcess(uint32_t pid) override;
  PortReservations& Process(uint32_t pid) override;
  void Reboot() override;
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range) override;
  absl::Status SetDynamicPortRange(Protocol protocol, uint16_t start,
                                   uint16_t count) override;
  absl::Status CheckInvariants() override;
  std::string StateDump() override;
  bool CanSwitchProfiles() const override { return true; }
  absl::Status RebootInto(absl::string_view profile) override;

 private:
  // The backends of processes that have ended: a process that dies runs no
  // destructor (no WSACleanup), so they are kept until the machine goes.
  void Bury(uint32_t pid);
  // Every process at once, as a reboot ends them.
  void BuryAll();

  std::map<uint32_t, std::unique_ptr<Win32OverCompatProcess>> processes_;
  std::vector<std::unique_ptr<Win32OverCompatProcess>> dead_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_WIN32_OVER_COMPAT_MACHINE_H_
