// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/sim/profile.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portres/windows_codes.h"

namespace portres::sim {
namespace {

constexpr Profile kProfiles[] = {
    {"windows", 1,
     "Windows 10/11 and Server 2019+ (build >= 17763): every documented rule, "
     "the decisions' defaults",
     "PF1; §3-§18"},
    {"windows-1803", 1,
     "Windows 10 1803 (build 17134): the same answers, an older version for "
     "code that gates the feature on build 17763 (msquic)",
     "PF2"},
    {"windows-hyperv", 1,
     "Windows with Hyper-V/WinNAT: system blocks of 100 ports drawn inside "
     "the dynamic range at every boot",
     "PF4; O1, O2"},
    {"wine-8", 1,
     "Wine 8.0: the ioctls answer WSAEOPNOTSUPP, iphlpapi lacks the "
     "persistent functions, lowest-first handles, version 6.1.7601",
     "PF3; WN1-WN13, U23, U25, U27, U28"},
};

}  // namespace

absl::Span<const Profile> Profiles() { return kProfiles; }

std::string ProfileNames() {
  return absl::StrJoin(kProfiles, ", ", [](std::string* out, const Profile& p) {
    absl::StrAppend(out, p.name);
  });
}

absl::StatusOr<HostOptions> ProfileOptions(absl::string_view name,
                                           uint64_t seed) {
  HostOptions options;
  options.seed = seed;
  if (name == "windows") return options;
  if (name == "windows-1803") {  // PF2
    options.version = {.major = 10, .minor = 0, .build = 17134,
                       .server = false};
    return options;
  }
  if (name == "windows-hyperv") {  // PF4; the counts are a decision
    options.boot_reservations = {.block_size = 100,
                                 .tcp_blocks = 8,
                                 .udp_blocks = 2};
    return options;
  }
  if (name == "wine-8") {  // PF3
    Policy& policy = options.policy;
    policy.reservation_ioctls_supported = false;              // WN1
    policy.persistent_api = PersistentApi::kNotExported;      // WN8
    policy.handle_reuse = HandleReuse::kLowest;               // WN12
    policy.v4_mapped_on_ipv6_only_bind_error = kWsaEInval;    // U23
    policy.ipv6_only_set_on_ipv4_error = 0;                   // U25
    options.version = {.major = 6, .minor = 1, .build = 7601,
                       .service_pack = 1, .server = false, .wine = true};
    return options;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown behaviour profile \"", name,
                   "\"; the profiles are: ", ProfileNames()));
}

}  // namespace portres::sim
