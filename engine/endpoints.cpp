#include "engine/endpoints.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "model/detection/keys.h"
#include "model/history.h"

namespace otscope {

namespace {

bool is_link_local(const IpAddress& ip) {
  if (ip.v6) return ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80;
  return ip.bytes[0] == 169 && ip.bytes[1] == 254;
}

template <typename T>
void add_unique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

void widen(std::int64_t& first, std::int64_t& last, std::int64_t f, std::int64_t l) {
  if (f != 0 && (first == 0 || f < first)) first = f;
  if (l > last) last = l;
}

using detection::IpHash;
using detection::MacHash;

struct MacIpHash {
  std::size_t operator()(const std::pair<MacAddress, IpAddress>& k) const {
    return hash_ip(hash_mix(0, k.first.value()), k.second);
  }
};

// An asset being assembled from endpoints.
struct Building {
  AssetRecord asset;
  bool fresh = false;
  std::int64_t via_last_us = 0;  // last sighting through `asset.via_mac`
};

template <typename E>
void add_endpoint(Building& b, const IpAddress* ip, const E& e) {
  AssetRecord& a = b.asset;
  b.fresh = b.fresh || e.fresh;
  widen(a.first_seen_us, a.last_seen_us, e.first_us, e.last_us);
  a.packets_sent += e.packets_sent;
  a.bytes_sent += e.bytes_sent;
  a.packets_received += e.packets_received;
  a.bytes_received += e.bytes_received;
  for (std::uint16_t v : e.vlans) add_unique(a.vlans, v);
  if (!ip) return;
  auto it = std::find_if(a.addresses.begin(), a.addresses.end(),
                         [&](const AssetAddress& x) { return x.ip == *ip; });
  if (it == a.addresses.end()) {
    a.addresses.push_back(AssetAddress{*ip});
    it = a.addresses.end() - 1;
  }
  widen(it->first_seen_us, it->last_seen_us, e.first_us, e.last_us);
  it->packets_sent += e.packets_sent;
  it->bytes_sent += e.bytes_sent;
  it->packets_received += e.packets_received;
  it->bytes_received += e.bytes_received;
}

}  // namespace

IpAddress segment_prefix(const IpAddress& ip) {
  IpAddress p = ip;
  if (ip.v6) {
    std::fill(p.bytes.begin() + 8, p.bytes.end(), std::uint8_t{0});
  } else {
    p.bytes[3] = 0;
  }
  return p;
}

std::size_t EndpointTable::KeyHash::operator()(const Key& k) const {
  // FNV-1a over the bytes that make the key.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint8_t b) {
    h ^= b;
    h *= 1099511628211ull;
  };
  for (std::uint8_t b : k.mac.bytes) mix(b);
  const std::size_t n = k.ip.v6 ? 16 : 4;
  for (std::size_t i = 0; i < n; ++i) mix(k.ip.bytes[i]);
  mix(static_cast<std::uint8_t>(k.ip.v6 << 1 | k.has_ip));
  return static_cast<std::size_t>(h);
}

Admission EndpointTable::observe(const MacAddress& mac, const IpAddress* ip, std::uint16_t vlan,
                                 std::int64_t first_us, std::int64_t last_us,
                                 std::uint64_t sent_packets, std::uint64_t sent_bytes,
                                 std::uint64_t recv_packets, std::uint64_t recv_bytes,
                                 bool confirmed) {
  if (mac.is_multicast()) return Admission::Kept;
  Key key;
  key.mac = mac;
  if (ip) {
    const bool group =
        ip->v6 ? ip->bytes[0] == 0xff
               : (ip->bytes[0] & 0xf0) == 0xe0 || (ip->bytes[0] == 255 && ip->bytes[1] == 255 &&
                                                   ip->bytes[2] == 255 && ip->bytes[3] == 255);
    if (!ip->is_unspecified() && !group && !ip->is_link()) {
      key.ip = *ip;
      key.has_ip = true;
    }
  }
  if (mac.is_zero() && !key.has_ip) return Admission::Kept;
  confirmed = confirmed || sent_packets > 1;
  auto it = endpoints_.find(key);
  if (it == endpoints_.end()) {
    if (!confirmed && unconfirmed_ >= limits_.max_unconfirmed) {
      if (!seen_before(key)) {
        ++summarised_;
        return Admission::Summarised;
      }
      confirmed = true;  // it sent before: two packets
    }
    if (confirmed && confirmed_ >= limits_.max_confirmed) {
      ++dropped_;
      return Admission::Dropped;
    }
    ++(confirmed ? confirmed_ : unconfirmed_);
    it = endpoints_.emplace(key, Endpoint{}).first;
    it->second.confirmed = confirmed;
  } else if (!it->second.confirmed) {
    promote(it->second);  // a second sighting: more than one packet
  }
  Endpoint& e = it->second;
  widen(e.first_us, e.last_us, first_us, last_us);
  if (vlan != 0) add_unique(e.vlans, vlan);
  e.packets_sent += sent_packets;
  e.bytes_sent += sent_bytes;
  e.packets_received += recv_packets;
  e.bytes_received += recv_bytes;
  e.fresh = true;
  return Admission::Kept;
}

void EndpointTable::promote(Endpoint& e) {
  if (e.confirmed || confirmed_ >= limits_.max_confirmed) return;
  e.confirmed = true;
  --unconfirmed_;
  ++confirmed_;
}

bool EndpointTable::seen_before(const Key& key) {
  constexpr std::size_t kBits = std::size_t{1} << 23;
  constexpr std::size_t kKeysPerEpoch = kBits / 64;
  if (seen_bits_.empty() || seen_keys_ >= kKeysPerEpoch) {
    seen_bits_.assign(kBits / 64, 0);
    seen_keys_ = 0;
  }
  const std::uint64_t h = KeyHash{}(key)*0x9e3779b97f4a7c15ull;
  const std::size_t b1 = static_cast<std::size_t>(h >> 41);               // 23 bits
  const std::size_t b2 = static_cast<std::size_t>(h >> 9) & (kBits - 1);  // 23 other bits
  const bool seen =
      (seen_bits_[b1 / 64] >> (b1 % 64) & 1) && (seen_bits_[b2 / 64] >> (b2 % 64) & 1);
  if (!seen) {
    seen_bits_[b1 / 64] |= std::uint64_t{1} << (b1 % 64);
    seen_bits_[b2 / 64] |= std::uint64_t{1} << (b2 % 64);
    ++seen_keys_;
  }
  return seen;
}

void EndpointTable::claim(const MacAddress& mac, const IpAddress& ip) {
  if (mac.is_zero() || mac.is_multicast() || ip.is_unspecified()) return;
  // A device that says an address is its own is confirmed (when its traffic was kept).
  if (auto it = endpoints_.find(Key{mac, ip, true}); it != endpoints_.end()) promote(it->second);
  if (claims_.size() >= limits_.max_confirmed && !claims_.count({mac, ip})) {
    ++claims_dropped_;
    return;
  }
  claims_.emplace(mac, ip);
}

std::vector<AssetRecord> EndpointTable::take_assets(const OuiRegistry& oui) {
  // Addresses per MAC and family.
  std::unordered_map<MacAddress, std::vector<IpAddress>, MacHash> ips_of;
  ips_of.reserve(endpoints_.size());
  for (const auto& [k, e] : endpoints_)
    if (!k.mac.is_zero() && k.has_ip) ips_of[k.mac].push_back(k.ip);

  // Segments where a device is seen with its own MAC: the prefix of every claimed address, and
  // of every MAC that carries a single address of a family (a plain host).
  std::unordered_set<IpAddress, IpHash> local;
  for (const auto& [mac, ip] : claims_) local.insert(segment_prefix(ip));
  for (const auto& [mac, ips] : ips_of) {
    for (bool v6 : {false, true}) {
      const auto n = std::count_if(ips.begin(), ips.end(), [&](auto& ip) { return ip.v6 == v6; });
      if (n != 1) continue;
      for (const IpAddress& ip : ips)
        if (ip.v6 == v6) local.insert(segment_prefix(ip));
    }
  }

  // A MAC whose addresses span several segments forwards for the ones where it is not local.
  std::unordered_set<std::pair<MacAddress, IpAddress>, MacIpHash> remote;
  for (const auto& [mac, ips] : ips_of) {
    if (ips.size() < 2) continue;
    for (bool v6 : {false, true}) {
      std::set<IpAddress> prefixes;
      for (const IpAddress& ip : ips)
        if (ip.v6 == v6) prefixes.insert(segment_prefix(ip));
      if (prefixes.size() < 2) continue;
      for (const IpAddress& ip : ips) {
        if (ip.v6 != v6 || claims_.count({mac, ip}) || is_link_local(ip) ||
            local.count(segment_prefix(ip)))
          continue;
        remote.emplace(mac, ip);
      }
    }
  }

  // Who owns each local address (the MAC seen with it last, when two claim it).
  std::unordered_map<IpAddress, std::pair<MacAddress, std::int64_t>, IpHash> owner;
  owner.reserve(endpoints_.size());
  for (const auto& [k, e] : endpoints_) {
    if (k.mac.is_zero() || !k.has_ip || remote.count({k.mac, k.ip})) continue;
    auto [it, inserted] = owner.try_emplace(k.ip, k.mac, e.last_us);
    if (!inserted && e.last_us > it->second.second) it->second = {k.mac, e.last_us};
  }

  // Assets in the order their first endpoint comes; the list is sorted at the end.
  std::vector<Building> buildings;
  std::unordered_map<MacAddress, std::size_t, MacHash> by_mac;
  std::unordered_map<IpAddress, std::size_t, IpHash> by_ip;
  buildings.reserve(endpoints_.size());
  by_mac.reserve(endpoints_.size());
  auto building = [&buildings](auto& index, const auto& key) -> Building& {
    auto [it, inserted] = index.try_emplace(key, buildings.size());
    if (inserted) buildings.emplace_back();
    return buildings[it->second];
  };
  auto device = [&](const MacAddress& mac) -> Building& {
    Building& b = building(by_mac, mac);
    b.asset.mac = mac;
    return b;
  };
  for (const auto& [k, e] : endpoints_) {
    const IpAddress* ip = k.has_ip ? &k.ip : nullptr;
    const bool routed = !k.mac.is_zero() && k.has_ip && remote.count({k.mac, k.ip});
    if (!k.mac.is_zero() && !routed) {
      add_endpoint(device(k.mac), ip, e);
      continue;
    }
    // A routed or MAC-less address: part of the device that owns it locally, if any.
    if (auto o = owner.find(k.ip); o != owner.end()) {
      add_endpoint(device(o->second.first), ip, e);
      continue;
    }
    Building& b = building(by_ip, k.ip);
    add_endpoint(b, ip, e);
    if (routed && e.last_us >= b.via_last_us) {
      b.asset.via_mac = k.mac;
      b.via_last_us = e.last_us;
    }
  }

  std::vector<AssetRecord> out;
  auto emit = [&out](Building& b) {
    if (!b.fresh) return;
    AssetRecord& a = b.asset;
    std::sort(a.addresses.begin(), a.addresses.end(),
              [](const AssetAddress& x, const AssetAddress& y) { return x.ip < y.ip; });
    for (const AssetAddress& addr : a.addresses) a.ips.push_back(addr.ip);
    std::sort(a.vlans.begin(), a.vlans.end());
    out.push_back(std::move(a));
  };
  for (Building& b : buildings) {
    if (!b.asset.mac.is_zero()) b.asset.mac_vendor = oui.vendor(b.asset.mac);
    emit(b);
  }
  std::sort(out.begin(), out.end(), [](const AssetRecord& a, const AssetRecord& b) {
    const bool a_none = a.ips.empty(), b_none = b.ips.empty();
    const IpAddress a_ip = a_none ? IpAddress{} : a.ips.front();
    const IpAddress b_ip = b_none ? IpAddress{} : b.ips.front();
    return std::tie(a_none, a_ip, a.mac) < std::tie(b_none, b_ip, b.mac);
  });

  for (auto& [k, e] : endpoints_) {
    e.packets_sent = e.bytes_sent = e.packets_received = e.bytes_received = 0;
    e.fresh = false;
  }
  return out;
}

std::vector<ChangeRecord> EndpointTable::take_mac_changes() {
  // Only an address seen with two MACs or more can have changed hands.
  std::unordered_map<IpAddress, std::uint32_t, IpHash> macs_of;
  macs_of.reserve(endpoints_.size());
  for (const auto& [k, e] : endpoints_)
    if (!k.mac.is_zero() && k.has_ip) ++macs_of[k.ip];
  std::map<IpAddress, std::vector<ValueSpan>> spans;
  for (const auto& [k, e] : endpoints_) {
    if (k.mac.is_zero() || !k.has_ip || macs_of[k.ip] < 2) continue;
    ValueSpan s;
    s.value = k.mac.to_string();
    s.first_seen_us = e.first_us;
    s.last_seen_us = e.last_us;
    s.mac = k.mac;
    s.source = "ethernet address of ip traffic";
    spans[k.ip].push_back(std::move(s));
  }
  std::vector<ChangeRecord> out;
  for (auto& [ip, list] : spans) {
    if (list.size() < 2) continue;
    for (ChangeRecord& c : changes_from_spans(ip, kMacField, std::move(list)))
      if (reported_mac_changes_.emplace(ip, c.mac).second) out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const ChangeRecord& a, const ChangeRecord& b) {
    return std::tie(a.changed_us, a.ip) < std::tie(b.changed_us, b.ip);
  });
  return out;
}

}  // namespace otscope
