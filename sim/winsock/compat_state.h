// The process-wide state behind portres's Winsock-compatible layer: the
// simulated host, which simulated process each thread acts as, each
// process's WSAStartup count, the Win32-side view of each socket (address
// family, overlapped attribute, bound address), the per-thread last error and
// queue of completion routines. One mutex guards it; the host has its own.

#ifndef PORTRES_SIM_WINSOCK_COMPAT_STATE_H_
#define PORTRES_SIM_WINSOCK_COMPAT_STATE_H_

#include <cstdint>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "portres/port_reservations.h"
#include "portres/sim/host.h"
#include "portres/sim/host_mutex.h"
#include "winsock2.h"

namespace portres::compat::internal {

// What Winsock knows of a socket beyond the simulator's record.
struct CompatSocket {
  sim::Pid owner = 0;
  int family = AF_INET;
  int type = SOCK_STREAM;
  bool overlapped = false;
  bool non_blocking = false;
  bool bound = false;
  uint16_t port = 0;         // host byte order, once bound
  uint8_t address[16] = {};  // the bound address as given, network order
};

class CompatState {
 public:
  static CompatState& Get();

  sim::HostMutex& mu() ABSL_LOCK_RETURNED(mu_) { return mu_; }

  sim::Host& host() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return *host_; }
  // The process the calling thread acts as.
  sim::Pid CurrentPid() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // FALSE if `pid` is not live.
  bool SwitchTo(sim::Pid pid) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // That process's PortReservations.
  PortReservations& View(sim::Pid pid) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // A fresh host with one initial process (elevated iff
  // PORTRES_SIM_ELEVATED=1).
  void Reset(const sim::HostOptions& options)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Host::Reboot() plus a fresh initial process.
  void Reboot() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Host::ExitProcess() plus the process's Winsock state.
  bool ExitProcess(sim::Pid pid) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // WSAStartup reference counts of the calling process.
  int& startup_count() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return startup_counts_[CurrentPid()];
  }
  bool initialised() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = startup_counts_.find(CurrentPid());
    return it != startup_counts_.end() && it->second > 0;
  }

  // The calling process's socket `s`, or nullptr (WSAENOTSOCK).
  CompatSocket* FindSocket(SOCKET s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AddSocket(SOCKET s, const CompatSocket& socket)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    sockets_[s] = socket;
  }
  void EraseSocket(SOCKET s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    sockets_.erase(s);
  }

 private:
  CompatState();
  void StartInitialProcess() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ForgetProcessesState() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  sim::HostMutex mu_;  // std::mutex under TSan, as the host's lock
  std::unique_ptr<sim::Host> host_ ABSL_GUARDED_BY(mu_);
  // Bumped by Reset and Reboot so threads fall back to the initial process.
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  sim::Pid initial_pid_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<sim::Pid, int> startup_counts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<SOCKET, CompatSocket> sockets_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<sim::Pid, std::unique_ptr<PortReservations>> views_
      ABSL_GUARDED_BY(mu_);
};

// Sets the calling thread's last error (WSASetLastError) and returns
// `result`, for the one-line failure paths of the API functions.
template <typename T>
T Fail(int error, T result) {
  WSASetLastError(error);
  return result;
}

// The Windows code of a failed status. Every portres failure carries one;
// a status without one aborts with its text, never becomes a guessed code.
int CodeOf(const absl::Status& status);

}  // namespace portres::compat::internal

#endif  // PORTRES_SIM_WINSOCK_COMPAT_STATE_H_
