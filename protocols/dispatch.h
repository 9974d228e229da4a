// Decides which protocol a flow carries by its content, not its port, and feeds that protocol's
// session. Traffic on a protocol's registered port that matches nothing is reported.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "protocols/common/session.h"

namespace otscope {

class Dispatcher {
 public:
  Dispatcher(std::span<const ProtocolDescriptor* const> protocols, EventSink& sink);
  ~Dispatcher();

  void flow_opened(const FlowInfo& flow);
  void stream_data(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta);
  void stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing, const PacketMeta& meta);
  void datagram(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta);
  void flow_closed(const FlowInfo& flow, const PacketMeta& meta);

  /// The protocol a flow was identified as, if any.
  std::optional<Protocol> protocol_of(std::uint64_t flow_id) const;

 private:
  struct FlowState;
  FlowState& state(const FlowInfo& flow);
  void probe(const FlowInfo& flow, FlowState& st, Direction dir, const PacketMeta& meta);
  void give_up(const FlowInfo& flow, FlowState& st, const PacketMeta& meta);
  const ProtocolDescriptor* registered_on(const FlowInfo& flow) const;

  std::vector<const ProtocolDescriptor*> protocols_;
  EventSink& sink_;
  // Flow states in slots (FlowInfo::consumer_slot; slot 0 is never used), with a free list and
  // an index by flow id for flows that arrive without their slot.
  std::vector<std::unique_ptr<FlowState>> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<std::uint64_t, std::uint32_t> index_;
  // The bytes a probe looks at when they span several chunks (reused from probe to probe).
  std::vector<std::uint8_t> window_;
};

}  // namespace otscope
