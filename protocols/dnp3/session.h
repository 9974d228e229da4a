// Per-flow DNP3 state: link framing per direction, transport reassembly per link address pair,
// request/response and select/operate matching per master-outstation association. Turns what
// the pure decoders return into MessageEvent / IdentityEvent / AnomalyEvent.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/dnp3/application.h"
#include "protocols/dnp3/framer.h"
#include "protocols/dnp3/link.h"
#include "protocols/dnp3/transport.h"

namespace otscope::dnp3 {

class Dnp3Session final : public ProtocolSession {
 public:
  /// Bounds on per-flow state: a flow normally carries one master and one outstation.
  static constexpr std::size_t kMaxAssemblers = 16;
  static constexpr std::size_t kMaxAssociations = 16;

  Dnp3Session(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  struct PendingRequest {
    std::uint8_t function = 0;
    std::uint8_t sequence = 0;
    std::string detail;
    std::uint64_t frame = 0;
    Direction dir = Direction::AtoB;
  };
  struct PendingSelect {
    std::vector<std::uint8_t> objects;
    std::uint8_t sequence = 0;
    std::string detail;
    std::uint64_t frame = 0;
    Direction dir = Direction::AtoB;
  };
  /// One master talking to one outstation (by link address).
  struct Association {
    std::uint16_t master = 0;
    std::uint16_t outstation = 0;
    std::optional<PendingRequest> request;         // waiting for its response
    std::optional<PendingRequest> multi_fragment;  // answered by a response still in progress
    std::optional<PendingSelect> select;           // waiting for its OPERATE
    std::optional<PendingRequest> challenged;      // challenged by AUTHENTICATE_RESP
    std::uint16_t last_iin = 0;
  };
  struct AssemblerSlot {
    Direction dir = Direction::AtoB;
    std::uint16_t source = 0;
    std::uint16_t destination = 0;
    FragmentAssembler assembler;
  };

  void drain(Direction dir, Bytes data, const PacketMeta& meta);
  void end_of_stream(Direction dir, const PacketMeta& meta, std::string_view where);
  void on_skipped(Direction dir, const LinkFramer::Run& item, const PacketMeta& meta);
  void on_frame(Direction dir, Bytes bytes, const PacketMeta& meta);
  void on_fragment(Direction dir, const LinkHeader& link, Bytes bytes, const PacketMeta& meta);
  void on_request(Association& a, const Fragment& fragment, const std::string& object_text,
                  bool broadcast, Direction dir, const PacketMeta& meta);
  /// Matches a RESPONSE with the pending request; returns it when it answers one.
  std::optional<PendingRequest> on_response(Association& a, const Fragment& fragment, Direction dir,
                                            const PacketMeta& meta);
  void report_identities(const Fragment& fragment, Direction dir, const LinkHeader& link,
                         bool from_outstation, const PacketMeta& meta);
  void report_iin_conditions(Association& a, const Fragment& fragment, Direction dir,
                             const PacketMeta& meta);
  void finish(Association& a, const PacketMeta& meta);

  Association& association(std::uint16_t master, std::uint16_t outstation, const PacketMeta& meta);
  FragmentAssembler& assembler(Direction dir, std::uint16_t source, std::uint16_t destination,
                               const PacketMeta& meta);

  void anomaly(Direction dir, const PacketMeta& meta, std::string_view kind, std::string detail,
               bool malformed, AnomalyClass cls = AnomalyClass::Other);
  void address_identity(Direction dir, const PacketMeta& meta, bool about_sender,
                        std::uint16_t address);

  const FlowInfo& flow_;
  EventSink& sink_;
  std::array<LinkFramer, 2> framers_;
  std::array<bool, 2> after_gap_{};
  /// Where a skipped run that spans several deliveries began, so its anomaly points there.
  std::array<std::optional<PacketMeta>, 2> skip_start_;
  std::vector<AssemblerSlot> assemblers_;
  std::vector<Association> associations_;
  /// Link addresses already reported per flow side (A, B).
  std::array<std::vector<std::uint16_t>, 2> reported_addresses_;
};

}  // namespace otscope::dnp3
