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
  /// What a chunk of a decided flow needs, by the same slot: a compact array (a few bytes per
  /// flow, mostly in cache), so that such a chunk goes to its session, or is dropped, without
  /// reading the flow's state.
  struct SlotHead {
    std::uint64_t flow_id = 0;
    ProtocolSession* session = nullptr;  // the session of a matched flow
    bool unclaimed = false;              // no protocol: the flow's data is ignored
  };
  std::vector<SlotHead> heads_;
  /// The head of the flow's slot, when the flow still has one (else state() finds or makes it).
  const SlotHead* head_of(const FlowInfo& flow) const {
    if (flow.consumer_slot == 0 || flow.consumer_slot >= heads_.size()) return nullptr;
    const SlotHead& head = heads_[flow.consumer_slot];
    return head.flow_id == flow.id ? &head : nullptr;
  }
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<std::uint64_t, std::uint32_t> index_;
  // The bytes a probe looks at when they span several chunks (reused from probe to probe).
  std::vector<std::uint8_t> window_;
};

}  // namespace otscope
