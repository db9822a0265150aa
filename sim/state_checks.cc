// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/state_checks.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sim/address_rules.h"

namespace portres::sim {
namespace {

// "reuse,exclusive,v6only,affinity" with 0/1 for each.
std::string OptionsText(const BindOptions& o) {
  return absl::StrCat(o.reuse_address, ",", o.exclusive, ",", o.ipv6_only, ",",
                      o.cpu_affinity);
}

absl::string_view KindName(ReservationKind kind) {
  switch (kind) {
    case ReservationKind::kRuntime:
      return "runtime";
    case ReservationKind::kPersistent:
      return "persistent";
    case ReservationKind::kSystem:
      return "system";
  }
  return "?";
}

absl::Status Broken(absl::string_view what) {
  return absl::InternalError(absl::StrCat("invariant broken: ", what));
}

using Words = std::array<uint64_t, FreeSpaceIndex::kWords>;

void MarkTaken(Words& words, uint32_t first, uint32_t last) {
  for (uint32_t p = first; p <= last; ++p)
    words[p >> 6] |= uint64_t{1} << (p & 63);
}

absl::Status CheckReservations(const HostState& state) {
  for (uint32_t slot = 0; slot < state.reservations.size(); ++slot) {
    const ReservationRecord& r = state.reservations[slot];
    if (!r.live) continue;
    const std::string name =
        absl::StrCat(ToString(r.protocol), " reservation ", ToString(r.range));
    if (r.range.count == 0 || r.range.start == 0 || r.range.last() > 65535 ||
        state.pool(r.protocol).ReservationAt(r.range.start) != slot) {
      return Broken(absl::StrCat(name, " is malformed or misfiled"));
    }
    const Token token = state.TokenOf(slot);
    if (!token.valid() || state.FindReservation(token) != slot) {
      return Broken(absl::StrCat(name, " is not found by its token"));
    }
    if (r.kind != ReservationKind::kRuntime) {
      if (r.owner_socket != kNoSlot) {
        return Broken(absl::StrCat(name, " has an owner socket"));
      }
      continue;
    }
    const ProcessRecord* owner = state.FindProcess(r.owner);
    bool listed = false;
    if (r.owner_socket < state.sockets.size()) {
      const SocketRecord& s = state.sockets[r.owner_socket];
      for (uint32_t a = s.first_acquired; a != kNoSlot;
           a = state.reservations[a].next_acquired) {
        listed = listed || a == slot;
      }
      listed = listed && s.live && s.owner == r.owner;
    }
    if (owner == nullptr || !listed) {
      return Broken(absl::StrCat(name, " has no live owner socket"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPool(const HostState& state, Protocol protocol) {
  const PortPool& pool = state.pool(protocol);
  const std::string name = ToString(protocol);
  Words expected{};
  absl::Status status;
  uint32_t next_free = 1;  // the lowest port the next block may start at
  pool.ForEachReservation([&](uint16_t start, uint32_t slot) {
    if (!status.ok()) return;
    if (slot >= state.reservations.size() || !state.reservations[slot].live ||
        state.reservations[slot].protocol != protocol ||
        state.reservations[slot].range.start != start) {
      status = Broken(absl::StrCat(name,
                                   " pool lists a dead or foreign "
                                   "reservation at ",
                                   start));
      return;
    }
    const PortRange range = state.reservations[slot].range;
    if (start < next_free) {
      status = Broken(absl::StrCat(name, " reservation ", ToString(range),
                                   " overlaps its predecessor"));
    }
    next_free = range.last() + 1;
    MarkTaken(expected, range.start, range.last());
  });
  if (!status.ok()) return status;
  uint32_t bound_sockets = 0;
  pool.ForEachBoundPort([&](uint16_t port, uint32_t first) {
    if (!status.ok()) return;
    MarkTaken(expected, port, port);
    uint32_t members = 0;
    for (uint32_t s = first; s != kNoSlot; s = state.sockets[s].next_on_port) {
      const SocketRecord& socket = state.sockets[s];
      if (!socket.live || !socket.bound || socket.port != port ||
          socket.protocol != protocol) {
        status = Broken(absl::StrCat(name, " port ", port, " lists socket ",
                                     state.SocketHandle(s),
                                     " which is not bound there"));
        return;
      }
      // The list runs newest first: every socket must be one the bind rules
      // let join each older one.
      for (uint32_t older = socket.next_on_port; older != kNoSlot;
           older = state.sockets[older].next_on_port) {
        // The rules read a joining socket's current options; a binding
        // keeps the ones it was made with (U24).
        SocketRecord as_bound = socket;
        as_bound.options = socket.bound_with;
        const IpAddress address = BoundAddress(socket);
        if (BindConflict(state.policy, state.sockets[older],
                         {as_bound, address, socket.bind_group}) != 0) {
          status = Broken(absl::StrCat(name, " port ", port, " holds ",
                                       state.SocketHandle(s), " and ",
                                       state.SocketHandle(older),
                                       ", which the bind rules keep apart"));
          return;
        }
      }
      ++members;
    }
    if (members == 0) {
      status = Broken(absl::StrCat(name, " port ", port, " lists no socket"));
    }
    bound_sockets += members;
  });
  if (!status.ok()) return status;
  uint32_t live_bound = 0;
  for (uint32_t s = 0; s < state.sockets.size(); ++s) {
    const SocketRecord& socket = state.sockets[s];
    live_bound += socket.live && socket.bound && socket.protocol == protocol;
  }
  if (live_bound != bound_sockets) {
    return Broken(absl::StrCat(name, " pool misses bound sockets"));
  }
  if (pool.TakenWords() != expected || !pool.FreeSpaceSummariesConsistent()) {
    return Broken(absl::StrCat(name,
                               " free-space index disagrees with the "
                               "reservations and bound ports"));
  }
  return absl::OkStatus();
}

absl::Status CheckSockets(const HostState& state) {
  uint32_t listed = 0;
  for (uint32_t i = 0; i < state.processes.size(); ++i) {
    const ProcessRecord& process = state.processes[i];
    const Pid pid = state.PidOf(i);
    if (!process.live && process.first_socket != kNoSlot) {
      return Broken(absl::StrCat("dead process ", pid, " holds sockets"));
    }
    uint32_t previous = kNoSlot;
    uint32_t handles = 0;
    for (uint32_t s = process.first_socket; s != kNoSlot;
         s = state.sockets[s].next_in_process) {
      const SocketRecord& socket = state.sockets[s];
      if (!socket.live || socket.owner != pid ||
          socket.prev_in_process != previous) {
        return Broken(absl::StrCat("process ", pid, " lists socket ",
                                   state.SocketHandle(s), " it does not own"));
      }
      if (process.handles.Find(socket.handle) != s) {
        return Broken(absl::StrCat("process ", pid, "'s handle ",
                                   socket.handle, " does not name its socket"));
      }
      previous = s;
      ++listed;
      ++handles;
    }
    if (handles != process.handles.open_count()) {
      return Broken(absl::StrCat("process ", pid, " has ",
                                 process.handles.open_count(),
                                 " open handles for ", handles, " sockets"));
    }
  }
  uint32_t live = 0;
  for (uint32_t s = 0; s < state.sockets.size(); ++s) {
    const SocketRecord& socket = state.sockets[s];
    if (!socket.live) continue;
    ++live;
    uint32_t previous = kNoSlot;
    for (uint32_t a = socket.first_acquired; a != kNoSlot;
         a = state.reservations[a].next_acquired) {
      const ReservationRecord& r = state.reservations[a];
      if (!r.live || r.owner_socket != s || r.prev_acquired != previous) {
        return Broken(absl::StrCat("socket ", state.SocketHandle(s),
                                   " lists a reservation it does not hold"));
      }
      previous = a;
    }
  }
  if (live != listed) return Broken("a live socket has no live owner");
  return absl::OkStatus();
}

std::string SlotTableText(absl::string_view name, uint32_t size,
                          const std::vector<uint32_t>& free,
                          const auto& generation_of) {
  std::vector<uint32_t> generations;
  for (uint32_t slot = 0; slot < size; ++slot) {
    generations.push_back(generation_of(slot));
  }
  return absl::StrCat(name, " slots=", size,
                      " generations=", absl::StrJoin(generations, ","),
                      " free=", absl::StrJoin(free, ","), "\n");
}

}  // namespace

absl::Status CheckInvariants(const HostState& state) {
  if (absl::Status s = CheckReservations(state); !s.ok()) return s;
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    if (absl::Status s = CheckPool(state, protocol); !s.ok()) return s;
  }
  return CheckSockets(state);
}

std::string DumpPools(const HostState& state) {
  std::string out;
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    const PortPool& pool = state.pool(protocol);
    absl::StrAppend(&out, ToString(protocol), " dynamic ",
                    pool.dynamic_range.start, "+", pool.dynamic_range.count,
                    "\n");
    pool.ForEachReservation([&](uint16_t, uint32_t slot) {
      const ReservationRecord& r = state.reservations[slot];
      absl::StrAppend(
          &out, "  ", KindName(r.kind), " ", ToString(r.range), " ",
          ToString(state.TokenOf(slot)), " owner=", r.owner, " socket=",
          r.owner_socket == kNoSlot ? SocketId{0}
                                    : state.SocketHandle(r.owner_socket),
          "\n");
    });
    pool.ForEachBoundPort([&](uint16_t port, uint32_t first) {
      std::vector<SocketId> sockets;
      for (uint32_t s = first; s != kNoSlot;
           s = state.sockets[s].next_on_port) {
        sockets.push_back(state.SocketHandle(s));
      }
      absl::StrAppend(&out, "  bound ", port,
                      " group=", state.sockets[first].bind_group.value(),
                      " sockets=", absl::StrJoin(sockets, ","), "\n");
    });
  }
  return out;
}

std::string DumpState(const HostState& state) {
  std::string out = absl::StrCat("processes=", state.processes.size(), "\n");
  for (const IpAddress& address : state.local_addresses) {
    absl::StrAppend(&out, "local_address ", ToString(address), "\n");
  }
  for (uint32_t i = 0; i < state.processes.size(); ++i) {
    if (!state.processes[i].live) continue;
    absl::StrAppend(&out, "process ", state.PidOf(i),
                    " elevated=", state.processes[i].elevated,
                    " free_handles=",
                    absl::StrJoin(state.processes[i].handles.free_indices(), ","),
                    "\n");
  }
  absl::StrAppend(
      &out, SlotTableText(
                "socket", state.sockets.size(), state.sockets.free_slots(),
                [&](uint32_t slot) { return state.sockets[slot].generation; }));
  absl::StrAppend(
      &out, SlotTableText("reservation", state.reservations.size(),
                          state.reservations.free_slots(), [&](uint32_t slot) {
                            return state.reservations[slot].generation;
                          }));
  for (uint32_t slot = 0; slot < state.sockets.size(); ++slot) {
    const SocketRecord& s = state.sockets[slot];
    if (!s.live) continue;
    std::vector<uint64_t> acquired;
    for (uint32_t a = s.first_acquired; a != kNoSlot;
         a = state.reservations[a].next_acquired) {
      acquired.push_back(state.TokenOf(a).value());
    }
    absl::StrAppend(&out, "socket ", state.SocketHandle(slot), " pid=", s.owner,
                    " family=", static_cast<int>(s.family),
                    " type=", static_cast<int>(s.type),
                    " pool=", s.protocol ? ToString(*s.protocol) : "raw",
                    " bound=", s.bound, ":", s.port,
                    " associated=", s.associated.value(),
                    " group=", s.bind_group.value(),
                    " acquired=", absl::StrJoin(acquired, ","),
                    " address=", ToString(BoundAddress(s)),
                    " options=", OptionsText(s.options),
                    " bound_with=", OptionsText(s.bound_with),
                    "\n");
  }
  absl::StrAppend(&out, DumpPools(state));
  return out;
}

}  // namespace portres::sim
