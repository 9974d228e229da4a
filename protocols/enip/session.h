// Per-flow EtherNet/IP state: encapsulation framing per direction (TCP) or one message per
// datagram (UDP), class-1 I/O datagrams (UDP 2222), and the CIP messages inside Send RR Data and
// Send Unit Data with request/response matching (by sender context, or by the connected
// sequence count), so that a response is named by what its request addressed and Identity
// object replies become identity facts. Reports `enip` events for the encapsulation and `cip`
// events for the CIP messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocols/common/session.h"
#include "protocols/enip/cip.h"
#include "protocols/enip/encap.h"

namespace otscope::enip {

class EnipSession final : public ProtocolSession {
 public:
  /// Most requests kept waiting for their response; the oldest goes first beyond it.
  static constexpr std::size_t kMaxPending = 64;

  EnipSession(const FlowInfo& flow, EventSink& sink);

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

  /// What a request addressed: kept to name its response.
  struct Target {
    std::uint8_t service = 0;
    std::uint32_t object_class = 0;  // 0: the path named none
    std::optional<std::uint32_t> instance;
    std::optional<std::uint32_t> attribute;
    bool symbolic = false;
  };

 private:
  struct Pending {
    Direction dir;
    bool connected;
    std::uint64_t key;  // sender context, or the connected sequence count
    Target top;
    /// The services of a Multiple Service Packet, or the message an Unconnected Send carries.
    std::vector<Target> inner;
    /// A Multiple Service Packet's services as its request's detail says them (and its reply's).
    std::string services;
  };

  void on_message(Direction dir, Bytes message, const PacketMeta& meta);
  void on_io(Direction dir, Bytes datagram, const PacketMeta& meta);
  void on_cip(Direction dir, const EncapMessage& m, const PacketMeta& meta);
  void cip_request(Direction dir, const EncapMessage& m, const CipPayload& p, const CipMessage& msg,
                   const PacketMeta& meta);
  void cip_response(Direction dir, const EncapMessage& m, const CipPayload& p,
                    const CipMessage& msg, const PacketMeta& meta);
  void identity_from_reply(Direction dir, const Target& t, const CipMessage& reply,
                           const PacketMeta& meta);
  void report_identity(Protocol p, Direction dir, const std::vector<IdentityFact>& facts,
                       const std::string& source, const PacketMeta& meta);
  void anomaly(Protocol p, Direction dir, const PacketMeta& meta, std::string_view kind,
               std::string detail, bool malformed, AnomalyClass cls = AnomalyClass::Other);
  /// Is `dir` the way from the scanner/client to the adapter/server?
  bool from_client(Direction dir) const;

  const FlowInfo& flow_;
  EventSink& sink_;
  EncapFramer framers_[2];
  std::vector<Pending> pending_;
};

}  // namespace otscope::enip
