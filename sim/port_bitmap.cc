// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/port_bitmap.h"

#include <bit>

namespace portres::sim {
namespace {

constexpr uint64_t kAll = ~uint64_t{0};

// Bits at or above `bit` of a word.
constexpr uint64_t AtOrAbove(uint32_t bit) { return kAll << bit; }
// Bits at or below `bit`.
constexpr uint64_t AtOrBelow(uint32_t bit) {
  return bit == 63 ? kAll : (uint64_t{1} << (bit + 1)) - 1;
}

// The lowest index >= from (< 1024) whose summary bit is set, given the
// 16 summary words and the top word over them.
std::optional<uint32_t> NextMarked(const uint64_t* summary, uint64_t top,
                                   uint32_t from) {
  if (from >= PortBitmap::kWords) return std::nullopt;
  uint32_t group = from >> 6;
  uint64_t bits = summary[group] & AtOrAbove(from & 63);
  if (bits == 0) {
    uint64_t groups = group == 15 ? 0 : top & AtOrAbove(group + 1);
    if (groups == 0) return std::nullopt;
    group = std::countr_zero(groups);
    bits = summary[group];
  }
  return group * 64 + std::countr_zero(bits);
}

std::optional<uint32_t> PrevMarked(const uint64_t* summary, uint64_t top,
                                   uint32_t from) {
  uint32_t group = from >> 6;
  uint64_t bits = summary[group] & AtOrBelow(from & 63);
  if (bits == 0) {
    uint64_t groups = group == 0 ? 0 : top & AtOrBelow(group - 1);
    if (groups == 0) return std::nullopt;
    group = 63 - std::countl_zero(groups);
    bits = summary[group];
  }
  return group * 64 + 63 - std::countl_zero(bits);
}

}  // namespace

PortBitmap::PortBitmap() {
  summary_.any_clear.fill(kAll);
  summary_.top_clear = (uint64_t{1} << (kWords / 64)) - 1;
}

void PortBitmap::Set(uint32_t port) {
  words_[port >> 6] |= uint64_t{1} << (port & 63);
  Refresh(port >> 6);
}

void PortBitmap::Clear(uint32_t port) {
  words_[port >> 6] &= ~(uint64_t{1} << (port & 63));
  Refresh(port >> 6);
}

void PortBitmap::Refresh(uint32_t word) {
  const uint32_t group = word >> 6;
  const uint64_t bit = uint64_t{1} << (word & 63);
  const uint64_t value = words_[word];
  uint64_t& set = summary_.any_set[group];
  uint64_t& clear = summary_.any_clear[group];
  set = value != 0 ? set | bit : set & ~bit;
  clear = value != kAll ? clear | bit : clear & ~bit;
  const uint64_t group_bit = uint64_t{1} << group;
  summary_.top_set =
      set != 0 ? summary_.top_set | group_bit : summary_.top_set & ~group_bit;
  summary_.top_clear = clear != 0 ? summary_.top_clear | group_bit
                                  : summary_.top_clear & ~group_bit;
}

std::optional<uint32_t> PortBitmap::NextSet(uint32_t from) const {
  if (from >= kBits) return std::nullopt;
  uint32_t word = from >> 6;
  uint64_t bits = words_[word] & AtOrAbove(from & 63);
  if (bits == 0) {
    std::optional<uint32_t> next =
        NextMarked(summary_.any_set.data(), summary_.top_set, word + 1);
    if (!next) return std::nullopt;
    word = *next;
    bits = words_[word];
  }
  return word * 64 + std::countr_zero(bits);
}

std::optional<uint32_t> PortBitmap::NextClear(uint32_t from) const {
  if (from >= kBits) return std::nullopt;
  uint32_t word = from >> 6;
  uint64_t bits = ~words_[word] & AtOrAbove(from & 63);
  if (bits == 0) {
    std::optional<uint32_t> next =
        NextMarked(summary_.any_clear.data(), summary_.top_clear, word + 1);
    if (!next) return std::nullopt;
    word = *next;
    bits = ~words_[word];
  }
  return word * 64 + std::countr_zero(bits);
}

std::optional<uint32_t> PortBitmap::PrevSet(uint32_t from) const {
  if (from >= kBits) from = kBits - 1;
  uint32_t word = from >> 6;
  uint64_t bits = words_[word] & AtOrBelow(from & 63);
  if (bits == 0) {
    if (word == 0) return std::nullopt;
    std::optional<uint32_t> prev =
        PrevMarked(summary_.any_set.data(), summary_.top_set, word - 1);
    if (!prev) return std::nullopt;
    word = *prev;
    bits = words_[word];
  }
  return word * 64 + 63 - std::countl_zero(bits);
}

}  // namespace portres::sim
