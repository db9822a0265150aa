// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/compat_state.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "portres/compat_host.h"
#include "portres/sim/profile.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "compat/bridge.h"
#include "compat/data_path.h"
#include "compat/overlapped.h"
#include "compat/pending_io.h"
#include "service/endpoint.h"

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

sim::HostOptions OptionsFromEnvironment() {
  const char* name = std::getenv("PORTRES_SIM_PROFILE");
  absl::StatusOr<sim::HostOptions> options =
      sim::ProfileOptions(name == nullptr || *name == 0 ? "windows" : name);
  if (!options.ok()) {
    std::fprintf(stderr, "portres compat: PORTRES_SIM_PROFILE: %s\n",
                 std::string(options.status().message()).c_str());
    std::exit(2);
  }
  return *std::move(options);
}

CompatState& CompatState::Get() {
  static CompatState* state = new CompatState();  // never destroyed: threads
  return *state;                                  // may outlive main()
}

CompatState::CompatState() {
  if (const char* name = std::getenv("PORTRES_SIM_HOST");
      name != nullptr && *name != '\0') {
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> shared =
        sim::ConnectSharedMachine(name);
    if (!shared.ok()) {
      // Running on a private machine instead would be a lie.
      std::fprintf(stderr, "portres compat: PORTRES_SIM_HOST=%s: %s\n", name,
                   std::string(shared.status().message()).c_str());
      std::exit(2);
    }
    shared_ = *std::move(shared);
    // Where its programs' bridges meet (bridge.h); resolved as the
    // connection above resolved it.
    absl::StatusOr<sim::service::Endpoint> endpoint =
        sim::service::ResolveEndpoint(name);
    if (endpoint.ok()) machine_directory_ = endpoint->directory;
  }
  // The in-process host exists either way (compat_host.h hands it out); on
  // a shared machine no call reaches it.
  const sim::HostOptions options = OptionsFromEnvironment();
  if (shared_ != nullptr) {
    owned_ = std::make_unique<sim::Host>(options);
    host_.store(owned_.get(), std::memory_order_release);
  }
  Reset(options);
}

namespace {

// The bridge's view of this program: the lock, the receivers, the wake-up.
class ProgramBridgeHost final : public BridgeHost {
 public:
  explicit ProgramBridgeHost(CompatState& state) : state_(state) {}
  std::mutex& mu() override { return state_.mu(); }
  DataState* Receiver(Protocol protocol, const Endpoint& to) override
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    WinsockSocket* socket = FindReceiver(state_.processes(), protocol, to);
    return socket == nullptr ? nullptr : &socket->data;
  }
  void Changed() override ABSL_NO_THREAD_SAFETY_ANALYSIS {
    state_.DataPathChanged();
  }

 private:
  CompatState& state_;
};

}  // namespace

void CompatState::DataPathChanged() {
  // Completing an overlapped request takes bytes or a connection: a
  // change again.
  do {
    changed_.notify_all();
    RecordNetworkEvents(processes_);
  } while (CompletePendingIo(processes_));
}

Bridge* CompatState::bridge() {
  if (shared_ == nullptr || bridge_failed_) return nullptr;
  if (bridge_ == nullptr) {
    absl::StatusOr<std::unique_ptr<Bridge>> started =
        Bridge::Start(machine_directory_,
                      std::make_unique<ProgramBridgeHost>(*this));
    if (!started.ok()) {
      bridge_failed_ = true;
      std::fprintf(stderr,
                   "portres compat: no traffic with the shared machine's other "
                   "programs: %s\n",
                   std::string(started.status().message()).c_str());
      return nullptr;
    }
    bridge_ = *std::move(started);
  }
  return bridge_.get();
}

sim::Policy CompatState::policy() {
  std::lock_guard<std::mutex> lock(mu_);
  return machine_->policy();
}

sim::WindowsVersion CompatState::version() {
  std::lock_guard<std::mutex> lock(mu_);
  return machine_->version();
}

void CompatState::StartInitialProcess() {
  // After a reboot they are dead already and ExitProcess just says so; after
  // a Reset of the in-process host they were the old host's.
  if (shared_ != nullptr) {
    for (sim::Pid pid : processes_.Pids()) (void)machine_->ExitProcess(pid);
  }
  processes_.Clear();
  changed_.notify_all();  // calls blocked in them end
  // Elevation is the kernel's on a shared machine (SV2), the environment's
  // in-process.
  const bool elevated =
      shared_ != nullptr ? shared_->elevated() : ElevatedByEnvironment();
  absl::StatusOr<sim::Pid> pid = machine_->SpawnProcess(elevated);
  // A machine that went away leaves the program without a live process:
  // its calls then fail as a dead process's do.
  if (pid.ok()) {
    initial_pid_.store(*pid, std::memory_order_release);
    processes_.Add(*pid, elevated, *machine_);
  }
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void CompatState::Reset(const sim::HostOptions& options) {
  if (shared_ != nullptr) {
    std::lock_guard<std::mutex> control(control_mu_);
    AbortPending(0, INVALID_SOCKET);  // every process of this program ends
    std::lock_guard<std::mutex> lock(mu_);
    machine_ = shared_.get();
    StartInitialProcess();
    return;
  }
  (void)Replace(std::make_unique<sim::Host>(options));
}

absl::Status CompatState::Replace(std::unique_ptr<sim::Host> fresh) {
  if (shared_ != nullptr) {
    return absl::FailedPreconditionError(
        "not available on a shared machine (PORTRES_SIM_HOST): it would "
        "change what every other process sees");
  }
  std::lock_guard<std::mutex> control(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  std::lock_guard<std::mutex> lock(mu_);
  processes_.Clear();  // their views point into the old host
  auto machine = std::make_unique<sim::HostMachine>(*fresh);
  machine_ = machine.get();
  host_machine_ = std::move(machine);
  host_.store(fresh.get(), std::memory_order_release);
  owned_ = std::move(fresh);
  StartInitialProcess();
  return absl::OkStatus();
}

void CompatState::Reboot() {
  std::lock_guard<std::mutex> control(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  std::lock_guard<std::mutex> lock(mu_);
  (void)machine_->Reboot();  // a shared machine refuses an unelevated program
  StartInitialProcess();
}

void CompatState::RebootInto(const sim::HostOptions& options) {
  if (shared_ != nullptr) return;
  std::lock_guard<std::mutex> control(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  std::lock_guard<std::mutex> lock(mu_);
  host().RebootInto(options);
  StartInitialProcess();
}

sim::Pid CompatState::SpawnProcess(bool elevated) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<sim::Pid> pid = machine_->SpawnProcess(elevated);
  if (!pid.ok()) return 0;
  processes_.Add(*pid, elevated, *machine_);
  return *pid;
}

bool CompatState::ExitProcess(sim::Pid pid) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (processes_.Find(pid) == nullptr || !machine_->ExitProcess(pid).ok()) {
      return false;
    }
    processes_.End(pid);
    changed_.notify_all();
  }
  AbortPending(pid, INVALID_SOCKET);
  return true;
}

sim::Pid CompatState::CurrentPid() {
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  if (current_process.generation != generation) {
    current_process = {generation,
                       initial_pid_.load(std::memory_order_acquire)};
  }
  return current_process.pid;
}

bool CompatState::SwitchTo(sim::Pid pid) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (processes_.Find(pid) == nullptr) return false;
  }
  current_process = {generation_.load(std::memory_order_acquire), pid};
  return true;
}

// The machine's rules, through the calling process's view. A call reaches
// them only for a live process (the API functions check initialised() or
// Socket() first), and updates this program's records after the machine
// accepted it.

absl::StatusOr<SocketId> WinsockCall::OpenSocket(AddressFamily family,
                                                 SocketType type, int protocol,
                                                 bool overlapped) {
  absl::StatusOr<SocketId> id = calls().OpenSocket(family, type, protocol);
  if (!id.ok()) return id;
  WinsockSocket socket{
      .family = family, .type = type, .overlapped = overlapped};
  if (type != SocketType::kRaw) {
    socket.protocol =
        type == SocketType::kStream ? Protocol::kTcp : Protocol::kUdp;
  }
  process_->sockets.insert_or_assign(*id, std::move(socket));
  return id;
}

absl::Status WinsockCall::CloseSocket(SOCKET s) {
  absl::Status closed = calls().CloseSocket(s);
  if (closed.ok()) {
    auto it = process_->sockets.find(s);
    CloseData(it->second.data, /*abortive=*/false);
    process_->sockets.erase(it);
    Notify();
  }
  return closed;
}

void WinsockCall::ResetEverySocket() {
  for (auto& [id, socket] : process_->sockets) {
    CloseData(socket.data, /*abortive=*/true);
    (void)calls().CloseSocket(id);
  }
  process_->sockets.clear();
  Notify();
}

absl::StatusOr<uint16_t> WinsockCall::Bind(SOCKET s, const IpAddress& address,
                                           uint16_t port) {
  absl::StatusOr<uint16_t> bound = calls().Bind(s, address, port);
  if (bound.ok()) {
    WinsockSocket* socket = Socket(s);
    socket->bound = true;
    socket->port = *bound;
    socket->address = address.bytes;
    // A UDP socket receives once bound: other programs of a shared machine
    // find it in the port map (DP35).
    if (socket->protocol == Protocol::kUdp) {
      if (Bridge* bridge = this->bridge()) {
        socket->data.announcement = bridge->port_map().Announce(
            Protocol::kUdp, LocalEndpoint(*socket));
      }
    }
    Notify();  // PortresSimWaitForListener
  }
  return bound;
}

absl::Status WinsockCall::SetOption(SOCKET s, SocketOption option,
                                    uint32_t value) {
  return calls().SetOption(s, option, value);
}

absl::StatusOr<uint32_t> WinsockCall::GetOption(SOCKET s, SocketOption option) {
  return calls().GetOption(s, option);
}

absl::StatusOr<Reservation> WinsockCall::Acquire(SOCKET s, PortRange range) {
  return calls().Acquire(s, range);
}

absl::Status WinsockCall::Release(SOCKET s, Token token) {
  return calls().Release(s, token);
}

absl::Status WinsockCall::Associate(SOCKET s, Token token) {
  return calls().Associate(s, token);
}

absl::StatusOr<Token> WinsockCall::CreatePersistent(Protocol protocol,
                                                    PortRange range) {
  return calls().CreatePersistent(protocol, range);
}

absl::Status WinsockCall::DeletePersistent(Protocol protocol, PortRange range) {
  return calls().DeletePersistent(protocol, range);
}

absl::StatusOr<Token> WinsockCall::LookupPersistent(Protocol protocol,
                                                    PortRange range) {
  return calls().LookupPersistent(protocol, range);
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

sim::Host& SimulatedHost() { return internal::CompatState::Get().host(); }

sim::Machine& SimulatedMachine() {
  return internal::CompatState::Get().WithMachine(
      [](sim::Machine& machine) -> sim::Machine& { return machine; });
}

void ResetSimulatedHost(const sim::HostOptions& options) {
  internal::CompatState::Get().Reset(options);
}

void RebootSimulatedHostInto(const sim::HostOptions& options) {
  internal::CompatState::Get().RebootInto(options);
}

}  // namespace portres::compat

extern "C" DWORD GetCurrentProcessId(void) {
  return portres::compat::internal::CompatState::Get().CurrentPid();
}
