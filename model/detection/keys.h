// Hashing of the small fixed-size keys the detector looks up on every message, so that a lookup
// costs one hash and no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "common/flow.h"
#include "common/hash_slots.h"
#include "protocols/common/events.h"

namespace otscope::detection {

/// One client talking to one server in one protocol (unit -1 when it does not matter).
struct PathKey {
  Protocol protocol;
  IpAddress client;
  IpAddress server;
  std::int64_t unit = -1;
  bool operator==(const PathKey&) const = default;
};

struct PathKeyHash {
  std::size_t operator()(const PathKey& k) const {
    std::size_t h = hash_mix(0, k.protocol.hash());
    h = hash_ip(h, k.client);
    h = hash_ip(h, k.server);
    return hash_mix(h, static_cast<std::uint64_t>(k.unit));
  }
};

struct IpHash {
  std::size_t operator()(const IpAddress& ip) const { return hash_ip(0, ip); }
};

struct MacHash {
  std::size_t operator()(const MacAddress& mac) const { return hash_mix(0, mac.value()); }
};

}  // namespace otscope::detection
