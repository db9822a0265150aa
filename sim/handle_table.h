// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// One process's socket handle values (docs/windows-semantics.md H1-H7, U27):
// each names a socket slot of the host's table. Values are per process (H4),
// multiples of 4 from 0x100, never 0 or INVALID_SOCKET (H2, H3), and a
// closed value comes back as the policy says (H5): most recently freed first
// (`kLifo`, Windows' default here), lowest free first (`kLowest`, Wine's
// measured order), or never (`kNever`: the freed value's generation, kept in
// the high 32 bits, advances, so the same number is never issued twice).
//
// Issue, Find and Retire are O(1) for kLifo and kNever, O(log n) for kLowest,
// with no allocation once the table has reached the process's peak count.

#ifndef PORTRES_SIM_HANDLE_TABLE_H_
#define PORTRES_SIM_HANDLE_TABLE_H_

#include <cstdint>
#include <vector>

#include "portres/sim/policy.h"
#include "portres/types.h"
#include "sim/slot_table.h"

namespace portres::sim {

class HandleTable {
 public:
  static constexpr uint32_t kFirstValue = 0x100;

  // A value for socket `slot`, chosen by `reuse`.
  SocketId Issue(uint32_t slot, HandleReuse reuse);
  // The slot `handle` names, or kNoSlot if it names no open socket.
  uint32_t Find(SocketId handle) const;
  // Frees `handle`, which names an open socket.
  void Retire(SocketId handle, HandleReuse reuse);
  // Forgets every value (the process has exited): memory is returned.
  void Clear();

  // Free values' indices, the next to be issued last for kLifo and kNever
  // (a heap's order for kLowest): part of the state a failed call must not
  // change, for DumpState.
  const std::vector<uint32_t>& free_indices() const { return free_; }
  uint32_t open_count() const { return open_; }

 private:
  struct Entry {
    uint32_t slot = kNoSlot;
    uint32_t generation = 0;
  };
  static uint32_t IndexOf(SocketId handle);
  SocketId ValueOf(uint32_t index) const;

  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;  // a stack (kLifo, kNever) or min-heap (kLowest)
  uint32_t open_ = 0;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HANDLE_TABLE_H_
