// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The process-wide state behind portres's Winsock-compatible layer, and the
// door each API function goes through.
//
// The layer keeps no copy of the simulator's sockets: a call locks the
// simulated host once (WinsockCall), finds the calling process's socket in
// the simulator's own records, makes Winsock's buffer checks in Windows'
// order, and runs the simulator's rule. What only Windows' socket layer
// knows (the overlapped attribute, FIONBIO, the bound address bytes, the
// WSAStartup count) is stored with the simulator's socket and process
// records, so it lives and dies with them. The only state here is which host
// is current and which simulated process each thread acts as, read without
// a lock; Reset and Reboot must not run concurrently with other calls.

#ifndef PORTRES_SIM_WINSOCK_COMPAT_STATE_H_
#define PORTRES_SIM_WINSOCK_COMPAT_STATE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/status/status.h"
#include "portres/export.h"
#include "portres/fault_plan.h"
#include "portres/sim/host.h"
#include "sim/host_access.h"
#include "sim/host_state.h"
#include "sim/winsock/shared_mode.h"
#include "winsock2.h"

namespace portres::compat::internal {

class CompatState {
 public:
  static CompatState& Get();

  // The in-process host (not used on a shared machine).
  sim::Host& host() { return *host_.load(std::memory_order_acquire); }
  // The shared machine PORTRES_SIM_HOST names, or nullptr.
  SharedMode* shared() { return shared_.get(); }
  // What the machine is: its switches and the version it reports.
  sim::Policy policy();
  sim::WindowsVersion version();
  // The process the calling thread acts as.
  sim::Pid CurrentPid();
  // FALSE if `pid` is not live.
  bool SwitchTo(sim::Pid pid);

  // A fresh host with one initial process (elevated iff
  // PORTRES_SIM_ELEVATED=1).
  void Reset(const sim::HostOptions& options);
  // The same with a host made elsewhere (a netsh import).
  void Replace(std::unique_ptr<sim::Host> fresh);
  // Host::Reboot() plus a fresh initial process.
  void Reboot();

  // The faults portres_sim.h schedules for compat calls (FI1). Kept by Reset
  // and Reboot, like the program that set them.
  FaultPlan& faults() { return faults_; }

 private:
  CompatState();
  void StartInitialProcess();

  std::mutex control_mu_;  // serialises Reset and Reboot
  std::unique_ptr<SharedMode> shared_;
  std::unique_ptr<sim::Host> owned_;
  std::atomic<sim::Host*> host_{nullptr};
  // Bumped by Reset and Reboot so threads fall back to the initial process.
  std::atomic<uint64_t> generation_{0};
  std::atomic<sim::Pid> initial_pid_{0};
  FaultPlan faults_;
};

// One Winsock call's access to the simulated machine. On the in-process
// host it holds the host's lock for its lifetime; on a shared machine
// (PORTRES_SIM_HOST) it holds the connection's and sends the rules to the
// host service. Either way it knows the calling process, and its rule
// methods are the only way the API functions reach a machine.
class WinsockCall {
 public:
  WinsockCall() ABSL_NO_THREAD_SAFETY_ANALYSIS
      : state_(CompatState::Get()),
        shared_(state_.shared()),
        pid_(state_.CurrentPid()) {
    if (shared_ != nullptr) {
      shared_->mu().lock();
    } else {
      sim::Host& host = state_.host();
      host_mu_ = &sim::HostAccess::Mutex(host);
      host_mu_->Lock();
      host_ = &sim::HostAccess::State(host);
    }
  }
  ~WinsockCall() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (shared_ != nullptr) {
      shared_->mu().unlock();
    } else {
      host_mu_->Unlock();
    }
  }
  WinsockCall(const WinsockCall&) = delete;
  WinsockCall& operator=(const WinsockCall&) = delete;

  sim::Pid pid() const { return pid_; }
  const sim::Policy& policy() {
    return shared_ != nullptr ? shared_->profile().policy : host_->policy;
  }

  // The calling process, if it is live.
  sim::ProcessRecord* process() {
    return shared_ != nullptr ? shared_->FindProcess(pid_)
                              : host().FindProcess(pid_);
  }
  // Has the calling process a WSAStartup that WSACleanup has not undone?
  bool initialised() {
    sim::ProcessRecord* p = process();
    return p != nullptr && p->winsock_startups > 0;
  }
  // The calling process's open socket `s`, or nullptr (WSAENOTSOCK).
  sim::SocketRecord* Socket(SOCKET s) {
    if (shared_ != nullptr) return shared_->FindSocket(pid_, s);
    const uint32_t slot = host().FindSocket(pid_, s);
    return slot == sim::kNoSlot ? nullptr : &host().sockets[slot];
  }

  // The simulator's rules for the calling process (compat_state.cc).
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

  // The code the fault plan makes this call fail with, if any (FI1). Called
  // after Winsock's own argument checks, before the simulator's rule, so an
  // injected failure changes nothing. `socket` names the socket argument
  // (its protocol is looked up), `protocol` the persistent calls' pool.
  std::optional<uint32_t> Fault(Operation operation,
                                SOCKET socket = INVALID_SOCKET,
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
      if (const sim::SocketRecord* record = Socket(socket)) {
        call.protocol = record->protocol;
      }
    }
    return plan.Decide(call);
  }

 private:
  sim::HostState& host() { return *host_; }
  PortReservations& remote() { return shared_->Process(pid_); }

  CompatState& state_;
  SharedMode* const shared_;
  const sim::Pid pid_;
  sim::HostMutex* host_mu_ = nullptr;  // in-process: held for the call
  sim::HostState* host_ = nullptr;
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

#endif  // PORTRES_SIM_WINSOCK_COMPAT_STATE_H_
