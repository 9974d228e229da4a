#include "capture/link.h"

#include <algorithm>

namespace otscope::capture {

namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherArp = 0x0806;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;

bool is_vlan_tag(std::uint16_t type) {
  return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}

NetworkProtocol classify(std::uint16_t ethertype) {
  switch (ethertype) {
    case kEtherIpv4:
      return NetworkProtocol::Ipv4;
    case kEtherIpv6:
      return NetworkProtocol::Ipv6;
    case kEtherArp:
      return NetworkProtocol::Arp;
    default:
      return NetworkProtocol::Other;
  }
}

void read_mac(ByteReader& r, MacAddress& mac) {
  Bytes b;
  if (r.take(6, b)) std::copy(b.begin(), b.end(), mac.bytes.begin());
}

// Walks 802.1Q / 802.1ad tags after an ethertype, then fills network and payload.
bool finish_ethertype(ByteReader& r, std::uint16_t type, LinkFrame& f) {
  while (is_vlan_tag(type)) {
    std::uint16_t tci;
    if (!r.be16(tci) || !r.be16(type)) return false;
    if (f.vlan_depth == 0) f.vlan = tci & 0x0fff;
    ++f.vlan_depth;
  }
  f.ethertype = type;
  f.network = classify(type);
  f.payload = r.rest();
  return true;
}

// Raw IP: the version nibble decides.
bool finish_raw_ip(Bytes data, LinkFrame& f) {
  if (data.empty()) return false;
  const int version = data[0] >> 4;
  if (version == 4) {
    f.network = NetworkProtocol::Ipv4;
    f.ethertype = kEtherIpv4;
  } else if (version == 6) {
    f.network = NetworkProtocol::Ipv6;
    f.ethertype = kEtherIpv6;
  } else {
    f.network = NetworkProtocol::Other;
  }
  f.payload = data;
  return true;
}

}  // namespace

bool link_type_supported(int dlt) {
  switch (static_cast<LinkType>(dlt)) {
    case LinkType::Null:
    case LinkType::Ethernet:
    case LinkType::RawBsd12:
    case LinkType::RawBsd14:
    case LinkType::Raw:
    case LinkType::Loop:
    case LinkType::LinuxSll:
    case LinkType::Ipv4:
    case LinkType::Ipv6:
    case LinkType::LinuxSll2:
      return true;
  }
  return false;
}

std::optional<LinkFrame> parse_link(int dlt, Bytes frame) {
  LinkFrame f;
  ByteReader r(frame);
  switch (static_cast<LinkType>(dlt)) {
    case LinkType::Ethernet: {
      if (r.remaining() < 14) return std::nullopt;
      read_mac(r, f.dst);
      read_mac(r, f.src);
      f.has_macs = true;
      std::uint16_t type;
      r.be16(type);
      if (type <= 1500) {  // IEEE 802.3 length field: LLC frame (STP, PROFINET DCP over LLC, ...)
        f.ethertype = 0;
        f.network = NetworkProtocol::Other;
        f.payload = r.rest();
        return f;
      }
      if (!finish_ethertype(r, type, f)) return std::nullopt;
      return f;
    }
    case LinkType::LinuxSll: {
      // packet type(2) ARPHRD type(2) address length(2) address(8) protocol(2)
      std::uint16_t pkttype, hatype, halen, proto;
      Bytes addr;
      if (!r.be16(pkttype) || !r.be16(hatype) || !r.be16(halen) || !r.take(8, addr) ||
          !r.be16(proto))
        return std::nullopt;
      if (hatype == 1 && halen == 6) {
        std::copy_n(addr.begin(), 6, f.src.bytes.begin());
        f.has_macs = true;  // SLL carries only the source; the destination stays zero
      }
      if (!finish_ethertype(r, proto, f)) return std::nullopt;
      return f;
    }
    case LinkType::LinuxSll2: {
      // protocol(2) reserved(2) ifindex(4) ARPHRD type(2) packet type(1) address length(1)
      // address(8)
      std::uint16_t proto, reserved, hatype;
      std::uint32_t ifindex;
      std::uint8_t pkttype, halen;
      Bytes addr;
      if (!r.be16(proto) || !r.be16(reserved) || !r.be32(ifindex) || !r.be16(hatype) ||
          !r.u8(pkttype) || !r.u8(halen) || !r.take(8, addr))
        return std::nullopt;
      if (hatype == 1 && halen == 6) {
        std::copy_n(addr.begin(), 6, f.src.bytes.begin());
        f.has_macs = true;
      }
      if (!finish_ethertype(r, proto, f)) return std::nullopt;
      return f;
    }
    case LinkType::Null:
    case LinkType::Loop: {
      if (frame.size() < 4) return std::nullopt;
      // DLT_NULL stores the address family in the capturing host's byte order; DLT_LOOP in
      // network order. Accept either: the values are small.
      std::uint32_t family = static_cast<std::uint32_t>(frame[0]) | frame[1] << 8 | frame[2] << 16 |
                             static_cast<std::uint32_t>(frame[3]) << 24;
      if (family > 0xffff) family = __builtin_bswap32(family);
      Bytes rest = frame.subspan(4);
      if (family == 2) {
        f.network = NetworkProtocol::Ipv4;
        f.ethertype = kEtherIpv4;
        f.payload = rest;
        return f;
      }
      if (family == 10 || family == 24 || family == 28 || family == 30) {
        f.network = NetworkProtocol::Ipv6;
        f.ethertype = kEtherIpv6;
        f.payload = rest;
        return f;
      }
      f.payload = rest;
      return f;
    }
    case LinkType::Raw:
    case LinkType::RawBsd12:
    case LinkType::RawBsd14:
    case LinkType::Ipv4:
    case LinkType::Ipv6:
      if (!finish_raw_ip(frame, f)) return std::nullopt;
      return f;
  }
  return std::nullopt;
}

}  // namespace otscope::capture
