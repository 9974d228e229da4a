// The detector on hand-made event sequences: which alerts each situation raises, and which it
// must not.
#include "engine/detection/detector.h"

#include <gtest/gtest.h>

#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/codes.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/codes.h"
#include "protocols/s7/s7.h"
#include "tests/detection/detection_fixtures.h"

namespace otscope::detection {
namespace {

using test::alert_lines;
using test::anomaly;
using test::at;
using test::flow;
using test::ip;
using test::request;
using test::response;
using Lines = std::vector<std::string>;

std::shared_ptr<const Policy> policy(std::string_view text) {
  return std::make_shared<const Policy>(parse_policy(text, "test.toml"));
}

MessageEvent read_hr(std::uint32_t start = 0, std::uint32_t count = 10) {
  return request(modbus::kProtocol, 3, "Read Holding Registers", OpClass::Read, {},
                 {{"holding_register", start, count}});
}
MessageEvent write_hr(std::uint32_t start, std::uint32_t count = 1) {
  return request(modbus::kProtocol, 16, "Write Multiple Registers", OpClass::Write, {},
                 {{"holding_register", start, count}});
}
MessageEvent plc_stop() {
  MessageEvent ev =
      request(s7::kS7comm, s7::fn::kPlcStop, "PLC Stop", OpClass::ModeChange, "P_PROGRAM");
  ev.command = &s7::kPlcStop;
  return ev;
}

const FlowInfo kHmi = flow("10.10.1.10", "10.10.1.20");
const FlowInfo kIntruder = flow("10.10.1.66", "10.10.1.20");

TEST(Detector, NormalPollingRaisesNothing) {
  Detector d;
  for (int i = 0; i < 100; ++i) {
    d.on_message(kHmi, at(i), read_hr());
    d.on_message(kHmi, at(i + 0.01), response(read_hr()));
  }
  EXPECT_TRUE(d.alerts().empty());
  EXPECT_EQ(d.take_raised(), 0u);
}

TEST(Detector, DangerousCommandsAlwaysAlertAndAggregate) {
  Detector d;
  const FlowInfo ews = flow("10.10.1.11", "10.10.1.40", 102);
  d.on_message(ews, at(1, 10), plc_stop());
  d.on_message(ews, at(2, 20), response(plc_stop()));  // the acknowledgement is not a second stop
  d.on_message(ews, at(5, 30), plc_stop());
  ASSERT_EQ(alert_lines(d), (Lines{"s7.plc_stop 10.10.1.11>10.10.1.40 x2"}));
  const Alert& a = d.alerts().front();
  EXPECT_EQ(a.severity, Severity::Critical);
  EXPECT_EQ(a.protocol, s7::kS7comm);
  EXPECT_EQ(a.function_text(), "PLC Stop");
  EXPECT_EQ(a.first_seen_us, at(1).ts_us);
  EXPECT_EQ(a.last_seen_us, at(5).ts_us);
  ASSERT_EQ(a.evidence.size(), 2u);
  EXPECT_EQ(a.evidence[0].frame, 10u);
  EXPECT_EQ(a.evidence[1].frame, 30u);
  EXPECT_EQ(a.evidence[0].summary, "PLC Stop request");
  EXPECT_EQ(a.summary, "10.10.1.11 -> 10.10.1.40: PLC Stop request");
  EXPECT_EQ(d.take_raised(), 1u);
  EXPECT_EQ(d.take_raised(), 0u);
}

TEST(Detector, EngineeringStationsKeepTheRecordAtLowSeverity) {
  DetectorConfig c;
  c.policy = policy("[s7comm]\nengineering = [\"10.10.1.11\"]\n");
  Detector d(c);
  d.on_message(flow("10.10.1.11", "10.10.1.40", 102), at(1), plc_stop());
  d.on_message(flow("10.10.1.66", "10.10.1.40", 102), at(2), plc_stop());
  ASSERT_EQ(d.alerts().size(), 3u);
  EXPECT_EQ(alert_lines(d), (Lines{"policy.unauthorised_master 10.10.1.66>10.10.1.40 x1",
                                   "s7.plc_stop 10.10.1.11>10.10.1.40 x1",
                                   "s7.plc_stop 10.10.1.66>10.10.1.40 x1"}));
  EXPECT_EQ(d.alerts()[0].severity, Severity::Low);
  EXPECT_EQ(d.alerts()[0].summary,
            "10.10.1.11 -> 10.10.1.40: from an engineering station: PLC Stop request");
  EXPECT_EQ(d.alerts()[2].severity, Severity::Critical);
}

TEST(Detector, WritesWithoutPolicyOrBaselineAreUnverified) {
  Detector d;
  d.on_message(kHmi, at(1), write_hr(100));
  d.on_message(kHmi, at(2), write_hr(101));
  const MessageEvent control =
      request(dnp3::kProtocol, 5, "DIRECT_OPERATE", OpClass::Control, "g12v1");
  d.on_message(flow("10.10.20.5", "10.10.20.21", 20000), at(3), control);
  // A master's time synchronisation is housekeeping, not a process write.
  MessageEvent time_sync = request(dnp3::kProtocol, 2, "WRITE", OpClass::Write, "g50v1");
  time_sync.housekeeping = true;
  d.on_message(flow("10.10.20.5", "10.10.20.21", 20000), at(4), time_sync);
  EXPECT_EQ(alert_lines(d), (Lines{"command.unverified_control 10.10.20.5>10.10.20.21 x1",
                                   "command.unverified_write 10.10.1.10>10.10.1.20 x2"}));
  EXPECT_EQ(d.alerts()[0].severity, Severity::Low);
}

TEST(Detector, PolicyMastersDecideWhoMayWrite) {
  DetectorConfig c;
  c.policy = policy(
      "[modbus]\nmasters = [\"10.10.1.10\"]\nallowed_functions = [3, 16, 43]\n"
      "[[modbus.write_ranges]]\nserver = \"10.10.1.20\"\nspace = \"holding_register\"\n"
      "start = 100\ncount = 10\n");
  Detector d(c);
  d.on_message(kHmi, at(1), read_hr());
  d.on_message(kHmi, at(2), write_hr(100, 10));  // inside the allowed range: quiet
  d.on_message(kHmi, at(3), write_hr(200));      // outside
  d.on_message(kHmi, at(4),
               request(modbus::kProtocol, 5, "Write Single Coil", OpClass::Write, {},
                       {{"coil", 0, 1}}));  // not an allowed function
  d.on_message(kIntruder, at(5), read_hr());
  d.on_message(kIntruder, at(6), write_hr(100));
  d.on_message(kIntruder, at(7),
               request(modbus::kProtocol, 43, "Encapsulated Interface Transport",
                       OpClass::Identification, "Read Device Identification"));
  EXPECT_EQ(alert_lines(d), (Lines{"command.unauthorised_write 10.10.1.66>10.10.1.20 x1",
                                   "policy.function_not_allowed 10.10.1.10>10.10.1.20 x1",
                                   "policy.unauthorised_master 10.10.1.66>10.10.1.20 x3",
                                   "policy.write_outside_range 10.10.1.10>10.10.1.20 x1",
                                   "recon.identification 10.10.1.66>10.10.1.20 x1"}));
}

TEST(Detector, PlainReadsAreStillJudgedByAPolicyThatLimitsFunctions) {
  // No baseline and no list of masters: a read is checked against the allowed functions only.
  DetectorConfig c;
  c.policy = policy("[modbus]\nallowed_functions = [3]\n");
  Detector d(c);
  for (int i = 0; i < 3; ++i) d.on_message(kHmi, at(i), read_hr());  // allowed
  d.on_message(kHmi, at(4),
               request(modbus::kProtocol, 4, "Read Input Registers", OpClass::Read, {},
                       {{"input_register", 0, 1}}));
  d.on_message(kHmi, at(5), read_hr());
  EXPECT_EQ(alert_lines(d), (Lines{"policy.function_not_allowed 10.10.1.10>10.10.1.20 x1"}));
}

TEST(Detector, AFunctionIsJudgedByTheClassOfEachRequest) {
  // Function 43 reads the device identification (MEI 14) or carries something else: the same
  // code classified differently is judged anew each time.
  Detector d;
  auto mei = [](OpClass op, const char* detail) {
    return request(modbus::kProtocol, 43, "Encapsulated Interface Transport", op, detail);
  };
  d.on_message(kHmi, at(1), mei(OpClass::Other, ""));
  d.on_message(kHmi, at(2), mei(OpClass::Write, ""));
  d.on_message(kHmi, at(3), mei(OpClass::Other, ""));
  d.on_message(kHmi, at(4), mei(OpClass::Write, ""));
  EXPECT_EQ(alert_lines(d), (Lines{"command.unverified_write 10.10.1.10>10.10.1.20 x2"}));
}

TEST(Detector, LearningPeriodThenEnforcement) {
  DetectorConfig c;
  c.policy = policy("[learning]\nduration = \"10s\"\n");
  Detector d(c);
  for (int i = 0; i < 10; ++i) d.on_message(kHmi, at(i), read_hr());
  d.on_message(kHmi, at(5), write_hr(100, 2));
  EXPECT_EQ(d.phase(), BaselinePhase::Learning);
  EXPECT_TRUE(d.alerts().empty());

  d.on_message(kHmi, at(11), read_hr());      // known
  d.on_message(kHmi, at(12), write_hr(101));  // known function, inside the learned range
  EXPECT_EQ(d.phase(), BaselinePhase::Enforcing);
  EXPECT_EQ(d.learning_ended_us(), at(10).ts_us);
  EXPECT_TRUE(d.alerts().empty());

  d.on_message(kHmi, at(13), write_hr(300));  // a range it never wrote
  d.on_message(kHmi, at(14),
               request(modbus::kProtocol, 1, "Read Coils", OpClass::Read, {},
                       {{"coil", 0, 8}}));  // a function it never used
  PathKey other_unit_path;
  MessageEvent unit3 = read_hr();
  unit3.unit = 3;
  d.on_message(kHmi, at(15), unit3);  // a unit it never addressed
  d.on_message(kIntruder, at(16), read_hr());
  d.on_message(kIntruder, at(17), write_hr(100));
  d.on_message(flow("10.10.1.10", "10.10.1.99"), at(18), read_hr());  // a device never seen
  EXPECT_EQ(alert_lines(d), (Lines{"baseline.new_asset 10.10.1.10>10.10.1.99 x1",
                                   "baseline.new_function 10.10.1.10>10.10.1.20 x1",
                                   "baseline.new_link 10.10.1.10>10.10.1.20 x1",
                                   "baseline.new_link 10.10.1.10>10.10.1.99 x1",
                                   "baseline.new_master 10.10.1.66>10.10.1.20 x2",
                                   "baseline.new_write_range 10.10.1.10>10.10.1.20 x1",
                                   "command.unauthorised_write 10.10.1.66>10.10.1.20 x1"}));
  EXPECT_EQ(d.learned().function_count(), 2u);
  (void)other_unit_path;
}

TEST(Detector, StoredBaselineIsEnforcedAndMakesKnownCommandsLow) {
  DetectorConfig c;
  c.baseline.learn({modbus::kProtocol, ip("10.10.1.10"), ip("10.10.1.20"), 1}, 3,
                   "Read Holding Registers", RangeList{{"holding_register", 0, 10}}, 1);
  c.baseline.learn({s7::kS7comm, ip("10.10.1.11"), ip("10.10.1.40"), 1}, s7::fn::kPlcStop,
                   "PLC Stop", {}, 1);
  Detector d(c);
  d.on_message(kHmi, at(1), read_hr());
  d.on_message(flow("10.10.1.11", "10.10.1.40", 102), at(2), plc_stop());
  EXPECT_EQ(alert_lines(d), (Lines{"s7.plc_stop 10.10.1.11>10.10.1.40 x1"}));
  EXPECT_EQ(d.alerts()[0].severity, Severity::Low);
  EXPECT_EQ(d.phase(), BaselinePhase::Enforcing);

  // "off" ignores the stored baseline.
  c.policy = policy("[learning]\nmode = \"off\"\n");
  Detector off(c);
  off.on_message(kIntruder, at(1), read_hr());
  EXPECT_TRUE(off.alerts().empty());
}

TEST(Detector, UnknownUnitsMatchAnyUnitOfTheSamePair) {
  // S7 connections picked up after their COTP connect carry no rack/slot (unit -1).
  const FlowInfo ews = flow("10.10.1.11", "10.10.1.40", 102);
  MessageEvent read = request(s7::kS7comm, 4, "Read Var", OpClass::Read);
  DetectorConfig learned_without_unit;
  learned_without_unit.baseline.learn({s7::kS7comm, ip("10.10.1.11"), ip("10.10.1.40"), -1}, 4,
                                      "Read Var", {}, 1);
  Detector a(learned_without_unit);
  read.unit = 2;
  a.on_message(ews, at(1), read);
  EXPECT_TRUE(a.alerts().empty());

  DetectorConfig learned_with_unit;
  learned_with_unit.baseline.learn({s7::kS7comm, ip("10.10.1.11"), ip("10.10.1.40"), 2}, 4,
                                   "Read Var", {}, 1);
  Detector b(learned_with_unit);
  read.unit = -1;
  b.on_message(ews, at(1), read);
  EXPECT_TRUE(b.alerts().empty());
  read.unit = 3;  // a known unit is still required when the message names one
  b.on_message(ews, at(2), read);
  EXPECT_EQ(alert_lines(b), (Lines{"baseline.new_link 10.10.1.11>10.10.1.40 x1"}));
}

TEST(Detector, LearnOnlyRaisesNoBaselineAlertsAndLearnsEverything) {
  DetectorConfig c;
  c.learn_only = true;
  c.baseline.learn({modbus::kProtocol, ip("10.10.1.10"), ip("10.10.1.20"), 1}, 3, "Read", {}, 1);
  Detector d(c);
  d.on_message(kIntruder, at(1), write_hr(5));
  EXPECT_TRUE(d.alerts().empty());
  EXPECT_EQ(d.learned().path_count(), 1u);
  EXPECT_TRUE(d.learned().knows_client(modbus::kProtocol, ip("10.10.1.66")));
}

TEST(Detector, FunctionCodeScanTakesPrecedenceOverTheExceptionBurst) {
  Detector d;
  for (std::uint32_t fc = 1; fc <= 40; ++fc) {
    const auto info = modbus::function_info(static_cast<std::uint8_t>(fc));
    MessageEvent req = request(modbus::kProtocol, fc, info.name, info.op);
    req.undefined_function = info.kind != modbus::FunctionKind::Public;
    d.on_message(kIntruder, at(fc * 0.05), req);
    if (info.kind != modbus::FunctionKind::Public || fc > 6)
      d.on_message(kIntruder, at(fc * 0.05 + 0.01),
                   response(req, 1, ExceptionKind::UnsupportedFunction));
  }
  Lines lines = alert_lines(d);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front().rfind("command.unverified_write 10.10.1.66>10.10.1.20", 0), 0u);
  EXPECT_EQ(lines.back().rfind("scan.function_codes 10.10.1.66>10.10.1.20", 0), 0u);
  EXPECT_EQ(lines.size(), 2u) << "no exception burst besides the scan";
}

TEST(Detector, ScanNeedsEnoughDistinctCodesWithinTheWindow) {
  Detector d;
  // The same undefined code many times is not a scan, nor are five codes spread over an hour.
  auto user = [](std::uint32_t fc) {
    MessageEvent ev = request(modbus::kProtocol, fc, "User", OpClass::Other);
    ev.undefined_function = true;
    return ev;
  };
  for (int i = 0; i < 20; ++i) d.on_message(kIntruder, at(i), user(100));
  for (std::uint32_t fc = 101; fc <= 105; ++fc)
    d.on_message(kIntruder, at(100 + (fc - 100) * 900.0), user(fc));
  EXPECT_TRUE(d.alerts().empty());
}

TEST(Detector, ExceptionBurstAndAddressScan) {
  Detector d;
  const FlowInfo gw = flow("10.10.1.10", "10.10.1.30");
  for (int i = 0; i < 9; ++i) d.on_message(gw, at(i), response(read_hr(), 0x0B));
  EXPECT_TRUE(d.alerts().empty());  // nine gateway timeouts in a minute: below the threshold
  d.on_message(gw, at(9.5), response(read_hr(), 0x0B));
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.exception_burst 10.10.1.10>10.10.1.30 x1"}));

  Detector scan;
  for (std::uint32_t i = 0; i < 6; ++i)
    scan.on_message(kIntruder, at(i), response(read_hr(1000 * i, 1), 2, ExceptionKind::BadAddress));
  EXPECT_EQ(alert_lines(scan), (Lines{"scan.addresses 10.10.1.66>10.10.1.20 x2"}));
}

TEST(Detector, ResponsesWithoutRequestCountOnlyOnFullyCapturedConnections) {
  Detector d;
  const FlowInfo midstream = flow("10.10.1.10", "10.10.1.20", 502, false);
  const FlowInfo full = flow("10.10.1.10", "10.10.1.21", 502, true);
  const auto orphan = anomaly(modbus::kProtocol, "modbus.response_without_request", false,
                              Direction::BtoA, AnomalyClass::ResponseWithoutRequest);
  for (int i = 0; i < 5; ++i) d.on_anomaly(midstream, at(i), orphan);
  EXPECT_TRUE(d.alerts().empty());
  for (int i = 0; i < 2; ++i) d.on_anomaly(full, at(i), orphan);
  EXPECT_TRUE(d.alerts().empty());
  d.on_anomaly(full, at(3), orphan);
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.response_without_request 10.10.1.21>10.10.1.10 x1"}));
}

TEST(Detector, AnomaliesBecomeAlerts) {
  Detector d;
  const FlowInfo f = flow("10.0.0.1", "10.0.0.2", 20000);
  d.on_anomaly(f, at(1), anomaly(dnp3::kProtocol, "dnp3.bad_qualifier", true));
  d.on_anomaly(f, at(2), anomaly(dnp3::kProtocol, "dnp3.unknown_function", true));
  d.on_anomaly(f, at(3),
               anomaly(dnp3::kProtocol, "dnp3.block_crc", true, Direction::AtoB,
                       AnomalyClass::ChecksumError));
  d.on_anomaly(
      f, at(4),
      anomaly(dnp3::kProtocol, "dnp3.broadcast", false, Direction::AtoB, AnomalyClass::Broadcast));
  d.on_anomaly(f, at(5), anomaly(dnp3::kProtocol, "dnp3.unanswered_request", false));
  d.on_anomaly(flow("10.0.0.1", "10.0.0.3", 502), at(6),
               anomaly(modbus::kProtocol, "modbus.non_modbus_traffic", false, Direction::AtoB,
                       AnomalyClass::ForeignTraffic));
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.broadcast_request 10.0.0.1>10.0.0.2 x1",
                                   "anomaly.crc_error 10.0.0.1>10.0.0.2 x1",
                                   "anomaly.malformed 10.0.0.1>10.0.0.2 x2",
                                   "anomaly.non_ics_traffic 10.0.0.1>10.0.0.3 x1"}));
  const Alert* malformed = nullptr;
  for (const Alert& a : d.alerts())
    if (a.rule == RuleId::Malformed) malformed = &a;
  ASSERT_NE(malformed, nullptr);
  EXPECT_EQ(malformed->function_text(), "dnp3.bad_qualifier, dnp3.unknown_function");
}

TEST(Detector, RestartReportedByARunningOutstationOncePerRestart) {
  Detector d;
  const FlowInfo f = flow("10.10.20.5", "10.10.20.21", 20000);
  const MessageEvent poll = request(dnp3::kProtocol, 1, "READ", OpClass::Read, "g60v2");
  const auto restart = anomaly(dnp3::kProtocol, "dnp3.iin_device_restart", false, Direction::BtoA,
                               AnomalyClass::DeviceRestarted);
  // Restart bit in the first response seen: it restarted before the capture began.
  d.on_message(f, at(1), response(poll));
  d.on_anomaly(f, at(1), restart);
  EXPECT_TRUE(d.alerts().empty());
  d.on_message(f, at(2), poll);
  d.on_message(f, at(2.1), response(poll));
  d.on_anomaly(f, at(2.1), restart);  // still pending from before: nothing new either
  EXPECT_TRUE(d.alerts().empty());
  // The master clears IIN1.7; a later restart is news.
  MessageEvent clear_restart = request(dnp3::kProtocol, 2, "WRITE", OpClass::Write, "g80v1");
  clear_restart.housekeeping = true;
  d.on_message(f, at(3), clear_restart);
  d.on_message(f, at(9), response(poll));
  d.on_anomaly(f, at(9), restart);
  d.on_message(f, at(10), response(poll));
  d.on_anomaly(f, at(10), restart);
  EXPECT_EQ(alert_lines(d), (Lines{"device.restart_observed 10.10.20.21>10.10.20.5 x1"}));
}

TEST(Detector, UnsolicitedStorm) {
  Detector d;
  const FlowInfo f = flow("10.10.20.5", "10.10.20.22", 20000);
  MessageEvent unsol = request(dnp3::kProtocol, 0x82, "UNSOLICITED_RESPONSE", OpClass::Unsolicited);
  unsol.role = MessageRole::Unsolicited;
  unsol.dir = Direction::BtoA;
  for (int i = 0; i < 29; ++i) d.on_message(f, at(i * 2.0), unsol);  // 29 in a minute: fine
  EXPECT_TRUE(d.alerts().empty());
  for (int i = 0; i < 40; ++i) d.on_message(f, at(1000 + i * 0.5), unsol);
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.unsolicited_storm 10.10.20.22>10.10.20.5 x11"}));
}

ChangeRecord change(const char* ip_text, const char* field, const char* from, const char* to,
                    double seconds) {
  ChangeRecord c;
  c.ip = ip(ip_text);
  c.field = field;
  c.old_value = from;
  c.new_value = to;
  c.changed_us = at(seconds).ts_us;
  c.frame = static_cast<std::uint64_t>(seconds * 10);
  c.source = std::string(field) == "mac" ? "ethernet address of ip traffic" : "s7comm SZL 0x0011";
  return c;
}

TEST(Detector, InventoryChangesBecomeAlertsOnce) {
  Detector d;
  d.set_capture_name(0, "run.pcap");
  d.on_change(change("10.10.1.40", "firmware", "V3.2.6", "V3.3.0", 1));
  d.on_change(change("10.10.1.40", "firmware", "V3.2.6", "V3.3.0", 1));  // again, from the merge
  d.on_change(change("10.10.1.40", "serial", "S C-111", "S C-222", 2));
  d.on_change(change("10.10.1.40", "order_number", "6ES7 315-2EH14", "6ES7 315-2EH13", 3));
  d.on_change(change("10.10.1.1", "mac", "00:09:b7:3a:51:01", "e4:a7:a0:41:d7:f2", 4),
              "earlier.pcap");
  EXPECT_EQ(alert_lines(d),
            (Lines{"asset.firmware_changed 10.10.1.40 x1", "asset.identity_changed 10.10.1.40 x2",
                   "network.ip_conflict 10.10.1.1 x1"}));
  const Alert& fw = d.alerts()[0];
  EXPECT_EQ(fw.evidence[0].summary, "firmware V3.2.6 -> V3.3.0 (s7comm SZL 0x0011)");
  EXPECT_EQ(fw.evidence[0].capture, "run.pcap");
  EXPECT_EQ(fw.evidence[0].frame, 10u);
  EXPECT_EQ(fw.summary,
            "10.10.1.40: firmware changed: firmware V3.2.6 -> V3.3.0 (s7comm SZL 0x0011)");
  EXPECT_FALSE(fw.protocol.has_value());
  EXPECT_EQ(d.alerts()[2].evidence[0].capture, "earlier.pcap");
  EXPECT_EQ(d.alerts()[1].function_text(), "serial, order_number");
}

// An address that changes MAC while the old owner was active moments before is a conflict or
// spoofing (high); after its owner was silent past thresholds.address_reassigned_after, a
// reassignment (low). Both name the old and the new MAC with their vendors.
TEST(Detector, AnAddressReusedAfterALongSilenceIsReassignedNotAConflict) {
  const auto mac_change = [](const char* ip_text, double silent_seconds, double at_seconds) {
    ChangeRecord c = change(ip_text, "mac", "00:1b:1b:01:02:03", "00:80:f4:0a:0b:0c", at_seconds);
    c.old_last_seen_us = c.changed_us - static_cast<std::int64_t>(silent_seconds * 1e6);
    return c;
  };
  const auto vendors = [](const MacAddress& mac) -> std::string {
    if (mac.bytes[0] == 0x00 && mac.bytes[1] == 0x1b && mac.bytes[2] == 0x1b) return "Siemens AG";
    if (mac.bytes[0] == 0x00 && mac.bytes[1] == 0x80 && mac.bytes[2] == 0xf4)
      return "Telemecanique Electrique";
    return "";
  };
  Detector d;
  d.set_mac_vendors(vendors);
  d.on_change(mac_change("10.10.1.20", 20, 1000));                 // both alive: spoofing
  d.on_change(mac_change("10.10.1.21", 2 * 365 * 86400.0, 2000));  // years apart: reassigned
  d.on_change(mac_change("10.10.1.22", 3599, 3000));               // just under the hour
  EXPECT_EQ(alert_lines(d),
            (Lines{"network.address_reassigned 10.10.1.21 x1", "network.ip_conflict 10.10.1.20 x1",
                   "network.ip_conflict 10.10.1.22 x1"}));
  for (const Alert& a : d.alerts()) {
    const std::string& e = a.evidence[0].summary;
    EXPECT_NE(e.find("mac 00:1b:1b:01:02:03 (Siemens AG) -> 00:80:f4:0a:0b:0c (Telemecanique "
                     "Electrique)"),
              std::string::npos)
        << e;
    if (a.rule == RuleId::AddressReassigned) {
      EXPECT_EQ(a.severity, Severity::Low);
      EXPECT_NE(e.find("730 days before"), std::string::npos) << e;
    } else {
      EXPECT_EQ(a.severity, Severity::High);
    }
  }
  EXPECT_NE(d.alerts()[0].evidence[0].summary.find("20 s before"), std::string::npos)
      << d.alerts()[0].evidence[0].summary;

  // The window is the policy's.
  DetectorConfig c;
  c.policy = policy("[thresholds]\naddress_reassigned_after = \"10s\"\n");
  Detector strict(c);
  strict.on_change(mac_change("10.10.1.20", 20, 1000));
  EXPECT_EQ(alert_lines(strict), (Lines{"network.address_reassigned 10.10.1.20 x1"}));
}

TEST(Detector, DisabledAndRegradedRules) {
  DetectorConfig c;
  c.policy = policy(
      "[rules.\"command.unverified_write\"]\nenabled = false\n"
      "[rules.\"s7.plc_stop\"]\nseverity = \"high\"\n");
  Detector d(c);
  d.on_message(kHmi, at(1), write_hr(1));
  d.on_message(flow("10.10.1.11", "10.10.1.40", 102), at(2), plc_stop());
  EXPECT_EQ(alert_lines(d), (Lines{"s7.plc_stop 10.10.1.11>10.10.1.40 x1"}));
  EXPECT_EQ(d.alerts()[0].severity, Severity::High);
}

TEST(Detector, ChangesAreDeltas) {
  Detector d;
  const FlowInfo ews = flow("10.10.1.11", "10.10.1.40", 102);
  d.on_message(ews, at(1, 1), plc_stop());
  auto first = d.take_changes();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].raised);
  EXPECT_EQ(first[0].alert.count, 1u);
  EXPECT_EQ(first[0].alert.evidence.size(), 1u);
  ASSERT_EQ(first[0].alert.facts.size(), 1u);
  EXPECT_EQ(first[0].alert.facts[0].function, s7::fn::kPlcStop);
  EXPECT_TRUE(d.take_changes().empty());
  d.on_message(ews, at(2, 2), plc_stop());
  d.on_message(ews, at(3, 3), plc_stop());
  auto second = d.take_changes();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_FALSE(second[0].raised);
  EXPECT_EQ(second[0].alert.count, 2u);
  ASSERT_EQ(second[0].alert.evidence.size(), 2u);
  EXPECT_EQ(second[0].alert.evidence[0].frame, 2u);
  EXPECT_EQ(second[0].alert.first_seen_us, at(1).ts_us);
}

TEST(Detector, EvidenceIsBoundedButTheCountIsNot) {
  Detector d;
  d.set_capture_name(0, "plant.pcap");
  for (int i = 0; i < 1000; ++i)
    d.on_message(kHmi, at(i, static_cast<std::uint64_t>(i + 1)), write_hr(7));
  ASSERT_EQ(d.alerts().size(), 1u);
  EXPECT_EQ(d.alerts()[0].count, 1000u);
  EXPECT_EQ(d.alerts()[0].evidence.size(), Alert::kMaxEvidence);
  EXPECT_EQ(d.alerts()[0].evidence[0].capture, "plant.pcap");
}

}  // namespace
}  // namespace otscope::detection
