// Test helpers shared by the EtherNet/IP, FINS, ADS and MELSEC tests: an EventSink that keeps
// what a session reports, and flows between a client and a server.
#pragma once

#include <string>
#include <vector>

#include "common/flow.h"
#include "protocols/common/events.h"

namespace otscope::ottest {

struct RecordingSink final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;

  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    identities.push_back(ev);
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
  }

  /// The value of the last identity fact `field`, "" when none.
  std::string identity(const std::string& field) const {
    std::string v;
    for (const IdentityEvent& e : identities)
      if (e.field == field) v = e.value;
    return v;
  }
  std::size_t malformed() const {
    std::size_t n = 0;
    for (const AnomalyEvent& a : anomalies) n += a.malformed;
    return n;
  }
  std::vector<std::string> anomaly_kinds() const {
    std::vector<std::string> k;
    for (const AnomalyEvent& a : anomalies) k.push_back(a.kind);
    return k;
  }
};

/// A client 10.0.0.1:50000 and a server 10.0.0.2:`server_port`, handshake seen (A is the
/// client).
inline FlowInfo test_flow(std::uint16_t server_port, Transport transport = Transport::Tcp) {
  FlowInfo flow;
  flow.id = 1;
  flow.transport = transport;
  flow.a.ip = IpAddress::v4(0x0a000001);
  flow.a.port = 50000;
  flow.b.ip = IpAddress::v4(0x0a000002);
  flow.b.port = server_port;
  flow.saw_handshake = transport == Transport::Tcp;
  return flow;
}

}  // namespace otscope::ottest
