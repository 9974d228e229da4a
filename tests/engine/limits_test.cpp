// Bounded by design: a flood of one-packet sources (spoofed addresses, a scan) is counted and
// summarised instead of kept as one asset per source, every cap is honoured and counted, and the
// plant's devices survive the flood.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/detection/policy.h"
#include "engine/engine.h"
#include "model/analysis.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::Frame;

constexpr const char* kRouter = "02:00:00:00:00:fe";
constexpr const char* kPlcMac = "00:1b:1b:00:00:02";
constexpr const char* kHmiMac = "00:1c:06:00:00:01";

std::string source_ip(int i) {
  const int k = i + 1;
  return "10." + std::to_string(k >> 16 & 0xff) + "." + std::to_string(k >> 8 & 0xff) + "." +
         std::to_string(k & 0xff);
}

std::string source_mac(int i) {
  char text[18];
  std::snprintf(text, sizeof text, "02:10:00:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff,
                i & 0xff);
  return text;
}

// `n` TCP SYNs to 192.168.1.10:502, each from its own address (and its own MAC when `macs`),
// none answered, from time `t0` on.
void add_flood(std::vector<test::TimedFrame>& frames, int n, bool macs, std::int64_t t0) {
  for (int i = 0; i < n; ++i) {
    const Frame syn = test::ipv4(
        source_ip(i), "192.168.1.10", 6,
        test::tcp_segment(static_cast<std::uint16_t>(1024 + i % 60000), 502, 1000, 0, 0x02, {}));
    frames.push_back(
        {t0 + i * 10, test::ethernet(macs ? source_mac(i) : kRouter, kPlcMac, 0x0800, syn)});
  }
}

// `n` distinct clients (own MAC and address), each completing a TCP handshake with
// 172.16.1.1:8080: every one is a confirmed device.
void add_handshaking_clients(std::vector<test::TimedFrame>& frames, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string client = "172.16.0." + std::to_string(i + 1);
    auto seg = [&](bool c2s, std::uint8_t flags) {
      return test::ethernet(
          c2s ? source_mac(i) : kPlcMac, c2s ? kPlcMac : source_mac(i), 0x0800,
          test::ipv4(c2s ? client : "172.16.1.1", c2s ? "172.16.1.1" : client, 6,
                     test::tcp_segment(c2s ? 40000 : 8080, c2s ? 8080 : 40000, c2s ? 1000 : 5000,
                                       c2s ? 0 : 1001, flags, {})));
    };
    frames.push_back({1'000'000 + i * 100, seg(true, 0x02)});
    frames.push_back({1'000'050 + i * 100, seg(false, 0x12)});
    frames.push_back({1'000'070 + i * 100, seg(true, 0x10)});
  }
}

// A Modbus read between an HMI and a PLC on their own segment, from time `t0` on.
void add_modbus(std::vector<test::TimedFrame>& frames, const std::string& hmi,
                const std::string& plc, std::uint16_t cport, std::int64_t t0) {
  const Frame request = test::hex("0007 0000 0006 11 03 006b 0003");
  const Frame response = test::hex("0007 0000 0009 11 03 06 022b 0000 0064");
  auto seg = [&](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                 const Frame& payload) {
    return test::ethernet(c2s ? kHmiMac : kPlcMac, c2s ? kPlcMac : kHmiMac, 0x0800,
                          test::ipv4(c2s ? hmi : plc, c2s ? plc : hmi, 6,
                                     test::tcp_segment(c2s ? cport : 502, c2s ? 502 : cport, seq,
                                                       ack, flags, payload)));
  };
  const auto rq = static_cast<std::uint32_t>(request.size());
  const auto rs = static_cast<std::uint32_t>(response.size());
  frames.push_back({t0, seg(true, 1000, 0, 0x02, {})});
  frames.push_back({t0 + 1000, seg(false, 5000, 1001, 0x12, {})});
  frames.push_back({t0 + 2000, seg(true, 1001, 5001, 0x10, {})});
  frames.push_back({t0 + 3000, seg(true, 1001, 5001, 0x18, request)});
  frames.push_back({t0 + 4000, seg(false, 5001, 1001 + rq, 0x18, response)});
  frames.push_back({t0 + 5000, seg(true, 1001 + rq, 5001 + rs, 0x11, {})});
  frames.push_back({t0 + 6000, seg(false, 5001 + rs, 1002 + rq, 0x11, {})});
}

AnalysisResult run(const std::vector<test::TimedFrame>& frames, const EngineOptions& options,
                   std::vector<detection::AlertChange>* alerts = nullptr) {
  test::TempDir dir;
  const std::string path = (dir.path() / "flood.pcap").string();
  test::write_file(path, test::pcap_file(1, frames));
  Engine engine(options);
  engine.run_files({path});
  AnalysisResult r = engine.take_result();
  if (alerts != nullptr) *alerts = engine.detector().take_changes();
  return r;
}

// The alerts of `rule`, as "destination functions... | summary".
std::vector<std::string> alerts_of(const std::vector<detection::AlertChange>& changes,
                                   std::string_view rule) {
  std::vector<std::string> out;
  for (const detection::AlertChange& c : changes) {
    if (detection::rule(c.alert.rule).name != rule) continue;
    std::string text = c.alert.dst.is_unspecified() ? "-" : c.alert.dst.to_string();
    for (const std::string& f : c.alert.functions) text += " " + f;
    out.push_back(text + " | " + c.alert.summary);
  }
  return out;
}

EngineOptions small_caps() {
  EngineOptions o;
  o.inventory.endpoints.max_confirmed = 50;
  o.inventory.endpoints.max_unconfirmed = 20;
  o.inventory.max_links = 40;
  return o;
}

const AssetRecord* asset_with(const AnalysisResult& r, const std::string& address) {
  IpAddress ip;
  if (!IpAddress::parse(address, ip)) return nullptr;
  return r.asset_for(ip);
}

TEST(EngineLimits, AFloodOfOnePacketSourcesIsSummarisedNotKept) {
  for (bool macs : {false, true}) {
    SCOPED_TRACE(macs ? "distinct MACs" : "one router MAC");
    constexpr int kSources = 3000;
    std::vector<test::TimedFrame> frames;
    add_flood(frames, kSources, macs, 1'000'000);
    const AnalysisResult r = run(frames, small_caps());
    // The target and the unconfirmed tier (20), nothing more (a summarised source coming back
    // would be confirmed: none does here).
    EXPECT_LE(r.assets.size(), 22u);
    EXPECT_LE(r.links.size(), 40u);
    EXPECT_EQ(r.health.one_packet_sources, kSources - 20u);
    ASSERT_EQ(r.health.one_packet_targets.size(), 1u);
    EXPECT_EQ(r.health.one_packet_targets.begin()->first.to_string(), "192.168.1.10");
    EXPECT_EQ(r.health.one_packet_targets.begin()->second, kSources - 20u);
    EXPECT_EQ(r.health.assets_dropped, 0u);
    EXPECT_GT(r.health.limit_drops(), 0u);
    EXPECT_NE(asset_with(r, "192.168.1.10"), nullptr);
  }
}

// What the caps keep out is an alert too, which the console and the forwarders show: one
// network.source_flood per flooded host, one sensor.limit_reached per cap reached.
TEST(EngineLimits, AFloodAndAReachedCapRaiseOneAlertEach) {
  std::vector<test::TimedFrame> frames;
  add_flood(frames, 3000, false, 1'000'000);
  std::vector<detection::AlertChange> alerts;
  run(frames, small_caps(), &alerts);
  EXPECT_EQ(alerts_of(alerts, "network.source_flood"),
            std::vector<std::string>{
                "192.168.1.10 one packet per source | to 192.168.1.10: flood of one-packet "
                "sources: addresses past the cap on unconfirmed hosts, each seen in one packet "
                "with this host"});
  EXPECT_TRUE(alerts_of(alerts, "sensor.limit_reached").empty());

  // 100 clients that each complete a handshake: real devices, past a cap of 30.
  frames.clear();
  add_handshaking_clients(frames, 100);
  EngineOptions o;
  o.inventory.endpoints.max_confirmed = 30;
  run(frames, o, &alerts);
  EXPECT_EQ(alerts_of(alerts, "sensor.limit_reached"),
            std::vector<std::string>{"- assets | sensor limit reached: 71 device endpoints not "
                                     "kept (cap on assets)"});
  EXPECT_TRUE(alerts_of(alerts, "network.source_flood").empty());
}

// The evidence of both alerts names the capture being read when they were raised, not the first
// capture of the run.
TEST(EngineLimits, TheAlertsNameTheCaptureTheFloodWasIn) {
  test::TempDir dir;
  std::vector<test::TimedFrame> plant;
  add_modbus(plant, "192.168.1.20", "192.168.1.10", 40000, 500'000);
  std::vector<test::TimedFrame> flood;
  add_flood(flood, 3000, false, 1'000'000);
  const std::string first = (dir.path() / "plant.pcap").string();
  const std::string second = (dir.path() / "flood.pcap").string();
  test::write_file(first, test::pcap_file(1, plant));
  test::write_file(second, test::pcap_file(1, flood));
  EngineOptions o = small_caps();
  o.inventory.max_links = 1;
  Engine engine(o);
  engine.run_files({first, second});
  engine.take_result();
  std::vector<std::string> rules;
  for (const detection::AlertChange& c : engine.detector().take_changes()) {
    const std::string_view rule = detection::rule(c.alert.rule).name;
    if (rule != "network.source_flood" && rule != "sensor.limit_reached") continue;
    rules.emplace_back(rule);
    ASSERT_FALSE(c.alert.evidence.empty()) << rule;
    EXPECT_EQ(c.alert.evidence.front().capture, second) << rule;
  }
  EXPECT_EQ(rules.size(), 2u);
}

TEST(EngineLimits, TheDefaultsHoldAFloodToAThousandAssets) {
  std::vector<test::TimedFrame> frames;
  add_flood(frames, 5000, true, 1'000'000);
  const AnalysisResult r = run(frames, EngineOptions{});
  EXPECT_LE(r.assets.size(), EndpointLimits{}.max_unconfirmed + 1);
  EXPECT_EQ(r.health.one_packet_sources, 5000u - EndpointLimits{}.max_unconfirmed);
}

TEST(EngineLimits, ThePlantSurvivesAFlood) {
  std::vector<test::TimedFrame> frames;
  add_modbus(frames, "192.168.1.20", "192.168.1.10", 40000, 500'000);
  add_flood(frames, 3000, false, 1'000'000);
  // A second pair that first appears after the flood filled every tier.
  add_modbus(frames, "192.168.1.21", "192.168.1.11", 40001, 2'000'000);
  const AnalysisResult r = run(frames, small_caps());
  for (const char* address : {"192.168.1.20", "192.168.1.10", "192.168.1.21", "192.168.1.11"})
    EXPECT_NE(asset_with(r, address), nullptr) << address;
  ASSERT_EQ(r.operations.size(), 2u);
  int modbus_links = 0;
  for (const LinkRecord& l : r.links) modbus_links += l.protocol == "modbus";
  EXPECT_EQ(modbus_links, 2);
  EXPECT_EQ(r.health.one_packet_sources, 3000u - 20u);
}

TEST(EngineLimits, TheCapsOnConfirmedDevicesAndLinksAreHonouredAndCounted) {
  // 100 distinct clients, each completing a handshake: every one is confirmed.
  std::vector<test::TimedFrame> frames;
  add_handshaking_clients(frames, 100);
  EngineOptions o;
  o.inventory.endpoints.max_confirmed = 30;
  o.inventory.max_links = 10;
  const AnalysisResult r = run(frames, o);
  EXPECT_LE(r.assets.size(), 30u);
  EXPECT_EQ(r.health.assets_dropped, 100u + 1u - 30u);  // the server is one of the 30
  EXPECT_LE(r.links.size(), 10u);
  EXPECT_GT(r.health.links_dropped, 0u);
  EXPECT_EQ(r.health.one_packet_sources, 0u);
}

TEST(EngineLimits, AScanOfDeadAddressesIsSummarisedAndTheScannerKept) {
  // One scanner probes 3000 addresses behind the router; none exists, none answers.
  std::vector<test::TimedFrame> frames;
  for (int i = 0; i < 3000; ++i) {
    const Frame syn = test::ipv4("192.168.1.66", source_ip(i), 6,
                                 test::tcp_segment(40000, 502, 1000, 0, 0x02, {}));
    frames.push_back({1'000'000 + i * 10, test::ethernet(kHmiMac, kRouter, 0x0800, syn)});
  }
  const AnalysisResult r = run(frames, small_caps());
  EXPECT_NE(asset_with(r, "192.168.1.66"), nullptr);
  EXPECT_LE(r.assets.size(), 21u);
  EXPECT_EQ(r.health.one_packet_sources, 3000u - 20u);
  EXPECT_EQ(r.health.assets_dropped, 0u);
}

TEST(EngineLimits, ASpoofedFloodItsTargetAnswersIsStillSummarised) {
  // Each spoofed SYN gets its SYN-ACK (the target is listening): an answer to a source that never
  // sends again is no sign of life.
  std::vector<test::TimedFrame> frames;
  for (int i = 0; i < 3000; ++i) {
    const auto sport = static_cast<std::uint16_t>(1024 + i % 60000);
    frames.push_back(
        {1'000'000 + i * 10,
         test::ethernet(kRouter, kPlcMac, 0x0800,
                        test::ipv4(source_ip(i), "192.168.1.10", 6,
                                   test::tcp_segment(sport, 502, 1000, 0, 0x02, {})))});
    frames.push_back(
        {1'000'005 + i * 10,
         test::ethernet(kPlcMac, kRouter, 0x0800,
                        test::ipv4("192.168.1.10", source_ip(i), 6,
                                   test::tcp_segment(502, sport, 5000, 1001, 0x12, {})))});
  }
  const AnalysisResult r = run(frames, small_caps());
  EXPECT_NE(asset_with(r, "192.168.1.10"), nullptr);
  EXPECT_LE(r.assets.size(), 22u);
  EXPECT_EQ(r.health.one_packet_sources, 3000u - 20u);
  EXPECT_EQ(r.health.assets_dropped, 0u);
}

TEST(EngineLimits, ThePolicySetsTheCaps) {
  EngineOptions o;
  o.detection.policy = std::make_shared<const detection::Policy>(detection::parse_policy(
      "[limits]\nassets = 50\nunconfirmed_sources = 20\nlinks = 40\n", "test.toml"));
  std::vector<test::TimedFrame> frames;
  add_flood(frames, 1000, true, 1'000'000);
  const AnalysisResult r = run(frames, o);
  EXPECT_LE(r.assets.size(), 21u);
  EXPECT_EQ(r.health.one_packet_sources, 1000u - 20u);
  EXPECT_THROW(detection::parse_policy("[limits]\nbananas = 3\n", "test.toml"),
               detection::PolicyError);
  EXPECT_THROW(detection::parse_policy("[limits]\nassets = 0\n", "test.toml"),
               detection::PolicyError);
}

}  // namespace
}  // namespace otscope
