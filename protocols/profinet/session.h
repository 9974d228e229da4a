// One PROFINET flow: the frames of type 0x8892 between two MAC addresses (DCP and RT), or the
// DCE/RPC datagrams of a CM association on UDP.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "protocols/common/session.h"
#include "protocols/profinet/dcp.h"

namespace otscope::profinet {

class ProfinetSession final : public ProtocolSession {
 public:
  ProfinetSession(const FlowInfo& flow, EventSink& sink);
  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction, std::size_t, const PacketMeta&) override {}
  void on_close(const PacketMeta&) override {}
  Protocol claimed_as() const override;

 private:
  void frame(Direction dir, Bytes payload, const PacketMeta& meta);
  void dcp(Direction dir, std::uint16_t frame_id, Bytes pdu, const PacketMeta& meta);
  void dcp_identity(Direction dir, const DcpPdu& pdu, const PacketMeta& meta, const char* source);
  void rpc(Direction dir, Bytes datagram, const PacketMeta& meta);
  void identity(Direction dir, std::string field, std::string value, const char* source,
                const PacketMeta& meta);
  void anomaly(Protocol p, Direction dir, const PacketMeta& meta, std::string kind,
               std::string detail);

  const FlowInfo& flow_;
  EventSink& sink_;
  Protocol claimed_;
  /// What each pending Set request (by Xid) asks to store: applied to the device's identity
  /// when it answers success.
  struct PendingSet {
    std::string station_name;
    std::string ip, mask, gateway;
  };
  std::unordered_map<std::uint32_t, PendingSet> pending_sets_;
};

}  // namespace otscope::profinet
