// The small interface between the capture layer's reassembled streams and a protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/bytes.h"
#include "common/flow.h"
#include "protocols/common/events.h"

namespace otscope {

/// Per-flow state of one protocol: framer, request/response matching, reassembly.
/// Created by the dispatcher once the flow's content matched the protocol's signature.
class ProtocolSession {
 public:
  virtual ~ProtocolSession() = default;
  /// In-order TCP bytes of one direction (or a whole UDP datagram when the flow is UDP).
  virtual void on_data(Direction dir, Bytes data, const PacketMeta& meta) = 0;
  /// `missing` bytes of direction `dir` were lost; the framer must resynchronise.
  virtual void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) = 0;
  /// The flow ended (FIN/RST, idle timeout, end of capture): report what is still pending.
  virtual void on_close(const PacketMeta& meta) = 0;
};

enum class ProbeResult : std::uint8_t {
  Match,     // these bytes start a message of this protocol
  NoMatch,   // they cannot
  NeedMore,  // too few bytes to tell
};

/// A protocol as the dispatcher sees it.
struct ProtocolDescriptor {
  Protocol protocol;
  std::string_view name;
  /// The port the protocol is registered on (502, 20000, 102); traffic to it that matches no
  /// protocol is reported as an anomaly.
  std::uint16_t well_known_port;
  /// Does a direction's first bytes look like this protocol? Must be cheap, pure and safe on any
  /// input. `transport` lets a protocol refuse UDP.
  ProbeResult (*probe)(Bytes first_bytes, Transport transport);
  /// Per-flow session. `sink` and `flow` outlive the session.
  std::unique_ptr<ProtocolSession> (*create)(const FlowInfo& flow, EventSink& sink);
};

}  // namespace otscope
