// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Tokens (host.h, HostOptions::seed): never 0, unique across 10 million issues,
// opaque (not a counter), deterministic for a seed, and decoded back to the
// name that made them.

#include "sim/token_codec.h"

#include <algorithm>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace portres::sim {
namespace {

TEST(TokenCodecTest, TenMillionNamesGiveDistinctTokens) {
  // The names a busy host issues: few slots, many generations each.
  constexpr uint32_t kSlots = 1000;
  constexpr uint32_t kGenerations = 10'000;
  TokenCodec codec(12345);
  std::vector<uint64_t> tokens;
  tokens.reserve(size_t{kSlots} * kGenerations);
  for (uint32_t generation = 0; generation < kGenerations; ++generation) {
    for (uint32_t slot = 0; slot < kSlots; ++slot) {
      tokens.push_back(codec.Encode({slot, generation}).value());
    }
  }
  std::sort(tokens.begin(), tokens.end());
  EXPECT_EQ(std::adjacent_find(tokens.begin(), tokens.end()), tokens.end());
  // Exactly one name of all 2^64 encodes to 0; none of these does.
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), 0u), 0);
}

TEST(TokenCodecTest, DecodeInvertsEncode) {
  TokenCodec codec(7);
  std::mt19937_64 random(7);
  for (int i = 0; i < 100'000; ++i) {
    const TokenCodec::Name name{static_cast<uint32_t>(random()),
                                static_cast<uint32_t>(random())};
    const TokenCodec::Name back = codec.Decode(codec.Encode(name));
    ASSERT_EQ(back.slot, name.slot);
    ASSERT_EQ(back.generation, name.generation);
  }
}

TEST(TokenCodecTest, OpaqueButDeterministic) {
  TokenCodec a(1), b(1), c(2);
  std::vector<uint64_t> first;
  for (uint32_t slot = 0; slot < 1000; ++slot) {
    const uint64_t t = a.Encode({slot, 0}).value();
    EXPECT_EQ(t, b.Encode({slot, 0}).value());
    first.push_back(t);
  }
  EXPECT_NE(first[0], c.Encode({0, 0}).value());
  // Not a counter: successive differences are not constant, and the high
  // bits change as much as the low ones.
  int steady = 0, high_bits_changed = 0;
  for (size_t i = 2; i < first.size(); ++i) {
    steady += first[i] - first[i - 1] == first[i - 1] - first[i - 2];
    high_bits_changed += (first[i] >> 56) != (first[i - 1] >> 56);
  }
  EXPECT_EQ(steady, 0);
  EXPECT_GT(high_bits_changed, 900);
}

}  // namespace
}  // namespace portres::sim
