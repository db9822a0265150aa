// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: compat_host.h
//
// C++ access to the in-process simulated host behind portres's compat
// headers, for tests that mix Win32-style calls with portres::sim::Host
// checks (state, invariants, excluded ranges). Processes are compat's to
// manage: spawn, switch, exit and reboot through portres_sim.h, which keeps
// compat's records of its processes; a process spawned on the Host directly
// is unknown to compat (PortresSimSwitchProcess refuses it).
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
#include "portres/sim/machine.h"

namespace portres::compat {

PORTRES_COMPAT_API sim::Host& SimulatedHost();

// The machine compat's calls reach: the in-process host (through
// sim::HostMachine) or, under PORTRES_SIM_HOST, the shared machine. Checks
// written against it (state, invariants, excluded ranges) hold on both.
// Valid until the next PortresSimReset().
PORTRES_COMPAT_API sim::Machine& SimulatedMachine();

// Replaces the host with one built from `options` (one initial process, as
// PortresSimReset()), e.g. to test a policy switch through the Win32 API.
PORTRES_COMPAT_API void ResetSimulatedHost(const sim::HostOptions& options);

// Host::RebootInto(options) through compat, as PortresSimReboot() does
// Reboot(): every process ends and a fresh initial one starts. Does nothing
// on a shared machine (PORTRES_SIM_HOST), whose profile is its service's.
PORTRES_COMPAT_API void RebootSimulatedHostInto(
    const sim::HostOptions& options);

}  // namespace portres::compat

#endif  // PORTRES_COMPAT_COMPAT_HOST_H_
