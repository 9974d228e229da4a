// Per-flow IEC 60870-5-104 state: APDU framing per direction, which end is the controlling
// station (the master), the send sequence number N(S) each end is due to send next, and the
// common addresses already reported. Reports one MessageEvent per APDU, the outstation's common
// addresses as identity, and anomalies (malformed APDUs, sequence gaps and repeats).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/iec104/decoder.h"

namespace otscope::iec104 {

class Iec104Session final : public ProtocolSession {
 public:
  /// Most common addresses reported as identity per flow.
  static constexpr std::size_t kMaxCommonAddresses = 16;
  /// Most address ranges one message names (a longer list keeps its first ones).
  static constexpr std::size_t kMaxRanges = 32;

  Iec104Session(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  struct Side {
    ApduFramer framer;
    /// N(S) of the next I frame this end should send; unknown at the start and after a gap.
    std::optional<std::uint16_t> next_send;
    /// The last N(R) this end sent (I and S frames): it never goes back.
    std::optional<std::uint16_t> last_ack;
  };
  Side& side(Direction d) { return sides_[static_cast<int>(d)]; }
  void on_apdu(Direction dir, Bytes apdu, const PacketMeta& meta);
  void on_i_frame(Direction dir, const Apdu& apdu, const PacketMeta& meta);
  void check_sequence(Direction dir, std::uint16_t send_seq, const PacketMeta& meta);
  void check_ack(Direction dir, std::uint16_t recv_seq, const PacketMeta& meta);
  /// Reports a sequence anomaly, named by its rule (iec104.sequence_gap).
  void sequence_anomaly(Direction dir, const PacketMeta& meta, std::string detail);
  /// Is the sender of bytes travelling in `dir` the controlling station?
  bool from_master(Direction dir) const;
  /// Learns the master from what a message says about its sender, when ports did not tell.
  void learn_master(Direction dir, bool sender_is_master);
  void anomaly(Direction dir, const PacketMeta& meta, std::string_view reason, std::string detail,
               bool malformed);

  const FlowInfo& flow_;
  EventSink& sink_;
  Side sides_[2];
  std::optional<Direction> master_dir_;
  bool master_by_port_ = false;
  std::vector<std::uint16_t> common_addresses_;
};

}  // namespace otscope::iec104
