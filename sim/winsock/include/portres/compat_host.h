// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: compat_host.h
//
// C++ access to the simulated host behind portres's compat headers, for tests
// that mix Win32-style calls with portres::sim::Host checks and controls.
//
// Example:
//   portres::sim::Host& host = portres::compat::SimulatedHost();
//   EXPECT_TRUE(host.CheckInvariants().ok());
//
// Thread safety: the Host is thread-safe. The reference is valid until the
// next PortresSimReset().

#ifndef PORTRES_COMPAT_COMPAT_HOST_H_
#define PORTRES_COMPAT_COMPAT_HOST_H_

#include "portres/export.h"
#include "portres/sim/host.h"

namespace portres::compat {

PORTRES_COMPAT_API sim::Host& SimulatedHost();

// Replaces the host with one built from `options` (one initial process, as
// PortresSimReset()), e.g. to test a policy switch through the Win32 API.
PORTRES_COMPAT_API void ResetSimulatedHost(const sim::HostOptions& options);

}  // namespace portres::compat

#endif  // PORTRES_COMPAT_COMPAT_HOST_H_
