// Deterministic pseudo-random numbers. The standard distributions are implementation-defined
// (libstdc++ and libc++ give different sequences), so every draw is derived here from SplitMix64
// with integer arithmetic only: the same seed gives the same capture bytes on every machine.
#pragma once

#include <cstdint>

namespace otscope::pcapgen {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint32_t next32() { return static_cast<std::uint32_t>(next() >> 32); }

  /// Uniform in [0, bound) by multiply-shift (bias below 2^-32, irrelevant here).
  std::uint32_t below(std::uint32_t bound) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next32()) * bound) >> 32);
  }
  /// Uniform in [lo, hi], inclusive.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  /// Symmetric jitter in [-max_abs, +max_abs].
  std::int64_t jitter(std::int64_t max_abs) { return between(-max_abs, max_abs); }
  bool percent(std::uint32_t p) { return below(100) < p; }

  /// An independent stream for a sub-component, so adding draws in one place does not shift
  /// every later value in another.
  Prng fork(std::uint64_t salt) { return Prng(next() ^ (salt * 0xD1B54A32D192ED03ull)); }

 private:
  std::uint64_t state_;
};

}  // namespace otscope::pcapgen
