// Per-flow SNMP state: one message per datagram; the agent's side; a cleartext community
// reported once.
#pragma once

#include <optional>

#include "protocols/common/session.h"
#include "protocols/snmp/decoder.h"

namespace otscope::snmp {

class SnmpSession final : public ProtocolSession {
 public:
  SnmpSession(const FlowInfo& flow, EventSink& sink);
  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction, std::size_t, const PacketMeta&) override {}
  void on_close(const PacketMeta&) override {}

 private:
  void identity(Direction dir, const Pdu& pdu, const PacketMeta& meta);

  const FlowInfo& flow_;
  EventSink& sink_;
  bool community_reported_ = false;
  /// The direction towards the agent (port 161), when one side uses it.
  std::optional<Direction> to_agent_;
};

}  // namespace otscope::snmp
