// Per-connection Modbus/TCP state: one framer per direction, request/response matching by
// transaction id, and the events reported to the engine.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/modbus/codes.h"
#include "protocols/modbus/decoder.h"
#include "protocols/modbus/framer.h"
#include "protocols/modbus/umas.h"

namespace otscope::modbus {

/// Requests awaiting a response per connection; beyond this the oldest is reported unanswered and
/// forgotten (servers answer in order, so it will not be answered any more), which bounds memory
/// when a client floods a server that does not answer.
inline constexpr std::size_t kMaxOutstandingRequests = 256;
/// The most a session can be configured to hold (a larger cap is lowered to this).
inline constexpr std::size_t kMaxOutstandingLimit = 65536;

/// The direction that carries requests: towards the side on port 502 when exactly one side uses
/// it; otherwise from side A (the initiator when the handshake was seen, else the ephemeral port).
Direction client_direction(const FlowInfo& flow);

class ModbusSession final : public ProtocolSession {
 public:
  ModbusSession(const FlowInfo& flow, EventSink& sink,
                std::size_t max_outstanding = kMaxOutstandingRequests);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

  std::size_t outstanding() const { return outstanding_.size(); }

 private:
  /// A request's address ranges without their space, which its function names. Two are held in
  /// place (a read/write-multiple request has two); more (file record requests) go to the heap.
  struct Span {
    std::uint32_t start = 0;
    std::uint32_t count = 0;
  };

  /// What is kept of a request until its response: enough to match it, to check the response's
  /// size and to describe the response's ranges.
  struct PendingRequest {
    // Declared, so that clang sees a default constructor inside the session's own definition
    // (the vector of pending requests is declared there and builds them in place).
    PendingRequest() {}  // NOLINT(modernize-use-equals-default)
    std::uint16_t tid = 0;
    std::uint8_t unit = 0;
    std::uint8_t function = 0;
    std::uint16_t quantity = 0;  // to check the response's byte count
    /// The sub-function (8), MEI type (43) or UMAS code (90): what an exception response cannot
    /// show, and for UMAS what no response shows.
    std::uint16_t sub_code = 0;
    /// The class, which for 43 an exception response cannot show either.
    OpClass op = OpClass::Other;
    std::uint8_t span_count = 0;
    /// Which request came first, modulo 2^32: at most max_outstanding_ requests are held, so
    /// their orders are always close enough to compare by their difference.
    std::uint32_t order = 0;
    std::array<Span, 2> spans{};
    PacketMeta meta;
    /// The ranges, when there are more than two.
    std::unique_ptr<RangeList> more;
  };
  /// Keeps `ranges` (all in the space of `function`) in a pending request.
  static void keep_ranges(PendingRequest& req, const RangeList& ranges);
  /// The ranges kept by keep_ranges(), named again; the pending request gives them up.
  static void take_ranges(PendingRequest& req, RangeList& out);
  /// take_ranges() of the rare request with more than two ranges.
  static void take_more_ranges(PendingRequest& req, RangeList& out);
  /// Do the request's kept ranges equal `ranges` (a response echo of them)?
  static bool same_ranges(const PendingRequest& req, const RangeList& ranges);
  static bool earlier(const PendingRequest& x, const PendingRequest& y) {
    return static_cast<std::int32_t>(x.order - y.order) < 0;
  }

  /// Receives one direction's framer output and hands it to the session. Made on the stack for
  /// each call into a framer.
  class DirectionHandler final {
   public:
    DirectionHandler(ModbusSession& session, Direction dir, const PacketMeta& meta)
        : session_(session), dir_(dir), meta_(meta) {}
    void on_message(Bytes adu, std::span<const FrameRef> earlier = {}) {
      session_.handle_adu(dir_, adu, meta_.with_earlier(earlier));
    }
    void on_skipped(const MbapFramer::Run& run, std::span<const FrameRef> carriers = {}) {
      if (run.continues) return;  // the end of a run already reported
      session_.handle_discard(dir_, run.skipped, run.error, carried_by(carriers, meta_));
    }
    /// What a gap or the end of the stream left in the framer; a partial ADU as `reason`. The
    /// anomalies name the packets that carried those bytes.
    void on_remainder(const MbapFramer::Remainder& rest, DiscardReason reason) {
      const PacketMeta at = carried_by(rest.frames, meta_);
      if (rest.skipped && !rest.skipped->continues)
        session_.handle_discard(dir_, rest.skipped->skipped, rest.skipped->error, at);
      if (rest.partial > 0) session_.handle_discard(dir_, rest.partial, reason, at);
    }

   private:
    ModbusSession& session_;
    Direction dir_;
    const PacketMeta& meta_;
  };

  void handle_adu(Direction dir, Bytes bytes, const PacketMeta& meta);
  void handle_discard(Direction dir, std::size_t count, DiscardReason reason,
                      const PacketMeta& meta);
  /// Reports what a new request displaces (a reused transaction id, the oldest of too many).
  void make_room(Direction dir, const Adu& adu, const PacketMeta& meta);
  /// Keeps a request until its response, with the event's class and ranges.
  void remember(const Adu& adu, const MessageEvent& ev, const PacketMeta& meta);
  using Pending = std::vector<PendingRequest>;
  /// Whether a response with this request's transaction id answers it (same unit, function).
  static bool answers(const Adu& response, const PendingRequest& request) {
    return request.unit == response.header.unit && request.function == response.function;
  }
  Pending::iterator find_pending(std::uint16_t tid) {
    auto it = outstanding_.begin();
    while (it != outstanding_.end() && it->tid != tid) ++it;
    return it;
  }
  void forget(Pending::iterator it);
  /// The request a response answers, or end() after reporting a response without one. The
  /// caller forgets it once the response is handled.
  Pending::iterator match_response(Direction dir, const Adu& adu, const PacketMeta& meta);
  /// Reports a response that answers no request; `same_tid` is the outstanding request with its
  /// transaction id (for another unit or function, and forgotten here), or end().
  void report_unmatched(Direction dir, const Adu& adu, Pending::iterator same_tid,
                        const PacketMeta& meta);
  void check_response_size(Direction dir, const Adu& adu, const PendingRequest& request,
                           const PacketMeta& meta);
  /// Whether a response can tell report_identity() anything: a unit other than the last one, or
  /// an identification function (43, 17, UMAS).
  bool may_identify(const Adu& adu) const {
    return adu.header.unit != last_unit_ ||
           adu.function == code(FunctionCode::EncapsulatedInterfaceTransport) ||
           adu.function == code(FunctionCode::ReportServerId) || adu.function == kUmasFunction;
  }
  /// `umas_code`: the UMAS code a function-90 response answers, -1 when not known.
  void report_identity(Direction dir, const Adu& adu, int umas_code, const PacketMeta& meta);
  void identity(Direction dir, std::string field, std::string value, std::string source,
                const PacketMeta& meta);
  /// Reports an ADU that could not be decoded; a malformed response still answers its request.
  void report_malformed(Direction dir, Bytes bytes, const DecodeResult& result,
                        const PacketMeta& meta);
  /// A response of the wrong size: `got` of `what` for `requested` ("registers", "bytes of
  /// bits"), or with no `what` a write echo that differs from its request.
  void report_size_mismatch(Direction dir, const Adu& adu, std::string_view what, std::size_t got,
                            std::uint16_t requested, const PacketMeta& meta);
  void anomaly(Direction dir, const PacketMeta& meta, std::string kind, std::string detail,
               bool malformed, AnomalyClass cls = AnomalyClass::Other);

  // What every ADU reads.
  const FlowInfo& flow_;
  EventSink& sink_;
  /// Outstanding requests, in no order (`order` says which came first); a few at a time on a
  /// healthy connection, at most max_outstanding_.
  Pending outstanding_;
  std::uint32_t next_order_ = 0;
  const std::uint32_t max_outstanding_;
  const Direction client_dir_;
  /// The unit of the last response, already in units_seen_: a server's answers are checked
  /// against it before the set.
  std::uint16_t last_unit_ = kNoUnit;
  static constexpr std::uint16_t kNoUnit = 0x100;
  // The framers' state that an ADU in step with its stream reads.
  std::array<MbapFramer, 2> framers_;
  /// Unit ids already reported as identity facts of the server.
  std::bitset<256> units_seen_;
};

}  // namespace otscope::modbus
