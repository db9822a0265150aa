// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/free_space_index.h"

#include <algorithm>
#include <bit>

namespace portres::sim {
namespace {

constexpr uint64_t kAll = ~uint64_t{0};

// Bits i of `free` such that bits i .. i+count-1 are all set (count >= 1):
// each step doubles the run length proven so far (at most 6 steps).
uint64_t RunStarts(uint64_t free, uint32_t count) {
  if (count > 64) return 0;
  uint64_t starts = free;
  for (uint32_t proven = 1; proven < count && starts != 0;) {
    const uint32_t step = std::min(proven, count - proven);
    starts &= starts >> step;
    proven += step;
  }
  return starts;
}

// The longest run of set bits: find the largest power of two that fits by
// doubling, then add lower powers greedily.
uint32_t LongestRun(uint64_t bits) {
  if (bits == 0) return 0;
  if (bits == kAll) return 64;
  uint64_t at_least[7];  // at_least[k]: starts of runs of >= 2^k
  at_least[0] = bits;
  int k = 0;
  while (at_least[k] != 0) {
    at_least[k + 1] = at_least[k] & (at_least[k] >> (1u << k));
    ++k;
  }
  uint32_t length = 1u << (k - 1);
  uint64_t starts = at_least[k - 1];
  for (int j = k - 2; j >= 0; --j) {
    const uint64_t longer = starts & (at_least[j] >> length);
    if (longer != 0) {
      starts = longer;
      length += 1u << j;
    }
  }
  return length;
}

// Bits [from, to] of a word (0 <= from <= to <= 63).
uint64_t BitRange(uint32_t from, uint32_t to) {
  const uint64_t upto = to == 63 ? kAll : (uint64_t{1} << (to + 1)) - 1;
  return upto & (kAll << from);
}

}  // namespace

FreeSpaceIndex::FreeSpaceIndex() {
  words_.fill(0);
  nodes_[0] = {};
  for (uint32_t node = 1, span = kPorts; node < 2 * kWords; ++node) {
    if (std::has_single_bit(node) && node > 1) span /= 2;
    nodes_[node] = {span, span, span, Pending::kNone};
  }
}

FreeSpaceIndex::Node FreeSpaceIndex::LeafSummary(uint64_t word) {
  return {static_cast<uint32_t>(std::countr_zero(word)),
          static_cast<uint32_t>(std::countl_zero(word)), LongestRun(~word),
          Pending::kNone};
}

void FreeSpaceIndex::Set(uint32_t node, uint32_t span, bool taken) const {
  MarkWritten(node);
  const uint32_t free = taken ? 0 : span;
  if (IsLeaf(node)) {
    words_[node - kWords] = taken ? kAll : 0;
    nodes_[node] = {free, free, free, Pending::kNone};
  } else {
    nodes_[node] = {free, free, free, taken ? Pending::kTaken : Pending::kFree};
  }
}

void FreeSpaceIndex::PushDown(uint32_t node, uint32_t span) const {
  Node& n = nodes_[node];
  if (n.pending == Pending::kNone) return;
  const bool taken = n.pending == Pending::kTaken;
  MarkWritten(node);
  Set(2 * node, span / 2, taken);
  Set(2 * node + 1, span / 2, taken);
  n.pending = Pending::kNone;
}

FreeSpaceIndex::Node FreeSpaceIndex::Combine(const Node& left,
                                             const Node& right, uint32_t span) {
  const uint32_t half = span / 2;
  return {left.prefix == half ? half + right.prefix : left.prefix,
          right.suffix == half ? half + left.suffix : right.suffix,
          std::max({left.best, right.best, left.suffix + right.prefix}),
          Pending::kNone};
}

void FreeSpaceIndex::Pull(uint32_t node, uint32_t span) {
  MarkWritten(node);
  nodes_[node] = Combine(nodes_[2 * node], nodes_[2 * node + 1], span);
}

void FreeSpaceIndex::Assign(uint32_t first, uint32_t last, bool taken) {
  if (first > last || first >= kPorts) return;
  last = std::min(last, kPorts - 1);
  if (first / 64 == last / 64) {
    AssignInWord(first, last, taken);
  } else {
    Assign(kRoot, 0, kPorts - 1, first, last, taken);
  }
}

void FreeSpaceIndex::AssignInWord(uint32_t first, uint32_t last, bool taken) {
  // The common case (a small block, one port): one root-to-leaf path. Pass
  // pending assignments down it, edit the word, then recompute upwards
  // until a node's summary comes out unchanged.
  const uint32_t leaf = kWords + first / 64;
  for (uint32_t depth = 0, span = kPorts; depth < kDepth; ++depth, span /= 2) {
    PushDown(leaf >> (kDepth - depth), span);
  }
  uint64_t& word = words_[leaf - kWords];
  const uint64_t bits = BitRange(first % 64, last % 64);
  word = taken ? word | bits : word & ~bits;
  nodes_[leaf] = LeafSummary(word);
  MarkWritten(leaf);
  for (uint32_t node = leaf / 2, span = 128; node >= kRoot;
       node /= 2, span *= 2) {
    const Node updated = Combine(nodes_[2 * node], nodes_[2 * node + 1], span);
    if (updated == nodes_[node]) break;
    nodes_[node] = updated;
    MarkWritten(node);
  }
}

void FreeSpaceIndex::Assign(uint32_t node, uint32_t l, uint32_t r,
                            uint32_t first, uint32_t last, bool taken) {
  if (last < l || first > r) return;
  const uint32_t span = r - l + 1;
  if (first <= l && r <= last) {
    Set(node, span, taken);
    return;
  }
  if (IsLeaf(node)) {
    const uint64_t bits =
        BitRange(std::max(first, l) - l, std::min(last, r) - l);
    uint64_t& word = words_[node - kWords];
    word = taken ? word | bits : word & ~bits;
    nodes_[node] = LeafSummary(word);
    MarkWritten(node);
    return;
  }
  PushDown(node, span);
  const uint32_t mid = l + span / 2 - 1;
  Assign(2 * node, l, mid, first, last, taken);
  Assign(2 * node + 1, mid + 1, r, first, last, taken);
  Pull(node, span);
}

std::optional<uint16_t> FreeSpaceIndex::FirstFit(uint32_t lo, uint32_t hi,
                                                 uint32_t count) const {
  hi = std::min(hi, kPorts - 1);
  if (count == 0 || lo > hi || hi - lo + 1 < count) return std::nullopt;
  uint32_t carry = 0;
  std::optional<uint32_t> start =
      Search(kRoot, 0, kPorts - 1, lo, hi, count, carry);
  if (!start) return std::nullopt;
  return static_cast<uint16_t>(*start);
}

std::optional<uint32_t> FreeSpaceIndex::Search(uint32_t node, uint32_t l,
                                               uint32_t r, uint32_t lo,
                                               uint32_t hi, uint32_t count,
                                               uint32_t& carry) const {
  if (r < lo || l > hi) return std::nullopt;
  const uint32_t span = r - l + 1;
  if (lo <= l && r <= hi) {
    const Node& n = nodes_[node];
    if (carry + n.prefix >= count) return l - carry;
    if (n.best >= count) return Descend(node, l, r, count);
    carry = n.prefix == span ? carry + span : n.suffix;
    return std::nullopt;
  }
  if (IsLeaf(node)) {
    // Ports of this word outside [lo, hi] count as taken.
    const uint64_t inside = BitRange(std::max(lo, l) - l, std::min(hi, r) - l);
    const uint64_t taken = words_[node - kWords] | ~inside;
    const uint32_t prefix = std::countr_zero(taken);
    if (carry + prefix >= count) return l - carry;
    if (const uint64_t starts = RunStarts(~taken, count); starts != 0) {
      return l + std::countr_zero(starts);
    }
    carry = taken == 0 ? carry + 64 : std::countl_zero(taken);
    return std::nullopt;
  }
  PushDown(node, span);
  const uint32_t mid = l + span / 2 - 1;
  if (std::optional<uint32_t> found =
          Search(2 * node, l, mid, lo, hi, count, carry)) {
    return found;
  }
  return Search(2 * node + 1, mid + 1, r, lo, hi, count, carry);
}

uint32_t FreeSpaceIndex::Descend(uint32_t node, uint32_t l, uint32_t r,
                                 uint32_t count) const {
  while (!IsLeaf(node)) {
    const uint32_t span = r - l + 1;
    PushDown(node, span);
    const Node& left = nodes_[2 * node];
    const Node& right = nodes_[2 * node + 1];
    const uint32_t half = span / 2;
    if (left.best >= count) {
      node = 2 * node;
      r = l + half - 1;
    } else if (left.suffix + right.prefix >= count) {
      return l + half - left.suffix;
    } else {
      node = 2 * node + 1;
      l += half;
    }
  }
  return l + std::countr_zero(RunStarts(~words_[node - kWords], count));
}

bool FreeSpaceIndex::IsTaken(uint32_t port) const {
  uint32_t node = kRoot;
  for (uint32_t span = kPorts; !IsLeaf(node); span /= 2) {
    if (nodes_[node].pending != Pending::kNone) {
      return nodes_[node].pending == Pending::kTaken;
    }
    node = 2 * node + ((port % span) >= span / 2 ? 1 : 0);
  }
  return (words_[node - kWords] >> (port & 63)) & 1;
}

std::array<uint64_t, FreeSpaceIndex::kWords> FreeSpaceIndex::Words() const {
  // A pending assignment overrides everything below it: find, top-down, the
  // value each internal node imposes, then read each leaf through it.
  std::array<Pending, kWords> imposed;
  imposed[0] = Pending::kNone;
  for (uint32_t node = kRoot; node < kWords; ++node) {
    const Pending above = node == kRoot ? Pending::kNone : imposed[node / 2];
    imposed[node] = above != Pending::kNone ? above : nodes_[node].pending;
  }
  std::array<uint64_t, kWords> out;
  for (uint32_t i = 0; i < kWords; ++i) {
    const Pending above = imposed[(kWords + i) / 2];
    out[i] = above == Pending::kNone    ? words_[i]
             : above == Pending::kTaken ? kAll
                                        : 0;
  }
  return out;
}

bool FreeSpaceIndex::BelowPending(uint32_t node) const {
  for (node /= 2; node >= kRoot; node /= 2) {
    if (nodes_[node].pending != Pending::kNone) return true;
  }
  return false;
}

bool FreeSpaceIndex::SummariesAreConsistent() const {
  // Each written node and its ancestors; a node below a pending assignment
  // is stale by design and is rewritten before it is read again.
  std::array<uint64_t, 2 * kWords / 64> checked{};
  for (uint32_t w = 0; w < written_.size(); ++w) {
    for (uint64_t bits = written_[w]; bits != 0; bits &= bits - 1) {
      const uint32_t node = w * 64 + std::countr_zero(bits);
      for (uint32_t n = node;
           n >= kRoot && !((checked[n / 64] >> (n % 64)) & 1); n /= 2) {
        checked[n / 64] |= uint64_t{1} << (n % 64);
        if (!BelowPending(n) && !Consistent(n, SpanOf(n))) return false;
      }
    }
  }
  written_.fill(0);
  return true;
}

bool FreeSpaceIndex::Consistent(uint32_t node, uint32_t span) const {
  const Node& n = nodes_[node];
  if (IsLeaf(node)) return n == LeafSummary(words_[node - kWords]);
  if (n.pending != Pending::kNone) {
    const uint32_t free = n.pending == Pending::kTaken ? 0 : span;
    return n.prefix == free && n.suffix == free && n.best == free;
  }
  return n == Combine(nodes_[2 * node], nodes_[2 * node + 1], span);
}

}  // namespace portres::sim
