// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// One bit per port (65,536 bits), with two summary levels so that the next
// set bit, the next clear bit and the previous set bit are each found in a
// constant number of word operations (three levels of 64-way fan-out: 1,024
// words, 16 summary words, one top word), however the bits are spread. Each
// summary level keeps two masks, "some bit set below" and "some bit clear
// below", so both searches skip whole empty or full regions.

#ifndef PORTRES_SIM_PORT_BITMAP_H_
#define PORTRES_SIM_PORT_BITMAP_H_

#include <array>
#include <cstdint>
#include <optional>

#include "portres/export.h"

namespace portres::sim {

class PORTRES_SIM_API PortBitmap {
 public:
  PortBitmap();  // every bit clear

  bool Test(uint32_t port) const {
    return (words_[port >> 6] >> (port & 63)) & 1;
  }
  void Set(uint32_t port);
  void Clear(uint32_t port);

  // The lowest set (clear) bit at or above `from`, if any. `from` may exceed
  // 65535 (then nullopt).
  std::optional<uint32_t> NextSet(uint32_t from) const;
  std::optional<uint32_t> NextClear(uint32_t from) const;
  // The highest set bit at or below `from` (at most 65535).
  std::optional<uint32_t> PrevSet(uint32_t from) const;

  // Every set bit in [first, last], ascending.
  template <typename Visit>
  void ForEachSet(uint32_t first, uint32_t last, Visit visit) const {
    for (std::optional<uint32_t> p = NextSet(first); p && *p <= last;
         p = NextSet(*p + 1)) {
      visit(*p);
    }
  }

  static constexpr uint32_t kBits = 65536;
  static constexpr uint32_t kWords = kBits / 64;

 private:
  // Summary of one level: bit i of `any_set` is set iff unit i of the level
  // below has a set bit; `any_clear` likewise for clear bits.
  struct Summary {
    std::array<uint64_t, kWords / 64> any_set{};
    std::array<uint64_t, kWords / 64> any_clear;
    uint64_t top_set = 0;
    uint64_t top_clear;
  };
  void Refresh(uint32_t word);

  std::array<uint64_t, kWords> words_{};
  Summary summary_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_PORT_BITMAP_H_
