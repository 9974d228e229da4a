// Hashing of the small fixed-size keys the detector looks up on every message, so that a lookup
// costs one hash and no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "protocols/common/events.h"
#include "protocols/common/flow.h"

namespace otscope::detection {

inline std::size_t hash_mix(std::size_t seed, std::uint64_t v) {
  // 64-bit mix (splitmix64 finaliser) folded into the seed.
  v += 0x9e3779b97f4a7c15ull;
  v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ull;
  v = (v ^ (v >> 27)) * 0x94d049bb133111ebull;
  v ^= v >> 31;
  return seed ^ (static_cast<std::size_t>(v) + 0x9e3779b9u + (seed << 6) + (seed >> 2));
}

inline std::size_t hash_ip(std::size_t seed, const IpAddress& ip) {
  const std::uint64_t lo = ip.word(0);
  if (!ip.v6) return hash_mix(seed, lo);  // the other eight bytes of an IPv4 address are zero
  return hash_mix(hash_mix(hash_mix(seed, lo), ip.word(8)), 1);
}

/// One client talking to one server in one protocol (unit -1 when it does not matter).
struct PathKey {
  Protocol protocol = Protocol::Modbus;
  IpAddress client;
  IpAddress server;
  std::int64_t unit = -1;
  bool operator==(const PathKey&) const = default;
};

struct PathKeyHash {
  std::size_t operator()(const PathKey& k) const {
    std::size_t h = hash_mix(0, static_cast<std::uint64_t>(k.protocol));
    h = hash_ip(h, k.client);
    h = hash_ip(h, k.server);
    return hash_mix(h, static_cast<std::uint64_t>(k.unit));
  }
};

struct IpHash {
  std::size_t operator()(const IpAddress& ip) const { return hash_ip(0, ip); }
};

}  // namespace otscope::detection
