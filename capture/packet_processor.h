// One captured frame in, flows and host sightings out. The only place where frames are parsed.
#pragma once

#include <cstdint>
#include <memory>

#include "capture/evidence_ring.h"
#include "capture/flow_table.h"
#include "capture/ipv4_defrag.h"
#include "capture/stream_consumer.h"

namespace otscope::capture {

/// A frame as a capture source delivers it. No libpcap type.
struct RawFrame {
  std::int64_t ts_us = 0;
  std::uint32_t wire_length = 0;
  Bytes data;  // captured bytes (may be shorter than wire_length)
};

struct ProcessorStats {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;  // wire bytes
  std::uint64_t undecodable = 0;
  std::uint64_t ipv6_fragments = 0;
  DefragStats defrag;
  FlowTableStats flows;
};

class PacketProcessor {
 public:
  PacketProcessor(StreamConsumer& consumer, FlowLimits limits = {});
  ~PacketProcessor();

  /// Starts a new capture source whose frames carry link type `dlt` (a libpcap DLT number).
  void begin_source(std::uint32_t source_index, int dlt);
  /// The capture source being read (begin_source()): what a PacketMeta calls `source`.
  std::uint32_t source() const { return source_; }
  void process(const RawFrame& frame);
  /// Keep every TCP/UDP packet in `ring` too (live capture: the evidence of new alerts), or
  /// nothing when null. The ring must outlive the processor's use of it.
  void set_evidence_ring(EvidenceRing* ring) { ring_ = ring; }
  /// Reports counters of open flows (periodic database flushes of a live capture).
  void checkpoint();
  /// End of all input: every flow is closed and reported.
  void finish();

  ProcessorStats stats() const;

 private:
  void network(const PacketAddresses& base, int family, Bytes ip, const PacketMeta& meta);
  void maintenance(std::int64_t now_us);
  void keep(const PacketAddresses& addr, std::uint16_t sport, std::uint16_t dport,
            std::uint8_t proto, const PacketMeta& meta);

  StreamConsumer& consumer_;
  EvidenceRing* ring_ = nullptr;
  const RawFrame* frame_ = nullptr;  // the frame process() is handling (for the ring)
  FlowTable flows_;
  Ipv4Defragmenter defrag_;
  int dlt_ = 1;
  std::uint32_t source_ = 0;
  std::uint64_t frame_no_ = 0;
  std::int64_t next_sweep_us_ = 0;
  std::int64_t last_ts_us_ = 0;
  ProcessorStats stats_;
};

}  // namespace otscope::capture
