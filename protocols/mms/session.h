// Per-flow MMS state: TPKT framing and COTP reassembly per direction (S7's transport code) and the
// confirmed requests waiting for their response by invoke id. One MessageEvent per MMS PDU, the
// identity the server gives in its identify response, anomalies for what does not decode.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/mms/decoder.h"

namespace otscope::mms {

class MmsSession final : public ProtocolSession {
 public:
  /// Most confirmed requests kept waiting for their response; the oldest goes first beyond it.
  static constexpr std::size_t kMaxPending = 64;

  MmsSession(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  struct Side {
    MmsFramer framer;
    s7::CotpReassembler cotp;
  };
  struct Pending {
    Direction dir;
    std::uint32_t invoke_id;
    std::uint32_t service;
    std::string detail;
  };
  Side& side(Direction d) { return sides_[static_cast<int>(d)]; }
  void on_frame(Direction dir, Bytes cotp, const PacketMeta& meta);
  void on_tsdu(Direction dir, Bytes tsdu, const PacketMeta& meta);
  void on_pdu(Direction dir, const MmsPdu& pdu, const PacketMeta& meta);
  void anomaly(Direction dir, const PacketMeta& meta, std::string_view reason, std::string detail,
               bool malformed, AnomalyClass cls = AnomalyClass::Other);
  void identity(Direction dir, std::string field, std::string value, const PacketMeta& meta);

  const FlowInfo& flow_;
  EventSink& sink_;
  Side sides_[2];
  std::vector<Pending> pending_;
};

}  // namespace otscope::mms
