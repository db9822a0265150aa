#include "sim/winsock/compat_state.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "portres/compat_host.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "portres_sim.h"

namespace portres::compat::internal {
namespace {

// The process a thread acts as, valid for one host generation.
struct ThreadProcess {
  uint64_t generation = ~uint64_t{0};
  sim::Pid pid = 0;
};
thread_local ThreadProcess current_process;

bool ElevatedByEnvironment() {
  const char* value = std::getenv("PORTRES_SIM_ELEVATED");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

}  // namespace

CompatState& CompatState::Get() {
  static CompatState* state = new CompatState();  // never destroyed: threads
  return *state;                                  // may outlive main()
}

CompatState::CompatState() {
  sim::HostMutexLock lock(&mu_);
  Reset(sim::HostOptions{});
}

void CompatState::StartInitialProcess() {
  initial_pid_ = host_->SpawnProcess({.elevated = ElevatedByEnvironment()});
  ++generation_;
}

void CompatState::ForgetProcessesState() {
  startup_counts_.clear();
  sockets_.clear();
  views_.clear();
}

void CompatState::Reset(const sim::HostOptions& options) {
  ForgetProcessesState();
  host_ = std::make_unique<sim::Host>(options);
  StartInitialProcess();
}

void CompatState::Reboot() {
  ForgetProcessesState();
  host_->Reboot();
  StartInitialProcess();
}

bool CompatState::ExitProcess(sim::Pid pid) {
  if (!host_->ExitProcess(pid).ok()) return false;
  startup_counts_.erase(pid);
  absl::erase_if(
      sockets_, [pid](const auto& entry) { return entry.second.owner == pid; });
  return true;
}

sim::Pid CompatState::CurrentPid() {
  if (current_process.generation != generation_) {
    current_process = {generation_, initial_pid_};
  }
  return current_process.pid;
}

bool CompatState::SwitchTo(sim::Pid pid) {
  if (!host_->IsAlive(pid)) return false;
  current_process = {generation_, pid};
  return true;
}

PortReservations& CompatState::View(sim::Pid pid) {
  std::unique_ptr<PortReservations>& view = views_[pid];
  if (view == nullptr) view = host_->Process(pid);
  return *view;
}

CompatSocket* CompatState::FindSocket(SOCKET s) {
  auto it = sockets_.find(s);
  // Another process's handle is not a socket here (DESIGN §4).
  if (it == sockets_.end() || it->second.owner != CurrentPid()) return nullptr;
  return &it->second;
}

int CodeOf(const absl::Status& status) {
  std::optional<uint32_t> code = WindowsErrorCode(status);
  if (!code.has_value()) {
    // Every failure of the reservation interface carries its Windows code;
    // one without is a bug in portres, and guessing a code would hide it.
    std::fprintf(stderr,
                 "portres compat: a failed call carries no Windows code: %s\n",
                 status.ToString().c_str());
    std::abort();
  }
  return static_cast<int>(*code);
}

}  // namespace portres::compat::internal

namespace portres::compat {

sim::Host& SimulatedHost() {
  internal::CompatState& state = internal::CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  return state.host();
}

void ResetSimulatedHost(const sim::HostOptions& options) {
  internal::CompatState& state = internal::CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  state.Reset(options);
}

}  // namespace portres::compat

using portres::compat::internal::CompatState;

extern "C" {

void PortresSimReset(void) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  state.Reset(portres::sim::HostOptions{});
}

DWORD PortresSimSpawnProcess(BOOL elevated) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  return state.host().SpawnProcess({.elevated = elevated != FALSE});
}

BOOL PortresSimSwitchProcess(DWORD pid) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  return state.SwitchTo(pid) ? TRUE : FALSE;
}

BOOL PortresSimExitProcess(DWORD pid) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  return state.ExitProcess(pid) ? TRUE : FALSE;
}

void PortresSimReboot(void) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  state.Reboot();
}

BOOL PortresSimSetDynamicPortRange(int protocol, USHORT start, USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return FALSE;
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  return state.host()
                 .SetDynamicPortRange(protocol == IPPROTO_TCP
                                          ? portres::Protocol::kTcp
                                          : portres::Protocol::kUdp,
                                      {start, count})
                 .ok()
             ? TRUE
             : FALSE;
}

ULONG64 PortresSimAddSystemReservation(int protocol, USHORT start,
                                       USHORT count) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return 0;
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  absl::StatusOr<portres::Reservation> r = state.host().AddSystemReservation(
      protocol == IPPROTO_TCP ? portres::Protocol::kTcp
                              : portres::Protocol::kUdp,
      {start, count});
  return r.ok() ? r->token.value() : 0;
}

DWORD GetCurrentProcessId(void) {
  CompatState& state = CompatState::Get();
  portres::sim::HostMutexLock lock(&state.mu());
  return state.CurrentPid();
}

}  // extern "C"
