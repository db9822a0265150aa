// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/winsock/compat_state.h"

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
#include "sim/persistent_reservations.h"
#include "sim/runtime_reservations.h"
#include "sim/socket_options.h"
#include "sim/sockets.h"
#include "sim/winsock/overlapped.h"

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
  shared_ = SharedMode::FromEnvironment();
  // The in-process host exists either way (compat_host.h hands it out); on
  // a shared machine no call reaches it.
  Reset(OptionsFromEnvironment());
}

sim::Policy CompatState::policy() {
  return shared_ != nullptr ? shared_->profile().policy : host().policy();
}

sim::WindowsVersion CompatState::version() {
  return shared_ != nullptr ? shared_->profile().version : host().version();
}

void CompatState::StartInitialProcess() {
  if (shared_ != nullptr) {
    // This program's processes end; elevation is the kernel's to say.
    std::lock_guard<std::mutex> lock(shared_->mu());
    shared_->RestartInitialProcess();
    initial_pid_.store(shared_->initial_pid(), std::memory_order_release);
  } else {
    initial_pid_.store(
        host().SpawnProcess({.elevated = ElevatedByEnvironment()}),
        std::memory_order_release);
  }
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void CompatState::Reset(const sim::HostOptions& options) {
  Replace(std::make_unique<sim::Host>(options));
}

void CompatState::Replace(std::unique_ptr<sim::Host> fresh) {
  std::lock_guard<std::mutex> lock(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  host_.store(fresh.get(), std::memory_order_release);
  owned_ = std::move(fresh);
  StartInitialProcess();
}

void CompatState::Reboot() {
  std::lock_guard<std::mutex> lock(control_mu_);
  AbortPending(0, INVALID_SOCKET);  // every process ends
  if (shared_ != nullptr) {
    std::lock_guard<std::mutex> shared_lock(shared_->mu());
    (void)shared_->machine().Reboot();  // not elevated: nothing happens
  } else {
    host().Reboot();
  }
  StartInitialProcess();
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
  if (shared_ != nullptr) {
    std::lock_guard<std::mutex> lock(shared_->mu());
    if (shared_->FindProcess(pid) == nullptr) return false;
  } else if (!host().IsAlive(pid)) {
    return false;
  }
  current_process = {generation_.load(std::memory_order_acquire), pid};
  return true;
}

// The rules: the in-process host's, or the shared machine's through the
// service, keeping this program's socket records up to date.

absl::StatusOr<SocketId> WinsockCall::OpenSocket(AddressFamily family,
                                                 SocketType type, int protocol,
                                                 bool overlapped) {
  if (shared_ == nullptr) {
    absl::StatusOr<SocketId> id =
        sim::OpenSocket(host(), pid_, family, type, protocol);
    if (id.ok()) Socket(*id)->winsock.overlapped = overlapped;
    return id;
  }
  absl::StatusOr<SocketId> id = remote().OpenSocket(family, type, protocol);
  if (!id.ok()) return id;
  sim::SocketRecord record;
  record.handle = *id;
  record.owner = pid_;
  record.family = family;
  record.type = type;
  if (type != SocketType::kRaw) {
    record.protocol =
        type == SocketType::kStream ? Protocol::kTcp : Protocol::kUdp;
  }
  record.live = true;
  record.winsock.overlapped = overlapped;
  shared_->AddSocket(pid_, *id, record);
  return id;
}

absl::Status WinsockCall::CloseSocket(SOCKET s) {
  if (shared_ == nullptr) return sim::CloseSocket(host(), pid_, s);
  absl::Status closed = remote().CloseSocket(s);
  if (closed.ok()) shared_->EraseSocket(pid_, s);
  return closed;
}

absl::StatusOr<uint16_t> WinsockCall::Bind(SOCKET s, const IpAddress& address,
                                           uint16_t port) {
  if (shared_ == nullptr) return sim::Bind(host(), pid_, s, address, port);
  absl::StatusOr<uint16_t> bound = remote().Bind(s, address, port);
  if (bound.ok()) {
    sim::SocketRecord* record = Socket(s);
    record->bound = true;
    record->port = *bound;
    record->address = address.bytes;
  }
  return bound;
}

absl::Status WinsockCall::SetOption(SOCKET s, SocketOption option,
                                    uint32_t value) {
  return shared_ == nullptr ? sim::SetOption(host(), pid_, s, option, value)
                            : remote().SetOption(s, option, value);
}

absl::StatusOr<uint32_t> WinsockCall::GetOption(SOCKET s,
                                                SocketOption option) {
  return shared_ == nullptr ? sim::GetOption(host(), pid_, s, option)
                            : remote().GetOption(s, option);
}

absl::StatusOr<Reservation> WinsockCall::Acquire(SOCKET s, PortRange range) {
  return shared_ == nullptr ? sim::Acquire(host(), pid_, s, range)
                            : remote().Acquire(s, range);
}

absl::Status WinsockCall::Release(SOCKET s, Token token) {
  return shared_ == nullptr ? sim::Release(host(), pid_, s, token)
                            : remote().Release(s, token);
}

absl::Status WinsockCall::Associate(SOCKET s, Token token) {
  return shared_ == nullptr ? sim::Associate(host(), pid_, s, token)
                            : remote().Associate(s, token);
}

absl::StatusOr<Token> WinsockCall::CreatePersistent(Protocol protocol,
                                                    PortRange range) {
  return shared_ == nullptr
             ? sim::CreatePersistent(host(), pid_, protocol, range)
             : remote().CreatePersistent(protocol, range);
}

absl::Status WinsockCall::DeletePersistent(Protocol protocol,
                                           PortRange range) {
  return shared_ == nullptr
             ? sim::DeletePersistent(host(), pid_, protocol, range)
             : remote().DeletePersistent(protocol, range);
}

absl::StatusOr<Token> WinsockCall::LookupPersistent(Protocol protocol,
                                                    PortRange range) {
  return shared_ == nullptr
             ? sim::LookupPersistent(host(), pid_, protocol, range)
             : remote().LookupPersistent(protocol, range);
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

void ResetSimulatedHost(const sim::HostOptions& options) {
  internal::CompatState::Get().Reset(options);
}

}  // namespace portres::compat

extern "C" DWORD GetCurrentProcessId(void) {
  return portres::compat::internal::CompatState::Get().CurrentPid();
}
