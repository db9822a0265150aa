// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/sim/host.h"

#include <utility>

#include "sim/host_state.h"
#include "sim/machine_controls.h"
#include "sim/persistent_reservations.h"
#include "sim/runtime_reservations.h"
#include "sim/socket_options.h"
#include "sim/sockets.h"
#include "sim/state_checks.h"

namespace portres::sim {

// One process's PortReservations: the host's lock, then the rule for that
// call with this view's pid.
class Host::ProcessView final : public PortReservations {
 public:
  ProcessView(Host* host, Pid pid) : host_(host), pid_(pid) {}

  // Every call: the host's lock, once, around the rule.
  template <typename Rule, typename... Args>
  auto Call(Rule rule, Args... args) {
    HostMutexLock lock(&host_->mu_);
    return rule(*host_->state_, pid_, args...);
  }

  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override {
    return Call(&sim::OpenSocket, family, type, protocol);
  }
  absl::Status CloseSocket(SocketId socket) override {
    return Call(&sim::CloseSocket, socket);
  }
  absl::StatusOr<uint16_t> Bind(SocketId socket, const IpAddress& address,
                                uint16_t port) override {
    return Call(&sim::Bind, socket, address, port);
  }
  absl::Status SetOption(SocketId socket, SocketOption option,
                         uint32_t value) override {
    return Call(&sim::SetOption, socket, option, value);
  }
  absl::StatusOr<uint32_t> GetOption(SocketId socket,
                                     SocketOption option) override {
    return Call(&sim::GetOption, socket, option);
  }
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    return Call(&sim::Acquire, socket, range);
  }
  absl::Status Release(SocketId socket, Token token) override {
    return Call(&sim::Release, socket, token);
  }
  absl::Status Associate(SocketId socket, Token token) override {
    return Call(&sim::Associate, socket, token);
  }
  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override {
    return Call(&sim::CreatePersistent, protocol, range);
  }
  absl::Status DeletePersistent(Protocol protocol, PortRange range) override {
    return Call(&sim::DeletePersistent, protocol, range);
  }
  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override {
    return Call(&sim::LookupPersistent, protocol, range);
  }

 private:
  Host* const host_;
  const Pid pid_;
};

Host::Host(HostOptions options)
    : state_(std::make_unique<HostState>(options.seed, options.policy)),
      version_(options.version),
      boot_reservations_(options.boot_reservations) {
  for (const IpAddress& address : options.local_addresses) {
    // A constructor cannot fail: an address AddLocalAddress refuses is one
    // the machine has anyway (a loopback) or none can have (a wildcard).
    AddLocalAddress(address).IgnoreError();
  }
  HostMutexLock lock(&mu_);
  StartSystemServices();
}

void Host::StartSystemServices() {
  const BootReservations& boot = boot_reservations_;
  sim::StartSystemServices(*state_, Protocol::kTcp, boot.tcp_blocks,
                           boot.block_size);
  sim::StartSystemServices(*state_, Protocol::kUdp, boot.udp_blocks,
                           boot.block_size);
}

Host::~Host() = default;

Pid Host::SpawnProcess(ProcessOptions options) {
  HostMutexLock lock(&mu_);
  return sim::SpawnProcess(*state_, options.elevated);
}

absl::Status Host::ExitProcess(Pid pid) {
  HostMutexLock lock(&mu_);
  return sim::ExitProcess(*state_, pid);
}

bool Host::IsAlive(Pid pid) const {
  HostMutexLock lock(&mu_);
  return state_->FindProcess(pid) != nullptr;
}

std::vector<Pid> Host::LiveProcesses() const {
  HostMutexLock lock(&mu_);
  return sim::LiveProcesses(*state_);
}

std::unique_ptr<PortReservations> Host::Process(Pid pid) {
  return std::make_unique<ProcessView>(this, pid);
}

absl::Status Host::AddLocalAddress(const IpAddress& address) {
  HostMutexLock lock(&mu_);
  return sim::AddLocalAddress(*state_, address);
}

std::vector<IpAddress> Host::LocalAddresses() {
  HostMutexLock lock(&mu_);
  return state_->local_addresses;
}

void Host::Reboot() {
  HostMutexLock lock(&mu_);
  sim::Reboot(*state_);
  StartSystemServices();
}

void Host::RebootInto(const HostOptions& options) {
  HostMutexLock lock(&mu_);
  sim::Reboot(*state_);
  state_->policy = options.policy;
  version_ = options.version;
  boot_reservations_ = options.boot_reservations;
  StartSystemServices();
}

Policy Host::policy() const {
  HostMutexLock lock(&mu_);
  return state_->policy;
}

WindowsVersion Host::version() const {
  HostMutexLock lock(&mu_);
  return version_;
}

absl::StatusOr<Reservation> Host::AddSystemReservation(Protocol protocol,
                                                       PortRange range) {
  HostMutexLock lock(&mu_);
  return sim::AddSystemReservation(*state_, protocol, range);
}

absl::Status Host::RemoveSystemReservation(Protocol protocol, Token token) {
  HostMutexLock lock(&mu_);
  return sim::RemoveSystemReservation(*state_, protocol, token);
}

DynamicPortRange Host::GetDynamicPortRange(Protocol protocol) const {
  HostMutexLock lock(&mu_);
  return state_->pool(protocol).dynamic_range;
}

absl::Status Host::SetDynamicPortRange(Protocol protocol,
                                       DynamicPortRange range) {
  HostMutexLock lock(&mu_);
  return sim::SetDynamicPortRange(*state_, protocol, range);
}

std::vector<ExcludedRange> Host::ExcludedPortRanges(Protocol protocol) const {
  HostMutexLock lock(&mu_);
  return sim::ExcludedPortRanges(*state_, protocol);
}

std::vector<ProcessHoldings> Host::Holdings() const {
  HostMutexLock lock(&mu_);
  return sim::Holdings(*state_);
}

absl::Status Host::CheckInvariants() const {
  HostMutexLock lock(&mu_);
  return sim::CheckInvariants(*state_);
}

std::string Host::DumpState() const {
  HostMutexLock lock(&mu_);
  return sim::DumpState(*state_);
}

std::string Host::DumpPools() const {
  HostMutexLock lock(&mu_);
  return sim::DumpPools(*state_);
}

}  // namespace portres::sim
