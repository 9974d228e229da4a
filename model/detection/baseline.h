// The learned baseline: which client talks to which server with which protocol, unit, function
// and address ranges. Learned from traffic (a learning period or `otscope baseline learn`),
// extended by accepting alerts, stored in the database and exchanged as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/detection/keys.h"
#include "protocols/common/events.h"

namespace otscope::detection {

/// What the baseline knows about one function on one path.
struct BaselineFunction {
  std::uint32_t function = 0;
  std::string name;
  /// Sorted, merged ranges per address space (bounded: a fragmented space is kept as its span).
  std::vector<AddressRange> ranges;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

/// One entry as stored and exported: a path plus one function.
struct BaselineEntry {
  PathKey path;
  BaselineFunction function;
};

/// One data point of one server whose written values the baseline learns: values are a property
/// of the point, whichever master writes them.
struct ValuePoint {
  Protocol protocol;
  IpAddress server;
  std::int64_t unit = -1;
  SpaceName space;
  std::uint32_t address = 0;
  bool operator==(const ValuePoint&) const = default;
};

struct ValuePointHash {
  std::size_t operator()(const ValuePoint& k) const {
    std::size_t h = hash_ip(hash_mix(0, k.protocol.hash()), k.server);
    h = hash_mix(h, static_cast<std::uint64_t>(k.unit));
    h = hash_mix(h, std::hash<std::string_view>{}(k.space.view()));
    return hash_mix(h, k.address);
  }
};

/// An operation learned on an Operation point (a DNP3 CROB code and its name).
struct LearnedOperation {
  std::uint32_t code = 0;
  std::string name;
  bool operator==(const LearnedOperation&) const = default;
};

/// What the baseline learned about the values written to one point.
struct LearnedValues {
  /// Operation points keep the codes seen, at most this many (a point cycling through more is
  /// not a control anyone can learn).
  static constexpr std::size_t kMaxOperations = 16;

  ValueKind kind = ValueKind::Number;
  /// Number points: the smallest, largest and latest value written, and the largest change
  /// from one write to the next (0 with a single write).
  double min = 0;
  double max = 0;
  double last = 0;
  double max_step = 0;
  /// Operation points: the operations seen, by code.
  std::vector<LearnedOperation> operations;
  std::uint64_t count = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;

  bool knows_operation(std::uint32_t code) const {
    for (const LearnedOperation& o : operations)
      if (o.code == code) return true;
    return false;
  }
  /// Adds one written value (of this point's kind; non-finite numbers are not learned).
  /// Returns true when the range or the set of operations grew.
  bool add(const WrittenValue& v, std::int64_t ts_us);
  /// Unites `other` (learned elsewhere) into this: ranges and operations united, counts added,
  /// `last` from the later of the two. Returns true when the range or operations grew.
  bool merge(const LearnedValues& other);
};

struct ValueEntry {
  ValuePoint point;
  LearnedValues values;
};

/// "baseline.json: links[2].functions[0].function must be an integer".
class BaselineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Baseline {
 public:
  bool empty() const { return paths_.empty(); }
  std::size_t path_count() const { return paths_.size(); }
  std::size_t function_count() const;

  /// The IP took part in a baseline conversation (either side).
  bool knows_asset(const IpAddress& ip) const { return assets_.contains(ip); }
  /// The IP sent requests of this protocol to anyone.
  bool knows_client(Protocol p, const IpAddress& client) const;
  /// Client and server talked in this protocol (any unit).
  bool knows_pair(Protocol p, const IpAddress& client, const IpAddress& server) const;
  /// Client and server talked in this protocol with this unit.
  bool knows_path(const PathKey& path) const { return paths_.contains(path); }
  /// The function on this path, or nullptr.
  const BaselineFunction* function(const PathKey& path, std::uint32_t function) const;
  /// The function between client and server under any unit, or nullptr.
  const BaselineFunction* function_any_unit(Protocol p, const IpAddress& client,
                                            const IpAddress& server, std::uint32_t function) const;

  /// Records one message. Returns true when it added something new.
  bool learn(const PathKey& path, std::uint32_t function, std::string_view name,
             std::span<const AddressRange> ranges, std::int64_t ts_us);
  void merge(const Baseline& other);
  void clear();

  /// Points whose written values are learned at most (the policy's limits.value_points); the
  /// values of further points are not learned, only counted.
  static constexpr std::size_t kDefaultMaxValuePoints = 20'000;
  void set_max_value_points(std::size_t n) { max_value_points_ = n; }
  std::size_t max_value_points() const { return max_value_points_; }
  std::size_t value_point_count() const { return values_.size(); }
  /// Written values not learned because the cap on points was reached.
  std::uint64_t value_points_dropped() const { return value_points_dropped_; }
  /// What the baseline learned of the point, or nullptr.
  const LearnedValues* values(const ValuePoint& point) const {
    auto it = values_.find(point);
    return it == values_.end() ? nullptr : &it->second;
  }
  /// Records the values a write request to `server`, `unit` set. Returns true when it learned
  /// something new (a point, a wider range, an operation).
  bool learn_values(Protocol p, const IpAddress& server, std::int64_t unit,
                    std::span<const WrittenValue> values, std::int64_t ts_us);
  /// Unites what was learned of a point elsewhere (another baseline, the database, a file).
  bool merge_values(const ValuePoint& point, const LearnedValues& values);
  /// Every learned point, sorted by protocol, server, unit, space and address.
  std::vector<ValueEntry> value_entries() const;

  /// Every entry, sorted by protocol, client, server, unit, function.
  std::vector<BaselineEntry> entries() const;

  /// {"otscope_baseline": 1, "links": [{protocol, client, server, unit, first_seen, last_seen,
  ///  functions: [{function, name, ranges: [{space, start, count}], first_seen, last_seen}]}],
  ///  "values": [{protocol, server, unit, space, address, kind: "number", min, max, last,
  ///  max_step, count, first_seen, last_seen} or {..., kind: "operation", operations:
  ///  [{code, name}], count, first_seen, last_seen}]}. "values" is optional on import (files
  ///  written before values were learned have none).
  std::string to_json() const;
  /// Parses to_json() output. Throws BaselineError naming `source` and the offending field;
  /// unknown keys are errors.
  static Baseline from_json(std::string_view text, const std::string& source);

 private:
  struct PairKey {
    Protocol protocol;
    IpAddress client;
    IpAddress server;
    bool operator==(const PairKey&) const = default;
  };
  struct PairKeyHash {
    std::size_t operator()(const PairKey& k) const {
      return hash_ip(hash_ip(hash_mix(0, k.protocol.hash()), k.client), k.server);
    }
  };
  struct ClientKey {
    Protocol protocol;
    IpAddress client;
    bool operator==(const ClientKey&) const = default;
  };
  struct ClientKeyHash {
    std::size_t operator()(const ClientKey& k) const {
      return hash_ip(hash_mix(0, k.protocol.hash()), k.client);
    }
  };

  std::unordered_map<PathKey, std::vector<BaselineFunction>, PathKeyHash> paths_;
  std::unordered_map<PairKey, std::vector<std::int64_t>, PairKeyHash> pairs_;  // -> units
  std::unordered_set<ClientKey, ClientKeyHash> clients_;
  std::unordered_set<IpAddress, IpHash> assets_;
  std::unordered_map<ValuePoint, LearnedValues, ValuePointHash> values_;
  std::size_t max_value_points_ = kDefaultMaxValuePoints;
  std::uint64_t value_points_dropped_ = 0;
};

/// add_range() when `r` is not covered yet.
bool merge_range(std::vector<AddressRange>& ranges, const AddressRange& r);
/// Adds `r` to sorted, merged ranges (merging neighbours; a space fragmented beyond a bound is
/// kept as its span). Returns true when `ranges` grew.
inline bool add_range(std::vector<AddressRange>& ranges, const AddressRange& r) {
  // Already covered: nothing to do (the common case: every poll of a loop after the first).
  const std::uint64_t hi = std::uint64_t{r.start} + r.count;
  for (const AddressRange& x : ranges)
    if (x.space == r.space && x.start <= r.start && std::uint64_t{x.start} + x.count >= hi)
      return false;
  return r.count != 0 && merge_range(ranges, r);
}
/// True when every range in `wanted` lies inside one of `known` (same space).
bool ranges_cover(std::span<const AddressRange> known, std::span<const AddressRange> wanted);

/// "2026-03-02T08:00:00.123456Z"; "" for 0.
std::string iso8601_us(std::int64_t us);
/// Parses iso8601_us() output (also without fraction); nullopt when malformed.
std::optional<std::int64_t> parse_iso8601_us(std::string_view text);

}  // namespace otscope::detection
