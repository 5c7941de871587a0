#pragma once
// A small, fully specified random number generator (xoshiro256**, seeded through SplitMix64).
// lloyd never uses std::*_distribution: their output differs between standard libraries, and a
// seed must give the same clustering everywhere. Every number is derived from the engine's bits.
#include <cmath>
#include <cstdint>

namespace lloyd {
namespace detail {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace detail

/// Seed of run r of a multi-run fit: a hash of (base seed, r), so run r's start does not depend on
/// how many runs there are or in which order they execute.
inline std::uint64_t run_seed(std::uint64_t base, std::uint64_t run) {
  std::uint64_t s = base ^ (0xD1B54A32D192ED03ULL * (run + 1));
  detail::splitmix64(s);
  return detail::splitmix64(s);
}

/// xoshiro256** — the generator handed to seeding policies.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) {
    std::uint64_t s = seed;
    for (auto& w : state_) w = detail::splitmix64(s);
  }

  /// 64 uniformly random bits.
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n), n ≥ 1, without modulo bias (rejection on the top range).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n);
    std::uint64_t x;
    do x = next();
    while (x >= limit);
    return x % n;
  }

  /// Standard normal deviate (Box–Muller from two uniforms; reproducible everywhere).
  double normal() {
    double u1;
    do u1 = uniform();
    while (u1 <= 0.0);
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace lloyd
