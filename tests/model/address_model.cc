// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/model/address_model.h"

#include <string>
#include <vector>

#include "portres/windows_codes.h"

namespace portres::testkit::model {
namespace {

// Where on the machine a bind sits: an IP stack ('4' or '6') and an
// address there. `weak`: the IPv4 half of a dual-stack :: bind (BA11).
struct Spot {
  char stack;
  IpAddress address;
  bool weak = false;
};

// BA7, BA9, BA12, BA14, in the order the checks run (own stack first).
std::vector<Spot> SpotsOf(const Binder& b) {
  if (!b.v6) return {{'4', b.address}};
  const bool dual = !b.options.v6only;
  if (dual && b.address.IsV4Mapped()) return {{'4', b.address.MappedV4()}};
  std::vector<Spot> spots = {{'6', b.address}};
  if (dual && b.address.IsWildcard()) {
    spots.push_back({'4', kIpv4Any, /*weak=*/true});
  }
  return spots;
}

// The [REUSE] page's table for one account, Windows Server 2003 and later,
// as printed: rows the first bind, columns the second, each written
// "Default W", "Default S", "SO_REUSEADDR W", "SO_REUSEADDR S",
// "SO_EXCLUSIVEADDRUSE W", "SO_EXCLUSIVEADDRUSE S".
const char* const kPageTable[6][6] = {
    {"INUSE", "Success", "ACCESS", "Success", "INUSE", "Success"},
    {"Success", "INUSE", "Success", "ACCESS", "INUSE", "INUSE"},
    {"INUSE", "Success", "Success", "Success", "INUSE", "Success"},
    {"Success", "INUSE", "Success", "Success", "INUSE", "INUSE"},
    {"INUSE", "ACCESS", "ACCESS", "ACCESS", "INUSE", "ACCESS"},
    {"Success", "INUSE", "Success", "ACCESS", "INUSE", "INUSE"},
};

int Heading(const SocketOptions& o, const IpAddress& address) {
  const int option = o.exclusive ? 2 : o.reuse ? 1 : 0;
  return option * 2 + (address.IsWildcard() ? 0 : 1);
}

uint32_t CodeOf(const std::string& cell) {
  if (cell == "INUSE") return kWsaEAddrInUse;
  if (cell == "ACCESS") return kWsaEAcces;
  return 0;
}

}  // namespace

bool IsLocal(const IpAddress& address) {
  if (address.IsV4Mapped()) return IsLocal(address.MappedV4());
  if (address.IsWildcard()) return true;
  if (address.family == AddressFamily::kInet) return address.bytes[0] == 127;
  return address == kIpv6Loopback;
}

uint32_t SecondBindCode(const Binder& first, const Binder& second) {
  // SO8 / U26: msquic's per-processor sockets of one process share the
  // port of the reservation they bind through.
  if (first.group >= 0 && first.group == second.group &&
      first.options.affinity && second.options.affinity &&
      first.process == second.process) {
    return 0;
  }
  for (const Spot& mine : SpotsOf(second)) {
    for (const Spot& theirs : SpotsOf(first)) {
      if (theirs.stack != mine.stack) continue;
      if (!theirs.address.IsWildcard() && !mine.address.IsWildcard() &&
          theirs.address != mine.address) {
        continue;  // BA6
      }
      uint32_t code;
      if (theirs.weak) {  // BA11
        code = first.options.exclusive ? kWsaEAcces : 0;
      } else {
        code = CodeOf(kPageTable[Heading(first.options, theirs.address)]
                                [Heading(second.options, mine.address)]);
      }
      if (code != 0) return code;
    }
  }
  return 0;
}

}  // namespace portres::testkit::model
