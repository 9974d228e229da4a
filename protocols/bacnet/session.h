// Per-flow BACnet/IP state: each UDP datagram is one BVLC message, decoded down to the APDU;
// confirmed requests are remembered by invoke id so that a Reject, Abort or SegmentACK names the
// service it answers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "protocols/bacnet/decoder.h"
#include "protocols/common/session.h"

namespace otscope::bacnet {

class BacnetSession final : public ProtocolSession {
 public:
  BacnetSession(const FlowInfo& flow, EventSink& sink);
  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction, std::size_t, const PacketMeta&) override {}
  void on_close(const PacketMeta&) override {}

 private:
  void apdu(Direction dir, const Apdu& apdu, const PacketMeta& meta);
  void request_facts(const Apdu& apdu, MessageEvent& ev, const PacketMeta& meta);
  void response_facts(Direction dir, const Apdu& apdu, MessageEvent& ev, const PacketMeta& meta);
  void property_identity(Direction dir, const PropertyValue& p, const std::string& source,
                         const PacketMeta& meta);
  void identity(Direction dir, const PacketMeta& meta, std::string field, std::string value,
                const std::string& source);
  void malformed(Direction dir, const PacketMeta& meta, Error e, const std::string& where);

  const FlowInfo& flow_;
  EventSink& sink_;
  /// Per direction of the request: the service of each invoke id outstanding, -1 when none.
  std::array<std::array<std::int16_t, 256>, 2> pending_{};
  /// The detail of outstanding requests that have one (direction << 8 | invoke id), given to
  /// their answer. Few requests have one: a map, not 512 strings per flow.
  std::unordered_map<std::uint16_t, std::string> details_;
  /// What the summary adds about the message being reported (objects, properties).
  std::string note_;
};

}  // namespace otscope::bacnet
