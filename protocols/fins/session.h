// Per-flow FINS state: FINS/TCP framing per direction, or one FINS frame per UDP datagram; a
// MessageEvent per FINS frame (and per FINS/TCP node-address exchange), memory ranges and
// written words, the controller's identity from Controller Data Read responses.
#pragma once

#include "protocols/common/session.h"
#include "protocols/fins/decoder.h"

namespace otscope::fins {

class FinsSession final : public ProtocolSession {
 public:
  FinsSession(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  void on_tcp(Direction dir, Bytes message, const PacketMeta& meta);
  void on_frame(Direction dir, Bytes frame, const PacketMeta& meta);
  void anomaly(Direction dir, const PacketMeta& meta, std::string_view kind, std::string detail,
               bool malformed);

  const FlowInfo& flow_;
  EventSink& sink_;
  TcpFramer framers_[2];
  /// The responding node last reported as identity (-1: none yet).
  int reported_node_ = -1;
};

}  // namespace otscope::fins
