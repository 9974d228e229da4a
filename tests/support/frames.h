// Builds frames and capture files byte by byte for tests, independent of the code under test.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace otscope::test {

using Frame = std::vector<std::uint8_t>;

struct Ipv4Options {
  std::uint16_t id = 1;
  bool more_fragments = false;
  std::uint16_t fragment_offset_bytes = 0;  // multiple of 8
  std::uint8_t ttl = 64;
};

/// Transport headers (checksums left zero: otscope does not verify them, as a monitor must not).
Frame tcp_segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
                  std::uint8_t flags, const Frame& payload = {});
Frame udp_datagram(std::uint16_t sport, std::uint16_t dport, const Frame& payload);

/// IPv4 packet around an L4 payload. `a` and `b` as dotted quads.
Frame ipv4(const std::string& src, const std::string& dst, std::uint8_t proto, const Frame& l4,
           const Ipv4Options& opt = {});
Frame ipv6(const std::string& src, const std::string& dst, std::uint8_t next, const Frame& l4);

/// Ethernet II with optional VLAN tags (outermost first; tpid 0x88a8 for an 802.1ad S-tag).
struct VlanTag {
  std::uint16_t tpid = 0x8100;
  std::uint16_t id = 0;
};
Frame ethernet(const std::string& src_mac, const std::string& dst_mac, std::uint16_t ethertype,
               const Frame& payload, const std::vector<VlanTag>& tags = {});
Frame linux_sll(const std::string& src_mac, std::uint16_t protocol, const Frame& payload);
Frame linux_sll2(const std::string& src_mac, std::uint16_t protocol, const Frame& payload);
Frame bsd_null(std::uint32_t family_host_order, const Frame& payload);

/// An ARP request/reply for Ethernet/IPv4.
Frame arp(bool reply, const std::string& sender_mac, const std::string& sender_ip,
          const std::string& target_mac, const std::string& target_ip);

struct TimedFrame {
  std::int64_t ts_us = 0;
  Frame bytes;
  std::uint32_t wire_length = 0;  // 0: bytes.size()
};

/// Classic pcap (microsecond) and pcapng (one SHB, one IDB, EPBs) file images.
std::vector<std::uint8_t> pcap_file(int dlt, const std::vector<TimedFrame>& frames,
                                    std::uint32_t snaplen = 262144);
std::vector<std::uint8_t> pcapng_file(int dlt, const std::vector<TimedFrame>& frames);

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace otscope::test
