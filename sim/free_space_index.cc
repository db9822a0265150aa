#include "sim/free_space_index.h"

#include <algorithm>

namespace portres::sim {

FreeSpaceIndex::FreeSpaceIndex() : nodes_(new Node[2 * kPorts]) {
  Set(1, kPorts, /*taken=*/false);
}

void FreeSpaceIndex::Set(uint32_t node, uint32_t span, bool taken) const {
  const uint32_t free = taken ? 0 : span;
  nodes_[node] = {free, free, free, taken ? Pending::kTaken : Pending::kFree};
}

void FreeSpaceIndex::PushDown(uint32_t node, uint32_t span) const {
  Node& n = nodes_[node];
  if (n.pending == Pending::kNone || span == 1) return;
  const bool taken = n.pending == Pending::kTaken;
  Set(2 * node, span / 2, taken);
  Set(2 * node + 1, span / 2, taken);
  n.pending = Pending::kNone;
}

void FreeSpaceIndex::Pull(uint32_t node, uint32_t span) {
  const Node& a = nodes_[2 * node];
  const Node& b = nodes_[2 * node + 1];
  const uint32_t half = span / 2;
  Node& n = nodes_[node];
  n.prefix = a.prefix == half ? half + b.prefix : a.prefix;
  n.suffix = b.suffix == half ? half + a.suffix : b.suffix;
  n.best = std::max({a.best, b.best, a.suffix + b.prefix});
}

void FreeSpaceIndex::Assign(uint32_t first, uint32_t last, bool taken) {
  if (first > last) return;
  Assign(1, 0, kPorts - 1, first, std::min(last, kPorts - 1), taken);
}

void FreeSpaceIndex::Assign(uint32_t node, uint32_t l, uint32_t r,
                            uint32_t first, uint32_t last, bool taken) {
  if (last < l || r < first) return;
  const uint32_t span = r - l + 1;
  if (first <= l && r <= last) {
    Set(node, span, taken);
    if (span == 1) nodes_[node].pending = Pending::kNone;
    return;
  }
  PushDown(node, span);
  const uint32_t mid = l + span / 2 - 1;
  Assign(2 * node, l, mid, first, last, taken);
  Assign(2 * node + 1, mid + 1, r, first, last, taken);
  Pull(node, span);
}

uint32_t FreeSpaceIndex::Descend(uint32_t node, uint32_t l, uint32_t r,
                                 uint32_t count) const {
  while (l < r) {
    const uint32_t span = r - l + 1;
    PushDown(node, span);
    const uint32_t mid = l + span / 2 - 1;
    const Node& a = nodes_[2 * node];
    const Node& b = nodes_[2 * node + 1];
    if (a.best >= count) {
      node = 2 * node, r = mid;
    } else if (a.suffix + b.prefix >= count) {
      return mid + 1 - a.suffix;  // the run straddles the two halves
    } else {
      node = 2 * node + 1, l = mid + 1;
    }
  }
  return l;
}

std::optional<uint32_t> FreeSpaceIndex::Search(uint32_t node, uint32_t l,
                                               uint32_t r, uint32_t lo,
                                               uint32_t hi, uint32_t count,
                                               uint32_t& carry) const {
  if (hi < l || r < lo) return std::nullopt;
  const uint32_t span = r - l + 1;
  const Node& n = nodes_[node];
  if (lo <= l && r <= hi) {
    // A run that began in earlier nodes and ends in this one starts
    // leftmost; then one inside this node; else carry the free suffix on.
    if (carry + n.prefix >= count) return l - carry;
    if (n.best >= count) return Descend(node, l, r, count);
    carry = n.prefix == span ? carry + span : n.suffix;
    return std::nullopt;
  }
  PushDown(node, span);
  const uint32_t mid = l + span / 2 - 1;
  if (auto found = Search(2 * node, l, mid, lo, hi, count, carry)) {
    return found;
  }
  return Search(2 * node + 1, mid + 1, r, lo, hi, count, carry);
}

std::optional<uint16_t> FreeSpaceIndex::FirstFit(uint32_t lo, uint32_t hi,
                                                 uint32_t count) const {
  if (count == 0 || lo > hi || hi >= kPorts || hi - lo + 1 < count) {
    return std::nullopt;
  }
  uint32_t carry = 0;
  std::optional<uint32_t> start =
      Search(1, 0, kPorts - 1, lo, hi, count, carry);
  if (!start) return std::nullopt;
  return static_cast<uint16_t>(*start);
}

}  // namespace portres::sim
