// An EventSink that keeps everything a session reports, and renders it as comparable lines.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "common/flow.h"
#include "protocols/common/events.h"
#include "tests/support/test_support.h"

namespace otscope::modbus::test {

struct RecordingSink final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;
  /// Every event in arrival order as one line each, to compare two runs exactly.
  std::vector<std::string> log;

  void message(const FlowInfo&, const PacketMeta& meta, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
    std::string ranges;
    for (const AddressRange& r : ev.ranges) {
      ranges += " " + r.space.str() + ":" + std::to_string(r.start) + "+" + std::to_string(r.count);
    }
    log.push_back("message f" + std::to_string(meta.frame) + " " +
                  std::string(message_role_name(ev.role)) + " dir" +
                  std::to_string(static_cast<int>(ev.dir)) + " fn" + std::to_string(ev.function) +
                  " unit" + std::to_string(ev.unit) + " exc" + std::to_string(ev.exception_code) +
                  " [" + ev.detail + "]" + ranges + " | " + messages.back().summary);
  }
  void identity(const FlowInfo&, const PacketMeta& meta, const IdentityEvent& ev) override {
    identities.push_back(ev);
    log.push_back("identity f" + std::to_string(meta.frame) + " " + ev.field + "=" + ev.value);
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
};

/// A client 10.0.0.1:50000 talking to a server 10.0.0.2:502, handshake seen (A is the client).
inline FlowInfo test_flow() {
  FlowInfo flow;
  flow.id = 1;
  flow.transport = Transport::Tcp;
  flow.a.ip = IpAddress::v4(0x0a000001);
  flow.a.port = 50000;
  flow.b.ip = IpAddress::v4(0x0a000002);
  flow.b.port = 502;
  flow.saw_handshake = true;
  return flow;
}

/// One ADU: MBAP header with this transaction and unit (length computed) + the PDU in hex.
inline std::vector<std::uint8_t> adu(std::uint16_t tid, std::uint8_t unit, const std::string& pdu) {
  std::vector<std::uint8_t> body = otscope::test::hex(pdu);
  // Sized up front and filled by index: g++ 12 misreports insert() after a braced init.
  std::vector<std::uint8_t> out(7 + body.size());
  out[0] = static_cast<std::uint8_t>(tid >> 8);
  out[1] = static_cast<std::uint8_t>(tid);
  out[4] = static_cast<std::uint8_t>((body.size() + 1) >> 8);
  out[5] = static_cast<std::uint8_t>(body.size() + 1);
  out[6] = unit;
  std::copy(body.begin(), body.end(), out.begin() + 7);
  return out;
}

/// Concatenation of byte strings.
inline std::vector<std::uint8_t> cat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace otscope::modbus::test
