// Link-layer framing: finds the network-layer packet inside a captured frame.
//
// Written here rather than with libtins because libtins 4.0 knows neither Linux SLL2 nor stacked
// 802.1ad tags, and every link type must end in the same place: a network protocol, its bytes,
// the MAC addresses and the outermost VLAN id. libtins parses everything from the network layer up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/flow.h"

namespace otscope::capture {

/// libpcap DLT values otscope reads.
enum class LinkType : int {
  Null = 0,
  Ethernet = 1,
  RawBsd12 = 12,
  RawBsd14 = 14,
  Raw = 101,
  Loop = 108,
  LinuxSll = 113,
  Ipv4 = 228,
  Ipv6 = 229,
  LinuxSll2 = 276,
};

/// True when otscope can read captures of this DLT; `name` is filled for error messages.
bool link_type_supported(int dlt);

enum class NetworkProtocol : std::uint8_t { Ipv4, Ipv6, Arp, Other };

struct LinkFrame {
  MacAddress src;
  MacAddress dst;
  bool has_macs = false;
  std::uint16_t vlan = 0;       // outermost tag, 0 when untagged
  std::uint8_t vlan_depth = 0;  // number of 802.1Q/802.1ad tags
  std::uint16_t ethertype = 0;  // innermost
  NetworkProtocol network = NetworkProtocol::Other;
  Bytes payload;  // the network-layer packet
};

/// Parses the link header of `frame` captured with link type `dlt`. Returns nullopt when the frame
/// is too short for its header.
std::optional<LinkFrame> parse_link(int dlt, Bytes frame);

}  // namespace otscope::capture
