// The small interface between the capture layer's reassembled streams and a protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "common/flow.h"
#include "protocols/common/events.h"
#include "protocols/common/protocol.h"

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
  /// The protocol the flow is labelled with, when a folder that reports several tells them
  /// apart by what the flow carries (PROFINET DCP or RT frames, GOOSE or Sampled Values); none:
  /// the folder's first protocol.
  virtual Protocol claimed_as() const { return {}; }
};

enum class ProbeResult : std::uint8_t {
  Match,     // these bytes start a message of this protocol
  NoMatch,   // they cannot
  NeedMore,  // too few bytes to tell
};

/// A protocol folder as the dispatcher sees it: how to recognise its traffic and how to make
/// a session for a flow that matched. Each folder defines one (`descriptor()`) and declares it
/// to the build with otscope_protocol() (see protocols/README.md).
struct ProtocolDescriptor {
  /// The name `--protocols` selects the folder by (the first protocol's name).
  std::string_view name;
  /// The protocols its sessions report, the first the one its flows are claimed as (the S7
  /// folder's sessions report S7comm and S7comm-plus).
  std::span<const ProtocolInfo* const> protocols;
  /// Does a direction's first bytes look like this protocol? Must be cheap, pure and safe on any
  /// input. `transport` lets a protocol refuse UDP; a Transport::Ethernet flow's bytes begin with
  /// the frame's Ethernet type.
  ProbeResult (*probe)(Bytes first_bytes, Transport transport);
  /// Per-flow session. `sink` and `flow` outlive the session.
  std::unique_ptr<ProtocolSession> (*create)(const FlowInfo& flow, EventSink& sink);

  const ProtocolInfo& main() const { return *protocols.front(); }
  /// The port the protocol is known by (502, 20000, 102), 0 when it has none.
  std::uint16_t registered_port() const {
    return main().ports.empty() ? std::uint16_t{0} : main().ports.front();
  }
};

/// Reports a protocol anomaly: the one emitter behind every session's anomaly().
inline void report_anomaly(EventSink& sink, const FlowInfo& flow, const PacketMeta& meta,
                           Protocol protocol, Direction dir, std::string kind, std::string detail,
                           bool malformed, AnomalyClass cls = AnomalyClass::Other) {
  AnomalyEvent ev;
  ev.protocol = protocol;
  ev.dir = dir;
  ev.cls = cls;
  ev.kind = std::move(kind);
  ev.detail = std::move(detail);
  ev.malformed = malformed;
  sink.anomaly(flow, meta, ev);
}

/// Where bytes a framer skipped or held until a gap or the stream's end came from: the last
/// packet of `frames` (a skipped run's, FramerRemainder::frames) with the others as its earlier
/// ones, or `now` when the pushes named no packet. Points into `frames`.
inline PacketMeta carried_by(std::span<const FrameRef> frames, const PacketMeta& now) {
  if (frames.empty()) return now;
  PacketMeta m = now;
  m.frame = frames.back().frame;
  m.ts_us = frames.back().ts_us;
  m.earlier = frames.first(frames.size() - 1);
  return m;
}

/// The side of a flow that is the server by the protocol's registered ports: the side that uses
/// one of `ports` when exactly one side does. A handshake in a damaged or crafted capture can
/// name the wrong initiator, but a server listening on the registered port is the server.
inline std::optional<Direction> client_direction_by_port(const FlowInfo& flow,
                                                         std::span<const std::uint16_t> ports) {
  const auto on = [ports](std::uint16_t port) {
    for (std::uint16_t p : ports)
      if (p == port) return true;
    return false;
  };
  const bool a = on(flow.a.port), b = on(flow.b.port);
  if (b && !a) return Direction::AtoB;
  if (a && !b) return Direction::BtoA;
  return std::nullopt;
}

}  // namespace otscope
