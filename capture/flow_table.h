// Bidirectional TCP/UDP flows with bounded memory, TCP reassembly per direction and timeouts.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "capture/flat_index.h"
#include "capture/stream_consumer.h"
#include "capture/tcp_reassembly.h"

namespace otscope::capture {

struct FlowLimits {
  /// A flow takes about 600 bytes with its reassembly state: 32k flows are some 20 MiB.
  std::size_t max_flows = 32'768;
  std::size_t max_buffered_per_direction = 256 * 1024;
  std::size_t max_buffered_total = 16 * 1024 * 1024;
  std::int64_t tcp_idle_us = 300'000'000;
  std::int64_t udp_idle_us = 120'000'000;
  /// How long a closed TCP flow lingers to absorb the last ACKs before it is reported closed.
  std::int64_t closed_linger_us = 2'000'000;
  /// Ports servers listen on above the well-known range (below 1024, always server ports): which
  /// side of a connection picked up mid-stream, or of a datagram, is the server. The engine gives
  /// the protocols' registered ports and the other ICS ports.
  std::vector<std::uint16_t> server_ports;
  /// Ethernet types whose frames become Transport::Ethernet flows (the link-layer protocols'),
  /// 0 for IEEE 802.3 LLC frames; other non-IP frames only say that a host exists.
  std::vector<std::uint16_t> link_types;
};

/// Addresses of one IP packet.
struct PacketAddresses {
  MacAddress src_mac;
  MacAddress dst_mac;
  IpAddress src;
  IpAddress dst;
  std::uint16_t vlan = 0;
  std::uint32_t wire_bytes = 0;
};

struct TcpSegmentView {
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;           // FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10
  Bytes payload;                    // captured payload
  std::size_t payload_on_wire = 0;  // payload length per the IP header
};

struct FlowTableStats {
  std::uint64_t flows_created = 0;
  std::uint64_t flows_evicted = 0;
  std::uint64_t flows_active = 0;
  ReassemblyStats tcp;  // summed over closed and open flows at the time of the query
};

class FlowTable {
 public:
  FlowTable(StreamConsumer& consumer, FlowLimits limits);
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  void tcp(const PacketAddresses& addr, const TcpSegmentView& seg, const PacketMeta& meta);
  void udp(const PacketAddresses& addr, std::uint16_t sport, std::uint16_t dport, Bytes payload,
           const PacketMeta& meta);
  /// One frame of a link-layer protocol (`ethertype` one of FlowLimits::link_types): a flow
  /// between the two MAC addresses, its data the type and then `payload` (see Transport).
  void link(const PacketAddresses& addr, std::uint16_t ethertype, Bytes payload,
            const PacketMeta& meta);
  bool wants_link_type(std::uint16_t ethertype) const;
  /// Reports and removes flows idle past their timeout or closed past the linger time.
  void sweep(std::int64_t now_us);
  /// Reports every open flow's counters accumulated since the last checkpoint.
  void checkpoint();
  /// Closes every flow (end of capture).
  void close_all(CloseReason why);

  FlowTableStats stats() const;

 private:
  struct Key {
    IpAddress lo_ip, hi_ip;
    std::uint16_t lo_port, hi_port;
    Transport transport;
    /// The MAC of a side whose address is unspecified (0.0.0.0, ::), else 0: hosts that have no
    /// address yet (DHCP clients) share that address and are told apart by their MACs only.
    std::uint64_t lo_mac = 0, hi_mac = 0;
    bool operator==(const Key& o) const noexcept {
      return lo_port == o.lo_port && hi_port == o.hi_port && transport == o.transport &&
             lo_ip == o.lo_ip && hi_ip == o.hi_ip && lo_mac == o.lo_mac && hi_mac == o.hi_mac;
    }
  };
  static std::uint64_t hash_key(const Key& k) noexcept;
  struct Flow;
  class DirectionOutput;

  /// `src_is_client()` says who the client of a new flow is; it is asked only when one is made.
  template <class ClientTest>
  Flow* find_or_create(const PacketAddresses& addr, std::uint16_t sport, std::uint16_t dport,
                       Transport t, bool create, ClientTest&& src_is_client, const PacketMeta& meta,
                       Direction& dir);
  void finish(Flow& flow, CloseReason why);
  void evict_some();
  static Key make_key(const PacketAddresses& addr, std::uint16_t sport, std::uint16_t dport,
                      Transport t);

  StreamConsumer& consumer_;
  FlowLimits limits_;
  FlatIndex<Flow> flows_;
  std::uint64_t next_id_ = 1;
  std::size_t buffered_total_ = 0;
  FlowTableStats stats_;
  ReassemblyStats closed_tcp_;
  /// FlowLimits::server_ports and every port below 1024, by port.
  std::vector<bool> server_port_;
  /// A link-layer frame as its flow's data: the Ethernet type, then the payload (reused).
  std::vector<std::uint8_t> link_frame_;
  bool is_server_port(std::uint16_t port) const { return server_port_[port]; }
};

}  // namespace otscope::capture
