// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The shared machine's port map: which programs of the machine take
// traffic for a port (docs §22, DP35). Each TCP listener and bound UDP
// socket of a program is one empty file in the machine's directory,
// `traffic/<protocol>.<family>.<port>.<address>.<os pid>.<serial>`, made
// when it starts receiving and removed when it closes; the program's
// bridge (bridge.h) listens beside them at `traffic/<os pid>.stream` and
// `traffic/<os pid>.datagram`. A program that was killed leaves its files:
// whoever finds nobody at its bridge removes them.
//
// The map only says where to ask: the receiving program checks with its
// own records (FindReceiver) that the socket still takes the traffic.
//
// Thread safety: Announce is called under compat's lock; Find and Forget
// touch only the file system, from any thread.

#ifndef PORTRES_COMPAT_PORT_MAP_H_
#define PORTRES_COMPAT_PORT_MAP_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compat/network.h"
#include "portres/types.h"

namespace portres::compat::internal {

class PortMap {
 public:
  // `directory`: the machine's traffic directory, which exists.
  PortMap(std::string directory, pid_t self);

  const std::string& directory() const { return directory_; }
  pid_t self() const { return self_; }
  std::string StreamPath(pid_t program) const;
  std::string DatagramPath(pid_t program) const;

  // This program receives `protocol` traffic at `local` until the returned
  // entry is destroyed. nullptr if the file cannot be made (the program
  // then receives only its own traffic; the reason goes to stderr once).
  std::shared_ptr<void> Announce(Protocol protocol, const Endpoint& local);

  // The other programs announcing a receiver for `destination`: those
  // bound to its very address first, then those bound to the wildcard
  // (DP7), each once.
  struct Receivers {
    std::vector<pid_t> exact;
    std::vector<pid_t> wildcard;
  };
  Receivers Find(Protocol protocol, const Endpoint& destination) const;

  // `program` is gone (nobody at its bridge): its files are removed.
  void Forget(pid_t program) const;

 private:
  std::string directory_;
  pid_t self_;
  uint64_t serial_ = 0;  // Announce is called under compat's lock
};

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_PORT_MAP_H_
