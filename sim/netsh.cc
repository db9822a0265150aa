// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/sim/netsh.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace portres::sim {

std::string FormatExcludedPortRanges(Protocol protocol,
                                     absl::Span<const ExcludedRange> rows) {
  std::string out = absl::StrCat("\nProtocol ", ToString(protocol),
                                 " Port Exclusion Ranges\n\n"
                                 "Start Port    End Port\n"
                                 "----------    --------\n");
  // The end port right-aligns under "End Port" (4 spaces, 8 columns), as the
  // captures in spec §10.2 show; the spec's prose ("10 columns") disagrees
  // with its own sample and with netsh.
  for (const ExcludedRange& row : rows) {
    absl::StrAppendFormat(&out, "%10d    %8d%s\n", row.start, row.end,
                          row.administered ? "     *" : "");
  }
  absl::StrAppend(&out, "\n* - Administered port exclusions.\n\n");
  return out;
}

std::string FormatDynamicPortRange(Protocol protocol, DynamicPortRange range) {
  return absl::StrCat("\nProtocol ", ToString(protocol),
                      " Dynamic Port Range\n"
                      "---------------------------------\n"
                      "Start Port      : ",
                      range.start, "\nNumber of Ports : ", range.count, "\n\n");
}

}  // namespace portres::sim
