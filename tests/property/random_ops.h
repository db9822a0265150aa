// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Random operation sequences over a multi-process simulated host, for the
// host properties. An Op is plain integers that the driver interprets against
// what exists at that moment (the i-th live process, the j-th socket ever
// opened, the k-th token ever seen), so shrinking keeps sequences valid and
// stale handles and tokens come up often. Ports are drawn from a 40-port
// window (5000-5039) plus the dynamic range, so collisions are common.

#ifndef PORTRES_TESTS_PROPERTY_RANDOM_OPS_H_
#define PORTRES_TESTS_PROPERTY_RANDOM_OPS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "portres/operations.h"
#include "portres/sim/host.h"
#include "rapidcheck.h"

namespace portres::testkit {

struct Op {
  Operation kind = Operation::kOpenSocket;  // the shared vocabulary
  int process = 0;                          // index into the live processes
  int socket = 0;     // index into every socket ever opened (stale ones too)
  int port = 0;       // 0: wildcard / bind(0); else 5000 + port - 1
  int count = 1;      // ports in a block, 1..8
  int token = 0;      // index into every token ever seen; -1: token 0
  bool flag = false;  // elevated (spawn), TCP (open, persistent), ...
};

void showValue(const Op& op, std::ostream& os);

// Generators: any operation, or only those a single process performs on its
// own sockets (no process control, no persistent state).
rc::Gen<Op> GenOp();
rc::Gen<Op> GenOwnSocketOp();

// Applies Ops to one host, keeping the handles they refer to.
class OpDriver {
 public:
  explicit OpDriver(uint64_t seed);

  // Runs `op`; returns its status (OK for controls that cannot fail).
  absl::Status Apply(const Op& op);

  // Spawns a process and makes later ops act only as it (Exit included).
  sim::Pid SpawnFocused(bool elevated);

  // Every socket `pid` opened, closed ones included.
  std::vector<SocketId> SocketsOf(sim::Pid pid) const;

  sim::Host& host() { return host_; }
  PortReservations& View(sim::Pid pid);

 private:
  struct SocketRef {
    sim::Pid owner;
    SocketId id;
  };
  sim::Pid PickProcess(int index) const;
  Token PickToken(int index) const;
  PortRange PickRange(const Op& op) const;

  sim::Host host_;
  std::vector<sim::Pid> processes_;  // live, in spawn order
  std::vector<std::pair<sim::Pid, std::unique_ptr<PortReservations>>> views_;
  std::vector<SocketRef> sockets_;
  std::vector<Token> tokens_;
  std::optional<sim::Pid> focus_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_PROPERTY_RANDOM_OPS_H_
