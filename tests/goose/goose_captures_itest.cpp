// GOOSE through the whole pipeline: GOOSE.pcap agrees with tshark 4.0 and its publisher's
// restart raises nothing, while a replayed or injected message in a crafted capture is an alert
// where a user looks for it (`otscope alerts`).
//
// tshark figures: tshark -r GOOSE.pcap -Y goose -T fields -e goose.gocbRef -e goose.stNum
// -e goose.sqNum: 8 messages of GEDeviceF650/LLN0$GO$gcb01, stNum 1, sqNum 10 11 12 1 2 3 4 5
// (the event time t changes at the fourth: the relay restarted).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/goose/goose.h"
#include "protocols/goose/pdu.h"
#include "tests/goose/goose_frames.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

TEST(GooseCaptures, TheF650AgreesWithTsharkAndItsRestartIsNoAttack) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "GOOSE.pcap").string()});
  ASSERT_TRUE(r.protocols.count("goose"));
  const ProtocolStats& s = r.protocols.at("goose");
  EXPECT_EQ(s.messages, 8u);
  // sqNum 1 (the first transmission after the restart) is a state change; the others repeat.
  EXPECT_EQ(s.functions, (std::map<std::uint32_t, std::uint64_t>{{1, 1}, {2, 7}}));
  EXPECT_EQ(s.malformed, 0u);
  IpAddress relay;
  ASSERT_TRUE(IpAddress::parse("00:a0:f4:08:2f:77", relay));
  EXPECT_EQ(r.identity(relay, "goose_control_block"), "GEDeviceF650/LLN0$GO$gcb01");
  EXPECT_EQ(r.identity(relay, "goose_dataset"), "GEDeviceF650/LLN0$GOOSE1");
  EXPECT_EQ(r.identity(relay, "goose_id"), "F650_GOOSE1");
  EXPECT_EQ(r.anomaly_count("goose.publisher_restarted"), 1u);
  EXPECT_EQ(r.alerts, 0u);
  // The relay is an IED in the inventory (an RTU-class field device), by its MAC address.
  const AssetRecord* a = nullptr;
  for (const AssetRecord& x : r.assets)
    if (x.mac.to_string() == "00:a0:f4:08:2f:77") a = &x;
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->ips.empty());
}

TEST(GooseCaptures, ReplayedAndInjectedMessagesAreAlerts) {
  // A protection relay publishes stNum 7; an attacker on the bus replays an old state and then
  // injects a message with a far higher state number (the same publisher MAC, spoofed).
  const std::string relay = "00:a0:f4:00:00:01", group = "01:0c:cd:01:00:01";
  std::vector<test::TimedFrame> frames;
  std::int64_t t = 1'700'000'000'000'000;
  auto add = [&](std::uint32_t st, std::uint32_t sq, std::uint64_t event_time) {
    frames.push_back({t += 100'000, test::ethernet(relay, group, goose::kGooseEthertype,
                                                   goose::test::goose_frame(1, "REL1/LLN0$GO$trip",
                                                                            st, sq, event_time))});
  };
  add(7, 0, 0x6000000000000000ull);
  add(7, 1, 0x6000000000000000ull);
  add(7, 2, 0x6000000000000000ull);
  add(6, 4, 0x5000000000000000ull);  // replayed
  add(7, 3, 0x6000000000000000ull);
  add(20, 0, 0x7000000000000000ull);  // injected
  test::TempDir dir;
  const std::string pcap = (dir.path() / "goose.pcap").string();
  const std::string db = (dir.path() / "x.db").string();
  test::write_file(pcap, test::pcap_file(1, frames));
  const auto analyze =
      test::run_command({test::otscope_binary().string(), "analyze", "-q", "--db", db, pcap});
  ASSERT_EQ(analyze.exit_code, 0) << analyze.err;
  const auto out =
      test::run_command({test::otscope_binary().string(), "alerts", "--db", db, "--json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const json alerts = json::parse(out.out);
  std::map<std::string, const json*> by_rule;
  for (const json& a : alerts) by_rule[a["rule"].get<std::string>()] = &a;
  ASSERT_TRUE(by_rule.count("goose.replay")) << alerts.dump(2);
  ASSERT_TRUE(by_rule.count("goose.state_jump")) << alerts.dump(2);
  EXPECT_EQ(by_rule.size(), 2u) << alerts.dump(2);
  EXPECT_EQ((*by_rule["goose.replay"])["severity"], "high");
  EXPECT_EQ((*by_rule["goose.replay"])["src"], relay);
  EXPECT_EQ((*by_rule["goose.replay"])["attack"], "T0856");
}

}  // namespace
}  // namespace otscope
