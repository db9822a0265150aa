// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/win32/over_compat_machine.h"

#include <utility>

#include "portres/compat_host.h"
#include "portres/sim/profile.h"
#include "portres/status.h"
#include "portres/win32.h"
#include "portres/windows_codes.h"
#include "portres_sim.h"

namespace portres::testkit {
Win32OverCompatProcess::Win32OverCompatProcess(uint32_t pid) : pid_(pid) {
  if (PortresSimSwitchProcess(pid) == FALSE) {
    start_error_ = WindowsError(kErrorInvalidHandle, "not a live process");
    return;
  }
  absl::StatusOr<std::unique_ptr<PortReservations>> win32 =
      NewWin32PortReservations();
  if (win32.ok()) {
    win32_ = std::move(*win32);
  } else {
    start_error_ = win32.status();
  }
}

template <typename Call>
auto Win32OverCompatProcess::Run(Call call)
    -> decltype(call(std::declval<PortReservations&>())) {
  if (win32_ == nullptr) return start_error_;
  if (PortresSimSwitchProcess(pid_) == FALSE) {
    return WindowsError(kErrorInvalidHandle, "the process has exited");
  }
  return call(*win32_);
}

absl::StatusOr<SocketId> Win32OverCompatProcess::OpenSocket(
    AddressFamily family, SocketType type, int protocol) {
  return Run([&](PortReservations& p) {
    return p.OpenSocket(family, type, protocol);
  });
}

absl::Status Win32OverCompatProcess::CloseSocket(SocketId socket) {
  return Run([&](PortReservations& p) { return p.CloseSocket(socket); });
}

absl::StatusOr<uint16_t> Win32OverCompatProcess::Bind(SocketId socket,
                                                      const IpAddress& address,
                                                      uint16_t port) {
  return Run([&](PortReservations& p) { return p.Bind(socket, address, port); });
}

absl::Status Win32OverCompatProcess::SetOption(SocketId socket,
                                               SocketOption option,
                                               uint32_t value) {
  return Run(
      [&](PortReservations& p) { return p.SetOption(socket, option, value); });
}

absl::StatusOr<uint32_t> Win32OverCompatProcess::GetOption(
    SocketId socket, SocketOption option) {
  return Run([&](PortReservations& p) { return p.GetOption(socket, option); });
}

absl::StatusOr<Reservation> Win32OverCompatProcess::Acquire(SocketId socket,
                                                            PortRange range) {
  return Run([&](PortReservations& p) { return p.Acquire(socket, range); });
}

absl::Status Win32OverCompatProcess::Release(SocketId socket, Token token) {
  return Run([&](PortReservations& p) { return p.Release(socket, token); });
}

absl::Status Win32OverCompatProcess::Associate(SocketId socket, Token token) {
  return Run([&](PortReservations& p) { return p.Associate(socket, token); });
}

absl::StatusOr<Token> Win32OverCompatProcess::CreatePersistent(
    Protocol protocol, PortRange range) {
  return Run(
      [&](PortReservations& p) { return p.CreatePersistent(protocol, range); });
}

absl::Status Win32OverCompatProcess::DeletePersistent(Protocol protocol,
                                                      PortRange range) {
  return Run(
      [&](PortReservations& p) { return p.DeletePersistent(protocol, range); });
}

absl::StatusOr<Token> Win32OverCompatProcess::LookupPersistent(
    Protocol protocol, PortRange range) {
  return Run(
      [&](PortReservations& p) { return p.LookupPersistent(protocol, range); });
}

Win32OverCompatMachine::Win32OverCompatMachine() { PortresSimReset(); }

Win32OverCompatMachine::~Win32OverCompatMachine() {
  // Every backend's destructor calls WSACleanup in whatever process the
  // thread acts as: a fresh host's initial process, dropped after.
  PortresSimReset();
  processes_.clear();
  dead_.clear();
  PortresSimReset();
}

uint32_t Win32OverCompatMachine::SpawnProcess(bool elevated) {
  const uint32_t pid = PortresSimSpawnProcess(elevated ? TRUE : FALSE);
  // A program starts Winsock when it starts, not at its first call (which
  // the suite brackets with state dumps).
  processes_[pid] = std::make_unique<Win32OverCompatProcess>(pid);
  return pid;
}

void Win32OverCompatMachine::Bury(uint32_t pid) {
  auto it = processes_.find(pid);
  if (it == processes_.end()) return;
  dead_.push_back(std::move(it->second));
  processes_.erase(it);
}

void Win32OverCompatMachine::BuryAll() {
  while (!processes_.empty()) Bury(processes_.begin()->first);
}

absl::Status Win32OverCompatMachine::ExitProcess(uint32_t pid) {
  if (PortresSimExitProcess(pid) == FALSE) {
    return absl::NotFoundError("not a live process of the program");
  }
  Bury(pid);
  return absl::OkStatus();
}

PortReservations& Win32OverCompatMachine::Process(uint32_t pid) {
  std::unique_ptr<Win32OverCompatProcess>& process = processes_[pid];
  if (process == nullptr) {
    process = std::make_unique<Win32OverCompatProcess>(pid);
  }
  return *process;
}

void Win32OverCompatMachine::Reboot() {
  PortresSimReboot();
  BuryAll();
}

absl::StatusOr<Reservation> Win32OverCompatMachine::AddSystemReservation(
    Protocol protocol, PortRange range) {
  return compat::SimulatedMachine().AddSystemReservation(protocol, range);
}

absl::Status Win32OverCompatMachine::SetDynamicPortRange(Protocol protocol,
                                                         uint16_t start,
                                                         uint16_t count) {
  return compat::SimulatedMachine().SetDynamicPortRange(protocol,
                                                        {start, count},
                                                        /*active_only=*/false);
}

absl::Status Win32OverCompatMachine::CheckInvariants() {
  return compat::SimulatedMachine().CheckInvariants();
}

std::string Win32OverCompatMachine::StateDump() {
  return *compat::SimulatedMachine().DumpState();
}

absl::Status Win32OverCompatMachine::RebootInto(absl::string_view profile) {
  absl::StatusOr<sim::HostOptions> options = sim::ProfileOptions(profile);
  if (!options.ok()) return options.status();
  compat::RebootSimulatedHostInto(*options);
  BuryAll();
  return absl::OkStatus();
}

}  // namespace portres::testkit
