// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: netsh.h
//
// The exact text `netsh int ipv4 show excludedportrange protocol=tcp|udp` and
// `netsh int ipv4 show dynamicport tcp|udp` print (English UI, spec §10.2 and
// §10.3), for the simulator's state, so that scripts and tests that parse
// netsh output can run against it; and the way back: a simulated host made
// from such text captured on a real machine.
//
// Example:
//   std::cout << portres::sim::FormatExcludedPortRanges(
//       portres::Protocol::kTcp,
//       host.ExcludedPortRanges(portres::Protocol::kTcp));
//
// Thread safety: pure functions.

#ifndef PORTRES_SIM_NETSH_H_
#define PORTRES_SIM_NETSH_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "portres/export.h"
#include "portres/sim/host.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim {

// Rows are printed in the order given; Host::ExcludedPortRanges() already
// returns them ascending by start port, as netsh does.
PORTRES_SIM_API std::string FormatExcludedPortRanges(
    Protocol protocol, absl::Span<const ExcludedRange> rows);

// `netsh int ipv4 show dynamicport tcp|udp`'s text.
PORTRES_SIM_API std::string FormatDynamicPortRange(Protocol protocol,
                                                   DynamicPortRange range);

// What captured netsh output says about a machine (docs §19, NS1-NS5):
// each protocol's excluded ranges and dynamic range, where the capture has
// them.
struct NetshCapture {
  std::optional<std::vector<ExcludedRange>> tcp_ranges;  // protocol=tcp
  std::optional<std::vector<ExcludedRange>> udp_ranges;  // protocol=udp
  std::optional<DynamicPortRange> tcp_dynamic;  // show dynamicport tcp
  std::optional<DynamicPortRange> udp_dynamic;  // show dynamicport udp
};

// Parses the output of `netsh int ipv4 show excludedportrange
// protocol=tcp|udp` and `netsh int ipv4 show dynamicport tcp|udp` (English),
// one or more sections in any order, as the formatters above print them or
// as captured on Windows (CR LF, trailing blanks). INVALID_ARGUMENT naming
// the line for anything else: other text, a malformed or out-of-order row,
// a section twice, a dynamic range netsh would refuse.
PORTRES_SIM_API absl::StatusOr<NetshCapture> ParseNetshCapture(
    absl::string_view text);

// A host built with `options` whose state is the capture's: its dynamic
// ranges, its administered rows as persistent reservations and its other
// rows as system reservations (which the next reboot clears, as on the
// machine it came from). INVALID_ARGUMENT as ParseNetshCapture; the Windows
// code of the failing step if a row cannot be placed (a profile's boot
// reservations in the way). No host unless every step succeeded.
PORTRES_SIM_API absl::StatusOr<std::unique_ptr<Host>> NewHostFromNetsh(
    absl::string_view text, HostOptions options = {});

}  // namespace portres::sim

#endif  // PORTRES_SIM_NETSH_H_
