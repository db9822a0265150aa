// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/address_rules.h"

#include <array>

#include "portres/windows_codes.h"

namespace portres::sim {
namespace {

enum class Stack : uint8_t { kIpv4, kIpv6 };

// One IP stack's share of a bind: the address it holds there. A dual-stack
// socket bound to :: holds IPv4's wildcard only weakly (BA11).
struct Claim {
  Stack stack = Stack::kIpv4;
  IpAddress address;  // on kIpv4 always an IPv4 address
  bool weak = false;
};

struct Claims {
  std::array<Claim, 2> items;
  int count = 0;
};

// Spec BA7, BA9, BA12, BA14: an AF_INET socket holds IPv4; an IPv6-only
// socket IPv6; a dual-stack one binding :: holds both (IPv6 first, the
// order the checks run in), ::ffff:a.b.c.d IPv4 a.b.c.d, any other address
// IPv6 only.
Claims ClaimsOf(AddressFamily family, bool ipv6_only, const IpAddress& address) {
  Claims c;
  if (family == AddressFamily::kInet) {
    c.items[c.count++] = {Stack::kIpv4, address};
  } else if (!ipv6_only && address.IsV4Mapped()) {
    c.items[c.count++] = {Stack::kIpv4, address.MappedV4()};
  } else {
    c.items[c.count++] = {Stack::kIpv6, address};
    if (!ipv6_only && address.IsWildcard()) {
      c.items[c.count++] = {Stack::kIpv4, IpAddress::Any(AddressFamily::kInet),
                            /*weak=*/true};
    }
  }
  return c;
}

constexpr uint32_t S = 0;               // both binds hold the port
constexpr uint32_t U = kWsaEAddrInUse;  // the second gets WSAEADDRINUSE
constexpr uint32_t A = kWsaEAcces;      // the second gets WSAEACCES

// Spec §16.3, Microsoft's "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE"
// (Windows Server 2003 and later, one user account). Rows: the first bind,
// columns: the second; index = 2 * AddressUse + (specific address ? 1 : 0):
// Default Wildcard, Default Specific, SO_REUSEADDR W, S, SO_EXCLUSIVEADDRUSE
// W, S.
constexpr uint32_t kMatrix[6][6] = {
    /* Default W */ {U, S, A, S, U, S},
    /* Default S */ {S, U, S, A, U, U},
    /* Reuse   W */ {U, S, S, S, U, S},
    /* Reuse   S */ {S, U, S, S, U, U},
    /* Excl    W */ {U, A, A, A, U, A},
    /* Excl    S */ {S, U, S, A, U, U},
};

int MatrixIndex(AddressUse use, const Claim& claim) {
  return 2 * static_cast<int>(use) + (claim.address.IsWildcard() ? 0 : 1);
}

// The code for one stack's pair of claims.
uint32_t ClaimConflict(const Claim& first, AddressUse first_use,
                       const Claim& second, AddressUse second_use) {
  if (!first.address.IsWildcard() && !second.address.IsWildcard() &&
      first.address != second.address) {
    return S;  // BA6: different specific addresses never conflict
  }
  if (first.weak) {  // BA11: only an exclusive dual-stack bind keeps IPv4
    return first_use == AddressUse::kExclusive ? A : S;
  }
  return kMatrix[MatrixIndex(first_use, first)][MatrixIndex(second_use, second)];
}

// Sharing that association grants: U26's optional O7 behaviour, and msquic's
// per-processor sockets (SO8), which share the port of their reservation.
bool SharesThroughReservation(const Policy& policy,
                              const SocketRecord& existing,
                              const BindRequest& incoming) {
  if (!existing.bind_group.valid() || existing.bind_group != incoming.group) {
    return false;
  }
  if (policy.share_port_within_reservation) return true;
  return existing.bound_with.cpu_affinity &&
         incoming.socket.options.cpu_affinity &&
         existing.owner == incoming.socket.owner;
}

}  // namespace

IpAddress BoundAddress(const SocketRecord& socket) {
  return IpAddress{.family = socket.family, .bytes = socket.address};
}

uint32_t BindConflict(const Policy& policy, const SocketRecord& existing,
                      const BindRequest& incoming) {
  if (SharesThroughReservation(policy, existing, incoming)) return S;
  const Claims held = ClaimsOf(existing.family, existing.bound_with.ipv6_only,
                               BoundAddress(existing));
  const Claims wanted =
      ClaimsOf(incoming.socket.family, incoming.socket.options.ipv6_only,
               incoming.address);
  // BA9: a dual-stack bind must pass on both stacks; the first stack that
  // refuses gives the code.
  for (int w = 0; w < wanted.count; ++w) {
    for (int h = 0; h < held.count; ++h) {
      if (held.items[h].stack != wanted.items[w].stack) continue;
      const uint32_t code =
          ClaimConflict(held.items[h], existing.bound_with.use(),
                        wanted.items[w], incoming.socket.options.use());
      if (code != S) return code;
    }
  }
  return S;
}

}  // namespace portres::sim
