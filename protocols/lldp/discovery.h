// LLDP (IEEE 802.1AB) and Cisco CDP announcements as pure decoders: the bytes of one frame in, the
// identity it announces (or one specific error) out.
//
// Facts: IEEE 802.1AB-2016 clause 8 (TLV header of a 7-bit type and a 9-bit length; chassis ID 1,
// port ID 2, TTL 3, port description 4, system name 5, system description 6, system
// capabilities 7, management address 8, organisationally specific 127, end 0; chassis ID subtype
// 4 and port ID subtype 3 are MAC addresses, 5 network addresses); CDP version 2 as Cisco
// documents it (LLC SNAP OUI 00-00-0C, PID 0x2000; TLVs device ID 1, addresses 2, port ID 3,
// capabilities 4, software version 5, platform 6).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::lldp {

inline constexpr std::uint16_t kLldpEthertype = 0x88CC;

enum class DiscoveryError : std::uint8_t {
  None,
  Truncated,         // a TLV runs past the frame
  MissingMandatory,  // LLDP without chassis ID, port ID and TTL first
  NotCdp,            // an LLC frame that is not CDP
};
std::string_view discovery_error_name(DiscoveryError e);

struct Announcement {
  std::string chassis_id;
  std::string port_id;
  std::string port_description;
  std::string system_name;
  std::string system_description;
  std::string platform;  // CDP
  std::string capabilities;
  std::vector<std::string> management_addresses;
  std::uint32_t ttl = 0;
  std::size_t tlvs = 0;
};

/// An LLDPDU (the bytes after the Ethernet type).
DiscoveryError decode_lldp(Bytes pdu, Announcement& out);
/// True when an IEEE 802.3 LLC frame's payload is CDP (LLC SNAP, OUI 00-00-0C, PID 0x2000).
bool is_cdp(Bytes llc);
/// A CDP frame (the LLC payload, from the DSAP on).
DiscoveryError decode_cdp(Bytes llc, Announcement& out);

}  // namespace otscope::lldp
