// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Reservation tokens: opaque, non-zero, unique for a host's life, and a pure
// function of the seed and the reservation's (slot, generation) name, so a
// seeded test replays exactly and a token finds its reservation in O(1)
// without a hash table: decoding is the exact inverse of encoding.
//
// Encode() applies SplitMix64's finaliser (xor-shifts and odd
// multiplications, each invertible, so the whole is a permutation of 64-bit
// values) to key + (generation << 32 | slot). Distinct names therefore give
// distinct tokens; exactly one name maps to 0, and the reservation table
// skips it. A token nobody issued decodes to some name whose generation does
// not match the slot's, so it is recognised as unknown.

#ifndef PORTRES_SIM_TOKEN_CODEC_H_
#define PORTRES_SIM_TOKEN_CODEC_H_

#include <cstdint>

#include "portres/types.h"

namespace portres::sim {

namespace token_codec_internal {

constexpr uint64_t kMul1 = 0xbf58476d1ce4e5b9ULL;
constexpr uint64_t kMul2 = 0x94d049bb133111ebULL;

// The inverse of an odd number modulo 2^64 by Newton's iteration (each
// step doubles the correct low bits: 5 steps from 3 bits give 96).
constexpr uint64_t Inverse(uint64_t odd) {
  uint64_t inverse = odd;
  for (int i = 0; i < 5; ++i) inverse *= 2 - odd * inverse;
  return inverse;
}
// The inverse of z ^ (z >> shift) for shift >= 22: the next term,
// z >> (3 * shift), is already 0.
constexpr uint64_t UnXorShift(uint64_t z, int shift) {
  return z ^ (z >> shift) ^ (z >> (2 * shift));
}

constexpr uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * kMul1;
  z = (z ^ (z >> 27)) * kMul2;
  return z ^ (z >> 31);
}
constexpr uint64_t Unmix(uint64_t z) {
  z = UnXorShift(z, 31) * Inverse(kMul2);
  z = UnXorShift(z, 27) * Inverse(kMul1);
  return UnXorShift(z, 30);
}
static_assert(Inverse(kMul1) * kMul1 == 1 && Inverse(kMul2) * kMul2 == 1);
static_assert(Unmix(Mix(0x0123456789abcdefULL)) == 0x0123456789abcdefULL);

}  // namespace token_codec_internal

class TokenCodec {
 public:
  struct Name {
    uint32_t slot;
    uint32_t generation;
  };

  explicit TokenCodec(uint64_t seed)
      : key_(token_codec_internal::Mix(seed ^ kSeedSalt)) {}

  Token Encode(Name name) const {
    return Token(token_codec_internal::Mix(
        key_ + ((uint64_t{name.generation} << 32) | uint64_t{name.slot})));
  }

  Name Decode(Token token) const {
    const uint64_t n = token_codec_internal::Unmix(token.value()) - key_;
    return {static_cast<uint32_t>(n), static_cast<uint32_t>(n >> 32)};
  }

 private:
  static constexpr uint64_t kSeedSalt = 0x706f7274726573ULL;  // "portres"

  uint64_t key_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_TOKEN_CODEC_H_
