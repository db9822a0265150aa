// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A value per port (65,536 entries), stored in 64 pages of 1,024 that are
// allocated when first written, so a fresh pool costs nothing and a pool that
// uses a few port areas pays only for those.

#ifndef PORTRES_SIM_PAGED_ARRAY_H_
#define PORTRES_SIM_PAGED_ARRAY_H_

#include <array>
#include <cstdint>
#include <memory>

namespace portres::sim {

template <typename T>
class PagedArray {
 public:
  // The value at `port`; T{} where nothing was written.
  const T& Get(uint32_t port) const {
    static const T kEmpty{};
    const auto& page = pages_[port >> kPageBits];
    return page == nullptr ? kEmpty : (*page)[port & kPageMask];
  }
  T& Mutable(uint32_t port) {
    auto& page = pages_[port >> kPageBits];
    if (page == nullptr) page = std::make_unique<Page>();
    return (*page)[port & kPageMask];
  }

 private:
  static constexpr uint32_t kPageBits = 10;
  static constexpr uint32_t kPageMask = (1u << kPageBits) - 1;
  // Cache-line aligned: no page shares a written line with other data.
  struct alignas(64) Page : std::array<T, 1u << kPageBits> {};
  std::array<std::unique_ptr<Page>, (65536 >> kPageBits)> pages_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_PAGED_ARRAY_H_
