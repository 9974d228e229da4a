// Per-connection Modbus/TCP state: one framer per direction, request/response matching by
// transaction id, and the events reported to the engine.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/modbus/decoder.h"
#include "protocols/modbus/framer.h"

namespace otscope::modbus {

/// Requests awaiting a response per connection; beyond this the oldest is reported unanswered and
/// forgotten (servers answer in order, so it will not be answered any more), which bounds memory
/// when a client floods a server that does not answer.
inline constexpr std::size_t kMaxOutstandingRequests = 256;

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
  /// What is kept of a request until its response: enough to match and to describe the range.
  struct PendingRequest {
    // Declared, so that clang sees a default constructor inside the session's own definition
    // (the vector of pending requests is declared there and builds them in place).
    PendingRequest() {}  // NOLINT(modernize-use-equals-default)
    std::uint8_t unit = 0;
    std::uint8_t function = 0;
    std::uint16_t quantity = 0;  // to check the response's byte count
    RangeList ranges;
    /// Class and detail (43 MEI type, 8 sub-function) that an exception response cannot show.
    OpClass op = OpClass::Other;
    std::string detail;
    PacketMeta meta;
    std::uint64_t order = 0;
  };

  /// Receives one direction's framer output and hands it to the session.
  class DirectionHandler final : public FrameHandler {
   public:
    DirectionHandler(ModbusSession& session, Direction dir) : session_(session), dir_(dir) {}
    void on_adu(Bytes adu) override { session_.handle_adu(dir_, adu, *meta_); }
    void on_discarded(std::size_t count, DiscardReason reason) override {
      session_.handle_discard(dir_, count, reason, *meta_);
    }
    void set_meta(const PacketMeta& meta) { meta_ = &meta; }

   private:
    ModbusSession& session_;
    Direction dir_;
    const PacketMeta* meta_ = nullptr;
  };

  void handle_adu(Direction dir, Bytes bytes, const PacketMeta& meta);
  void handle_discard(Direction dir, std::size_t count, DiscardReason reason,
                      const PacketMeta& meta);
  /// Reports what a new request displaces (a reused transaction id, the oldest of too many).
  void make_room(Direction dir, const Adu& adu, const PacketMeta& meta);
  /// Keeps a request until its response; takes the event's ranges and detail.
  void remember(const Adu& adu, MessageEvent& ev, const PacketMeta& meta);
  using Pending = std::vector<std::pair<std::uint16_t, PendingRequest>>;
  Pending::iterator find_pending(std::uint16_t tid);
  void forget(Pending::iterator it);
  /// The request a response answers, or end() after reporting a response without one. The
  /// caller forgets it once the response is handled.
  Pending::iterator match_response(Direction dir, const Adu& adu, const PacketMeta& meta);
  void check_response_size(Direction dir, const Adu& adu, const PendingRequest& request,
                           const PacketMeta& meta);
  void report_identity(Direction dir, const Adu& adu, const PacketMeta& meta);
  // Cold: identity facts and anomalies are rare, so the code that builds their text is kept out
  // of the path every ADU takes (smaller hot code, fewer instruction-cache misses).
  [[gnu::cold]] void identity(Direction dir, std::string field, std::string value,
                              std::string source, const PacketMeta& meta);
  [[gnu::cold]] void anomaly(Direction dir, std::string kind, std::string detail, bool malformed,
                             const PacketMeta& meta);
  DirectionHandler& handler(Direction dir, const PacketMeta& meta);

  const FlowInfo& flow_;
  EventSink& sink_;
  const std::size_t max_outstanding_;
  const Direction client_dir_;
  std::array<MbapFramer, 2> framers_;
  std::array<DirectionHandler, 2> handlers_;
  /// Outstanding requests with their transaction ids, in no order (`order` says which came
  /// first); a few at a time on a healthy connection, at most max_outstanding_.
  Pending outstanding_;
  std::uint64_t next_order_ = 0;
  /// Unit ids already reported as identity facts of the server.
  std::bitset<256> units_seen_;
};

}  // namespace otscope::modbus
