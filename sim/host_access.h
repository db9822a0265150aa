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
  // The host's lock and its state, for a caller that locks once per call
  // (the compat layer's WinsockCall) and reads the state only while holding
  // the lock.
  static HostMutex& Mutex(Host& host) { return host.mu_; }
  static HostState& State(Host& host) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return *host.state_;
  }
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_ACCESS_H_
