// Shared helpers of the S7 tests: a sink that records what a session reports, a test flow on TCP
// 102, and wrappers that put S7 PDUs into TPKT + COTP data frames.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "common/flow.h"
#include "protocols/common/events.h"
#include "tests/support/test_support.h"

namespace otscope::s7::test {

struct RecordingSink final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;
  /// Every event in arrival order as one line, to compare two runs exactly.
  std::vector<std::string> log;

  void message(const FlowInfo&, const PacketMeta& meta, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
    std::string ranges;
    for (const AddressRange& r : ev.ranges)
      ranges += " " + r.space.str() + ":" + std::to_string(r.start) + "+" + std::to_string(r.count);
    log.push_back("message f" + std::to_string(meta.frame) + " " +
                  std::string(protocol_name(ev.protocol)) + " " +
                  std::string(message_role_name(ev.role)) + " dir" +
                  std::to_string(static_cast<int>(ev.dir)) + " fn" + std::to_string(ev.function) +
                  " key" + (ev.function_key ? std::to_string(*ev.function_key) : "-") + " unit" +
                  std::to_string(ev.unit) + " exc" + std::to_string(ev.exception_code) + " [" +
                  ev.detail + "]" + ranges + " | " + messages.back().summary);
  }
  void identity(const FlowInfo&, const PacketMeta& meta, const IdentityEvent& ev) override {
    identities.push_back(ev);
    log.push_back("identity f" + std::to_string(meta.frame) + " " + ev.field + "=" + ev.value +
                  (ev.about_sender ? " (sender)" : " (receiver)"));
  }
  void anomaly(const FlowInfo&, const PacketMeta& meta, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
    log.push_back("anomaly f" + std::to_string(meta.frame) + " " + ev.kind +
                  (ev.malformed ? " malformed " : " ") + ev.detail);
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
  /// Value of the last identity fact with this field, or "".
  std::string identity_value(const std::string& field) const {
    std::string v;
    for (const IdentityEvent& e : identities)
      if (e.field == field) v = e.value;
    return v;
  }
};

/// An engineering station 10.0.0.1:50000 connected to a PLC at 10.0.0.2:102 (A is the client).
inline FlowInfo test_flow() {
  FlowInfo flow;
  flow.id = 7;
  flow.transport = Transport::Tcp;
  flow.a.ip = IpAddress::v4(0x0a000001);
  flow.a.port = 50000;
  flow.b.ip = IpAddress::v4(0x0a000002);
  flow.b.port = 102;
  flow.saw_handshake = true;
  return flow;
}

/// TPKT header + COTP DT (EOT set unless `last` is false) + the payload given in hex.
inline std::vector<std::uint8_t> dt(const std::string& payload_hex, bool last = true) {
  std::vector<std::uint8_t> body = otscope::test::hex(payload_hex);
  const std::size_t length = body.size() + 7;
  std::vector<std::uint8_t> out(length);
  out[0] = 0x03;
  out[2] = static_cast<std::uint8_t>(length >> 8);
  out[3] = static_cast<std::uint8_t>(length);
  out[4] = 0x02;
  out[5] = 0xF0;
  out[6] = last ? 0x80 : 0x00;
  for (std::size_t i = 0; i < body.size(); ++i) out[7 + i] = body[i];
  return out;
}

/// Concatenation of byte strings.
inline std::vector<std::uint8_t> cat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace otscope::s7::test
