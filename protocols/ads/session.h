// Per-flow ADS state: AMS/TCP framing per direction, a MessageEvent per AMS packet (index
// group/offset ranges, the state a Write Control asks for), identity from Read Device Info and
// Read State responses.
#pragma once

#include "protocols/ads/decoder.h"
#include "protocols/common/session.h"

namespace otscope::ads {

class AdsSession final : public ProtocolSession {
 public:
  AdsSession(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  void on_packet(Direction dir, Bytes bytes, const PacketMeta& meta);
  void on_udp(Direction dir, Bytes bytes, const PacketMeta& meta);
  void anomaly(Direction dir, const PacketMeta& meta, std::string_view kind, std::string detail,
               bool malformed);
  void fact(Direction dir, const PacketMeta& meta, std::string field, std::string value,
            const char* source);

  const FlowInfo& flow_;
  EventSink& sink_;
  TcpFramer framers_[2];
};

}  // namespace otscope::ads
