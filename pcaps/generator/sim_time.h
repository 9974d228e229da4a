// Simulated time: microseconds since the Unix epoch. Captures never read the wall clock.
#pragma once

#include <cstdint>

namespace otscope::pcapgen {

using Micros = std::int64_t;

/// Every scenario starts at 2026-03-02 08:00:00 UTC.
inline constexpr Micros kCaptureStart = 1772438400LL * 1'000'000LL;

constexpr Micros usec(std::int64_t v) {
  return v;
}
constexpr Micros msec(std::int64_t v) {
  return v * 1'000;
}
constexpr Micros sec(std::int64_t v) {
  return v * 1'000'000;
}

/// Milliseconds since 1970 (DNP3 time objects).
constexpr std::uint64_t unix_millis(Micros t) {
  return static_cast<std::uint64_t>(t / 1'000);
}

}  // namespace otscope::pcapgen
