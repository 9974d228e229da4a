// Small builders for the detector's inputs: flows between named hosts, and the messages,
// anomalies and identity facts the protocol sessions would report on them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/flow.h"
#include "engine/detection/detector.h"
#include "protocols/common/events.h"

namespace otscope::test {

inline IpAddress ip(const std::string& text) {
  IpAddress out;
  IpAddress::parse(text, out);
  return out;
}

/// A TCP flow from `client` (side A, ephemeral port) to `server` on `port`.
inline FlowInfo flow(const std::string& client, const std::string& server, std::uint16_t port = 502,
                     bool handshake = true) {
  FlowInfo f;
  f.id = 1;
  f.a.ip = ip(client);
  f.a.port = 50000;
  f.a.mac.bytes = {0x00, 0x1c, 0x06,
                   0x00, 0x00, client.back() == '6' ? std::uint8_t{0x66} : std::uint8_t{0x01}};
  f.b.ip = ip(server);
  f.b.port = port;
  f.b.mac.bytes = {0x00, 0x80, 0xf4, 0x00, 0x00, 0x02};
  f.saw_handshake = handshake;
  return f;
}

inline PacketMeta at(double seconds, std::uint64_t frame = 1) {
  PacketMeta m;
  m.ts_us = 1'772'438'400'000'000 + static_cast<std::int64_t>(seconds * 1e6);
  m.frame = frame;
  return m;
}

/// A request from side A of the flow.
inline MessageEvent request(Protocol p, std::uint32_t function, std::string_view name, OpClass op,
                            std::string detail = {}, std::vector<AddressRange> ranges = {}) {
  MessageEvent ev;
  ev.protocol = p;
  ev.role = MessageRole::Request;
  ev.dir = Direction::AtoB;
  ev.function = function;
  ev.function_name = name;
  ev.op = op;
  ev.function_key = function;
  ev.unit = 1;
  ev.detail = std::move(detail);
  ev.ranges = RangeList(ranges);
  ev.summary = std::string(name) + " request";
  return ev;
}

/// The response to `req`, from side B; an exception when `exception_code` is non-zero.
/// `kind` is what the protocol's session would say of the code.
inline MessageEvent response(const MessageEvent& req, std::uint32_t exception_code = 0,
                             ExceptionKind kind = ExceptionKind::Other) {
  MessageEvent ev = req;
  ev.role = MessageRole::Response;
  ev.dir = Direction::BtoA;
  ev.exception = exception_code != 0;
  ev.exception_code = exception_code;
  ev.exception_kind = exception_code != 0 ? kind : ExceptionKind::None;
  ev.command = nullptr;
  ev.undefined_function = false;
  ev.summary = std::string(req.function_name) + " response";
  return ev;
}

/// `cls` is what the protocol's session would say of the kind.
inline AnomalyEvent anomaly(Protocol p, std::string kind, bool malformed,
                            Direction dir = Direction::AtoB,
                            AnomalyClass cls = AnomalyClass::Other) {
  AnomalyEvent ev;
  ev.protocol = p;
  ev.dir = dir;
  ev.cls = cls;
  ev.kind = std::move(kind);
  ev.detail = "detail of " + ev.kind;
  ev.malformed = malformed;
  return ev;
}

/// The alerts of a detector as "rule src>dst xCOUNT" strings, sorted, for whole-list comparisons.
inline std::vector<std::string> alert_lines(const detection::Detector& d) {
  std::vector<std::string> out;
  for (const detection::Alert& a : d.alerts()) {
    std::string line = std::string(detection::rule(a.rule).name) + " " + detection::ip_text(a.src);
    if (!a.dst.is_unspecified()) line += ">" + detection::ip_text(a.dst);
    line += " x" + std::to_string(a.count);
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace otscope::test
