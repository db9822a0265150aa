// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The process-wide state behind portres's Winsock-compatible layer, and the
// door each API function goes through.
//
// compat is a plain client of one sim::Machine: an in-process Host (through
// HostMachine) or, when PORTRES_SIM_HOST names one, the shared machine the
// host service runs. Either way a call takes this program's lock once
// (WinsockCall), makes Winsock's checks in Windows' order against this
// program's own records (ProgramProcesses: the sockets' family, type and
// binding, and what only Winsock knows), and runs the machine's rule
// through the calling process's PortReservations view. The machine is
// chosen once, when the program starts; the in-process host is replaced by
// PortresSimReset.

#ifndef PORTRES_COMPAT_COMPAT_STATE_H_
#define PORTRES_COMPAT_COMPAT_STATE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "portres/export.h"
#include "portres/fault_plan.h"
#include "portres/sim/host.h"
#include "portres/sim/host_machine.h"
#include "portres/sim/machine.h"
#include "portres/sim/shared_machine.h"
#include "compat/event_select.h"
#include "compat/program_processes.h"
#include "winsock2.h"

namespace portres::compat::internal {

class Bridge;

class CompatState {
 public:
  static CompatState& Get();

  // The in-process host (compat_host.h hands it out; on a shared machine no
  // call reaches it).
  sim::Host& host() { return *host_.load(std::memory_order_acquire); }
  // The machine every call reaches, and the lock a call holds while it uses
  // it and this program's records of its processes.
  sim::Machine& machine() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return *machine_;
  }
  ProgramProcesses& processes() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return processes_;
  }
  std::mutex& mu() ABSL_LOCK_RETURNED(mu_) { return mu_; }
  // Signalled whenever the data path changes (network.h), a socket closes
  // or processes end; blocking calls wait on it with mu_ held.
  std::condition_variable& changed() { return changed_; }
  // After a change of the data path: wakes the calls waiting for one,
  // records the network events it raised (WSAEventSelect) and completes
  // the overlapped receives it made ready.
  void DataPathChanged() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // What the machine is: its switches and the version it reports.
  sim::Policy policy();
  sim::WindowsVersion version();
  // The process the calling thread acts as.
  sim::Pid CurrentPid();
  // FALSE if `pid` is not a live process of this program.
  bool SwitchTo(sim::Pid pid);

  // On the in-process host: a fresh host with one initial process
  // (elevated iff PORTRES_SIM_ELEVATED=1). On a shared machine: this
  // program's processes end and a fresh initial one starts, elevated as the
  // kernel says this program is; `options` are not used (SV12).
  void Reset(const sim::HostOptions& options);
  // Reset with a host made elsewhere (a netsh import); refused
  // (FAILED_PRECONDITION) on a shared machine, whose state is everyone's.
  absl::Status Replace(std::unique_ptr<sim::Host> fresh);
  // The machine reboots (refused by a shared machine to an unelevated
  // program: nothing happens) and a fresh initial process starts.
  void Reboot();
  // The in-process host reboots into `options` (Host::RebootInto) and a
  // fresh initial process starts; nothing on a shared machine.
  void RebootInto(const sim::HostOptions& options);

  // Whether Reset may replace the machine (the in-process host) rather than
  // only this program's processes (a shared machine, SV12).
  bool CanReplaceMachine() const { return shared_ == nullptr; }

  // `control(machine())` under the lock, for portres_sim.h's controls.
  template <typename Control>
  decltype(auto) WithMachine(Control control) {
    std::lock_guard<std::mutex> lock(mu_);
    return control(*machine_);
  }

  // A new process of this program; 0 if the machine refuses it.
  sim::Pid SpawnProcess(bool elevated);
  // A process of this program ends; FALSE if the machine refuses.
  bool ExitProcess(sim::Pid pid);

  // On a shared machine, this program's bridge to its other programs
  // (bridge.h), started by the first call that needs it; nullptr on the
  // in-process host, or if it could not start (said once on stderr).
  Bridge* bridge() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // The faults portres_sim.h schedules for compat calls (FI1). Kept by Reset
  // and Reboot, like the program that set them.
  FaultPlan& faults() { return faults_; }

 private:
  CompatState();
  // This program's processes are gone; a fresh initial one starts.
  void StartInitialProcess() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Standard locks, which ThreadSanitizer sees through the C library (a
  // distribution's Abseil is not built for it, so an absl::Mutex there is
  // invisible to it), as in overlapped.cc and the simulator.
  std::mutex control_mu_;  // serialises Reset, Replace and Reboot
  std::mutex mu_ ABSL_ACQUIRED_AFTER(control_mu_);  // held by every call
  std::condition_variable changed_;
  // Set once: the shared machine PORTRES_SIM_HOST names, or nullptr.
  std::unique_ptr<sim::SharedMachine> shared_;
  std::unique_ptr<sim::Host> owned_;
  std::atomic<sim::Host*> host_{nullptr};
  std::unique_ptr<sim::HostMachine> host_machine_;
  sim::Machine* machine_ ABSL_GUARDED_BY(mu_) = nullptr;
  ProgramProcesses processes_ ABSL_GUARDED_BY(mu_);
  // Bumped by Reset and Reboot so threads fall back to the initial process.
  std::atomic<uint64_t> generation_{0};
  std::atomic<sim::Pid> initial_pid_{0};
  FaultPlan faults_;
  std::string machine_directory_;  // a shared machine's files
  std::unique_ptr<Bridge> bridge_ ABSL_GUARDED_BY(mu_);
  bool bridge_failed_ ABSL_GUARDED_BY(mu_) = false;
};

// One Winsock call's access to the simulated machine: it holds this
// program's lock for its lifetime, knows the calling process, and its rule
// methods are the only way the API functions reach a machine.
class WinsockCall {
 public:
  WinsockCall() ABSL_NO_THREAD_SAFETY_ANALYSIS
      : state_(CompatState::Get()),
        lock_(state_.mu()),
        pid_(state_.CurrentPid()),
        process_(state_.processes().Find(pid_)) {}
  WinsockCall(const WinsockCall&) = delete;
  WinsockCall& operator=(const WinsockCall&) = delete;

  sim::Pid pid() const { return pid_; }
  ProgramProcesses& processes() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return state_.processes();
  }
  bool shared_machine() const { return !state_.CanReplaceMachine(); }
  Bridge* bridge() ABSL_NO_THREAD_SAFETY_ANALYSIS { return state_.bridge(); }

  // After a change of the data path: wakes the calls waiting for one and
  // records the network events it raised (WSAEventSelect).
  void Notify() ABSL_NO_THREAD_SAFETY_ANALYSIS { state_.DataPathChanged(); }
  // Waits for a change, with the lock released meanwhile, until `deadline`;
  // false if the deadline passed. Records may have changed or gone: the
  // caller looks its socket up again (process() is refreshed here).
  bool Wait(absl::Time deadline) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    bool in_time = true;
    if (deadline == absl::InfiniteFuture()) {
      state_.changed().wait(lock_);
    } else {
      in_time = state_.changed().wait_until(
                    lock_, absl::ToChronoTime(deadline)) ==
                std::cv_status::no_timeout;
    }
    process_ = state_.processes().Find(pid_);
    return in_time;
  }
  sim::Policy policy() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return state_.machine().policy();
  }

  // The calling process, if it is live.
  WinsockProcess* process() { return process_; }
  // Has the calling process a WSAStartup that WSACleanup has not undone?
  bool initialised() {
    return process_ != nullptr && process_->winsock_startups > 0;
  }
  // The calling process's open socket `s`, or nullptr (WSAENOTSOCK).
  WinsockSocket* Socket(SOCKET s) {
    if (process_ == nullptr) return nullptr;
    auto it = process_->sockets.find(s);
    return it == process_->sockets.end() ? nullptr : &it->second;
  }

  // The machine's rules for the calling process (compat_state.cc), keeping
  // this program's records up to date.
  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol, bool overlapped);
  absl::Status CloseSocket(SOCKET s);
  absl::StatusOr<uint16_t> Bind(SOCKET s, const IpAddress& address,
                                uint16_t port);
  absl::Status SetOption(SOCKET s, SocketOption option, uint32_t value);
  absl::StatusOr<uint32_t> GetOption(SOCKET s, SocketOption option);
  absl::StatusOr<Reservation> Acquire(SOCKET s, PortRange range);
  absl::Status Release(SOCKET s, Token token);
  absl::Status Associate(SOCKET s, Token token);
  absl::StatusOr<Token> CreatePersistent(Protocol protocol, PortRange range);
  absl::Status DeletePersistent(Protocol protocol, PortRange range);
  absl::StatusOr<Token> LookupPersistent(Protocol protocol, PortRange range);
  // The last WSACleanup: every socket of the calling process is reset and
  // closed, "as if closesocket was called" (DP34).
  void ResetEverySocket();

  // The code the fault plan makes this call fail with, if any (FI1). Called
  // after Winsock's own argument checks, before the machine's rule, so an
  // injected failure changes nothing. `socket` names the socket argument
  // (its protocol is looked up), `protocol` the persistent calls' pool.
  std::optional<uint32_t> Fault(
      Operation operation, SOCKET socket = INVALID_SOCKET,
      std::optional<PortRange> ports = std::nullopt,
      std::optional<Protocol> protocol = std::nullopt) {
    FaultPlan& plan = state_.faults();
    if (!plan.armed()) return std::nullopt;
    FaultCall call{.operation = operation,
                   .process = pid_,
                   .protocol = protocol,
                   .ports = ports};
    if (socket != INVALID_SOCKET) {
      call.socket = socket;
      if (const WinsockSocket* record = Socket(socket)) {
        call.protocol = record->protocol;
      }
    }
    return plan.Decide(call);
  }

 private:
  // The calling process's view of the machine. A thread acting as a process
  // that has exited gets a view of it made for this call, which answers as
  // the machine answers a dead process (ERROR_INVALID_HANDLE in-process).
  PortReservations& calls() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (process_ != nullptr) return *process_->calls;
    if (exited_ == nullptr) exited_ = state_.machine().Process(pid_);
    return *exited_;
  }

  CompatState& state_;
  std::unique_lock<std::mutex> lock_;
  const sim::Pid pid_;
  WinsockProcess* process_;
  std::unique_ptr<PortReservations> exited_;
};

// The host PORTRES_SIM_PROFILE names (`windows` when unset). A name that is
// not a profile ends the program: running it as some other machine than the
// one asked for would make every later answer a lie.
sim::HostOptions OptionsFromEnvironment();

// Sets the calling thread's last error (WSASetLastError) and returns
// `result`, for the one-line failure paths of the API functions.
template <typename T>
T Fail(int error, T result) {
  WSASetLastError(error);
  return result;
}

// The Windows code of a failed status. Every portres failure carries one;
// a status without one aborts with its text, never becomes a guessed code.
PORTRES_COMPAT_API int CodeOf(const absl::Status& status);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_COMPAT_STATE_H_
