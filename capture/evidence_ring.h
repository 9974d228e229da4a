// The recent packets of every flow of a live capture, kept so that an alert's evidence survives
// without saving the whole traffic: the first packets of each flow (its TCP handshake) and its
// last `per_flow`, within `max_bytes` over all flows (the oldest packets go first). The engine
// looks the evidence frames of each new alert up here and stores them with the alert.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "common/bytes.h"
#include "common/flow.h"

namespace otscope::capture {

struct EvidenceRingLimits {
  /// The last packets kept per flow (besides its first kPinned); 0 keeps none: no ring.
  std::size_t per_flow = 32;
  /// Captured bytes kept over all flows.
  std::size_t max_bytes = 4 * 1024 * 1024;
};

/// One kept packet as it was captured.
struct RingPacket {
  std::uint64_t frame = 0;
  std::int64_t ts_us = 0;
  std::uint32_t wire_length = 0;
  std::vector<std::uint8_t> data;
};

class EvidenceRing {
 public:
  /// The first packets of a flow, kept while it has packets in the ring (SYN, SYN-ACK, ACK).
  static constexpr std::size_t kPinned = 3;

  explicit EvidenceRing(EvidenceRingLimits limits) : limits_(limits) {}

  /// A packet of the flow `flow` (any key that is the same for both directions).
  void add(std::uint64_t flow, const PacketMeta& meta, std::uint32_t wire_length, Bytes data);
  /// The packet with this frame number, or nullptr when it is not (or no longer) kept.
  const RingPacket* find(std::uint64_t frame) const;
  /// The first packets (kPinned at most) of the flow that `frame` belongs to, oldest first.
  std::vector<const RingPacket*> flow_start(std::uint64_t frame) const;

  std::size_t bytes() const { return bytes_; }
  std::size_t packets() const { return packets_.size(); }

 private:
  struct Kept {
    RingPacket packet;
    std::uint64_t flow = 0;
  };
  struct Flow {
    std::deque<std::uint64_t> pinned;  // its first frames
    std::deque<std::uint64_t> recent;  // its last frames
    std::uint64_t seen = 0;
  };
  void drop(std::uint64_t frame);

  EvidenceRingLimits limits_;
  std::unordered_map<std::uint64_t, Kept> packets_;  // by frame
  std::unordered_map<std::uint64_t, Flow> flows_;
  std::deque<std::uint64_t> order_;  // every kept frame, oldest first (some already dropped)
  std::size_t bytes_ = 0;
};

}  // namespace otscope::capture
