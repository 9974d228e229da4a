// FINS decoder and session on the frames of ICS-Security-Tools' omron_test.pcap (a CP1L queried
// over FINS/TCP and FINS/UDP) and on commands built from OMRON's FINS command reference (W342).
#include "protocols/fins/fins.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/fins/codes.h"
#include "protocols/fins/decoder.h"
#include "protocols/fins/session.h"
#include "tests/enip/recording.h"
#include "tests/support/test_support.h"

namespace otscope::fins {
namespace {

using ottest::RecordingSink;
using test::hex;

// omron_test.pcap frames 6-9 (TCP) and 17-18 (UDP).
const char* kNodeClient = "46494e530000000c000000000000000000000000";
const char* kNodeServer = "46494e53000000100000000100000000000000fb000000c8";
const char* kTcpDataRead = "46494e5300000015000000020000000080000200c8000000ef05050100";
const char* kTcpDataReply =
    "46494e53000000720000000200000000c0000200fbef00c80005050100004350314c2d454c323044522d44000000"
    "2020202030312e3030000000000030312e303600000000000000000000000000000000000000000000000001000000"
    "0000000000000000000000000000010003000a172a1008000000000000";
const char* kUdpDataRead = "800002000000006300ef050100";

struct Fed {
  RecordingSink sink;
  FlowInfo flow;
  FinsSession session;
  explicit Fed(Transport t = Transport::Tcp)
      : flow(ottest::test_flow(kPort, t)), session(flow, sink) {}
  void to_server(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::AtoB, b, PacketMeta{});
  }
  void to_client(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::BtoA, b, PacketMeta{});
  }
};

TEST(FinsDecoder, ControllerDataReadResponseNamesTheCp1l) {
  TcpMessage t;
  const std::vector<std::uint8_t> reply = hex(kTcpDataReply);
  ASSERT_EQ(decode_tcp(reply, t), FinsError::None);
  EXPECT_EQ(t.command, 2u);
  FinsFrame f;
  ASSERT_EQ(decode_frame(t.body, f), FinsError::None);
  EXPECT_TRUE(f.response);
  EXPECT_EQ(f.command, fn::kControllerDataRead);
  EXPECT_EQ(f.sa1, 0xC8);
  EXPECT_EQ(f.sid, 0x05);
  EXPECT_EQ(f.end_code, 0x0000);
  ControllerData d;
  ASSERT_TRUE(decode_controller_data(f.data, d));
  // tshark: "Controller model: CP1L-EL20DR-D", "Controller version: 01.00".
  EXPECT_EQ(d.model, "CP1L-EL20DR-D");
  EXPECT_EQ(d.version, "01.00");
}

TEST(FinsSession, TcpConversationOfTheCapture) {
  Fed f;
  f.to_server(hex(kNodeClient));
  f.to_client(hex(kNodeServer));
  f.to_server(hex(kTcpDataRead));
  f.to_client(hex(kTcpDataReply));
  ASSERT_EQ(f.sink.messages.size(), 4u);
  EXPECT_EQ(f.sink.messages[0].function, kTcpFunctionBase | 0);
  EXPECT_EQ(f.sink.messages[1].function, kTcpFunctionBase | 1);
  EXPECT_EQ(f.sink.messages[2].function, fn::kControllerDataRead);
  EXPECT_EQ(f.sink.messages[2].role, MessageRole::Request);
  EXPECT_EQ(f.sink.messages[2].op, OpClass::Identification);
  EXPECT_EQ(f.sink.messages[3].role, MessageRole::Response);
  EXPECT_EQ(f.sink.identity("fins_node"), "0.200.0");
  EXPECT_NE(f.sink.messages[3].summary.find("node 0.200.0 -> 0.251.239 SID 5"), std::string::npos)
      << f.sink.messages[3].summary;
  EXPECT_EQ(f.sink.identity("model"), "CP1L-EL20DR-D");
  EXPECT_EQ(f.sink.identity("firmware"), "01.00");
  EXPECT_EQ(f.sink.identity("vendor"), "OMRON");
  EXPECT_TRUE(f.sink.anomalies.empty());
}

TEST(FinsSession, TcpMessagesSplitAnywhereDecodeTheSame) {
  std::vector<std::uint8_t> stream = hex(kTcpDataRead);
  const auto more = hex(kTcpDataRead);
  stream.insert(stream.end(), more.begin(), more.end());
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    SCOPED_TRACE(cut);
    Fed f;
    f.session.on_data(Direction::AtoB, Bytes(stream).first(cut), PacketMeta{});
    f.session.on_data(Direction::AtoB, Bytes(stream).subspan(cut), PacketMeta{});
    EXPECT_EQ(f.sink.messages.size(), 2u);
    EXPECT_TRUE(f.sink.anomalies.empty());
  }
}

TEST(FinsSession, DangerousCommandsOverUdp) {
  struct Case {
    std::uint16_t code;
    const char* data;
    const CommandRule* command;
  };
  const Case cases[] = {
      {fn::kRun, "ffff 04", &kRun},  // program no. FFFF, RUN mode
      {fn::kStop, "ffff", &kStop},
      {fn::kProgramAreaWrite, "ffff 00000000 0004 00000000", &kProgramDownload},
      {fn::kProgramAreaClear, "ffff 00", &kProgramClear},
      {fn::kProgramAreaRead, "ffff 00000000 0010", &kProgramUpload},
      {fn::kClockWrite, "26 12 07 22 00 00", &kSetClock},
      {fn::kForcedSetReset, "0001 0000 30 000000", &kForce},
      {fn::kErrorClear, "ffff", &kErrorClear},
      {fn::kMemoryAreaRead, "82 0064 00 000a", nullptr},
      {fn::kMemoryAreaWrite, "82 0064 00 0002 1234 5678", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    std::vector<std::uint8_t> frame = hex("80 00 02 00 01 00 00 0a 00 11");
    frame.push_back(static_cast<std::uint8_t>(c.code >> 8));
    frame.push_back(static_cast<std::uint8_t>(c.code));
    const auto data = hex(c.data);
    frame.insert(frame.end(), data.begin(), data.end());
    Fed f(Transport::Udp);
    f.to_server(frame);
    ASSERT_EQ(f.sink.messages.size(), 1u);
    EXPECT_EQ(f.sink.messages[0].command, c.command);
    EXPECT_EQ(f.sink.messages[0].function, c.code);
  }
  // The memory write names its DM range and the words it writes.
  Fed f(Transport::Udp);
  f.to_server(hex("80 00 02 00 01 00 00 0a 00 11 0102 82 0064 00 0002 1234 5678"));
  ASSERT_EQ(f.sink.messages.size(), 1u);
  const MessageEvent& w = f.sink.messages[0];
  EXPECT_EQ(w.op, OpClass::Write);
  ASSERT_EQ(w.ranges.size(), 1u);
  EXPECT_EQ(w.ranges[0].space, "DM");
  EXPECT_EQ(w.ranges[0].start, 100u);
  EXPECT_EQ(w.ranges[0].count, 2u);
  ASSERT_EQ(w.values.size(), 2u);
  EXPECT_EQ(w.values[1].address, 101u);
  EXPECT_EQ(w.values[1].value, 0x5678);
}

TEST(FinsSession, EndCodesAreExceptionsAndBadFramesAnomalies) {
  Fed f(Transport::Udp);
  // Stop answered with 2202 "not executable in current mode"... and 0401 undefined command.
  f.to_client(hex("c0 00 02 00 0a 00 00 01 00 11 0402 2202"));
  f.to_client(hex("c0 00 02 00 0a 00 00 01 00 11 0402 0401"));
  ASSERT_EQ(f.sink.messages.size(), 2u);
  EXPECT_TRUE(f.sink.messages[0].exception);
  EXPECT_EQ(f.sink.messages[0].exception_code, 0x2202u);
  EXPECT_EQ(f.sink.messages[0].exception_name, "Not executable in current mode");
  EXPECT_EQ(f.sink.messages[1].exception_kind, ExceptionKind::UnsupportedFunction);
  // A response without its end code, reserved ICF bits.
  f.to_client(hex("c0 00 02 00 0a 00 00 01 00 11 0402"));
  f.to_server(hex("82 00 02 00 01 00 00 0a 00 11 0402"));
  EXPECT_EQ(f.sink.anomaly_kinds(), (std::vector<std::string>{"fins.no_end_code", "fins.bad_icf"}));
  EXPECT_EQ(f.sink.malformed(), 2u);
  FinsFrame frame;
  EXPECT_EQ(decode_frame(hex("80 00 02"), frame), FinsError::Truncated);
  TcpMessage t;
  EXPECT_EQ(decode_tcp(hex("46494e53 00000010 00000002 00000000"), t), FinsError::BadTcpHeader);
}

TEST(FinsProbe, ClaimsFinsAndNothingElse) {
  EXPECT_EQ(probe(hex(kNodeClient), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(hex("46494e"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(hex(kUdpDataRead), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe({}, Transport::Udp), ProbeResult::NoMatch);
  const std::string http = "GET / HTTP/1.1\r\n\r\n";
  EXPECT_EQ(
      probe(Bytes(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()), Transport::Tcp),
      ProbeResult::NoMatch);
  // A DNS query (id 0x8000, flags 0x0100): its bytes 10-11 (ARCOUNT) are no command code.
  EXPECT_EQ(probe(hex("8000 0100 0001 0000 0000 0000 03777777"), Transport::Udp),
            ProbeResult::NoMatch);
  // An undefined command code.
  EXPECT_EQ(probe(hex("800002000000006300ef7777"), Transport::Udp), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::fins
