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
// only its own thread; the host's lock is never held across I/O. The
// persistent store (store.h) is saved before a persistent change is
// acknowledged; if it cannot be saved the service stops at once rather than
// acknowledge a change a restart would lose.
//
// Thread safety: Start, Wait and Stop may be called from any thread.

#ifndef PORTRES_SIM_SERVICE_SERVER_H_
#define PORTRES_SIM_SERVICE_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portres/export.h"

namespace portres::sim::service {

struct ServerOptions {
  std::string socket_path;  // where to listen (replaced if stale)
  std::string store_path;   // empty: nothing persists across restarts
  std::string profile = "windows";  // portres/sim/profile.h
  uint64_t seed = 0;                // tokens and boot blocks
  // Peers whose primary or supplementary groups include one of these are
  // elevated (root always is).
  std::vector<gid_t> elevated_groups;
  // Peers of this group may connect too (the socket becomes group
  // accessible); -1: only the service's own user and root.
  gid_t shared_group = static_cast<gid_t>(-1);
};

class PORTRES_HOST_SERVICE_API Server {
 public:
  // Loads the store (a restart is the machine's reboot: persistent blocks
  // return under new tokens), binds the socket and starts accepting. Fails
  // with the store's message for a damaged or foreign store.
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

#endif  // PORTRES_SIM_SERVICE_SERVER_H_
