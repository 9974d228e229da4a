// The devices of a simulated network: addresses as seen at the capture point (a SPAN port),
// plus the per-host TCP/IP stack behaviour that makes their packets look like the real thing.
#pragma once

#include <tins/hw_address.h>
#include <tins/ip_address.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace otscope::pcapgen {

using MacAddress = Tins::HWAddress<6>;

/// How a host's TCP/IP stack behaves on the wire (options, windows, TTL, delayed ACK).
enum class StackProfile {
  Windows,   // TTL 128, MSS/WS/SACK options, 200 ms delayed ACK, incrementing IP id
  Linux,     // TTL 64, MSS/SACK/TS/WS options, 40 ms delayed ACK
  Embedded,  // PLC/RTU stacks: MSS option only, small window, ACK within a few ms
};

struct Host {
  std::string name;
  std::string role;    // e.g. "HMI (Modbus client)"
  std::string vendor;  // vendor of the NIC OUI, for the README host table
  MacAddress mac;      // source MAC seen on the segment (the router's for routed hosts)
  Tins::IPv4Address ip;
  std::optional<std::uint16_t> vlan;  // 802.1Q VLAN id when the segment is tagged
  StackProfile stack = StackProfile::Embedded;
  std::uint8_t ttl = 64;        // TTL as seen at the capture point
  std::string routed_via;       // non-empty: host sits behind this router (MAC is the router's)
  std::uint16_t ip_id = 0;      // next IPv4 identification value
  std::uint16_t next_port = 0;  // next ephemeral source port

  std::uint16_t take_ip_id() { return ip_id++; }
  std::uint16_t take_port() { return next_port++; }
};

/// Owns the hosts of one scenario; references stay valid as hosts are added.
class Network {
 public:
  Host& add(Host h) { return hosts_.emplace_back(std::move(h)); }
  const std::deque<Host>& hosts() const { return hosts_; }

 private:
  std::deque<Host> hosts_;
};

/// Builds a MAC from an IEEE OUI (from /usr/share/ieee-data/oui.csv) and a device suffix.
MacAddress mac_from(std::uint32_t oui, std::uint32_t device);

}  // namespace otscope::pcapgen
