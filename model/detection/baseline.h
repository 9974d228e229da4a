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

  /// Every entry, sorted by protocol, client, server, unit, function.
  std::vector<BaselineEntry> entries() const;

  /// {"otscope_baseline": 1, "links": [{protocol, client, server, unit, first_seen, last_seen,
  ///  functions: [{function, name, ranges: [{space, start, count}], first_seen, last_seen}]}]}
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
