// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/handle_table.h"

#include <algorithm>
#include <functional>

namespace portres::sim {

uint32_t HandleTable::IndexOf(SocketId handle) {
  const uint32_t low = static_cast<uint32_t>(handle);
  if (low < kFirstValue || low % 4 != 0) return kNoSlot;
  return (low - kFirstValue) / 4;
}

SocketId HandleTable::ValueOf(uint32_t index) const {
  return (uint64_t{entries_[index].generation} << 32) |
         (kFirstValue + uint64_t{4} * index);
}

SocketId HandleTable::Issue(uint32_t slot, HandleReuse reuse) {
  uint32_t index;
  if (free_.empty()) {
    index = static_cast<uint32_t>(entries_.size());
    entries_.push_back({});
  } else if (reuse == HandleReuse::kLowest) {
    std::pop_heap(free_.begin(), free_.end(), std::greater<>());
    index = free_.back();
    free_.pop_back();
  } else {
    index = free_.back();
    free_.pop_back();
  }
  entries_[index].slot = slot;
  ++open_;
  return ValueOf(index);
}

uint32_t HandleTable::Find(SocketId handle) const {
  const uint32_t index = IndexOf(handle);
  if (index >= entries_.size()) return kNoSlot;
  const Entry& e = entries_[index];
  return e.generation == static_cast<uint32_t>(handle >> 32) ? e.slot : kNoSlot;
}

void HandleTable::Retire(SocketId handle, HandleReuse reuse) {
  const uint32_t index = IndexOf(handle);
  Entry& e = entries_[index];
  e.slot = kNoSlot;
  if (reuse == HandleReuse::kNever) ++e.generation;
  free_.push_back(index);
  if (reuse == HandleReuse::kLowest) {
    std::push_heap(free_.begin(), free_.end(), std::greater<>());
  }
  --open_;
}

void HandleTable::Clear() {
  std::vector<Entry>().swap(entries_);
  std::vector<uint32_t>().swap(free_);
  open_ = 0;
}

}  // namespace portres::sim
