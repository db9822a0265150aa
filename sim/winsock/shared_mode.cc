// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/winsock/shared_mode.h"

#include <cstdio>
#include <cstdlib>

#include "portres/sim/profile.h"

namespace portres::compat::internal {

std::unique_ptr<SharedMode> SharedMode::FromEnvironment() {
  const char* name = std::getenv("PORTRES_SIM_HOST");
  if (name == nullptr || *name == '\0') return nullptr;
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(name);
  absl::StatusOr<sim::HostOptions> profile =
      machine.ok() ? sim::ProfileOptions((*machine)->profile())
                   : absl::StatusOr<sim::HostOptions>(machine.status());
  if (!profile.ok()) {
    std::fprintf(stderr, "portres compat: PORTRES_SIM_HOST=%s: %s\n", name,
                 std::string(profile.status().message()).c_str());
    std::exit(2);
  }
  return std::unique_ptr<SharedMode>(
      new SharedMode(*std::move(machine), *std::move(profile)));
}

SharedMode::SharedMode(std::unique_ptr<sim::SharedMachine> machine,
                       sim::HostOptions profile)
    : machine_(std::move(machine)), profile_(std::move(profile)) {
  initial_pid_ = machine_->pid();
  AddProcess(initial_pid_);
}

PortReservations& SharedMode::Process(sim::Pid pid) {
  Held& p = processes_[pid];
  if (p.calls == nullptr) p.calls = machine_->Process(pid);
  return *p.calls;
}

void SharedMode::RestartInitialProcess() {
  // After a reboot they are dead already and ExitProcess just says so.
  for (const auto& [pid, held] : processes_) {
    if (held.record.live) (void)machine_->ExitProcess(pid);
  }
  processes_.clear();
  absl::StatusOr<sim::Pid> pid = machine_->SpawnProcess(machine_->elevated());
  // A machine that went away leaves the program without a live process:
  // its calls then fail with ERROR_INVALID_HANDLE through the dead one.
  if (pid.ok()) initial_pid_ = *pid;
  AddProcess(initial_pid_);
  if (!pid.ok()) processes_[initial_pid_].record.live = false;
}

void SharedMode::AddProcess(sim::Pid pid) {
  processes_[pid].record.live = true;
}

void SharedMode::EndProcess(sim::Pid pid) {
  auto it = processes_.find(pid);
  if (it == processes_.end()) return;
  it->second.record.live = false;
  it->second.sockets.clear();
}

sim::ProcessRecord* SharedMode::FindProcess(sim::Pid pid) {
  auto it = processes_.find(pid);
  return it == processes_.end() || !it->second.record.live
             ? nullptr
             : &it->second.record;
}

sim::SocketRecord* SharedMode::FindSocket(sim::Pid pid, SocketId socket) {
  auto it = processes_.find(pid);
  if (it == processes_.end()) return nullptr;
  auto s = it->second.sockets.find(socket);
  return s == it->second.sockets.end() ? nullptr : &s->second;
}

void SharedMode::AddSocket(sim::Pid pid, SocketId socket,
                           const sim::SocketRecord& record) {
  processes_[pid].sockets[socket] = record;
}

void SharedMode::EraseSocket(sim::Pid pid, SocketId socket) {
  auto it = processes_.find(pid);
  if (it != processes_.end()) it->second.sockets.erase(socket);
}

}  // namespace portres::compat::internal
