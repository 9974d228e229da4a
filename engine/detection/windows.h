// Sliding time windows for the rate rules (exception bursts, storms, scans). Each keeps at most
// `threshold` entries: it only has to tell whether the threshold is reached, so a flood costs no
// more memory than a trickle.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace otscope::detection {

/// Events within the window.
class RateWindow {
 public:
  /// Adds an event at `ts_us`; returns how many of the last `threshold` events lie within
  /// `window_us` of it (so the result reaches `threshold` exactly when the rate does).
  std::size_t add(std::int64_t ts_us, std::int64_t window_us, std::size_t threshold) {
    times_.push_back(ts_us);
    while (times_.size() > threshold) times_.pop_front();
    while (!times_.empty() && times_.front() < ts_us - window_us) times_.pop_front();
    return times_.size();
  }

 private:
  std::deque<std::int64_t> times_;
};

/// Distinct keys within the window.
class DistinctWindow {
 public:
  /// Notes `key` at `ts_us`; returns how many distinct keys were seen within `window_us` (at most
  /// `threshold`).
  std::size_t add(std::uint64_t key, std::int64_t ts_us, std::int64_t window_us,
                  std::size_t threshold) {
    std::erase_if(seen_, [&](const auto& e) { return e.second < ts_us - window_us; });
    auto it =
        std::find_if(seen_.begin(), seen_.end(), [&](const auto& e) { return e.first == key; });
    if (it != seen_.end()) {
      it->second = ts_us;
    } else {
      if (seen_.size() >= threshold && !seen_.empty()) {
        seen_.erase(std::min_element(seen_.begin(), seen_.end(), [](const auto& a, const auto& b) {
          return a.second < b.second;
        }));
      }
      seen_.emplace_back(key, ts_us);
    }
    return seen_.size();
  }

 private:
  std::vector<std::pair<std::uint64_t, std::int64_t>> seen_;
};

}  // namespace otscope::detection
