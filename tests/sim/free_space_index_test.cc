// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The segment tree behind first-fit placement, against a brute-force bitmap.

#include "sim/free_space_index.h"

#include <array>
#include <bitset>
#include <optional>
#include <random>

#include "gtest/gtest.h"

namespace portres::sim {
namespace {

std::optional<uint16_t> BruteFirstFit(const std::bitset<65536>& taken,
                                      uint32_t lo, uint32_t hi,
                                      uint32_t count) {
  uint32_t run = 0;
  for (uint32_t p = lo; p <= hi; ++p) {
    run = taken[p] ? 0 : run + 1;
    if (run == count) return static_cast<uint16_t>(p - count + 1);
  }
  return std::nullopt;
}

TEST(FreeSpaceIndexTest, EmptyPoolFitsAtTheLowEnd) {
  FreeSpaceIndex index;
  EXPECT_EQ(index.FirstFit(49152, 65535, 8), 49152);
  EXPECT_EQ(index.FirstFit(0, 65535, 65535), 0);
  EXPECT_EQ(index.FirstFit(10, 12, 4), std::nullopt) << "range too small";
  EXPECT_EQ(index.FirstFit(10, 20, 0), std::nullopt);
}

TEST(FreeSpaceIndexTest, SkipsTakenAndFindsStraddlingRuns) {
  FreeSpaceIndex index;
  index.Assign(100, 103, true);
  index.Assign(106, 200, true);
  EXPECT_EQ(index.FirstFit(100, 300, 2), 104);
  EXPECT_EQ(index.FirstFit(100, 300, 3), 201);
  index.Assign(150, 160, false);
  EXPECT_EQ(index.FirstFit(100, 300, 11), 150);
  EXPECT_EQ(index.FirstFit(155, 300, 6), 155) << "run clipped by lo";
  EXPECT_EQ(index.FirstFit(0, 159, 11), 0);
  EXPECT_EQ(index.FirstFit(101, 160, 11), 150);
  EXPECT_EQ(index.FirstFit(101, 159, 11), std::nullopt) << "run clipped by hi";
  index.Assign(0, 65535, true);
  EXPECT_EQ(index.FirstFit(0, 65535, 1), std::nullopt);
  index.Assign(65535, 65535, false);
  EXPECT_EQ(index.FirstFit(0, 65535, 1), 65535);
}

TEST(FreeSpaceIndexTest, AgreesWithBruteForceOnRandomAssignments) {
  FreeSpaceIndex index;
  std::bitset<65536> taken;
  std::mt19937 engine(3);
  // 32-bit draws (the engine's result_type is wider on LP64 hosts).
  auto random = [&engine] { return static_cast<uint32_t>(engine()); };
  for (int step = 0; step < 3000; ++step) {
    const uint32_t first = random() % 2048;
    const uint32_t last = first + random() % (step % 10 == 0 ? 300 : 6);
    const bool take = random() % 3 != 0;
    index.Assign(first, last, take);
    for (uint32_t p = first; p <= last; ++p) taken[p] = take;
    const uint32_t lo = random() % 2048;
    const uint32_t hi = lo + random() % 600;
    const uint32_t count = 1 + random() % 9;
    ASSERT_EQ(index.FirstFit(lo, hi, count),
              BruteFirstFit(taken, lo, hi, count))
        << "step " << step << " lo " << lo << " hi " << hi << " count "
        << count;
    if (step % 50 == 0) {
      ASSERT_TRUE(index.SummariesAreConsistent()) << "step " << step;
      const std::array<uint64_t, FreeSpaceIndex::kWords> words = index.Words();
      for (uint32_t p = 0; p < 65536; ++p) {
        ASSERT_EQ((words[p / 64] >> (p % 64)) & 1, taken[p] ? 1u : 0u)
            << "step " << step << " port " << p;
        ASSERT_EQ(index.IsTaken(p), taken[p]) << "step " << step;
      }
    }
  }
}

TEST(FreeSpaceIndexTest, ConsistencyCheckSeesTheRangeAssignmentsItWasToldOf) {
  FreeSpaceIndex index;
  index.Assign(0, 40000, true);   // lazily, near the root
  index.Assign(100, 200, false);  // pushes it down one path
  index.Assign(65000, 65003, true);
  EXPECT_TRUE(index.SummariesAreConsistent());
  EXPECT_TRUE(index.SummariesAreConsistent()) << "a second call, nothing new";
  EXPECT_EQ(index.FirstFit(0, 65535, 101), 100);
  EXPECT_EQ(index.FirstFit(0, 65535, 102), 40001);
}

}  // namespace
}  // namespace portres::sim
