// The IEC 104 session as the engine sees it: one event per APDU with its role, operation class,
// common address, IOAs and the values a command sets; the command rules named on the controlling
// station's activations; sequence gaps; malformed APDUs; which end is the master.
#include "protocols/iec104/session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/iec104/iec104.h"
#include "tests/iec104/iec104_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::iec104 {
namespace {

using otscope::test::hex;
using test::RecordingSink;

constexpr Direction kToOutstation = Direction::AtoB;
constexpr Direction kFromOutstation = Direction::BtoA;

/// An I frame: N(S), N(R) and the ASDU in hex.
std::vector<std::uint8_t> i_frame(std::uint16_t ns, std::uint16_t nr, const std::string& asdu) {
  std::vector<std::uint8_t> out = {0x68,
                                   0,
                                   static_cast<std::uint8_t>(ns << 1),
                                   static_cast<std::uint8_t>(ns >> 7),
                                   static_cast<std::uint8_t>(nr << 1),
                                   static_cast<std::uint8_t>(nr >> 7)};
  const std::vector<std::uint8_t> a = hex(asdu);
  out.insert(out.end(), a.begin(), a.end());
  out[1] = static_cast<std::uint8_t>(out.size() - 2);
  return out;
}

// ASDUs for common address 37133 (0x910d).
const std::string kInterrogationAct = "640106000d9100000014";
const std::string kInterrogationCon = "640107000d9100000014";
const std::string kInterrogationTerm = "64010a000d9100000014";
const std::string kSinglePointsInrogen = "018314000d911a2700010001";  // IOA 10010..10012
const std::string kSingleCommandOn = "2d0106000d911a270001";          // execute ON at 10010
const std::string kSingleCommandCon = "2d0107000d911a270001";
const std::string kSpontaneousWithTime = "1e0103000d911a2700015530000101017a";
const std::string kResetProcessAsdu = "690106000d9100000001";    // QRP 1
const std::string kResetRefused = "690147000d9100000001";        // actcon, P/N set
const std::string kSetpointScaled = "310106000d91a00f00e80300";  // IOA 4000 = 1000, execute

class Iec104SessionTest : public ::testing::Test {
 protected:
  void send(Direction dir, const std::vector<std::uint8_t>& bytes) {
    PacketMeta meta;
    meta.frame = ++frame_;
    session_.on_data(dir, bytes, meta);
  }
  void send(Direction dir, const std::string& h) { send(dir, hex(h)); }
  const MessageEvent& last() const { return sink_.messages.back(); }

  FlowInfo flow_ = test::test_flow();
  RecordingSink sink_;
  Iec104Session session_{flow_, sink_};
  std::uint64_t frame_ = 0;
};

TEST_F(Iec104SessionTest, StartDataTransferIsSessionManagement) {
  send(kToOutstation, "680407000000");
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(last().function, 0x101u);
  EXPECT_EQ(last().function_key, 0x101u);
  EXPECT_EQ(last().function_name, "STARTDT act");
  EXPECT_EQ(last().role, MessageRole::Request);
  EXPECT_EQ(last().op, OpClass::Session);
  send(kFromOutstation, "68040b000000");
  EXPECT_EQ(last().function, 0x102u);
  EXPECT_EQ(last().role, MessageRole::Response);
  send(kFromOutstation, "680401000200");
  EXPECT_EQ(last().function, kSFunction);
  EXPECT_TRUE(last().mechanics);
  EXPECT_EQ(last().role, MessageRole::Response);
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(Iec104SessionTest, GeneralInterrogationIsARoutineRead) {
  send(kToOutstation, i_frame(0, 0, kInterrogationAct));
  const MessageEvent req = last();
  EXPECT_EQ(req.function, 100u);
  EXPECT_EQ(req.function_name, "C_IC_NA_1");
  EXPECT_EQ(req.role, MessageRole::Request);
  EXPECT_EQ(req.op, OpClass::Read);
  EXPECT_EQ(req.command, nullptr) << "a general interrogation is no alert";
  EXPECT_EQ(req.unit, 37133);
  EXPECT_EQ(req.sub_function, cot::kActivation);
  EXPECT_TRUE(req.ranges.empty()) << "IOA 0 of a station command is no data point";
  send(kFromOutstation, i_frame(0, 1, kInterrogationCon));
  EXPECT_EQ(last().role, MessageRole::Response);
  send(kFromOutstation, i_frame(1, 1, kSinglePointsInrogen));
  EXPECT_EQ(last().role, MessageRole::Response);
  EXPECT_EQ(last().op, OpClass::Read);
  ASSERT_EQ(last().ranges.size(), 1u);
  EXPECT_EQ(last().ranges[0], (AddressRange{"ioa", 10010, 3}));
  send(kFromOutstation, i_frame(2, 1, kInterrogationTerm));
  EXPECT_EQ(last().role, MessageRole::Response);
  EXPECT_TRUE(sink_.anomalies.empty());
  // The outstation's common address, once.
  ASSERT_EQ(sink_.identities.size(), 1u);
  EXPECT_EQ(sink_.identities[0].field, "iec104_common_address");
  EXPECT_EQ(sink_.identities[0].value, "37133");
  EXPECT_FALSE(sink_.identities[0].about_sender) << "the master's request names the outstation";
}

TEST_F(Iec104SessionTest, CommandsNameTheirRuleAndTheValuesTheySet) {
  send(kToOutstation, i_frame(0, 0, kSingleCommandOn));
  MessageEvent cmd = last();
  EXPECT_EQ(cmd.command, &kControlCommand);
  EXPECT_EQ(cmd.op, OpClass::Control);
  EXPECT_EQ(cmd.detail, "execute");
  ASSERT_EQ(cmd.values.size(), 1u);
  EXPECT_EQ(cmd.values[0].space, "ioa");
  EXPECT_EQ(cmd.values[0].address, 10010u);
  EXPECT_EQ(cmd.values[0].kind, ValueKind::Operation);
  EXPECT_EQ(cmd.values[0].value, 1);
  EXPECT_EQ(cmd.values[0].label, "ON");
  send(kFromOutstation, i_frame(0, 1, kSingleCommandCon));
  EXPECT_EQ(last().command, nullptr) << "a confirmation is no command";
  EXPECT_EQ(last().role, MessageRole::Response);
  EXPECT_EQ(last().detail, "execute");

  send(kToOutstation, i_frame(1, 1, kSetpointScaled));
  EXPECT_EQ(last().command, &kSetpointCommand);
  EXPECT_EQ(last().op, OpClass::Write);
  ASSERT_EQ(last().values.size(), 1u);
  EXPECT_EQ(last().values[0].kind, ValueKind::Number);
  EXPECT_EQ(last().values[0].address, 4000u);
  EXPECT_EQ(last().values[0].value, 1000);

  send(kToOutstation, i_frame(2, 1, kResetProcessAsdu));
  EXPECT_EQ(last().command, &iec104::kResetProcess);
  EXPECT_EQ(last().detail, "general reset of process");
  send(kFromOutstation, i_frame(1, 3, kResetRefused));
  EXPECT_TRUE(last().exception);
  EXPECT_EQ(last().exception_name, "negative confirmation");
  EXPECT_EQ(last().command, nullptr);
}

TEST_F(Iec104SessionTest, ParameterChangeSetsItsValue) {
  // P_ME_NC_1 act: threshold 2.5 at IOA 7001, QPM 1 (threshold value): no select/execute.
  send(kToOutstation, i_frame(0, 0,
                              "700106000d91591b0000002040"
                              "01"));
  EXPECT_EQ(last().function_name, "P_ME_NC_1");
  EXPECT_EQ(last().command, &kParameterChange);
  EXPECT_EQ(last().op, OpClass::Configuration);
  EXPECT_EQ(last().detail, "");
  ASSERT_EQ(last().values.size(), 1u);
  EXPECT_EQ(last().values[0].address, 7001u);
  EXPECT_EQ(last().values[0].value, 2.5);
}

TEST_F(Iec104SessionTest, SpontaneousDataIsUnsolicited) {
  send(kFromOutstation, i_frame(0, 0, kSpontaneousWithTime));
  EXPECT_EQ(last().function_name, "M_SP_TB_1");
  EXPECT_EQ(last().role, MessageRole::Unsolicited);
  EXPECT_EQ(last().op, OpClass::Unsolicited);
  EXPECT_TRUE(sink_.identities.at(0).about_sender);
}

TEST_F(Iec104SessionTest, SequenceGapsAndRepeatsAreAnomalies) {
  send(kFromOutstation, i_frame(7, 0, kSpontaneousWithTime));
  send(kFromOutstation, i_frame(8, 0, kSpontaneousWithTime));
  EXPECT_TRUE(sink_.anomalies.empty());
  send(kFromOutstation, i_frame(11, 0, kSpontaneousWithTime));
  ASSERT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 1u);
  EXPECT_NE(sink_.anomalies[0].detail.find("2 I frames missing"), std::string::npos)
      << sink_.anomalies[0].detail;
  EXPECT_FALSE(sink_.anomalies[0].malformed);
  send(kFromOutstation, i_frame(11, 0, kSpontaneousWithTime));
  EXPECT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 2u);
  EXPECT_NE(sink_.anomalies[1].detail.find("repeated"), std::string::npos);
  // Each direction counts its own; a capture gap forgets what was due.
  send(kToOutstation, i_frame(40, 12, kInterrogationAct));
  EXPECT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 2u);
  PacketMeta meta;
  session_.on_gap(kFromOutstation, 100, meta);
  send(kFromOutstation, i_frame(30, 41, kSpontaneousWithTime));
  EXPECT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 2u);
  // N(S) wraps at 32768.
  send(kToOutstation, i_frame(32767, 12, kInterrogationAct));  // a gap from 41
  send(kToOutstation, i_frame(0, 12, kInterrogationAct));
  EXPECT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 3u);
}

TEST_F(Iec104SessionTest, AcknowledgementsNeverGoBack) {
  send(kToOutstation, i_frame(0, 5, kInterrogationAct));
  send(kToOutstation, "680401000a00");  // S, N(R) 5 again: usual
  send(kToOutstation, "680401000e00");  // S, N(R) 7
  EXPECT_TRUE(sink_.anomalies.empty());
  send(kToOutstation, "680401000600");  // S, N(R) 3
  ASSERT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 1u);
  EXPECT_NE(sink_.anomalies[0].detail.find("went back"), std::string::npos)
      << sink_.anomalies[0].detail;
  EXPECT_EQ(sink_.anomalies[0].rule, &kSequenceGap);
  // N(R) wraps at 32768.
  send(kToOutstation, "68040100feff");  // S, N(R) 32767
  send(kToOutstation, "680401000200");  // S, N(R) 1
  EXPECT_EQ(sink_.count_anomalies("iec104.sequence_gap"), 2u) << "32767 after 3 went back";
}

TEST_F(Iec104SessionTest, MalformedApdusAreCountedNotDecoded) {
  send(kToOutstation, "680417000000");                  // two U functions
  send(kToOutstation, "0303036801131313680443000000");  // garbage, then TESTFR act
  EXPECT_EQ(sink_.count_anomalies("iec104.bad_u_function"), 1u);
  EXPECT_EQ(sink_.count_anomalies("iec104.bad_start"), 1u);
  EXPECT_EQ(sink_.malformed(), 2u);
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(last().function_name, "TESTFR act");
}

TEST(Iec104SessionRoles, WithoutThePortTheBehaviourTellsTheMaster) {
  FlowInfo flow = test::test_flow();
  flow.b.port = 12404;  // neither end on 2404; B opened the connection
  flow.saw_handshake = true;
  RecordingSink sink;
  Iec104Session session(flow, sink);
  PacketMeta meta;
  session.on_data(Direction::BtoA, hex("680407000000"), meta);  // STARTDT act from B
  session.on_data(Direction::AtoB, i_frame(0, 0, kSpontaneousWithTime), meta);
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink.messages[1].role, MessageRole::Unsolicited);
}

TEST(Iec104SessionMidStream, FirstBytesMayBeTheTailOfAnApdu) {
  FlowInfo flow = test::test_flow();
  flow.saw_handshake = false;
  RecordingSink sink;
  Iec104Session session(flow, sink);
  PacketMeta meta;
  session.on_data(Direction::BtoA, hex("0d9100000014680401000200"), meta);
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].function, kSFunction);
  EXPECT_EQ(sink.count_anomalies("iec104.resync_mid_stream"), 1u);
  EXPECT_EQ(sink.malformed(), 0u) << "a mid-stream start is lost data, not malformed";
}

}  // namespace
}  // namespace otscope::iec104
