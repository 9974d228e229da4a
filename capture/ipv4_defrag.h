// IPv4 fragment reassembly with bounded memory. Overlapping fragments keep the first copy
// (the conservative choice against overlap evasion); incomplete datagrams expire.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "common/bytes.h"

namespace otscope::capture {

struct DefragStats {
  std::uint64_t fragments = 0;
  std::uint64_t reassembled = 0;
  std::uint64_t expired = 0;   // datagrams dropped incomplete (timeout or bound)
  std::uint64_t overlaps = 0;  // fragments whose bytes overlapped earlier ones
  std::uint64_t invalid = 0;   // bad offsets or lengths
};

class Ipv4Defragmenter {
 public:
  explicit Ipv4Defragmenter(std::size_t max_datagrams = 256, std::int64_t timeout_us = 30'000'000)
      : max_datagrams_(max_datagrams), timeout_us_(timeout_us) {}

  /// True when `ip` (a whole IPv4 packet starting at its header) is a fragment.
  static bool is_fragment(Bytes ip);

  /// Adds a fragment; returns the whole datagram (header of the first fragment, fragment fields
  /// cleared, total length fixed) once every byte is there.
  std::optional<std::vector<std::uint8_t>> add(Bytes ip, std::int64_t ts_us);

  /// Drops datagrams older than the timeout.
  void expire(std::int64_t now_us);

  const DefragStats& stats() const { return stats_; }
  std::size_t pending() const { return datagrams_.size(); }

 private:
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint16_t, std::uint8_t>;
  struct Datagram {
    std::vector<std::uint8_t> header;             // from the offset-0 fragment
    std::vector<std::uint8_t> data;               // payload, grown as fragments arrive
    std::map<std::uint32_t, std::uint32_t> have;  // start -> end of byte ranges received
    std::uint32_t total = 0;                      // payload length, known from the last fragment
    bool have_last = false;
    std::int64_t first_us = 0;
  };
  std::size_t max_datagrams_;
  std::int64_t timeout_us_;
  std::map<Key, Datagram> datagrams_;
  DefragStats stats_;
};

}  // namespace otscope::capture
