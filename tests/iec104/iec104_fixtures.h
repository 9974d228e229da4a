// Shared helpers of the IEC 104 tests: a sink that records what a session reports, and a test
// flow from a controlling station to an outstation on TCP 2404.
#pragma once

#include <string>
#include <vector>

#include "common/flow.h"
#include "protocols/common/events.h"

namespace otscope::iec104::test {

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
  std::size_t count_anomalies(const std::string& kind) const {
    std::size_t n = 0;
    for (const AnomalyEvent& a : anomalies) n += a.kind == kind;
    return n;
  }
  std::size_t malformed() const {
    std::size_t n = 0;
    for (const AnomalyEvent& a : anomalies) n += a.malformed;
    return n;
  }
};

/// A SCADA master 10.0.0.1:50000 connected to an outstation at 10.0.0.2:2404 (A is the client).
inline FlowInfo test_flow() {
  FlowInfo flow;
  flow.id = 9;
  flow.transport = Transport::Tcp;
  flow.a.ip = IpAddress::v4(0x0a000001);
  flow.a.port = 50000;
  flow.b.ip = IpAddress::v4(0x0a000002);
  flow.b.port = 2404;
  flow.saw_handshake = true;
  return flow;
}

}  // namespace otscope::iec104::test
