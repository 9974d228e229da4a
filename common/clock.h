// The wall clock as every layer records it: microseconds since the Unix epoch (UTC), the unit
// of every time otscope stores.
#pragma once

#include <chrono>
#include <cstdint>

namespace otscope {

inline std::int64_t wall_clock_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace otscope
