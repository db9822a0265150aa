// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Traffic between programs of one shared machine (docs §22, DP35-DP38).
//
// Each program's connections and queues stay in its own memory (network.h);
// a TCP connection between two programs is one kernel Unix stream socket
// between them, on which each end sends what its side does: the bytes it
// sends, how many it has read (the sender's window, DP17), FIN, the end of
// receiving, its close, a reset. A datagram is one message to the receiving
// program's Unix datagram socket. The kernel blocks and wakes nobody here:
// one bridge thread per program polls its sockets and applies what arrives
// under compat's lock, waking blocked calls as a local change would.
//
// A program that dies without closing (killed) leaves its connections'
// sockets at end of file with no close said: its peers reset them, as
// Windows resets the connections of a process that ends (DP12).
//
// Writes never block under compat's lock (two programs sending to each
// other would otherwise wait on each other's bridge): what does not fit in
// the kernel's buffer waits in the link's outbox for the bridge to send.
//
// Thread safety: Connect is called without compat's lock (it waits for the
// other program's answer); everything else under it.

#ifndef PORTRES_COMPAT_BRIDGE_H_
#define PORTRES_COMPAT_BRIDGE_H_

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "compat/network.h"
#include "compat/port_map.h"
#include "portres/types.h"

namespace portres::compat::internal {

class StreamLink;

// What the bridge needs of compat (compat_state.cc): its lock and this
// program's receivers. (bridge.cc includes the kernel's socket headers,
// which cannot meet Windows' in one file.)
class BridgeHost {
 public:
  virtual ~BridgeHost() = default;
  virtual std::mutex& mu() = 0;
  // Under mu(): this program's TCP listener or UDP socket taking traffic
  // for `to` (FindReceiver), or nullptr.
  virtual DataState* Receiver(Protocol protocol, const Endpoint& to) = 0;
  // Under mu(): the data path changed; calls waiting for it wake.
  virtual void Changed() = 0;
};

class Bridge {
 public:
  // Starts this program's bridge beside the shared machine's files in
  // `machine_directory`: its sockets and its thread, which runs until the
  // program ends.
  static absl::StatusOr<std::unique_ptr<Bridge>> Start(
      const std::string& machine_directory, std::unique_ptr<BridgeHost> host);
  ~Bridge();

  PortMap& port_map() { return port_map_; }

  // A TCP connection from `from` to another program's listener at `to`,
  // established (in its listener's backlog) before this returns. `receivers`
  // are the programs to ask, in order.
  enum class Outcome {
    kEstablished,
    kRefused,    // none takes it (DP8), or its backlog is full (DP9)
    kTimedOut,   // a program did not answer
    kNoBuffers,  // no kernel socket for the link
  };
  struct Established {
    Outcome outcome = Outcome::kEstablished;
    std::shared_ptr<StreamLink> link;
  };
  Established Connect(const std::vector<pid_t>& receivers, const Endpoint& from,
                      const Endpoint& to);
  // Under compat's lock: `connection`'s side 0 is this program's socket and
  // `link` (from Connect) carries it; the bridge starts reading it.
  void Adopt(const std::shared_ptr<StreamLink>& link,
             const std::shared_ptr<Connection>& connection);

  // One datagram to the first of `receivers` there: false if none is (the
  // sender then hears ICMP port unreachable, DP22). A full queue there drops
  // it, as UDP does (DP21).
  bool SendDatagram(const std::vector<pid_t>& receivers, const Endpoint& from,
                    const Endpoint& to, const char* data, size_t length);

  // Without compat's lock: waits until the bridge thread has sent what the
  // outboxes hold, for at most `longest` (the program is ending, DP37).
  void Drain(absl::Duration longest);

 private:
  class Thread;
  Bridge(PortMap port_map, int stream_fd, int datagram_fd);

  PortMap port_map_;
  std::unique_ptr<BridgeHost> host_;
  const int stream_fd_;    // listens for connections from other programs
  const int datagram_fd_;  // receives datagrams, sends this program's
  std::unique_ptr<Thread> thread_;
};

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_BRIDGE_H_
