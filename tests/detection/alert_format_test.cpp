// How alerts look to scripts and SIEMs: stable JSON keys, CEF escaping of wire strings, RFC 5424.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/detection/forward.h"
#include "model/detection/alert.h"
#include "protocols/s7/s7.h"
#include "tests/detection/detection_fixtures.h"

namespace otscope::detection {
namespace {

using test::ip;

Alert sample() {
  Alert a;
  a.rule = find_rule("s7.plc_stop")->id;
  a.severity = Severity::Critical;
  a.protocol = s7::kS7comm;
  a.src = ip("10.10.1.66");
  a.dst = ip("10.10.1.40");
  a.src_mac = {{0xe4, 0xa7, 0xa0, 0x41, 0xd7, 0xf2}};
  a.functions = {"PLC Stop"};
  a.summary = "10.10.1.66 -> 10.10.1.40: Job PLC Stop P_PROGRAM (PDU ref 3074)";
  a.count = 2;
  a.first_seen_us = 1'772'438'413'975'532;
  a.last_seen_us = 1'772'438'414'000'000;
  a.evidence.push_back({"attack_plc_stop.pcap", 181, 1'772'438'413'975'532,
                        "Job PLC Stop P_PROGRAM (PDU ref 3074)"});
  return a;
}

TEST(AlertJson, StableKeys) {
  const nlohmann::json j = alert_json(sample(), 7, AlertState::Acknowledged);
  for (const char* key : {"id", "time", "severity", "rule", "title", "protocol", "src", "dst",
                          "function", "attack", "count", "first_seen", "last_seen", "evidence"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["time"], "2026-03-02T08:00:13.975532Z");
  EXPECT_EQ(j["severity"], "critical");
  EXPECT_EQ(j["rule"], "s7.plc_stop");
  EXPECT_EQ(j["title"], "PLC stop command");
  EXPECT_EQ(j["protocol"], "s7comm");
  EXPECT_EQ(j["src"], "10.10.1.66");
  EXPECT_EQ(j["dst"], "10.10.1.40");
  EXPECT_EQ(j["function"], "PLC Stop");
  EXPECT_EQ(j["attack"], "T0858");
  EXPECT_EQ(j["count"], 2);
  EXPECT_EQ(j["state"], "acknowledged");
  EXPECT_EQ(j["last_seen"], "2026-03-02T08:00:14.000000Z");
  ASSERT_EQ(j["evidence"].size(), 1u);
  EXPECT_EQ(j["evidence"][0]["capture"], "attack_plc_stop.pcap");
  EXPECT_EQ(j["evidence"][0]["frame"], 181);
  EXPECT_EQ(j["evidence"][0]["summary"], "Job PLC Stop P_PROGRAM (PDU ref 3074)");
  EXPECT_TRUE(alert_json(sample(), std::nullopt, AlertState::Open)["id"].is_null());
}

TEST(AlertCef, HeaderAndExtension) {
  EXPECT_EQ(alert_cef(sample(), 7),
            "CEF:0|otscope|otscope|0.1.0|s7.plc_stop|PLC stop command|10|externalId=7 "
            "rt=1772438413975 start=1772438413975 end=1772438414000 cnt=2 src=10.10.1.66 "
            "dst=10.10.1.40 smac=e4:a7:a0:41:d7:f2 app=s7comm cs1Label=attack cs1=T0858 "
            "cs2Label=function cs2=PLC Stop cs3Label=evidence cs3=attack_plc_stop.pcap frame 181 "
            "msg=10.10.1.66 -> 10.10.1.40: Job PLC Stop P_PROGRAM (PDU ref 3074)");
}

TEST(AlertCef, WireStringsCannotForgeFields) {
  EXPECT_EQ(cef_escape_value("a=b\\c\nd\re|f"), "a\\=b\\\\c\\nd\\re|f");
  EXPECT_EQ(cef_escape_header("x|y\\z\nw"), "x\\|y\\\\z w");
  Alert a = sample();
  // A device name read from the wire that tries to inject a CEF field and a second event.
  a.summary = "name=evil act=blocked\nCEF:0|x|y|z|1|forged|10|";
  a.functions = {"Write|Var=1"};
  const std::string cef = alert_cef(a, std::nullopt);
  EXPECT_EQ(cef.find('\n'), std::string::npos);
  EXPECT_NE(cef.find("msg=name\\=evil act\\=blocked\\nCEF:0|x|y|z|1|forged|10|"),
            std::string::npos);
  EXPECT_NE(cef.find("cs2=Write|Var\\=1"), std::string::npos);
  EXPECT_EQ(cef.find("externalId"), std::string::npos);
  // The header still has exactly seven unescaped separators.
  std::size_t pipes = 0;
  const std::string header = cef.substr(0, cef.find("rt="));
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == '|' && (i == 0 || header[i - 1] != '\\')) ++pipes;
  EXPECT_EQ(pipes, 7u);
}

TEST(Syslog, Rfc5424Message) {
  const std::string m = syslog_message(sample(), 7, "mon 01", 4242);
  // local4 (20) * 8 + crit (2) = 162; the host name loses its space.
  EXPECT_EQ(
      m.rfind("<162>1 2026-03-02T08:00:13.975532Z mon01 otscope 4242 alert - CEF:0|otscope|", 0),
      0u)
      << m;
  Alert low = sample();
  low.severity = Severity::Low;
  EXPECT_EQ(syslog_message(low, 1, "", 1).rfind("<165>1 ", 0), 0u);
  EXPECT_NE(syslog_message(low, 1, "", 1).find(" - otscope 1 alert - "), std::string::npos);
}

TEST(Syslog, Targets) {
  SyslogTarget t = parse_syslog_target("udp://127.0.0.1:5514");
  EXPECT_FALSE(t.tcp);
  EXPECT_EQ(t.host, "127.0.0.1");
  EXPECT_EQ(t.port, 5514);
  t = parse_syslog_target("tcp://[::1]:6514");
  EXPECT_TRUE(t.tcp);
  EXPECT_EQ(t.host, "::1");
  EXPECT_EQ(t.port, 6514);
  t = parse_syslog_target("udp://collector");
  EXPECT_EQ(t.port, 514);
  for (const char* bad : {"127.0.0.1:514", "http://x:1", "udp://", "udp://h:0", "udp://h:99999",
                          "tcp://h:12a", "udp://[::1"}) {
    EXPECT_THROW(parse_syslog_target(bad), ForwardError) << bad;
  }
}

}  // namespace
}  // namespace otscope::detection
