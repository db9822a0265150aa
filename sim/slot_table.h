// A table of records addressed by slot number, for the simulator's sockets
// and reservations: O(1) allocate, free and lookup with no hashing, and no
// heap allocation once the table has grown to its working size. A freed slot
// is reused most-recently-freed first with its generation advanced, so a
// (slot, generation) name is never reused: stale handles and tokens stay
// recognisably stale.
//
// The record type has members `uint32_t generation` and `bool live`.

#ifndef PORTRES_SIM_SLOT_TABLE_H_
#define PORTRES_SIM_SLOT_TABLE_H_

#include <cstdint>
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
      slot = static_cast<uint32_t>(records_.size());
      records_.emplace_back();
    }
    records_[slot].live = true;
    return slot;
  }

  // Frees a live slot; its name (slot, generation) is never issued again.
  void Free(uint32_t slot) {
    const uint32_t next_generation = records_[slot].generation + 1;
    records_[slot] = Record{};
    records_[slot].generation = next_generation;
    free_.push_back(slot);
  }

  // Advances a live record's generation: the same record under a new name.
  void Rename(uint32_t slot) { ++records_[slot].generation; }

  // The live record named (slot, generation), or nullptr.
  Record* Find(uint32_t slot, uint32_t generation) {
    if (slot >= records_.size()) return nullptr;
    Record& r = records_[slot];
    return r.live && r.generation == generation ? &r : nullptr;
  }
  const Record* Find(uint32_t slot, uint32_t generation) const {
    return const_cast<SlotTable*>(this)->Find(slot, generation);
  }

  Record& operator[](uint32_t slot) { return records_[slot]; }
  const Record& operator[](uint32_t slot) const { return records_[slot]; }
  uint32_t size() const { return static_cast<uint32_t>(records_.size()); }
  // Free slots, the next to be reused last.
  const std::vector<uint32_t>& free_slots() const { return free_; }

  // Frees every live slot matching `pred`, in ascending slot order.
  template <typename Pred>
  void FreeIf(Pred pred) {
    for (uint32_t slot = 0; slot < size(); ++slot) {
      if (records_[slot].live && pred(records_[slot])) Free(slot);
    }
  }

 private:
  std::vector<Record> records_;
  std::vector<uint32_t> free_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_SLOT_TABLE_H_
