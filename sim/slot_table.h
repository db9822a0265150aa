// A table of records addressed by slot number, for the simulator's sockets
// and reservations: O(1) allocate, free and lookup with no hashing, and no
// heap allocation once the table has grown to its working size. Records
// live in fixed chunks of 256, so growing never copies them nor leaves a
// vector's doubling slack unused (memory tracks the peak live count). A freed
// slot is reused most-recently-freed first with its generation advanced, so a
// (slot, generation) name is never reused: stale handles and tokens stay
// recognisably stale.
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

template <typename Record>
class SlotTable {
 public:
  // A live, default-initialised record; its generation is the slot's.
  uint32_t Allocate() {
    uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
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
    free_.push_back(slot);
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
    return (*chunks_[slot / kChunk])[slot % kChunk];
  }
  const Record& operator[](uint32_t slot) const {
    return (*chunks_[slot / kChunk])[slot % kChunk];
  }
  uint32_t size() const { return size_; }
  // Free slots, the next to be reused last.
  const std::vector<uint32_t>& free_slots() const { return free_; }

  // Frees every live slot matching `pred`, in ascending slot order.
  template <typename Pred>
  void FreeIf(Pred pred) {
    for (uint32_t slot = 0; slot < size(); ++slot) {
      if ((*this)[slot].live && pred((*this)[slot])) Free(slot);
    }
  }

 private:
  static constexpr uint32_t kChunk = 256;
  using Chunk = std::array<Record, kChunk>;
  std::vector<std::unique_ptr<Chunk>> chunks_;
  uint32_t size_ = 0;
  std::vector<uint32_t> free_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_SLOT_TABLE_H_
