// Who was seen where: traffic per (MAC, IP) endpoint, and the rules that turn endpoints into one
// asset per device. A MAC is a device on the local segment; a MAC that carries addresses of
// subnets where no device of its own is seen is a router, and each of those addresses is a
// routed device of its own, keyed by IP. The table keeps what it has learnt across take_assets()
// calls (a live capture takes deltas), so that later decisions see all the evidence.
#pragma once

#include <cstdint>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/oui.h"
#include "model/analysis.h"

namespace otscope {

class EndpointTable {
 public:
  /// Traffic of one endpoint between `first_us` and `last_us`. A null or unusable `ip` counts
  /// for the MAC alone (ARP, non-IP frames). A group MAC (broadcast, multicast) names no device:
  /// ignored. A zero MAC (capture formats without one) leaves the IP alone.
  void observe(const MacAddress& mac, const IpAddress* ip, std::uint16_t vlan,
               std::int64_t first_us, std::int64_t last_us, std::uint64_t sent_packets,
               std::uint64_t sent_bytes, std::uint64_t recv_packets, std::uint64_t recv_bytes);
  /// `mac` said that `ip` is its own (ARP sender, DHCP acknowledgement of its lease).
  void claim(const MacAddress& mac, const IpAddress& ip);

  /// One asset per device for everything observed since the previous call (counters are the
  /// delta; times span everything seen), with `addresses` per IP, sorted by lowest IP.
  std::vector<AssetRecord> take_assets(const OuiRegistry& oui);
  /// IP<->MAC changes (field "mac") not reported by an earlier call, oldest first.
  std::vector<ChangeRecord> take_mac_changes();

  std::size_t size() const { return endpoints_.size(); }

 private:
  struct Key {
    MacAddress mac;
    IpAddress ip;
    bool has_ip = false;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  struct Endpoint {
    std::int64_t first_us = 0;
    std::int64_t last_us = 0;
    std::vector<std::uint16_t> vlans;
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;
    bool fresh = false;  // seen since the previous take_assets()
  };

  std::unordered_map<Key, Endpoint, KeyHash> endpoints_;
  std::set<std::pair<MacAddress, IpAddress>> claims_;
  std::set<std::pair<IpAddress, MacAddress>> reported_mac_changes_;
};

/// The network prefix used to decide whether two addresses share a segment: /24 for IPv4,
/// /64 for IPv6 (what almost every plant network uses; a monitor cannot see the real masks).
IpAddress segment_prefix(const IpAddress& ip);

}  // namespace otscope
