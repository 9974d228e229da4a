// The behaviours the public ICS rule sets (Digital Bond Quickdraw, Snort's and Suricata's Modbus
// and DNP3 decoder rules) were written to catch, one test each where no other test shows it
// raising our rule: docs/rule-coverage.md names these tests. Modbus conversations are real ADUs
// through the Modbus session; DNP3 ones are the events its session reports.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/detection/detector.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/dnp3/session.h"
#include "protocols/modbus/modbus.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/detection/modbus_conversation.h"
#include "tests/dnp3/dnp3_fixtures.h"

namespace otscope::detection {
namespace {

using test::alert_lines;
using test::at;
using test::flow;
using test::request;
using test::response;
using Conversation = test::ModbusConversation;
using Lines = std::vector<std::string>;

std::shared_ptr<const Policy> policy(std::string_view text) {
  return std::make_shared<const Policy>(parse_policy(text, "test.toml"));
}

const std::string kReadHr = "03 0000 0001";
const std::string kHrAnswer = "03 02 002a";

// --- Quickdraw Modbus TCP -----------------------------------------------------------------------

TEST(PublicRules, ModbusDiagnosticsThatChangeTheDevice) {
  // Force Listen Only Mode (08/04: the device stops answering), Restart Communications Option
  // (08/01), Clear Counters and Diagnostic Register (08/0A).
  Detector d;
  Conversation c(d, "10.10.1.66", "10.10.1.20");
  c.ask(1, 1, "08 0001 0000", "08 0001 0000");
  c.ask(2, 1, "08 000a 0000", "08 000a 0000");
  c.ask(3, 1, "08 0004 0000", "");
  EXPECT_EQ(alert_lines(d), (Lines{"modbus.clear_counters 10.10.1.66>10.10.1.20 x1",
                                   "modbus.force_listen_only 10.10.1.66>10.10.1.20 x1",
                                   "modbus.restart_communications 10.10.1.66>10.10.1.20 x1"}));
  // An echo test (08/00) and a counter read (08/0B) change nothing and raise nothing.
  Detector quiet;
  Conversation q(quiet, "10.10.1.10", "10.10.1.20");
  q.ask(1, 1, "08 0000 a537", "08 0000 a537");
  q.ask(2, 1, "08 000b 0000", "08 000b 0003");
  EXPECT_EQ(alert_lines(quiet), Lines{});
}

TEST(PublicRules, ModbusLengthThatDoesNotFitTheFunction) {
  // Incorrect Packet Length: an MBAP length that leaves a read without its quantity.
  Detector d;
  Conversation c(d, "10.10.1.66", "10.10.1.20");
  c.ask(1, 1, "03 0000", "");
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.malformed 10.10.1.66>10.10.1.20 x1"}));
  // A value out of its range (Suricata "invalid value"): 300 registers, 125 at most.
  c.ask(2, 1, "03 0000 012c", "");
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.malformed 10.10.1.66>10.10.1.20 x2"}));
  EXPECT_EQ(d.alerts().at(0).evidence.size(), 2u);
}

TEST(PublicRules, ModbusOversizedFrameAndWrongProtocolId) {
  // Illegal Packet Size: an MBAP header announcing 304 bytes (an ADU has at most 260);
  // Snort 144:2 / Suricata invalid protocol id: protocol id 1 in an established Modbus flow.
  Detector d;
  Conversation c(d, "10.10.1.66", "10.10.1.20");
  c.ask(1, 1, kReadHr, kHrAnswer);
  std::vector<std::uint8_t> big = {0x00, 0x02, 0x00, 0x00, 0x01, 0x30, 0x01, 0x10};
  big.resize(6 + 0x130, 0x00);
  c.send_raw(2, big);
  c.close(3);
  EXPECT_EQ(alert_lines(d), (Lines{"anomaly.malformed 10.10.1.66>10.10.1.20 x1"}));
  EXPECT_EQ(d.alerts().at(0).function_text(), "modbus.invalid_mbap");

  Detector p;
  Conversation c2(p, "10.10.1.66", "10.10.1.20");
  c2.ask(1, 1, kReadHr, kHrAnswer);
  c2.send_raw(2, {0x00, 0x03, 0x00, 0x01, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01});
  c2.close(3);
  EXPECT_EQ(alert_lines(p), (Lines{"anomaly.malformed 10.10.1.66>10.10.1.20 x1"}));
  EXPECT_EQ(p.alerts().at(0).function_text(), "modbus.invalid_mbap");
}

TEST(PublicRules, ModbusBusyAndAcknowledgeExceptionsWithQuickdrawsCount) {
  // Slave Device Busy (06) and Acknowledge (05) Exception Code Delay: three in 60 s. Ours counts
  // every exception of one device to one client; the policy sets Quickdraw's count.
  const auto run = [](const std::string& exception) {
    Detector d(DetectorConfig{policy("[thresholds]\nexception_burst = 3\n"), {}, false});
    Conversation c(d, "10.10.1.10", "10.10.1.20");
    for (int i = 0; i < 2; ++i) c.ask(i * 10, 1, kReadHr, exception);
    EXPECT_EQ(alert_lines(d), Lines{});
    c.ask(25, 1, kReadHr, exception);
    return alert_lines(d);
  };
  EXPECT_EQ(run("83 06"), (Lines{"anomaly.exception_burst 10.10.1.10>10.10.1.20 x1"}));
  EXPECT_EQ(run("83 05"), (Lines{"anomaly.exception_burst 10.10.1.10>10.10.1.20 x1"}));
}

TEST(PublicRules, ModbusPointsListScan) {
  // Reads of registers the device does not have, refused with exception 02: five distinct ones.
  Detector d;
  Conversation c(d, "10.10.1.66", "10.10.1.20");
  for (int i = 0; i < 5; ++i) {
    char pdu[16];
    std::snprintf(pdu, sizeof pdu, "03 %04x 0001", 0x1000 * (i + 1));
    c.ask(i, 1, pdu, "83 02");
  }
  EXPECT_EQ(alert_lines(d), (Lines{"scan.addresses 10.10.1.66>10.10.1.20 x1"}));
}

TEST(PublicRules, ModbusFunctionCodeScan) {
  // A user-defined code and public ones the device refuses with exception 01: five distinct.
  const char* codes[] = {"41", "07", "0b", "0c", "11"};
  // Answers: each code with the exception bit and exception 01.
  Detector scan;
  Conversation s(scan, "10.10.1.66", "10.10.1.20");
  for (int i = 0; i < 5; ++i) {
    const int fc = std::stoi(codes[i], nullptr, 16);
    char answer[8];
    std::snprintf(answer, sizeof answer, "%02x 01", fc | 0x80);
    s.ask(i, 1, codes[i], answer);
  }
  EXPECT_EQ(alert_lines(scan), (Lines{"scan.function_codes 10.10.1.66>10.10.1.20 x1"}));
}

TEST(PublicRules, ModbusUnauthorisedReadAndWrite) {
  // Quickdraw's MODBUS_CLIENT list is the policy's masters.
  Detector d(DetectorConfig{policy("[modbus]\nmasters = [\"10.10.1.10\"]\n"), {}, false});
  Conversation hmi(d, "10.10.1.10", "10.10.1.20");
  Conversation intruder(d, "10.10.1.66", "10.10.1.20");
  hmi.ask(1, 1, kReadHr, kHrAnswer);
  hmi.ask(2, 1, "06 0064 0001", "06 0064 0001");
  intruder.ask(3, 1, kReadHr, kHrAnswer);
  intruder.ask(4, 1, "06 0064 0000", "06 0064 0000");
  EXPECT_EQ(alert_lines(d), (Lines{"command.unauthorised_write 10.10.1.66>10.10.1.20 x1",
                                   "policy.unauthorised_master 10.10.1.66>10.10.1.20 x2"}));
}

// --- Quickdraw DNP3 -----------------------------------------------------------------------------

MessageEvent dnp3_request(std::uint32_t function, std::string_view name, OpClass op,
                          std::string detail = {}) {
  MessageEvent ev = request(dnp3::kProtocol, function, name, op, std::move(detail));
  ev.unit = 10;
  return ev;
}

TEST(PublicRules, Dnp3UnauthorisedWriteAndMiscellaneousRequests) {
  // Quickdraw's DNP3_CLIENT list is the policy's masters: an operate from another host is an
  // unauthorised control, any request from it an unauthorised master.
  Detector d(DetectorConfig{policy("[dnp3]\nmasters = [\"10.10.20.5\"]\n"), {}, false});
  const FlowInfo scada = flow("10.10.20.5", "10.10.20.21", 20000);
  const FlowInfo intruder = flow("10.10.20.66", "10.10.20.21", 20000);
  d.on_message(scada, at(1), dnp3_request(5, "DIRECT_OPERATE", OpClass::Control, "g12v1"));
  d.on_message(intruder, at(2), dnp3_request(5, "DIRECT_OPERATE", OpClass::Control, "g12v1"));
  d.on_message(intruder, at(3), dnp3_request(7, "IMMED_FREEZE", OpClass::Other, "g20v0"));
  EXPECT_EQ(alert_lines(d), (Lines{"command.unauthorised_control 10.10.20.66>10.10.20.21 x1",
                                   "policy.unauthorised_master 10.10.20.66>10.10.20.21 x2"}));
}

TEST(PublicRules, Dnp3PointsListAndFunctionCodeScans) {
  // Points List Scan: IIN2.1/2.2 (object unknown, parameter error) answers; Function Code Scan:
  // IIN2.0 (function not supported) answers to distinct codes.
  Detector points(DetectorConfig{policy("[thresholds]\nexception_burst = 5\n"), {}, false});
  const FlowInfo f = flow("10.10.20.66", "10.10.20.21", 20000);
  for (int i = 0; i < 5; ++i) {
    MessageEvent answer =
        response(dnp3_request(1, "READ", OpClass::Read, "g" + std::to_string(100 + i)), 0x0200,
                 ExceptionKind::BadAddress);
    points.on_message(f, at(i), answer);
  }
  EXPECT_EQ(alert_lines(points), (Lines{"anomaly.exception_burst 10.10.20.66>10.10.20.21 x1"}));

  Detector functions;
  for (std::uint32_t fc = 40; fc < 45; ++fc)
    functions.on_message(f, at(fc),
                         response(dnp3_request(fc, "unknown", OpClass::Other), 0x0100,
                                  ExceptionKind::UnsupportedFunction));
  EXPECT_EQ(alert_lines(functions), (Lines{"scan.function_codes 10.10.20.66>10.10.20.21 x1"}));
}

// --- DNP3 decoder rules (Snort GID 145, Suricata 227xxxx) ----------------------------------------

/// A DNP3 master (3) at 10.10.20.5 talking to outstation 4, as link frames through the session.
class Dnp3Conversation {
 public:
  explicit Dnp3Conversation(Detector& d)
      : flow_(flow("10.10.20.5", "10.10.20.21", 20000)), sink_(d), session_(flow_, sink_) {}
  void master(double seconds, const std::vector<std::uint8_t>& frames) {
    sink_.meta = at(seconds, ++frame_);
    session_.on_data(Direction::AtoB, frames, sink_.meta);
  }
  static std::vector<std::uint8_t> fragment(const std::vector<std::uint8_t>& app,
                                            std::size_t segment = 249) {
    return dnp3::test::fragment_frames(dnp3::test::kFromMaster, 4, 3, app, 0, segment);
  }

 private:
  FlowInfo flow_;
  test::DetectorSink sink_;
  dnp3::Dnp3Session session_;
  std::uint64_t frame_ = 0;
};

TEST(PublicRules, Dnp3DecoderErrorsBecomeAlerts) {
  Detector d;
  Dnp3Conversation c(d);
  // A WRITE of an object group DNP3 does not define (Suricata "unknown object").
  c.master(1, Dnp3Conversation::fragment(otscope::test::hex("c1 02 fe 01 00 00 00 ff")));
  // A READ whose frame has a corrupted data block (Snort 145:1, Suricata bad CRC).
  std::vector<std::uint8_t> bad = Dnp3Conversation::fragment(otscope::test::hex("c2 01 3c 02 06"));
  bad[12] ^= 0x01;
  c.master(2, bad);
  // A fragment past the 16 KiB reassembly limit (Suricata "too long reassembly").
  std::vector<std::uint8_t> huge = otscope::test::hex("c3 02 32 01 07 01");
  huge.resize(17000, 0x00);
  c.master(3, Dnp3Conversation::fragment(huge));
  const Alert* malformed = nullptr;
  const Alert* crc = nullptr;
  for (const Alert& a : d.alerts()) {
    if (a.rule == RuleId::Malformed) malformed = &a;
    if (a.rule == RuleId::CrcError) crc = &a;
  }
  ASSERT_NE(malformed, nullptr);
  ASSERT_NE(crc, nullptr);
  EXPECT_NE(malformed->function_text().find("dnp3.unknown_object"), std::string::npos)
      << malformed->function_text();
  EXPECT_NE(malformed->function_text().find("dnp3.fragment_too_large"), std::string::npos)
      << malformed->function_text();
}

}  // namespace
}  // namespace otscope::detection
