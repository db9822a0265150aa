// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The summarised bitmap behind reservation starts and bound ports, against a
// plain std::bitset.

#include "sim/port_bitmap.h"

#include <bitset>
#include <optional>
#include <random>

#include "gtest/gtest.h"

namespace portres::sim {
namespace {

std::optional<uint32_t> BruteNext(const std::bitset<65536>& bits, uint32_t from,
                                  bool value) {
  for (uint32_t p = from; p < 65536; ++p) {
    if (bits[p] == value) return p;
  }
  return std::nullopt;
}

std::optional<uint32_t> BrutePrevSet(const std::bitset<65536>& bits,
                                     uint32_t from) {
  for (int64_t p = from; p >= 0; --p) {
    if (bits[p]) return static_cast<uint32_t>(p);
  }
  return std::nullopt;
}

TEST(PortBitmapTest, EmptyAndFullEdges) {
  PortBitmap bitmap;
  EXPECT_EQ(bitmap.NextSet(0), std::nullopt);
  EXPECT_EQ(bitmap.PrevSet(65535), std::nullopt);
  EXPECT_EQ(bitmap.NextClear(65535), 65535u);
  EXPECT_EQ(bitmap.NextClear(65536), std::nullopt);
  bitmap.Set(0);
  bitmap.Set(65535);
  EXPECT_EQ(bitmap.NextSet(1), 65535u);
  EXPECT_EQ(bitmap.PrevSet(65534), 0u);
  EXPECT_EQ(bitmap.PrevSet(70000), 65535u);
  for (uint32_t p = 0; p < 65536; ++p) bitmap.Set(p);
  EXPECT_EQ(bitmap.NextClear(0), std::nullopt) << "every word full";
  bitmap.Clear(40000);
  EXPECT_EQ(bitmap.NextClear(0), 40000u);
  EXPECT_EQ(bitmap.NextClear(40001), std::nullopt);
}

TEST(PortBitmapTest, AgreesWithBruteForceOnRandomEdits) {
  PortBitmap bitmap;
  std::bitset<65536> bits;
  std::mt19937 engine(5);
  // 32-bit draws (the engine's result_type is wider on LP64 hosts).
  auto random = [&engine] { return static_cast<uint32_t>(engine()); };
  for (int step = 0; step < 20000; ++step) {
    // Clustered edits, so that words fill up and empty out completely.
    const uint32_t port = (random() % 4) * 16384 + random() % 700;
    if (random() % 2) {
      bitmap.Set(port);
      bits[port] = true;
    } else {
      bitmap.Clear(port);
      bits[port] = false;
    }
    const uint32_t from = random() % 65536;
    ASSERT_EQ(bitmap.NextSet(from), BruteNext(bits, from, true)) << from;
    ASSERT_EQ(bitmap.NextClear(from), BruteNext(bits, from, false)) << from;
    ASSERT_EQ(bitmap.PrevSet(from), BrutePrevSet(bits, from)) << from;
    ASSERT_EQ(bitmap.Test(port), bits[port]);
  }
}

}  // namespace
}  // namespace portres::sim
