#include "protocols/lldp/discovery.h"

#include "common/flow.h"

namespace otscope::lldp {
namespace {

std::string mac_text(Bytes b) {
  MacAddress m;
  for (std::size_t i = 0; i < 6; ++i) m.bytes[i] = b[i];
  return m.to_string();
}

std::string ipv4_text(Bytes b) {
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
         std::to_string(b[3]);
}

// An ID TLV's value after its subtype: a MAC address, a network address or text.
std::string id_text(std::uint8_t subtype, Bytes value, std::uint8_t mac_subtype) {
  if (subtype == mac_subtype && value.size() == 6) return mac_text(value);
  if (subtype == 5 && value.size() == 5 && value[0] == 1) return ipv4_text(value.subspan(1));
  return wire_text(value);
}

std::string capability_names(std::uint16_t bits) {
  static constexpr std::string_view kNames[] = {
      "other",  "repeater",  "bridge", "wlan access point",
      "router", "telephone", "docsis", "station only",
      "c-vlan", "s-vlan",    "tpmr"};
  std::string out;
  for (std::size_t i = 0; i < std::size(kNames); ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : ", ") + std::string(kNames[i]);
  return out;
}

std::string cdp_capability_names(std::uint32_t bits) {
  static constexpr std::string_view kNames[] = {
      "router", "transparent bridge", "source route bridge", "switch", "host", "igmp", "repeater",
      "phone"};
  std::string out;
  for (std::size_t i = 0; i < std::size(kNames); ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : ", ") + std::string(kNames[i]);
  return out;
}

}  // namespace

std::string_view discovery_error_name(DiscoveryError e) {
  switch (e) {
    case DiscoveryError::None:
      return "none";
    case DiscoveryError::Truncated:
      return "a TLV runs past the frame";
    case DiscoveryError::MissingMandatory:
      return "the chassis ID, port ID and TTL TLVs do not come first";
    case DiscoveryError::NotCdp:
      return "not a CDP frame";
  }
  return "unknown";
}

DiscoveryError decode_lldp(Bytes pdu, Announcement& out) {
  ByteReader r(pdu);
  while (!r.empty()) {
    std::uint16_t header = 0;
    if (!r.be16(header)) return DiscoveryError::Truncated;
    const std::uint8_t type = static_cast<std::uint8_t>(header >> 9);
    const std::size_t length = header & 0x1FF;
    Bytes v;
    if (!r.take(length, v)) return DiscoveryError::Truncated;
    // The first three TLVs are chassis ID, port ID and TTL, in that order.
    if (out.tlvs < 3 && type != out.tlvs + 1) return DiscoveryError::MissingMandatory;
    ++out.tlvs;
    if (type == 0) break;
    switch (type) {
      case 1:
        if (v.empty()) return DiscoveryError::MissingMandatory;
        out.chassis_id = id_text(v[0], v.subspan(1), 4);
        break;
      case 2:
        if (v.empty()) return DiscoveryError::MissingMandatory;
        out.port_id = id_text(v[0], v.subspan(1), 3);
        break;
      case 3:
        if (v.size() < 2) return DiscoveryError::MissingMandatory;
        out.ttl = static_cast<std::uint32_t>(v[0] << 8 | v[1]);
        break;
      case 4:
        out.port_description = wire_text(v);
        break;
      case 5:
        out.system_name = wire_text(v);
        break;
      case 6:
        out.system_description = wire_text(v);
        break;
      case 7:
        if (v.size() >= 4)
          out.capabilities = capability_names(static_cast<std::uint16_t>(v[2] << 8 | v[3]));
        break;
      case 8:
        // address string length (subtype + address), subtype (1 = IPv4), address, ...
        if (v.size() >= 6 && v[0] == 5 && v[1] == 1 && (v[2] | v[3] | v[4] | v[5]) != 0)
          out.management_addresses.push_back(ipv4_text(v.subspan(2, 4)));
        break;
      default:
        break;
    }
  }
  if (out.tlvs < 3) return DiscoveryError::MissingMandatory;
  return DiscoveryError::None;
}

bool is_cdp(Bytes llc) {
  return llc.size() >= 8 && llc[0] == 0xAA && llc[1] == 0xAA && llc[2] == 0x03 && llc[3] == 0 &&
         llc[4] == 0 && llc[5] == 0x0C && llc[6] == 0x20 && llc[7] == 0x00;
}

DiscoveryError decode_cdp(Bytes llc, Announcement& out) {
  if (!is_cdp(llc)) return DiscoveryError::NotCdp;
  ByteReader r(llc.subspan(8));
  std::uint8_t version = 0, ttl = 0;
  std::uint16_t checksum = 0;
  if (!r.u8(version) || !r.u8(ttl) || !r.be16(checksum)) return DiscoveryError::Truncated;
  out.ttl = ttl;
  while (!r.empty()) {
    std::uint16_t type = 0, length = 0;
    if (!r.be16(type) || !r.be16(length) || length < 4) return DiscoveryError::Truncated;
    Bytes v;
    if (!r.take(length - 4u, v)) return DiscoveryError::Truncated;
    ++out.tlvs;
    switch (type) {
      case 1:
        out.system_name = wire_text(v);
        break;
      case 2: {
        // count(4), then per address: protocol type(1) length(1) protocol(n) address length(2)
        // address; IPv4 is NLPID 0xCC.
        ByteReader a(v);
        std::uint32_t count = 0;
        a.be32(count);
        for (std::uint32_t i = 0; i < count && i < 8; ++i) {
          std::uint8_t ptype = 0, plen = 0;
          Bytes proto, addr;
          std::uint16_t alen = 0;
          if (!a.u8(ptype) || !a.u8(plen) || !a.take(plen, proto) || !a.be16(alen) ||
              !a.take(alen, addr))
            break;
          if (ptype == 1 && plen == 1 && proto[0] == 0xCC && alen == 4 &&
              (addr[0] | addr[1] | addr[2] | addr[3]) != 0)
            out.management_addresses.push_back(ipv4_text(addr));
        }
        break;
      }
      case 3:
        out.port_id = wire_text(v);
        break;
      case 4:
        if (v.size() >= 4)
          out.capabilities = cdp_capability_names(
              static_cast<std::uint32_t>(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]));
        break;
      case 5:
        out.system_description = wire_text(v);
        break;
      case 6:
        out.platform = wire_text(v);
        break;
      default:
        break;
    }
  }
  return DiscoveryError::None;
}

}  // namespace otscope::lldp
