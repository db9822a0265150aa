#include "portres/sim/host.h"

#include <utility>

#include "sim/host_state.h"

namespace portres::sim {

// One process's PortReservations: the host's lock, then the state's rule for
// that call with this view's pid.
class Host::ProcessView final : public PortReservations {
 public:
  ProcessView(Host* host, Pid pid) : host_(host), pid_(pid) {}

  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->OpenSocket(pid_, family, type, protocol);
  }
  absl::Status CloseSocket(SocketId socket) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->CloseSocket(pid_, socket);
  }
  absl::StatusOr<uint16_t> Bind(SocketId socket, uint16_t port) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->Bind(pid_, socket, port);
  }
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->Acquire(pid_, socket, range);
  }
  absl::Status Release(SocketId socket, Token token) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->Release(pid_, socket, token);
  }
  absl::Status Associate(SocketId socket, Token token) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->Associate(pid_, socket, token);
  }
  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->CreatePersistent(pid_, protocol, range);
  }
  absl::Status DeletePersistent(Protocol protocol, PortRange range) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->DeletePersistent(pid_, protocol, range);
  }
  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override {
    HostMutexLock lock(&host_->mu_);
    return host_->state_->LookupPersistent(pid_, protocol, range);
  }

 private:
  Host* const host_;
  const Pid pid_;
};

Host::Host(HostOptions options)
    : policy_(options.policy),
      state_(std::make_unique<HostState>(options.seed, options.policy)) {}

Host::~Host() = default;

Pid Host::SpawnProcess(ProcessOptions options) {
  HostMutexLock lock(&mu_);
  return state_->Spawn(options.elevated);
}

absl::Status Host::ExitProcess(Pid pid) {
  HostMutexLock lock(&mu_);
  return state_->Exit(pid);
}

bool Host::IsAlive(Pid pid) const {
  HostMutexLock lock(&mu_);
  return state_->IsAlive(pid);
}

std::vector<Pid> Host::LiveProcesses() const {
  HostMutexLock lock(&mu_);
  return state_->LiveProcesses();
}

std::unique_ptr<PortReservations> Host::Process(Pid pid) {
  return std::make_unique<ProcessView>(this, pid);
}

void Host::Reboot() {
  HostMutexLock lock(&mu_);
  state_->Reboot();
}

absl::StatusOr<Reservation> Host::AddSystemReservation(Protocol protocol,
                                                       PortRange range) {
  HostMutexLock lock(&mu_);
  return state_->AddSystemReservation(protocol, range);
}

absl::Status Host::RemoveSystemReservation(Protocol protocol, Token token) {
  HostMutexLock lock(&mu_);
  return state_->RemoveSystemReservation(protocol, token);
}

DynamicPortRange Host::GetDynamicPortRange(Protocol protocol) const {
  HostMutexLock lock(&mu_);
  return state_->GetDynamicPortRange(protocol);
}

absl::Status Host::SetDynamicPortRange(Protocol protocol,
                                       DynamicPortRange range) {
  HostMutexLock lock(&mu_);
  return state_->SetDynamicPortRange(protocol, range);
}

std::vector<ExcludedRange> Host::ExcludedPortRanges(Protocol protocol) const {
  HostMutexLock lock(&mu_);
  return state_->ExcludedPortRanges(protocol);
}

absl::Status Host::CheckInvariants() const {
  HostMutexLock lock(&mu_);
  return state_->CheckInvariants();
}

std::string Host::DumpState() const {
  HostMutexLock lock(&mu_);
  return state_->DumpState();
}

std::string Host::DumpPools() const {
  HostMutexLock lock(&mu_);
  return state_->DumpPools();
}

}  // namespace portres::sim
