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

/// What the table keeps at most. An endpoint is confirmed once it sent more than one packet, was
/// seen twice, answered a datagram, spoke a decoded protocol or claimed its address (ARP, DHCP);
/// until then it is unconfirmed: a source that sent one packet (a spoofed-source flood, even one
/// its target answers), an address that only received (a scan's dead targets), or a quiet host.
/// The two tiers have their own caps, so a flood or a scan never takes the room of the plant's
/// devices.
struct EndpointLimits {
  std::size_t max_confirmed = 20'000;
  std::size_t max_unconfirmed = 1'024;
};

/// What observe() did with a sighting.
enum class Admission : std::uint8_t {
  Kept,
  Summarised,  // a new one-packet source past the unconfirmed tier's cap: counted only
  Dropped,     // a new confirmed endpoint past the cap: counted only
};

class EndpointTable {
 public:
  explicit EndpointTable(EndpointLimits limits = {}) : limits_(limits) {}

  /// Traffic of one endpoint between `first_us` and `last_us`. A null or unusable `ip` counts
  /// for the MAC alone (ARP, non-IP frames). A group MAC (broadcast, multicast) names no device:
  /// ignored. A zero MAC (capture formats without one) leaves the IP alone. `confirmed`: the
  /// traffic says the endpoint exists (a decoded protocol, an answered datagram) whatever its
  /// counts. A new endpoint past its tier's cap is not stored.
  Admission observe(const MacAddress& mac, const IpAddress* ip, std::uint16_t vlan,
                    std::int64_t first_us, std::int64_t last_us, std::uint64_t sent_packets,
                    std::uint64_t sent_bytes, std::uint64_t recv_packets, std::uint64_t recv_bytes,
                    bool confirmed = false);
  /// `mac` said that `ip` is its own (ARP sender, DHCP acknowledgement of its lease).
  void claim(const MacAddress& mac, const IpAddress& ip);

  /// One asset per device for everything observed since the previous call (counters are the
  /// delta; times span everything seen), with `addresses` per IP, sorted by lowest IP.
  std::vector<AssetRecord> take_assets(const OuiRegistry& oui);
  /// IP<->MAC changes (field "mac") not reported by an earlier call, oldest first.
  std::vector<ChangeRecord> take_mac_changes();

  std::size_t size() const { return endpoints_.size(); }
  std::size_t confirmed() const { return confirmed_; }
  std::size_t unconfirmed() const { return unconfirmed_; }
  /// New confirmed endpoints not stored (the cap was reached), since the start.
  std::uint64_t dropped() const { return dropped_; }
  /// One-packet sources past the unconfirmed cap, counted and not stored, since the start.
  std::uint64_t summarised() const { return summarised_; }
  /// Claims not stored (as many as max_confirmed are kept), since the start.
  std::uint64_t claims_dropped() const { return claims_dropped_; }

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
    bool fresh = false;      // seen since the previous take_assets()
    bool confirmed = false;  // see EndpointLimits
  };
  /// Whether a summarised source was seen before (set by the first sighting): a source that
  /// comes back is no one-packet source. Two bits per key in a 1 MiB filter, cleared when a
  /// 128k keys went in, so that false positives stay below 0.1%.
  bool seen_before(const Key& key);
  /// Moves an unconfirmed endpoint to the confirmed tier when there is room there.
  void promote(Endpoint& e);

  EndpointLimits limits_;
  std::unordered_map<Key, Endpoint, KeyHash> endpoints_;
  std::size_t confirmed_ = 0;
  std::size_t unconfirmed_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t summarised_ = 0;
  std::uint64_t claims_dropped_ = 0;
  std::vector<std::uint64_t> seen_bits_;  // empty until the first summarised source
  std::size_t seen_keys_ = 0;
  std::set<std::pair<MacAddress, IpAddress>> claims_;
  std::set<std::pair<IpAddress, MacAddress>> reported_mac_changes_;
};

/// The network prefix used to decide whether two addresses share a segment: /24 for IPv4,
/// /64 for IPv6 (what almost every plant network uses; a monitor cannot see the real masks).
IpAddress segment_prefix(const IpAddress& ip);

}  // namespace otscope
