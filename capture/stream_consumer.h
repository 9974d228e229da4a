// The interface through which capture hands reassembled traffic upward. Plain values only: no
// libpcap or libtins type crosses this line.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.h"
#include "common/flow.h"

namespace otscope::capture {

enum class CloseReason : std::uint8_t { Fin, Reset, Idle, Evicted, EndOfCapture };

struct FlowCounters {
  std::uint64_t packets[2] = {0, 0};  // indexed by Direction
  std::uint64_t bytes[2] = {0, 0};    // on-the-wire frame bytes
  std::uint64_t payload[2] = {0, 0};  // transport payload bytes
  std::int64_t first_us = 0;
  std::int64_t last_us = 0;
};

/// A frame that is not part of a TCP/UDP flow but still says that a host exists (ARP, ICMP,
/// other IP protocols, non-IP Ethernet).
struct HostSighting {
  MacAddress src_mac;
  MacAddress dst_mac;
  bool has_ip = false;
  IpAddress src_ip;
  IpAddress dst_ip;
  std::uint16_t vlan = 0;
  std::uint32_t wire_bytes = 0;
  /// "arp", "icmp", "igmp", "ip-proto-N", "ethertype-0xNNNN"
  const char* kind = "";
};

class StreamConsumer {
 public:
  virtual ~StreamConsumer() = default;
  virtual void flow_opened(const FlowInfo& flow, const PacketMeta& meta) = 0;
  /// In-order payload of one TCP direction.
  virtual void stream_data(const FlowInfo& flow, Direction dir, Bytes data,
                           const PacketMeta& meta) = 0;
  /// Bytes of one TCP direction that will never arrive (lost, evicted, beyond the buffer bound).
  virtual void stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                          const PacketMeta& meta) = 0;
  /// One UDP datagram's payload.
  virtual void datagram(const FlowInfo& flow, Direction dir, Bytes data,
                        const PacketMeta& meta) = 0;
  /// Counters accumulated since the previous call for this flow (at checkpoints and just before
  /// the flow closes), so long-lived flows are accounted for while they are still open.
  virtual void flow_stats(const FlowInfo& flow, const FlowCounters& delta) = 0;
  /// The flow ended; `counters` are its totals.
  virtual void flow_closed(const FlowInfo& flow, const FlowCounters& counters, CloseReason why,
                           const PacketMeta& meta) = 0;
  virtual void host_seen(const HostSighting& sighting, const PacketMeta& meta) = 0;
};

}  // namespace otscope::capture
