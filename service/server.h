// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The host service: one simulated Windows machine (sim::Host) shared by the
// real processes that connect to its Unix socket.
//
// Each connection is one simulated process, created at the hello and ended
// when the connection closes — whatever ended it, `kill -9` included: the
// kernel closes a dead process's sockets, the connection's thread reads end
// of stream at once and exits the process (its sockets close, its runtime
// reservations go). Peers are identified by the kernel (SO_PEERCRED,
// SO_PEERGROUPS), never by what they send: a peer is elevated when it runs
// as root or in one of the configured groups. A connection may act only as
// its own process or as processes it spawned itself, which end with it.
//
// One thread per connection: a client that stalls or dies mid-frame holds
// only its own thread, and only until its deadline; the host's lock is
// never held across I/O; a reaper thread joins finished connections as
// they finish. ServiceLimits caps what any one peer may hold. The
// persistent store (store.h) is saved before a persistent change is
// acknowledged; if it cannot be saved the service stops at once rather than
// acknowledge a change a restart would lose, and leaves the reason in its
// pid file (pid_file.h).
//
// Thread safety: Start, Wait and Stop may be called from any thread.

#ifndef PORTRES_SERVICE_SERVER_H_
#define PORTRES_SERVICE_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "portres/export.h"

namespace portres::sim::service {

// What any one peer may take of the service, so that no peer can lock out
// the others (docs/windows-semantics.md §21, SV14-SV17).
struct ServiceLimits {
  // A connection must send its hello this soon after it is accepted.
  absl::Duration hello_timeout = absl::Seconds(5);
  // A frame begun must be finished this soon, and a reply taken by the
  // peer this soon (a peer may idle between frames as long as it likes).
  absl::Duration frame_timeout = absl::Seconds(10);
  // Connections at once, of everyone; the last `root_reserve` of them
  // only for root. Lowered to fit the descriptor limit at start.
  int max_connections = 1024;
  int root_reserve = 16;
  // Connections at once of one user other than root.
  int max_connections_per_user = 256;
  // Live processes one connection may have spawned.
  int max_spawned_per_connection = 256;
};

struct ServerOptions {
  std::string socket_path;  // where to listen (replaced if stale)
  // Held locked for the service's whole life (pid_file.h); taken before
  // anything else, so a second service on the machine starts nothing.
  std::string pid_path;
  std::string store_path;   // empty: nothing persists across restarts
  std::string profile = "windows";  // portres/sim/profile.h
  uint64_t seed = 0;                // tokens and boot blocks
  // Peers whose primary or supplementary groups include one of these are
  // elevated (root always is). A peer whose supplementary groups the
  // kernel cannot tell is judged by its primary group alone.
  std::vector<gid_t> elevated_groups;
  // Peers of this group may connect too (the socket becomes group
  // accessible); -1: only the service's own user and root.
  gid_t shared_group = static_cast<gid_t>(-1);
  ServiceLimits limits;
};

class PORTRES_HOST_SERVICE_API Server {
 public:
  // Locks the pid file, loads the store (a restart is the machine's reboot:
  // persistent blocks return under new tokens), binds the socket and starts
  // accepting. Fails with FAILED_PRECONDITION when another service holds
  // the pid file, with the store's message for a damaged or foreign store
  // or one that cannot be saved.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  ~Server();  // Stop()

  // Blocks until a client asks for shutdown (or Stop is called).
  void Wait();
  // Closes the socket and every connection; joins their threads.
  void Stop();

  const std::string& socket_path() const;

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace portres::sim::service

#endif  // PORTRES_SERVICE_SERVER_H_
