// Tokens (DESIGN §3): never 0, unique across 10 million issues, opaque (not
// a counter), deterministic for a seed.

#include "sim/token_generator.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"

namespace portres::sim {
namespace {

TEST(TokenGeneratorTest, TenMillionTokensAreNonZeroAndUnique) {
  constexpr size_t kTokens = 10'000'000;
  TokenGenerator generator(12345);
  std::vector<uint64_t> tokens(kTokens);
  for (uint64_t& t : tokens) t = generator.Next().value();
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), 0u), 0);
  std::sort(tokens.begin(), tokens.end());
  EXPECT_EQ(std::adjacent_find(tokens.begin(), tokens.end()), tokens.end());
}

TEST(TokenGeneratorTest, OpaqueButDeterministic) {
  TokenGenerator a(1), b(1), c(2);
  std::vector<uint64_t> first;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t t = a.Next().value();
    EXPECT_EQ(t, b.Next().value());
    first.push_back(t);
  }
  EXPECT_NE(first[0], c.Next().value());
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
