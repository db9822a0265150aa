// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: profile.h
//
// Behaviour profiles: named, versioned sets of HostOptions that make a
// simulated host behave as one kind of machine (docs/windows-semantics.md
// §19): `windows` (today's Windows, the defaults), `windows-1803` (a build
// before 17763, which version-gated code such as msquic treats as lacking
// the feature, PF2), `windows-hyperv` (Windows with Hyper-V/WinNAT blocks
// drawn inside the dynamic range at every boot, PF4) and `wine-8` (the
// answers Wine 8.0 gives, WN1-WN13). Compat programs pick one with the
// environment variable PORTRES_SIM_PROFILE.
//
// Example:
//   absl::StatusOr<portres::sim::HostOptions> options =
//       portres::sim::ProfileOptions("wine-8");
//   portres::sim::Host host(*options);  // the ioctls answer WSAEOPNOTSUPP
//
// Thread safety: constant tables and pure functions.

#ifndef PORTRES_SIM_PROFILE_H_
#define PORTRES_SIM_PROFILE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "portres/export.h"
#include "portres/sim/host.h"

namespace portres::sim {

// One profile of the table.
struct Profile {
  absl::string_view name;      // "windows", "wine-8", ...
  uint32_t revision;           // bumped whenever the profile's options change
  absl::string_view summary;   // one line for humans
  absl::string_view evidence;  // the rows of docs/windows-semantics.md
};

// Every profile, `windows` first.
PORTRES_SIM_API absl::Span<const Profile> Profiles();

// The options of profile `name` with `seed`. INVALID_ARGUMENT naming the
// known profiles for any other name (no Windows code: this is portres's
// configuration, not a Windows call).
PORTRES_SIM_API absl::StatusOr<HostOptions> ProfileOptions(
    absl::string_view name, uint64_t seed = 0);

// "windows, windows-1803, windows-hyperv, wine-8": for messages.
PORTRES_SIM_API std::string ProfileNames();

}  // namespace portres::sim

#endif  // PORTRES_SIM_PROFILE_H_
