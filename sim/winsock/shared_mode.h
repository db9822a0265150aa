// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The compat layer on a shared machine (PORTRES_SIM_HOST, docs/windows-
// semantics.md SV12): the port rules run in the host service; what only
// this program's Winsock knows stays here.
//
// A socket belongs to the process that opened it, and every process of
// this program is this program's (its own and the ones PortresSimSpawn
// Process made), so the socket records Winsock's checks read — family,
// type, binding, the overlapped attribute — can only change through this
// program's own calls. They are kept here, in the same SocketRecord form as
// the in-process host's, updated after each call the service accepted.
//
// Thread safety: callers hold mu() for every use.

#ifndef PORTRES_SIM_WINSOCK_SHARED_MODE_H_
#define PORTRES_SIM_WINSOCK_SHARED_MODE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "portres/sim/host.h"
#include "portres/sim/shared_machine.h"
#include "sim/host_state.h"

namespace portres::compat::internal {

class SharedMode {
 public:
  // Connected to the machine PORTRES_SIM_HOST names; nullptr when it is
  // unset. A machine that cannot be reached ends the program with the
  // reason (exit 2): running on a private machine instead would be a lie.
  static std::unique_ptr<SharedMode> FromEnvironment();

  std::mutex& mu() { return mu_; }
  sim::SharedMachine& machine() { return *machine_; }
  const sim::HostOptions& profile() const { return profile_; }
  PortReservations& Process(sim::Pid pid);

  sim::Pid initial_pid() const { return initial_pid_; }
  // Every process of this program ends (a reboot); a fresh initial one
  // starts, elevated as the kernel says this program is.
  void RestartInitialProcess();
  // Records a process this program spawned (or a fresh initial one).
  void AddProcess(sim::Pid pid);
  void EndProcess(sim::Pid pid);

  sim::ProcessRecord* FindProcess(sim::Pid pid);
  sim::SocketRecord* FindSocket(sim::Pid pid, SocketId socket);
  void AddSocket(sim::Pid pid, SocketId socket, const sim::SocketRecord& record);
  void EraseSocket(sim::Pid pid, SocketId socket);

 private:
  SharedMode(std::unique_ptr<sim::SharedMachine> machine,
             sim::HostOptions profile);

  std::mutex mu_;
  std::unique_ptr<sim::SharedMachine> machine_;
  const sim::HostOptions profile_;
  sim::Pid initial_pid_ = 0;
  struct Held {  // what this program knows of one of its processes
    sim::ProcessRecord record;
    std::unique_ptr<PortReservations> calls;
    absl::flat_hash_map<SocketId, sim::SocketRecord> sockets;
  };
  std::map<sim::Pid, Held> processes_;
};

}  // namespace portres::compat::internal

#endif  // PORTRES_SIM_WINSOCK_SHARED_MODE_H_
