// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Which ports of one protocol are free (neither reserved nor bound), so that
// the lowest free run of N ports inside a range is found in O(log 65536)
// however fragmented the pool (spec U18 first fit; U10 lowest free for
// bind(0)).
//
// The structure: 1,024 bitmap words (bit = port taken) as the leaves of a
// segment tree whose nodes hold the free run at their start, at their end and
// the longest inside; ranges are assigned lazily (a fully covered node takes
// the value and passes it to its children only when a later call descends).
// Leaves are whole words, so a node summary of a word is three bit tricks and
// the tree is 10 levels deep instead of 16. About 40 KiB, allocated inline.

#ifndef PORTRES_SIM_FREE_SPACE_INDEX_H_
#define PORTRES_SIM_FREE_SPACE_INDEX_H_

#include <array>
#include <bit>
#include <cstdint>
#include <optional>

#include "portres/export.h"

namespace portres::sim {

class PORTRES_SIM_API FreeSpaceIndex {
 public:
  static constexpr uint32_t kPorts = 65536;
  static constexpr uint32_t kWords = kPorts / 64;

  FreeSpaceIndex();  // every port free

  // Marks [first, last] taken or free (last <= 65535).
  void Assign(uint32_t first, uint32_t last, bool taken);

  // The lowest start of `count` consecutive free ports inside [lo, hi].
  std::optional<uint16_t> FirstFit(uint32_t lo, uint32_t hi,
                                   uint32_t count) const;

  bool IsTaken(uint32_t port) const;

  // The taken bits as plain words (bit p % 64 of word p / 64), pending
  // assignments applied: for CheckInvariants and the linear random-choice
  // searches.
  std::array<uint64_t, kWords> Words() const;

  // True if every node's summary agrees with its children (or its pending
  // assignment) and every leaf's with its word. Nodes written since the
  // last call are checked, with their ancestors: a node neither written nor
  // below a written one is as consistent as when it was last checked.
  bool SummariesAreConsistent() const;

 private:
  enum class Pending : uint8_t { kNone, kFree, kTaken };
  struct Node {
    uint32_t prefix;  // free ports at the start of the node's span
    uint32_t suffix;  // free ports at its end
    uint32_t best;    // longest free run inside it
    Pending pending;  // an assignment not yet passed to the children
    friend bool operator==(const Node&, const Node&) = default;
  };
  static constexpr uint32_t kRoot = 1;
  static constexpr uint32_t kDepth = 10;  // 2^kDepth leaves
  static constexpr bool IsLeaf(uint32_t node) { return node >= kWords; }
  static Node LeafSummary(uint64_t word);
  static Node Combine(const Node& left, const Node& right, uint32_t span);

  // Set and PushDown only apply pending assignments, which a search must do
  // too: they touch the mutable members and are const.
  void Set(uint32_t node, uint32_t span, bool taken) const;
  void PushDown(uint32_t node, uint32_t span) const;
  void Pull(uint32_t node, uint32_t span);
  void Assign(uint32_t node, uint32_t l, uint32_t r, uint32_t first,
              uint32_t last, bool taken);
  void AssignInWord(uint32_t first, uint32_t last, bool taken);
  // Leftmost run of `count` inside the node, known to hold one.
  uint32_t Descend(uint32_t node, uint32_t l, uint32_t r, uint32_t count) const;
  // Visits the canonical nodes of [lo, hi] left to right; `carry` is the
  // free run that ends just before the node.
  std::optional<uint32_t> Search(uint32_t node, uint32_t l, uint32_t r,
                                 uint32_t lo, uint32_t hi, uint32_t count,
                                 uint32_t& carry) const;
  bool Consistent(uint32_t node, uint32_t span) const;
  bool BelowPending(uint32_t node) const;
  static uint32_t SpanOf(uint32_t node) {
    return kPorts >> (31 - std::countl_zero(node));
  }

  // Nodes 1..2*kWords-1 in heap order; node kWords + i is word i's leaf.
  mutable std::array<Node, 2 * kWords> nodes_;
  mutable std::array<uint64_t, kWords> words_;
  // Nodes written since SummariesAreConsistent() last ran, one bit each.
  void MarkWritten(uint32_t node) const {
    written_[node / 64] |= uint64_t{1} << (node % 64);
  }
  mutable std::array<uint64_t, 2 * kWords / 64> written_{};
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_FREE_SPACE_INDEX_H_
