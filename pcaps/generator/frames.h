// Ethernet frames crafted with libtins: the link layer (optionally 802.1Q tagged), IPv4 with the
// sender's TTL and IP id, and TCP/UDP/ARP. libtins computes lengths and checksums.
#pragma once

#include <tins/tcp.h>

#include <cstdint>
#include <optional>
#include <span>

#include "pcaps/generator/byte_writer.h"
#include "pcaps/generator/hosts.h"

namespace otscope::pcapgen {

struct LinkHeader {
  MacAddress src;
  MacAddress dst;
  std::optional<std::uint16_t> vlan;
};

struct Ipv4Header {
  Tins::IPv4Address src;
  Tins::IPv4Address dst;
  std::uint8_t ttl = 64;
  std::uint16_t id = 0;
  bool dont_fragment = true;
};

struct TcpHeader {
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t flags = 0;  // Tins::TCP::Flags
  std::uint16_t window = 0;
};

/// TCP options a SYN or SYN/ACK carries, in the order the stack writes them.
enum class SynOptions { None, Windows, WindowsSynAck, Linux, LinuxSynAck, Embedded };

Bytes tcp_frame(const LinkHeader& l2, const Ipv4Header& ip, const TcpHeader& tcp,
                std::span<const std::uint8_t> payload, SynOptions options = SynOptions::None);
Bytes udp_frame(const LinkHeader& l2, const Ipv4Header& ip, std::uint16_t sport,
                std::uint16_t dport, std::span<const std::uint8_t> payload);

/// Host-to-host conveniences: link and IP fields from the hosts (VLAN of the sender's segment).
LinkHeader link_between(const Host& from, const Host& to);
Ipv4Header ip_between(Host& from, const Host& to);

Bytes udp_between(Host& from, const Host& to, std::uint16_t sport, std::uint16_t dport,
                  std::span<const std::uint8_t> payload);

/// ARP who-has (broadcast) and is-at (unicast reply).
Bytes arp_request(const Host& asker, Tins::IPv4Address target);
Bytes arp_reply(const Host& owner, const Host& asker);
/// Gratuitous ARP announcing `owner`'s address (sender and target IP equal, broadcast).
Bytes arp_announce(const Host& owner);
/// ARP probe (RFC 5227) for `ip` before using it: sender IP 0.0.0.0.
Bytes arp_probe(const Host& prober, Tins::IPv4Address ip);

}  // namespace otscope::pcapgen
