// Crafted conversations for the whole-pipeline tests of the EtherNet/IP, FINS, ADS and MELSEC
// folders: the bytes each test builds go into a pcap (client and server, TCP with its handshake
// or UDP), which the engine analyses like any capture; the alerts come out as the detector
// raised them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "model/detection/alert.h"
#include "model/detection/rules.h"
#include "tests/support/frames.h"

namespace otscope::ottest {

using test::Frame;

inline constexpr const char* kClient = "10.0.0.10";
inline constexpr const char* kServer = "10.0.0.20";

/// A request and its response (empty: none).
using Exchange = std::pair<Frame, Frame>;

/// One TCP connection from kClient:`client_port` to kServer:`server_port`, handshake first, then
/// each request and its response, written as a pcap at `path`.
inline void write_tcp_capture(const std::string& path, std::uint16_t server_port,
                              const std::vector<Exchange>& exchanges,
                              std::uint16_t client_port = 40000) {
  const std::string cmac = "02:00:00:00:00:10", smac = "02:00:00:00:00:20";
  std::vector<test::TimedFrame> out;
  std::int64_t ts = 1'700'000'000'000'000;
  std::uint32_t cseq = 1000, sseq = 5000;
  auto to_server = [&](std::uint8_t flags, const Frame& payload) {
    out.push_back(
        {ts += 1000, test::ethernet(cmac, smac, 0x0800,
                                    test::ipv4(kClient, kServer, 6,
                                               test::tcp_segment(client_port, server_port, cseq,
                                                                 sseq, flags, payload)))});
    cseq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
  };
  auto to_client = [&](std::uint8_t flags, const Frame& payload) {
    out.push_back(
        {ts += 1000, test::ethernet(smac, cmac, 0x0800,
                                    test::ipv4(kServer, kClient, 6,
                                               test::tcp_segment(server_port, client_port, sseq,
                                                                 cseq, flags, payload)))});
    sseq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
  };
  to_server(0x02, {});
  to_client(0x12, {});
  to_server(0x10, {});
  for (const auto& [request, response] : exchanges) {
    to_server(0x18, request);
    if (!response.empty()) to_client(0x18, response);
  }
  test::write_file(path, test::pcap_file(1, out));
}

/// Each request from kClient:`client_port` to kServer:`server_port` over UDP, and its response.
inline void write_udp_capture(const std::string& path, std::uint16_t server_port,
                              const std::vector<Exchange>& exchanges,
                              std::uint16_t client_port = 40000) {
  const std::string cmac = "02:00:00:00:00:10", smac = "02:00:00:00:00:20";
  std::vector<test::TimedFrame> out;
  std::int64_t ts = 1'700'000'000'000'000;
  for (const auto& [request, response] : exchanges) {
    out.push_back({ts += 1000, test::ethernet(cmac, smac, 0x0800,
                                              test::ipv4(kClient, kServer, 17,
                                                         test::udp_datagram(
                                                             client_port, server_port, request)))});
    if (!response.empty())
      out.push_back(
          {ts += 1000,
           test::ethernet(smac, cmac, 0x0800,
                          test::ipv4(kServer, kClient, 17,
                                     test::udp_datagram(server_port, client_port, response)))});
  }
  test::write_file(path, test::pcap_file(1, out));
}

/// What the engine made of a capture: the alerts as "rule src>dst" lines, sorted, the alerts
/// themselves and the analysis.
struct Run {
  std::vector<std::string> alerts;
  std::vector<detection::Alert> records;
  AnalysisResult result;

  const detection::Alert* alert(std::string_view rule) const {
    for (const detection::Alert& a : records)
      if (detection::rule(a.rule).name == rule) return &a;
    return nullptr;
  }
};

inline Run analyze(const std::string& capture) {
  Engine engine;
  engine.run_files({capture});
  Run r;
  r.result = engine.take_result();
  r.records = engine.detector().alerts();
  for (const detection::Alert& a : r.records)
    r.alerts.push_back(std::string(detection::rule(a.rule).name) + " " + detection::ip_text(a.src) +
                       ">" + detection::ip_text(a.dst));
  std::sort(r.alerts.begin(), r.alerts.end());
  return r;
}

}  // namespace otscope::ottest
