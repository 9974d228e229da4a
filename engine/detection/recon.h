// Reconnaissance told by behaviour, with no policy or baseline needed: a client asking many
// devices who they are (an identity survey), and a client sending requests to many unit ids of one
// server that mostly never answer (a unit id scan). These classes only count, within the sliding
// window of the rate rules; the detector decides who is exempt (authorised clients) and raises.
//
// Memory: at most `threshold` devices per client and `threshold` units per client and server, and
// kMaxTracked clients or pairs (past it the table is cleared: losing counts only delays an alert).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "model/detection/keys.h"

namespace otscope::detection {

/// Identity queries (Modbus 17 and 43/14, S7 SZL and block lists, DNP3 group 0) per client.
class IdentitySurvey {
 public:
  /// A device a client asked for its identity, and when it last did.
  struct Target {
    IpAddress server;
    std::int64_t unit = -1;
    std::int64_t last_us = 0;
  };
  /// Notes a query from `client` to `unit` of `server` (any protocol); returns the distinct devices
  /// it asked within `window_us` of `ts_us`, at most `threshold` (the oldest go first).
  std::span<const Target> add(const IpAddress& client, const IpAddress& server, std::int64_t unit,
                              std::int64_t ts_us, std::int64_t window_us, std::size_t threshold);

 private:
  std::unordered_map<IpAddress, std::vector<Target>, IpHash> clients_;
};

/// The unit ids one client sends requests to on one server, and whether each ever answered.
class UnitSweep {
 public:
  struct Sweep {
    std::size_t units = 0;   // distinct units asked within the window, this one included
    std::size_t silent = 0;  // of the others, those that never answered
  };
  /// A request from `pair.client` to `unit` of `pair.server` (`pair.unit` is -1) on flow
  /// `flow_id`. Returns the sweep when the request asks a unit not asked within `window_us` and
  /// the distinct units reach `threshold`; nullopt otherwise (the common case: a unit asked
  /// before).
  std::optional<Sweep> request(std::uint64_t flow_id, const PathKey& pair, std::int64_t unit,
                               std::int64_t ts_us, std::int64_t window_us, std::size_t threshold);
  /// An answer from `unit`; `reached` is false when a gateway says it could not reach the unit.
  void answer(std::uint64_t flow_id, const PathKey& pair, std::int64_t unit, bool reached);

 private:
  struct Unit {
    std::int64_t unit = -1;
    std::int64_t last_us = 0;
    bool answered = false;
  };
  using Units = std::vector<Unit>;
  Units* find(std::uint64_t flow_id, const PathKey& pair, bool create);

  std::unordered_map<PathKey, Units, PathKeyHash> pairs_;
  // Every message with a unit comes here: a slot per flow id (direct-mapped, checked against the
  // pair) finds the pair's units without hashing it. Slots of an earlier generation are stale
  // (the table was cleared).
  struct Slot {
    PathKey pair;
    Units* units = nullptr;
    std::uint64_t generation = 0;
  };
  static constexpr std::size_t kSlots = 4096;
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
  std::uint64_t generation_ = 1;
};

}  // namespace otscope::detection
