// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Direct access to a Host's state under its lock, for the layer built on the
// simulator (the Winsock compat layer): one of its calls takes the host's
// lock once, makes Windows' socket-layer checks in Windows' order against
// the simulator's own records, and calls the rules (sockets.h,
// runtime_reservations.h, ...) directly. Not for anyone else: the
// PortReservations views are the simulator's interface.

#ifndef PORTRES_SIM_HOST_ACCESS_H_
#define PORTRES_SIM_HOST_ACCESS_H_

#include "absl/base/thread_annotations.h"
#include "portres/sim/host.h"
#include "portres/sim/host_mutex.h"
#include "sim/host_state.h"

namespace portres::sim {

class HostAccess {
 public:
  // Holds the host's lock for its lifetime.
  class Locked {
   public:
    explicit Locked(Host& host) ABSL_NO_THREAD_SAFETY_ANALYSIS
        : lock_(&host.mu_),
          state_(*host.state_) {}
    HostState& state() { return state_; }

   private:
    HostMutexLock lock_;
    HostState& state_;
  };
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_ACCESS_H_
