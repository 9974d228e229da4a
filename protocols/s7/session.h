// Per-flow S7 state: TPKT framing and COTP reassembly per direction, COTP connection handling
// (rack and slot from the called TSAP), S7comm PDUs with job/response matching and multi-part
// user-data reassembly, S7comm-plus PDUs with split-frame reassembly and request/response
// matching by sequence number. Reports MessageEvents under S7comm or
// S7comm-plus by the protocol id after COTP, identity facts and anomalies.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/s7/describe.h"
#include "protocols/s7/s7.h"
#include "protocols/s7/s7comm.h"
#include "protocols/s7/s7plus.h"
#include "protocols/s7/tpkt.h"
#include "protocols/s7/userdata.h"

namespace otscope::s7 {

class S7Session final : public ProtocolSession {
 public:
  /// Most requests kept waiting for their response; the oldest goes first beyond it.
  static constexpr std::size_t kMaxPendingRequests = 256;
  /// A deferred response is processed unmatched after this many further PDUs.
  static constexpr unsigned kMaxDeferAge = 8;
  static constexpr std::size_t kMaxDeferred = 32;

  S7Session(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  struct Side {
    TpktFramer framer;
    CotpReassembler cotp;
    UserDataReassembler userdata;
    S7PlusReassembler plus;
    /// A job from this side has been seen since the start or the last gap: a response to it
    /// that matches nothing is then worth reporting.
    bool jobs_in_sync = false;
  };
  /// A Job or user-data request waiting for the response with its PDU reference.
  struct PendingRequest {
    Direction dir;
    std::uint16_t pdu_ref;
    bool job;               // Jobs are reported when unanswered; user-data requests are not
    std::uint8_t function;  // job function, or user-data group
    std::uint8_t subfunction;
    OpClass op;
    std::string detail;
    std::uint64_t frame;
  };
  /// A response whose request has not been seen (yet). Capture releases bytes held behind a hole
  /// when the peer's acknowledgement arrives, i.e. right after the response that carries it, so
  /// the request can follow its response: responses wait here briefly, in order.
  struct DeferredResponse {
    Direction dir;
    PacketMeta meta;
    std::vector<std::uint8_t> bytes;
    std::uint16_t pdu_ref;
    bool in_sync;  // the request side was in sync: worth reporting if the request never comes
    unsigned age = 0;
  };
  /// Latest detail a request named per (direction, group, subfunction): the follow-up requests
  /// of a multi-part reply name nothing themselves.
  struct UserDataRequest {
    Direction dir;
    std::uint8_t group;
    std::uint8_t subfunction;
    std::string detail;
  };
  struct PlusRequest {
    Direction dir;
    std::uint16_t sequence;
    std::uint16_t function;
    S7PlusOperation op;
  };

  Side& side(Direction d) { return sides_[static_cast<int>(d)]; }
  void on_frame(Direction dir, Bytes cotp, const PacketMeta& meta);
  void on_connection_request(Direction dir, const CotpPdu& cr, const PacketMeta& meta);
  void on_tsdu(Direction dir, Bytes tsdu, const PacketMeta& meta);
  void on_s7comm(Direction dir, Bytes pdu, const PacketMeta& meta);
  /// Processes one decoded S7comm PDU; `in_sync` for responses (see DeferredResponse).
  void process_s7comm(Direction dir, const S7Pdu& pdu, const PacketMeta& meta, bool in_sync);
  void process_userdata(Direction dir, const S7Pdu& pdu, const PacketMeta& meta);
  /// Processes the deferred responses whose request arrived, or that waited long enough (all of
  /// them when `force`), in arrival order.
  void drain_deferred(bool force);
  std::vector<PendingRequest>::iterator find_request(Direction request_dir, std::uint16_t ref);
  void on_s7plus(Direction dir, Bytes tsdu, const PacketMeta& meta);
  void report_identity(Protocol p, Direction dir, bool about_sender, std::string field,
                       std::string value, const std::string& source, const PacketMeta& meta);
  void report_anomaly(Protocol p, Direction dir, const PacketMeta& meta, const std::string& kind,
                      std::string detail, bool malformed, AnomalyClass cls = AnomalyClass::Other);
  /// Is the sender of bytes travelling in `dir` the PLC (the TCP 102 side)?
  bool sender_is_plc(Direction dir) const;

  const FlowInfo& flow_;
  EventSink& sink_;
  Side sides_[2];
  std::int64_t unit_ = -1;
  std::optional<Direction> connect_dir_;  // direction of the COTP connection request
  bool seen_s7_ = false;
  bool foreign_ = false;  // COTP carries something other than S7: ignored from then on
  Protocol current_ = kS7comm;
  std::vector<PendingRequest> requests_;
  std::deque<DeferredResponse> deferred_;
  std::vector<UserDataRequest> userdata_requests_;
  std::vector<std::pair<std::uint32_t, std::string>> uploads_;  // upload id -> block
  std::vector<PlusRequest> plus_requests_;
};

}  // namespace otscope::s7
