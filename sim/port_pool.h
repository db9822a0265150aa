// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// One protocol's port pool: where its reservations lie (runtime, persistent,
// system; pairwise disjoint), which ports are bound and by which socket, its
// dynamic range, and the searches the simulator's rules need. It stores slot
// numbers of the host's reservation and socket tables, never the records:
// no policy and no locking here (HostState owns both).
//
// Cost: every query and update is O(1) or O(log 65536) word operations —
// bitmaps with summary words for reservation starts and bound ports, the
// free-space tree for runs — except removing a reservation, which also
// re-marks the bound ports inside it (usually none), and the kRandom
// choices, a test-only mode that enumerates candidates. The ~60 KiB of
// structures are allocated on the pool's first reservation or binding.

#ifndef PORTRES_SIM_PORT_POOL_H_
#define PORTRES_SIM_PORT_POOL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>

#include "portres/sim/policy.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/free_space_index.h"
#include "sim/paged_array.h"
#include "sim/port_bitmap.h"
#include "sim/slot_table.h"

namespace portres::sim {

using Rng = std::mt19937_64;

class PortPool {
 public:
  // The reservation containing `port`, or kNoSlot.
  uint32_t ReservationCovering(uint32_t port) const;
  // The reservation starting exactly at `start`, or kNoSlot.
  uint32_t ReservationAt(uint16_t start) const;
  bool OverlapsReservation(PortRange range) const;
  bool HasBoundPort(PortRange range) const;
  // The most recently bound socket on `port` (others of its sharing group
  // follow through SocketRecord::next_on_port), or kNoSlot.
  uint32_t SocketAt(uint16_t port) const;

  // A start port for `count` consecutive ports inside [lo, hi] that are
  // neither reserved nor bound; nullopt if there is none.
  std::optional<uint16_t> FindFreeBlock(uint32_t lo, uint32_t hi,
                                        uint32_t count, Choice choice,
                                        Rng& rng) const;
  // A port inside [lo, hi] that no socket is bound to (reservations are not
  // considered: the caller is binding through one).
  std::optional<uint16_t> FindUnboundPort(uint32_t lo, uint32_t hi,
                                          Choice choice, Rng& rng) const;

  void AddReservation(PortRange range, uint32_t slot);
  void RemoveReservation(PortRange range);
  // Makes `slot` the socket listed at `port` (kNoSlot: nobody is bound).
  void SetSocketAt(uint16_t port, uint32_t slot);
  // Forgets every reservation and binding (the dynamic range stays).
  void Clear();

  // Reservation starts and bound ports in ascending order.
  template <typename Visit>  // visit(uint16_t start, uint32_t slot)
  void ForEachReservation(Visit visit) const {
    if (index_ == nullptr) return;
    index_->starts.ForEachSet(0, 65535, [&](uint32_t start) {
      visit(static_cast<uint16_t>(start), index_->at.Get(start).reservation);
    });
  }
  template <typename Visit>  // visit(uint16_t port, uint32_t first_socket)
  void ForEachBoundPort(Visit visit) const {
    if (index_ == nullptr) return;
    index_->bound.ForEachSet(0, 65535, [&](uint32_t port) {
      visit(static_cast<uint16_t>(port), index_->at.Get(port).socket);
    });
  }

  // For CheckInvariants: the free-space tree's taken bits (all clear before
  // first use) and whether its summaries agree with them.
  std::array<uint64_t, FreeSpaceIndex::kWords> TakenWords() const;
  bool FreeSpaceSummariesConsistent() const;

  DynamicPortRange dynamic_range;

 private:
  struct PortEntry {
    uint32_t reservation = kNoSlot;  // the reservation starting here
    uint16_t last = 0;               // ... and its last port
    uint32_t socket = kNoSlot;       // the socket bound here
  };
  struct alignas(kCacheLine) Index {
    FreeSpaceIndex free;  // ports neither reserved nor bound
    PortBitmap starts;    // first ports of reservations
    PortBitmap bound;     // ports some socket is bound to
    PagedArray<PortEntry> at;
  };
  Index& index();

  std::unique_ptr<Index> index_;  // null until the pool is first used
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_PORT_POOL_H_
