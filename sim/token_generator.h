// Reservation tokens: opaque, non-zero, unique for a host's life, and a pure
// function of (seed, sequence number) so that a seeded test replays exactly.

#ifndef PORTRES_SIM_TOKEN_GENERATOR_H_
#define PORTRES_SIM_TOKEN_GENERATOR_H_

#include <cstdint>

#include "portres/types.h"

namespace portres::sim {

class TokenGenerator {
 public:
  explicit TokenGenerator(uint64_t seed) : key_(Mix(seed ^ kSeedSalt)) {}

  // Each call returns a token no earlier call returned. Mix() is a bijection
  // of uint64_t, so distinct inputs key_ + n give distinct tokens; the single
  // input that maps to 0 is skipped.
  Token Next() {
    uint64_t value;
    do {
      value = Mix(key_ + issued_++);
    } while (value == 0);
    return Token(value);
  }

  uint64_t issued() const { return issued_; }

 private:
  static constexpr uint64_t kSeedSalt = 0x706f7274726573ULL;  // "portres"

  // SplitMix64's finaliser: xor-shifts and odd multiplications, each
  // invertible, so the whole is a permutation of 64-bit values.
  static constexpr uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t key_;
  uint64_t issued_ = 0;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_TOKEN_GENERATOR_H_
