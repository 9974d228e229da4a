// Reconnaissance as a user meets it: a capture in which a scanner sweeps the unit ids of a Modbus
// gateway with Report Server ID (what nmap's modbus-discover does) while the HMI polls two of its
// units, one of them behind a dead serial line. `otscope analyze` then `otscope alerts --json`
// show the survey and the unit scan from the scanner, and nothing about the HMI.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::Frame;
using test::TimedFrame;

constexpr std::int64_t kStart = 1'772'438'400'000'000;  // 2026-03-02 08:00:00 UTC

/// One TCP connection to port 502, handshake included, carrying Modbus ADUs both ways.
class TcpModbus {
 public:
  TcpModbus(std::vector<TimedFrame>& out, std::string client, std::string client_mac,
            std::uint16_t port, std::string server, std::string server_mac)
      : out_(out),
        client_(std::move(client)),
        client_mac_(std::move(client_mac)),
        server_(std::move(server)),
        server_mac_(std::move(server_mac)),
        port_(port) {}

  void open(std::int64_t t) {
    send(t, true, 0x02, {});
    send(t + 300, false, 0x12, {});
    send(t + 600, true, 0x10, {});
  }
  /// A request `pdu` to `unit` at `t`, its answer (empty: none) 5 ms later.
  void ask(std::int64_t t, std::uint8_t unit, const Frame& pdu, const Frame& answer) {
    const std::uint16_t tid = ++tid_;
    send(t, true, 0x18, adu(tid, unit, pdu));
    if (!answer.empty()) send(t + 5'000, false, 0x18, adu(tid, unit, answer));
  }

 private:
  static Frame adu(std::uint16_t tid, std::uint8_t unit, const Frame& pdu) {
    Frame f = {static_cast<std::uint8_t>(tid >> 8),
               static_cast<std::uint8_t>(tid),
               0,
               0,
               static_cast<std::uint8_t>((pdu.size() + 1) >> 8),
               static_cast<std::uint8_t>(pdu.size() + 1),
               unit};
    f.insert(f.end(), pdu.begin(), pdu.end());
    return f;
  }
  void send(std::int64_t t, bool from_client, std::uint8_t flags, const Frame& payload) {
    std::uint32_t& seq = from_client ? client_seq_ : server_seq_;
    const std::uint32_t ack = from_client ? server_seq_ : client_seq_;
    const Frame tcp = from_client ? test::tcp_segment(port_, 502, seq, ack, flags, payload)
                                  : test::tcp_segment(502, port_, seq, ack, flags, payload);
    const Frame ip =
        from_client ? test::ipv4(client_, server_, 6, tcp) : test::ipv4(server_, client_, 6, tcp);
    out_.push_back({kStart + t, from_client
                                    ? test::ethernet(client_mac_, server_mac_, 0x0800, ip)
                                    : test::ethernet(server_mac_, client_mac_, 0x0800, ip)});
    seq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) != 0 ? 1 : 0);
  }

  std::vector<TimedFrame>& out_;
  std::string client_, client_mac_, server_, server_mac_;
  std::uint16_t port_;
  std::uint32_t client_seq_ = 1000, server_seq_ = 5000;
  std::uint16_t tid_ = 0;
};

TEST(ReconCli, ModbusDiscoverSweepOfAGatewayIsReportedTheHmiIsNot) {
  std::vector<TimedFrame> frames;
  const std::string gw_mac = "00:90:e8:3f:0a:52";
  TcpModbus hmi(frames, "10.10.1.10", "f8:b1:56:6d:0a:11", 49200, "10.10.1.30", gw_mac);
  TcpModbus scanner(frames, "10.10.1.66", "00:21:5a:00:00:66", 51000, "10.10.1.30", gw_mac);
  const Frame read_hr = {0x03, 0x00, 0x00, 0x00, 0x01};
  const Frame hr_answer = {0x03, 0x02, 0x00, 0x2a};
  const Frame target_failed = {0x83, 0x0b};
  const Frame report_server_id = {0x11};
  const Frame server_id = {0x11, 0x06, 0x01, 0xff, 'M', 'G', 'T', 'E'};
  const Frame path_unavailable = {0x91, 0x0a};

  hmi.open(0);
  scanner.open(20'000'000);
  // The HMI polls units 1 and 2 every second for a minute; unit 2's serial line is dead.
  // The scanner asks units 1..30 for their server id, one every 300 ms, from 20 s on.
  std::vector<std::pair<std::int64_t, int>> order;  // (time, who): interleaved in time
  for (int s = 1; s <= 60; ++s) order.push_back({s * 1'000'000, 0});
  for (int unit = 1; unit <= 30; ++unit) order.push_back({20'000'000 + unit * 300'000 + 7, unit});
  std::sort(order.begin(), order.end());
  for (const auto& [t, who] : order) {
    if (who == 0) {
      hmi.ask(t, 1, read_hr, hr_answer);
      hmi.ask(t + 20'000, 2, read_hr, target_failed);
    } else {
      const auto unit = static_cast<std::uint8_t>(who);
      scanner.ask(t, unit, report_server_id, unit == 1 ? server_id : path_unavailable);
    }
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const TimedFrame& a, const TimedFrame& b) { return a.ts_us < b.ts_us; });

  test::TempDir dir;
  const std::string capture = (dir.path() / "modbus_discover.pcap").string();
  test::write_file(capture, test::pcap_file(1, frames));
  const std::string db = (dir.path() / "x.db").string();
  const std::string bin = test::otscope_binary().string();
  auto r = test::run_command({bin, "analyze", "-q", "--db", db, capture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_command({bin, "alerts", "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::vector<std::string> seen;
  for (const json& a : json::parse(r.out)) {
    const std::string rule = a["rule"];
    seen.push_back(rule + " " + a["src"].get<std::string>() + " " +
                   a["severity"].get<std::string>());
    if (rule == "recon.identity_survey") {
      EXPECT_EQ(a["src"], "10.10.1.66");
      EXPECT_NE(
          a["summary"].get<std::string>().find("asked 5 devices for their identity within 60 s"
                                               " (10.10.1.30 unit 1, 10.10.1.30 unit 2, "),
          std::string::npos)
          << a["summary"];
      EXPECT_EQ(a["count"], 26);  // units 5..30
    }
    if (rule == "scan.units") {
      EXPECT_EQ(a["dst"], "10.10.1.30");
      EXPECT_EQ(a["count"], 21);  // units 10..30
      EXPECT_EQ(a["attack"], "T0846");
    }
  }
  std::sort(seen.begin(), seen.end());
  // The HMI's dead unit is a burst of gateway exceptions (medium), not a scan; the scanner's
  // refusals belong to its scan.
  EXPECT_EQ(seen, (std::vector<std::string>{"anomaly.exception_burst 10.10.1.10 medium",
                                            "recon.identity_survey 10.10.1.66 medium",
                                            "scan.units 10.10.1.66 high"}));
}

}  // namespace
}  // namespace otscope
