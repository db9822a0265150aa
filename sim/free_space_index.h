// Which ports of one protocol are free (neither reserved nor bound), as a
// segment tree over all 65536 ports with lazy range assignment, so that the
// lowest free run of N ports inside a range is found in O(log 65536) however
// fragmented the pool (spec U18 first fit; U10 lowest free for bind(0)).

#ifndef PORTRES_SIM_FREE_SPACE_INDEX_H_
#define PORTRES_SIM_FREE_SPACE_INDEX_H_

#include <cstdint>
#include <memory>
#include <optional>

namespace portres::sim {

class FreeSpaceIndex {
 public:
  FreeSpaceIndex();  // every port free

  // Marks [first, last] taken or free.
  void Assign(uint32_t first, uint32_t last, bool taken);

  // The lowest start of `count` consecutive free ports inside [lo, hi].
  std::optional<uint16_t> FirstFit(uint32_t lo, uint32_t hi,
                                   uint32_t count) const;

 private:
  static constexpr uint32_t kPorts = 65536;
  enum class Pending : uint8_t { kNone, kFree, kTaken };
  struct Node {
    uint32_t prefix;  // free ports at the start of the node's span
    uint32_t suffix;  // free ports at its end
    uint32_t best;    // longest free run inside it
    Pending pending;  // an assignment not yet pushed to the children
  };

  // Set and PushDown only apply pending assignments, which a search must do
  // too: they touch the mutable nodes_ and are const.
  void Set(uint32_t node, uint32_t span, bool taken) const;
  void PushDown(uint32_t node, uint32_t span) const;
  void Pull(uint32_t node, uint32_t span);
  void Assign(uint32_t node, uint32_t l, uint32_t r, uint32_t first,
              uint32_t last, bool taken);
  // Leftmost run of `count` inside the node, known to hold one.
  uint32_t Descend(uint32_t node, uint32_t l, uint32_t r, uint32_t count) const;
  // Visits the canonical nodes of [lo, hi] left to right; see FirstFit.
  std::optional<uint32_t> Search(uint32_t node, uint32_t l, uint32_t r,
                                 uint32_t lo, uint32_t hi, uint32_t count,
                                 uint32_t& carry) const;

  // 2 * 65536 nodes, left uninitialised: a node is written (by a pending
  // assignment of its parent) before it is read, so untouched pages of a
  // mostly-free pool are never even mapped.
  mutable std::unique_ptr<Node[]> nodes_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_FREE_SPACE_INDEX_H_
