// Reconnaissance rules on conversations a scanner and a plant would have: identity surveys
// (recon.identity_survey), unit id scans (scan.units), identification by unauthorised hosts
// (recon.identification), and the thresholds the policy sets for them. The Modbus conversations
// are real ADUs through the Modbus session, so the function classes and exception kinds are the
// decoder's, not the test's.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/detection/detector.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/s7.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/detection/modbus_conversation.h"

namespace otscope::detection {
namespace {

using test::alert_lines;
using test::at;
using test::flow;
using test::ip;
using test::request;
using test::response;
using Lines = std::vector<std::string>;

std::shared_ptr<const Policy> policy(std::string_view text) {
  return std::make_shared<const Policy>(parse_policy(text, "test.toml"));
}

using Connection = test::ModbusConversation;

// Report Server ID (17) and its answer: byte count, id, run indicator, a printable id.
const std::string kReportServerId = "11";
const std::string kServerIdAnswer = "11 06 01 ff 4d333430";
// Read Device Identification (43/14), basic, from object 0, and an answer with the vendor only.
const std::string kReadDeviceId = "2b 0e 01 00";
const std::string kDeviceIdAnswer = "2b 0e 01 01 00 00 01 00 09 5363686e6569646572";
const std::string kReadHr = "03 0000 0001";
const std::string kHrAnswer = "03 02 002a";
const std::string kGatewayNoAnswer = "83 0b";      // target device failed to respond
const std::string kGatewayNoPath = "91 0a";        // to 17: gateway path unavailable
const std::string kIllegalFunctionTo17 = "91 01";  // a device that does not do 17

const Alert* find(const Detector& d, RuleId rule) {
  for (const Alert& a : d.alerts())
    if (a.rule == rule) return &a;
  return nullptr;
}

// --- recon.identity_survey -----------------------------------------------------------------------

TEST(Recon, IdentitySurveyFiresAtTheThresholdNotBelow) {
  Detector d;
  std::vector<std::unique_ptr<Connection>> to;
  for (int i = 0; i < 5; ++i)
    to.push_back(
        std::make_unique<Connection>(d, "10.10.1.66", "10.10.1." + std::to_string(20 + i)));
  // Four devices asked, twice each, in both ways: below the default threshold of five.
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 4; ++i) {
      to[i]->ask(round * 10 + i, 1, kReportServerId, kServerIdAnswer);
      to[i]->ask(round * 10 + i + 0.5, 1, kReadDeviceId, kDeviceIdAnswer);
    }
  EXPECT_EQ(alert_lines(d), Lines{});
  // The fifth device: a survey, reported from the asking host alone.
  to[4]->ask(30, 1, kReportServerId, kIllegalFunctionTo17);
  ASSERT_EQ(alert_lines(d), (Lines{"recon.identity_survey 10.10.1.66 x1"}));
  const Alert& a = d.alerts().front();
  EXPECT_EQ(a.severity, Severity::Medium);
  EXPECT_EQ(a.protocol, modbus::kProtocol);
  EXPECT_EQ(
      a.summary.rfind("10.10.1.66: asked 5 devices for their identity within 60 s (10.10.1.20 "
                      "unit 1, 10.10.1.21 unit 1, 10.10.1.22 unit 1, 10.10.1.23 unit 1, "
                      "10.10.1.24 unit 1): to 10.10.1.24 unit 1: ",
                      0),
      0u)
      << a.summary;
  EXPECT_EQ(a.evidence.at(0).summary.rfind("to 10.10.1.24 unit 1: ", 0), 0u);
  EXPECT_NE(a.evidence.at(0).summary.find("Report Server ID"), std::string::npos);
  // Further queries while the survey lasts add to the same alert.
  to[0]->ask(31, 1, kReadDeviceId, kDeviceIdAnswer);
  EXPECT_EQ(alert_lines(d), (Lines{"recon.identity_survey 10.10.1.66 x2"}));
  // What accepting it would teach the baseline: the paths it saw queried, with their functions.
  const Alert& survey = d.alerts().front();
  ASSERT_EQ(survey.facts.size(), 2u);
  EXPECT_EQ(survey.facts[0].path.server, ip("10.10.1.24"));
  EXPECT_EQ(survey.facts[0].function, 17u);
  EXPECT_EQ(survey.facts[1].path.server, ip("10.10.1.20"));
  EXPECT_EQ(survey.facts[1].function, 43u);
}

TEST(Recon, UnitsBehindAGatewayAreDevicesOfTheSurvey) {
  // modbus-discover asks Report Server ID of unit after unit of one address.
  Detector d;
  Connection gw(d, "10.10.1.66", "10.10.1.30");
  for (std::uint8_t unit = 1; unit <= 4; ++unit)
    gw.ask(unit, unit, kReportServerId, unit <= 2 ? kServerIdAnswer : kGatewayNoPath);
  EXPECT_EQ(alert_lines(d), Lines{});
  gw.ask(5, 5, kReportServerId, kGatewayNoPath);
  EXPECT_EQ(alert_lines(d), (Lines{"recon.identity_survey 10.10.1.66 x1"}));
}

TEST(Recon, IdentitySurveyMustFitInTheWindow) {
  // An HMI that reads a device's identity now and then, one device at a time, never surveys.
  Detector d;
  std::vector<std::unique_ptr<Connection>> to;
  for (int i = 0; i < 8; ++i)
    to.push_back(
        std::make_unique<Connection>(d, "10.10.1.10", "10.10.1." + std::to_string(20 + i)));
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 8; ++i) {
      to[i]->ask(round * 600 + i * 20, 1, kReadDeviceId, kDeviceIdAnswer);
      for (int poll = 1; poll < 20; ++poll)
        to[i]->ask(round * 600 + i * 20 + poll, 1, kReadHr, kHrAnswer);
    }
  EXPECT_EQ(alert_lines(d), Lines{});
}

TEST(Recon, AuthorisedStationsMaySurveyTheOthersAreReportedPerDevice) {
  // Report Server ID from a host the policy does not list: recon.identification on each device
  // (Modbus 17 is an identification read, like 43/14), and the survey once it spans five.
  Detector d(DetectorConfig{policy(R"([modbus]
masters = ["10.10.1.10"]
engineering = ["10.10.1.11"]
)"),
                            {},
                            false});
  std::vector<std::unique_ptr<Connection>> ews, intruder;
  for (int i = 0; i < 6; ++i) {
    const std::string server = "10.10.1." + std::to_string(20 + i);
    ews.push_back(std::make_unique<Connection>(d, "10.10.1.11", server));
    intruder.push_back(std::make_unique<Connection>(d, "10.10.1.66", server));
  }
  for (int i = 0; i < 6; ++i) ews[i]->ask(i, 1, kReportServerId, kServerIdAnswer);
  EXPECT_EQ(alert_lines(d), Lines{});  // the engineering station going online

  intruder[0]->ask(10, 1, kReportServerId, kServerIdAnswer);
  const Alert* ident = find(d, RuleId::ReconIdentification);
  ASSERT_NE(ident, nullptr);
  EXPECT_EQ(ident->severity, Severity::Medium);
  EXPECT_EQ(ident->function_text(), "Report Server ID");
  EXPECT_NE(ident->summary.find("not an authorised master in the policy"), std::string::npos);
  for (int i = 1; i < 6; ++i) intruder[i]->ask(10 + i, 1, kReportServerId, kServerIdAnswer);
  Lines want;
  for (int i = 0; i < 6; ++i) {
    const std::string server = "10.10.1." + std::to_string(20 + i);
    want.push_back("policy.unauthorised_master 10.10.1.66>" + server + " x1");
    want.push_back("recon.identification 10.10.1.66>" + server + " x1");
  }
  want.push_back("recon.identity_survey 10.10.1.66 x2");
  std::sort(want.begin(), want.end());
  EXPECT_EQ(alert_lines(d), want);
  const Alert* survey = find(d, RuleId::IdentitySurvey);
  ASSERT_NE(survey, nullptr);
  EXPECT_NE(survey->summary.find(", not an authorised master in the policy"), std::string::npos);
}

TEST(Recon, DnpGroupZeroAndS7SzlReadsCountInOneSurvey) {
  // One host asking identity in three protocols: each device once, whatever the protocol.
  Detector d;
  const auto dnp3_attributes = [] {
    MessageEvent ev = request(dnp3::kProtocol, 1, "READ", OpClass::Identification, "g0v254");
    ev.unit = 10;
    return ev;
  };
  const auto szl = [] {
    MessageEvent ev = request(s7::kS7comm, 0x10000 | 0x0401, "Read SZL", OpClass::Identification);
    ev.unit = 2;
    return ev;
  };
  d.on_message(flow("10.10.1.66", "10.10.20.21", 20000), at(1), dnp3_attributes());
  d.on_message(flow("10.10.1.66", "10.10.20.22", 20000), at(2), dnp3_attributes());
  d.on_message(flow("10.10.1.66", "10.10.1.40", 102), at(3), szl());
  d.on_message(flow("10.10.1.66", "10.10.1.41", 102), at(4), szl());
  d.on_message(flow("10.10.1.66", "10.10.1.41", 102), at(4.5), szl());  // the same CPU again
  EXPECT_EQ(alert_lines(d), Lines{});
  d.on_message(flow("10.10.1.66", "10.10.1.42", 102), at(5), szl());
  EXPECT_EQ(alert_lines(d), (Lines{"recon.identity_survey 10.10.1.66 x1"}));
  EXPECT_EQ(d.alerts().front().protocol, s7::kS7comm);
}

// --- scan.units
// ------------------------------------------------------------------------------------

TEST(Recon, UnitScanFiresOnAScannerOfAGateway) {
  // A scanner reads one register of unit after unit behind a gateway: units 1 and 2 answer, the
  // gateway reports the others unreachable, or they time out. The HMI's polling goes on meanwhile.
  Detector d;
  Connection scanner(d, "10.10.1.66", "10.10.1.30");
  Connection hmi(d, "10.10.1.10", "10.10.1.30");
  for (int unit = 1; unit <= 9; ++unit) {
    hmi.ask(unit - 0.5, 1, kReadHr, kHrAnswer);
    hmi.ask(unit - 0.4, 2, kReadHr, kHrAnswer);
    scanner.ask(unit, static_cast<std::uint8_t>(unit), kReadHr,
                unit <= 2       ? kHrAnswer
                : unit % 2 == 0 ? kGatewayNoAnswer
                                : "");
  }
  EXPECT_EQ(alert_lines(d), Lines{});  // nine units: below the default threshold of ten
  scanner.ask(10, 10, kReadHr, kGatewayNoAnswer);
  ASSERT_EQ(alert_lines(d), (Lines{"scan.units 10.10.1.66>10.10.1.30 x1"}));
  const Alert& a = d.alerts().front();
  EXPECT_EQ(a.severity, Severity::High);
  EXPECT_EQ(a.summary.rfind("10.10.1.66 -> 10.10.1.30: 10 unit ids asked within 60 s, 7 of the "
                            "others never answered: ",
                            0),
            0u)
      << a.summary;
  EXPECT_NE(a.evidence.at(0).summary.find("unit 10"), std::string::npos);
  // The rest of the sweep: one alert, and the gateway's refusals are the scan's, not a burst.
  for (int unit = 11; unit <= 40; ++unit)
    scanner.ask(unit, static_cast<std::uint8_t>(unit), kReadHr, kGatewayNoAnswer);
  EXPECT_EQ(alert_lines(d), (Lines{"scan.units 10.10.1.66>10.10.1.30 x31"}));
}

TEST(Recon, AGatewayMasterPollingItsUnitsIsNoScan) {
  // The HMI polls three units behind a gateway every second for ten minutes; unit 3 is offline
  // for good (no answer at all). Three distinct units, ever: no scan.
  Detector d;
  Connection hmi(d, "10.10.1.10", "10.10.1.30");
  for (int s = 0; s < 600; ++s) {
    hmi.ask(s, 1, kReadHr, kHrAnswer);
    hmi.ask(s + 0.2, 2, kReadHr, kHrAnswer);
    hmi.ask(s + 0.4, 3, kReadHr, "");
  }
  EXPECT_EQ(alert_lines(d), Lines{});

  // A larger gateway: twelve units polled every second, two of them offline, reported by the
  // gateway as failing to respond. Enough units, but nearly all answer: no scan (the refusals
  // are a burst of exceptions, which they are).
  Detector big;
  Connection master(big, "10.10.1.10", "10.10.1.30");
  for (int s = 0; s < 120; ++s)
    for (int unit = 1; unit <= 12; ++unit)
      master.ask(s + unit * 0.05, static_cast<std::uint8_t>(unit), kReadHr,
                 unit >= 11 ? kGatewayNoAnswer : kHrAnswer);
  EXPECT_EQ(find(big, RuleId::UnitScan), nullptr);
  ASSERT_EQ(big.alerts().size(), 1u);
  EXPECT_EQ(big.alerts().front().rule, RuleId::ExceptionBurst);
}

TEST(Recon, UnitScanOfDnp3Addresses) {
  // DNP3: reads to outstation address after address of one host, none answering.
  Detector d;
  const FlowInfo f = flow("10.10.20.66", "10.10.20.21", 20000);
  for (int address = 1; address <= 10; ++address) {
    MessageEvent ev = request(dnp3::kProtocol, 1, "READ", OpClass::Read, "g60v1");
    ev.unit = address;
    d.on_message(f, at(address), ev);
  }
  EXPECT_EQ(alert_lines(d), (Lines{"scan.units 10.10.20.66>10.10.20.21 x1"}));
}

TEST(Recon, UnitScanSparesAuthorisedMasters) {
  // A commissioning sweep from the policy's master is its business; the same from another host
  // is a scan by an unauthorised host.
  Detector d(DetectorConfig{policy("[modbus]\nmasters = [\"10.10.1.10\"]\n"), {}, false});
  Connection master(d, "10.10.1.10", "10.10.1.30");
  Connection intruder(d, "10.10.1.66", "10.10.1.30");
  for (int unit = 1; unit <= 12; ++unit) {
    master.ask(unit, static_cast<std::uint8_t>(unit), kReadHr, "");
    intruder.ask(unit + 0.5, static_cast<std::uint8_t>(unit), kReadHr, "");
  }
  EXPECT_EQ(alert_lines(d), (Lines{"policy.unauthorised_master 10.10.1.66>10.10.1.30 x12",
                                   "scan.units 10.10.1.66>10.10.1.30 x3"}));
  EXPECT_NE(find(d, RuleId::UnitScan)->summary.find("not an authorised master in the policy"),
            std::string::npos);
}

// --- thresholds from the policy ------------------------------------------------------------------

TEST(Recon, ThresholdsComeFromThePolicy) {
  Detector d(DetectorConfig{policy(R"([thresholds]
window = "10s"
identity_survey = 2
unit_scan = 3
)"),
                            {},
                            false});
  Connection a(d, "10.10.1.66", "10.10.1.20");
  Connection b(d, "10.10.1.66", "10.10.1.21");
  a.ask(0, 1, kReportServerId, kServerIdAnswer);
  b.ask(20, 1, kReportServerId, kServerIdAnswer);  // 20 s later: outside the 10 s window
  EXPECT_EQ(alert_lines(d), Lines{});
  a.ask(25, 1, kReportServerId, kServerIdAnswer);
  EXPECT_EQ(alert_lines(d), (Lines{"recon.identity_survey 10.10.1.66 x1"}));

  Connection gw(d, "10.10.1.67", "10.10.1.30");
  gw.ask(40, 1, kReadHr, "");
  gw.ask(41, 2, kReadHr, "");
  gw.ask(52, 3, kReadHr, "");  // units 1 and 2 are out of the window by now
  EXPECT_EQ(find(d, RuleId::UnitScan), nullptr);
  gw.ask(53, 4, kReadHr, "");
  EXPECT_EQ(find(d, RuleId::UnitScan), nullptr);
  gw.ask(54, 5, kReadHr, "");
  ASSERT_NE(find(d, RuleId::UnitScan), nullptr);
  EXPECT_NE(find(d, RuleId::UnitScan)->summary.find("3 unit ids asked within 10 s"),
            std::string::npos);
}

TEST(Recon, ThresholdsAreReadAndBounded) {
  const Policy builtin;
  EXPECT_EQ(builtin.thresholds.identity_survey, 5u);
  EXPECT_EQ(builtin.thresholds.unit_scan, 10u);
  const Policy p = parse_policy("[thresholds]\nidentity_survey = 8\nunit_scan = 40\n", "t.toml");
  EXPECT_EQ(p.thresholds.identity_survey, 8u);
  EXPECT_EQ(p.thresholds.unit_scan, 40u);
  const auto error = [](std::string_view text) {
    try {
      parse_policy(text, "t.toml");
    } catch (const PolicyError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // One unit is no sweep, and a threshold past every unit a protocol has could never fire.
  EXPECT_NE(error("[thresholds]\nunit_scan = 1\n").find("t.toml:2:"), std::string::npos);
  EXPECT_NE(error("[thresholds]\nunit_scan = 70000\n").find("thresholds.unit_scan"),
            std::string::npos);
  EXPECT_NE(error("[thresholds]\nidentity_survey = 0\n").find("thresholds.identity_survey"),
            std::string::npos);
  EXPECT_NE(error("[thresholds]\nidentity_surveys = 3\n").find("identity_surveys"),
            std::string::npos);
}

TEST(Recon, RulesSwitchedOffInThePolicyRaiseNothing) {
  Detector d(DetectorConfig{policy(R"([rules]
"recon.identity_survey" = { enabled = false }
"scan.units" = { enabled = false }
)"),
                            {},
                            false});
  Connection gw(d, "10.10.1.66", "10.10.1.30");
  for (int unit = 1; unit <= 30; ++unit)
    gw.ask(unit, static_cast<std::uint8_t>(unit), kReportServerId, kGatewayNoPath);
  EXPECT_EQ(alert_lines(d), Lines{});
}

}  // namespace
}  // namespace otscope::detection
