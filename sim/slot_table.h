// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A table of records addressed by slot number, for the simulator's
// processes, sockets and reservations: O(1) allocate, free and lookup with no
// hashing, and no heap allocation once the table has grown to its working
// size. A freed slot is reused most-recently-freed first with its generation
// advanced, so a (slot, generation) name is never reused: stale handles and
// tokens stay recognisably stale.
//
// Records live in chunks of 256, each chunk also holding its part of the
// stack of free slots: growing never copies records nor leaves a vector's
// doubling slack (memory tracks the peak live count), and chunks are
// cache-line aligned, so two hosts' tables never share a written cache line
// (threads driving separate hosts share nothing).
//
// The record type has members `uint32_t generation` and `bool live`.

#ifndef PORTRES_SIM_SLOT_TABLE_H_
#define PORTRES_SIM_SLOT_TABLE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace portres::sim {

inline constexpr uint32_t kNoSlot = ~uint32_t{0};
inline constexpr size_t kCacheLine = 64;

template <typename Record>
class SlotTable {
 public:
  // A live, default-initialised record; its generation is the slot's.
  uint32_t Allocate() {
    uint32_t slot;
    if (free_count_ > 0) {
      --free_count_;
      slot = FreeEntry(free_count_);
    } else {
      slot = size_++;
      if (slot % kChunk == 0) chunks_.push_back(std::make_unique<Chunk>());
    }
    (*this)[slot].live = true;
    return slot;
  }

  // Frees a live slot; its name (slot, generation) is never issued again.
  void Free(uint32_t slot) {
    Record& r = (*this)[slot];
    const uint32_t next_generation = r.generation + 1;
    r = Record{};
    r.generation = next_generation;
    FreeEntry(free_count_++) = slot;
  }

  // Advances a live record's generation: the same record under a new name.
  void Rename(uint32_t slot) { ++(*this)[slot].generation; }

  // The live record named (slot, generation), or nullptr.
  Record* Find(uint32_t slot, uint32_t generation) {
    if (slot >= size_) return nullptr;
    Record& r = (*this)[slot];
    return r.live && r.generation == generation ? &r : nullptr;
  }
  const Record* Find(uint32_t slot, uint32_t generation) const {
    return const_cast<SlotTable*>(this)->Find(slot, generation);
  }

  Record& operator[](uint32_t slot) {
    return chunks_[slot / kChunk]->records[slot % kChunk];
  }
  const Record& operator[](uint32_t slot) const {
    return chunks_[slot / kChunk]->records[slot % kChunk];
  }
  uint32_t size() const { return size_; }
  // Free slots, the next to be reused last.
  std::vector<uint32_t> free_slots() const {
    std::vector<uint32_t> slots;
    for (uint32_t i = 0; i < free_count_; ++i) {
      slots.push_back(const_cast<SlotTable*>(this)->FreeEntry(i));
    }
    return slots;
  }

  // Frees every live slot matching `pred`, in ascending slot order.
  template <typename Pred>
  void FreeIf(Pred pred) {
    for (uint32_t slot = 0; slot < size(); ++slot) {
      if ((*this)[slot].live && pred((*this)[slot])) Free(slot);
    }
  }

 private:
  static constexpr uint32_t kChunk = 256;
  struct alignas(kCacheLine) Chunk {
    std::array<Record, kChunk> records;
    // Entries kChunk * i .. of the free-slot stack; there are never more
    // free slots than slots, so the chunk holding entry n exists.
    std::array<uint32_t, kChunk> free_stack;
  };
  uint32_t& FreeEntry(uint32_t n) {
    return chunks_[n / kChunk]->free_stack[n % kChunk];
  }

  std::vector<std::unique_ptr<Chunk>> chunks_;
  uint32_t size_ = 0;
  uint32_t free_count_ = 0;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_SLOT_TABLE_H_
