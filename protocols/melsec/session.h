// Per-flow MELSEC state: 3E/4E framing per TCP direction or one frame per datagram; responses,
// which do not repeat the command, matched to requests (in order for 3E, by serial number for
// 4E); device ranges and written words; the CPU model from Read CPU Model Name responses.
#pragma once

#include <cstdint>
#include <deque>

#include "protocols/common/session.h"
#include "protocols/melsec/decoder.h"

namespace otscope::melsec {

class McSession final : public ProtocolSession {
 public:
  static constexpr std::size_t kMaxPending = 32;

  McSession(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  struct Pending {
    Direction dir;
    bool e4;
    std::uint16_t serial;
    std::uint16_t command;
    std::uint16_t subcommand;
  };
  void on_message(Direction dir, Bytes bytes, const PacketMeta& meta);
  void anomaly(Direction dir, const PacketMeta& meta, std::string_view kind, std::string detail,
               bool malformed, AnomalyClass cls = AnomalyClass::Other);

  const FlowInfo& flow_;
  EventSink& sink_;
  TcpFramer framers_[2];
  std::deque<Pending> pending_;
};

}  // namespace otscope::melsec
