// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/program_processes.h"

namespace portres::compat::internal {

WinsockProcess* ProgramProcesses::Find(sim::Pid pid) {
  auto it = processes_.find(pid);
  return it == processes_.end() ? nullptr : &it->second;
}

void ProgramProcesses::Add(sim::Pid pid, bool elevated, sim::Machine& machine) {
  WinsockProcess& process = processes_[pid];
  process = WinsockProcess{.elevated = elevated};
  process.calls = machine.Process(pid);
}

void ProgramProcesses::End(sim::Pid pid) {
  auto it = processes_.find(pid);
  if (it == processes_.end()) return;
  // The system closes an ended process's sockets abortively (DP12).
  for (auto& entry : it->second.sockets) CloseData(entry.second.data, true);
  processes_.erase(it);
}

std::vector<sim::Pid> ProgramProcesses::Pids() const {
  std::vector<sim::Pid> pids;
  pids.reserve(processes_.size());
  for (const auto& entry : processes_) pids.push_back(entry.first);
  return pids;
}

void ProgramProcesses::Clear() {
  for (sim::Pid pid : Pids()) End(pid);
}

WinsockSocket* ProgramProcesses::FindSocket(sim::Pid pid, SocketId socket) {
  WinsockProcess* process = Find(pid);
  if (process == nullptr) return nullptr;
  auto it = process->sockets.find(socket);
  return it == process->sockets.end() ? nullptr : &it->second;
}

}  // namespace portres::compat::internal
