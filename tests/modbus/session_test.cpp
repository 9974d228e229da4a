// The Modbus session as the engine sees it: events per ADU, request/response matching, anomalies,
// identity facts, and the dispatcher's probe.
#include "protocols/modbus/session.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "protocols/modbus/modbus.h"
#include "tests/modbus/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::modbus {
namespace {

using otscope::test::hex;
using test::adu;
using test::cat;
using test::RecordingSink;

class ModbusSessionTest : public ::testing::Test {
 protected:
  void request(const std::vector<std::uint8_t>& bytes, std::uint64_t frame = 1) {
    PacketMeta meta;
    meta.frame = frame;
    session_.on_data(Direction::AtoB, bytes, meta);
  }
  void response(const std::vector<std::uint8_t>& bytes, std::uint64_t frame = 2) {
    PacketMeta meta;
    meta.frame = frame;
    session_.on_data(Direction::BtoA, bytes, meta);
  }
  void close() { session_.on_close(PacketMeta{}); }

  FlowInfo flow_ = test::test_flow();
  RecordingSink sink_;
  ModbusSession session_{flow_, sink_};
};

TEST_F(ModbusSessionTest, RequestAndResponseEvents) {
  request(adu(7, 1, "03 006b 0003"));
  response(adu(7, 1, "03 06 022b 0000 0064"));
  close();
  ASSERT_EQ(sink_.messages.size(), 2u);
  const MessageEvent& q = sink_.messages[0];
  EXPECT_EQ(q.protocol, modbus::kProtocol);
  EXPECT_EQ(q.role, MessageRole::Request);
  EXPECT_EQ(q.dir, Direction::AtoB);
  EXPECT_EQ(q.function, 3u);
  EXPECT_EQ(q.function_name, "Read Holding Registers");
  EXPECT_EQ(q.op, OpClass::Read);
  EXPECT_EQ(q.function_key, std::optional<std::uint32_t>(3));
  EXPECT_EQ(q.unit, 1);
  ASSERT_EQ(q.ranges.size(), 1u);
  EXPECT_EQ(q.ranges[0].space, "holding_register");
  EXPECT_EQ(q.ranges[0].start, 107u);
  EXPECT_EQ(q.ranges[0].count, 3u);
  EXPECT_NE(q.summary.find("107..109"), std::string::npos);
  const MessageEvent& r = sink_.messages[1];
  EXPECT_EQ(r.role, MessageRole::Response);
  EXPECT_EQ(r.dir, Direction::BtoA);
  EXPECT_FALSE(r.exception);
  // The response repeats the range of the request it answers.
  ASSERT_EQ(r.ranges.size(), 1u);
  EXPECT_EQ(r.ranges[0].start, 107u);
  EXPECT_NE(r.summary.find("555, 0, 100"), std::string::npos);
  EXPECT_TRUE(sink_.anomalies.empty()) << sink_.log.back();
  EXPECT_EQ(session_.outstanding(), 0u);
}

TEST_F(ModbusSessionTest, ServerUnitIsReportedOnceAsIdentity) {
  for (std::uint16_t tid = 1; tid <= 3; ++tid) {
    request(adu(tid, 5, "01 0000 0008"));
    response(adu(tid, 5, "01 01 ff"));
  }
  ASSERT_EQ(sink_.identities.size(), 1u);
  EXPECT_EQ(sink_.identities[0].field, "modbus_unit");
  EXPECT_EQ(sink_.identities[0].value, "5");
  EXPECT_TRUE(sink_.identities[0].about_sender);
  EXPECT_EQ(sink_.identities[0].dir, Direction::BtoA);
}

TEST_F(ModbusSessionTest, GatewayExceptionDoesNotClaimTheUnit) {
  request(adu(1, 9, "03 0000 0001"));
  response(adu(1, 9, "83 0b"));
  EXPECT_TRUE(sink_.identities.empty());
  ASSERT_EQ(sink_.messages.size(), 2u);
  const MessageEvent& r = sink_.messages[1];
  EXPECT_TRUE(r.exception);
  EXPECT_EQ(r.function, 3u);
  EXPECT_EQ(r.function_key, std::optional<std::uint32_t>(3));  // without the exception bit
  EXPECT_EQ(r.exception_code, 11u);
  EXPECT_EQ(r.exception_name, "Gateway Target Device Failed to Respond");
  EXPECT_EQ(r.exception_kind, ExceptionKind::Unreachable);  // the unit is not there
  EXPECT_EQ(r.ranges.size(), 1u);  // the range the failed request asked for
}

TEST_F(ModbusSessionTest, ReadDeviceIdentificationBecomesIdentity) {
  request(adu(1, 1, "2b 0e 01 00"));
  std::string pdu = "2b 0e 01 01 00 00 07";
  const std::vector<std::pair<int, std::string>> objects = {
      {0, "Schneider Electric"}, {1, "BMX P34 2020"}, {2, "v2.7"},          {3, "www.se.com"},
      {4, "Modicon M340"},       {5, "P342020"},      {6, "Pump station 4"}};
  for (const auto& [id, text] : objects) {
    std::vector<std::uint8_t> object = {static_cast<std::uint8_t>(id),
                                        static_cast<std::uint8_t>(text.size())};
    object.insert(object.end(), text.begin(), text.end());
    pdu += " " + to_hex(Bytes(object.data(), object.size()), 300);
  }
  response(adu(1, 1, pdu));
  std::map<std::string, std::string> facts;
  for (const IdentityEvent& ev : sink_.identities) {
    EXPECT_TRUE(ev.about_sender);
    EXPECT_EQ(ev.dir, Direction::BtoA);
    facts[ev.field] = ev.value;
  }
  EXPECT_EQ(facts["vendor"], "Schneider Electric");
  EXPECT_EQ(facts["product_code"], "BMX P34 2020");
  EXPECT_EQ(facts["firmware"], "v2.7");
  EXPECT_EQ(facts["vendor_url"], "www.se.com");
  EXPECT_EQ(facts["product"], "Modicon M340");
  EXPECT_EQ(facts["model"], "P342020");
  EXPECT_EQ(facts["user_application"], "Pump station 4");
  EXPECT_EQ(facts["modbus_unit"], "1");
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].op, OpClass::Identification);
  EXPECT_EQ(sink_.messages[0].detail, "Read Device Identification");
  EXPECT_EQ(sink_.messages[0].function_key, std::optional<std::uint32_t>(43));
}

TEST_F(ModbusSessionTest, ReportServerIdIsIdentityWhenPrintable) {
  request(adu(1, 1, "11"));
  response(adu(1, 1, "11 0a b4 ff 4c4d42332e312e39"));
  bool found = false;
  for (const IdentityEvent& ev : sink_.identities) {
    if (ev.field == "device_id") {
      found = true;
      EXPECT_EQ(ev.value, "LMB3.1.9");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(sink_.messages.at(0).op, OpClass::Identification);
}

TEST_F(ModbusSessionTest, DiagnosticSubFunctionIsTheDetail) {
  request(adu(1, 1, "08 0004 0000"));
  request(adu(2, 1, "08 0001 ff00"));
  response(adu(2, 1, "08 0001 ff00"));
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_EQ(sink_.messages[0].op, OpClass::Diagnostic);
  EXPECT_EQ(sink_.messages[0].detail, "Force Listen Only Mode");
  EXPECT_EQ(sink_.messages[1].detail, "Restart Communications Option");
  EXPECT_EQ(sink_.messages[2].detail, "Restart Communications Option");
}

TEST_F(ModbusSessionTest, ExceptionResponseKeepsTheOperationOfItsRequest) {
  request(adu(1, 1, "2b 0e 01 00"));
  response(adu(1, 1, "ab 01"));
  request(adu(2, 1, "08 000a 0000"));
  response(adu(2, 1, "88 04"));
  ASSERT_EQ(sink_.messages.size(), 4u);
  EXPECT_EQ(sink_.messages[1].op, OpClass::Identification);
  EXPECT_EQ(sink_.messages[1].detail, "Read Device Identification");
  EXPECT_EQ(sink_.messages[1].exception_name, "Illegal Function");
  EXPECT_EQ(sink_.messages[3].op, OpClass::Diagnostic);
  EXPECT_EQ(sink_.messages[3].detail, "Clear Counters and Diagnostic Register");
}

TEST_F(ModbusSessionTest, FileRecordsAreFileOperationsWithFileRanges) {
  request(adu(1, 1, "14 07 06 0004 0001 0002"));
  response(adu(1, 1, "14 06 05 06 0dfe 0020"));
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].op, OpClass::File);
  ASSERT_EQ(sink_.messages[1].ranges.size(), 1u);
  EXPECT_EQ(sink_.messages[1].ranges[0].space, "file");
  EXPECT_EQ(sink_.messages[1].ranges[0].start, 4u << 16 | 1u);
}

TEST_F(ModbusSessionTest, ResponseWithoutRequest) {
  response(adu(9, 1, "03 02 0001"));
  EXPECT_EQ(sink_.messages.size(), 1u);  // still a decoded message
  EXPECT_EQ(sink_.count_anomalies("modbus.response_without_request"), 1u);
  EXPECT_EQ(sink_.malformed(), 0u);
  EXPECT_TRUE(sink_.messages[0].ranges.empty());
}

TEST_F(ModbusSessionTest, ResponseForAnotherFunctionDoesNotMatch) {
  request(adu(4, 1, "03 0000 0001"));
  response(adu(4, 1, "04 02 0001"));
  close();
  EXPECT_EQ(sink_.count_anomalies("modbus.response_without_request"), 1u);
  EXPECT_EQ(sink_.count_anomalies("modbus.unanswered_request"), 0u);
}

TEST_F(ModbusSessionTest, ResponseForAnotherUnitDoesNotMatch) {
  request(adu(4, 1, "03 0000 0001"));
  response(adu(4, 2, "03 02 0001"));
  EXPECT_EQ(sink_.count_anomalies("modbus.response_without_request"), 1u);
}

TEST_F(ModbusSessionTest, DuplicateTransactionId) {
  request(adu(3, 1, "03 0000 0001"));
  request(adu(3, 1, "03 0010 0001"));
  response(adu(3, 1, "03 02 0001"));
  close();
  EXPECT_EQ(sink_.count_anomalies("modbus.duplicate_transaction_id"), 1u);
  EXPECT_EQ(sink_.count_anomalies("modbus.unanswered_request"), 0u);
  EXPECT_EQ(sink_.malformed(), 0u);
  // The response belongs to the newer request.
  EXPECT_EQ(sink_.messages.at(2).ranges.at(0).start, 16u);
}

TEST_F(ModbusSessionTest, UnansweredRequestsReportedAtClose) {
  request(adu(1, 1, "03 0000 0001"), 10);
  request(adu(2, 1, "03 0001 0001"), 11);
  response(adu(1, 1, "03 02 0001"));
  EXPECT_EQ(session_.outstanding(), 1u);
  close();
  ASSERT_EQ(sink_.count_anomalies("modbus.unanswered_request"), 1u);
  EXPECT_NE(sink_.anomalies.back().detail.find("transaction 2"), std::string::npos);
  EXPECT_FALSE(sink_.anomalies.back().malformed);
  EXPECT_EQ(session_.outstanding(), 0u);
}

TEST(ModbusSessionLimits, OutstandingRequestsAreCapped) {
  FlowInfo flow = test::test_flow();
  RecordingSink sink;
  ModbusSession session(flow, sink, 4);
  for (std::uint16_t tid = 0; tid < 6; ++tid) {
    session.on_data(Direction::AtoB, adu(tid, 1, "03 0000 0001"), PacketMeta{});
  }
  EXPECT_EQ(session.outstanding(), 4u);
  // The two oldest are reported unanswered as they are dropped.
  EXPECT_EQ(sink.count_anomalies("modbus.unanswered_request"), 2u);
  EXPECT_NE(sink.anomalies.at(0).detail.find("transaction 0 "), std::string::npos);
  // A late response to a dropped request matches nothing.
  session.on_data(Direction::BtoA, adu(0, 1, "03 02 0001"), PacketMeta{});
  EXPECT_EQ(sink.count_anomalies("modbus.response_without_request"), 1u);
  session.on_close(PacketMeta{});
  EXPECT_EQ(sink.count_anomalies("modbus.unanswered_request"), 2u + 4u);
  ModbusSession defaults(flow, sink);
  for (std::uint16_t tid = 0; tid < 300; ++tid) {
    defaults.on_data(Direction::AtoB, adu(tid, 1, "03 0000 0001"), PacketMeta{});
  }
  EXPECT_EQ(defaults.outstanding(), kMaxOutstandingRequests);
}

TEST_F(ModbusSessionTest, ResponseSizeDisagreeingWithRequest) {
  request(adu(1, 1, "03 0000 0002"));
  response(adu(1, 1, "03 02 0001"));
  EXPECT_EQ(sink_.count_anomalies("modbus.response_mismatch"), 1u);
  EXPECT_EQ(sink_.malformed(), 0u);
}

TEST_F(ModbusSessionTest, ResponseMismatchSaysWhatDiffers) {
  request(adu(1, 1, "03 0000 0002"));
  response(adu(1, 1, "03 02 0001"));
  request(adu(2, 1, "01 0000 0010"));  // 16 coils: 2 bytes of bits
  response(adu(2, 1, "01 01 ff"));
  request(adu(3, 1, "06 0001 0003"));
  response(adu(3, 1, "06 0002 0003"));  // echoes another address
  ASSERT_EQ(sink_.count_anomalies("modbus.response_mismatch"), 3u);
  ASSERT_EQ(sink_.anomalies.size(), 3u);
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  EXPECT_TRUE(ends_with(sink_.anomalies[0].detail, "(3): 1 registers for 2 requested"))
      << sink_.anomalies[0].detail;
  EXPECT_TRUE(ends_with(sink_.anomalies[1].detail, "(1): 1 bytes of bits for 16 requested"))
      << sink_.anomalies[1].detail;
  EXPECT_TRUE(ends_with(sink_.anomalies[2].detail, "(6): echo differs from the request"))
      << sink_.anomalies[2].detail;
}

TEST_F(ModbusSessionTest, MalformedAduIsAnomalyNotMessage) {
  request(adu(1, 1, "03 0000 007e"));  // 126 registers
  ASSERT_TRUE(sink_.messages.empty());
  ASSERT_EQ(sink_.anomalies.size(), 1u);
  EXPECT_EQ(sink_.anomalies[0].kind, "modbus.quantity_out_of_range");
  EXPECT_TRUE(sink_.anomalies[0].malformed);
  EXPECT_NE(sink_.anomalies[0].detail.find("126"), std::string::npos);
}

TEST_F(ModbusSessionTest, MalformedResponseStillAnswersItsRequest) {
  request(adu(1, 1, "03 0000 0002"));
  response(adu(1, 1, "03 03 000102"));
  close();
  EXPECT_EQ(sink_.count_anomalies("modbus.invalid_byte_count"), 1u);
  EXPECT_EQ(sink_.count_anomalies("modbus.unanswered_request"), 0u);
}

TEST_F(ModbusSessionTest, GarbageIsOneMalformedAnomalyThenDecodingResumes) {
  request(cat({adu(1, 1, "03 0000 0001"), hex("de ad be ef"), adu(2, 1, "03 0001 0001"),
               adu(3, 1, "03 0002 0001")}));
  EXPECT_EQ(sink_.messages.size(), 3u);
  EXPECT_EQ(sink_.count_anomalies("modbus.invalid_mbap"), 1u);
  EXPECT_EQ(sink_.malformed(), 1u);
}

TEST_F(ModbusSessionTest, GapResynchronises) {
  auto first = adu(1, 1, "10 0001 0002 04 000a 0102");
  request(std::vector<std::uint8_t>(first.begin(), first.begin() + 10));
  session_.on_gap(Direction::AtoB, 100, PacketMeta{});
  request(cat({std::vector<std::uint8_t>(first.begin() + 12, first.end()),
               adu(2, 1, "03 0000 0001"), adu(3, 1, "03 0000 0001")}));
  EXPECT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.malformed(), 0u);  // lost bytes are not malformed traffic
  EXPECT_EQ(sink_.count_anomalies("modbus.truncated_by_gap"), 2u);
}

TEST(ModbusClientDirection, FromHandshakeOrPort) {
  FlowInfo flow = test::test_flow();
  EXPECT_EQ(client_direction(flow), Direction::AtoB);
  flow.saw_handshake = false;
  flow.a.port = 502;
  flow.b.port = 50000;
  EXPECT_EQ(client_direction(flow), Direction::BtoA);
  flow.a.port = 40000;
  flow.b.port = 5020;
  EXPECT_EQ(client_direction(flow), Direction::AtoB);
  // A handshake that names the port-502 side as initiator (seen in fuzzed captures) loses to the
  // registered port.
  flow.saw_handshake = true;
  flow.a.port = 502;
  flow.b.port = 2582;
  EXPECT_EQ(client_direction(flow), Direction::BtoA);
}

TEST(ModbusSessionDirection, ServerOnPortAWhenPickedUpMidStream) {
  FlowInfo flow = test::test_flow();
  flow.saw_handshake = false;
  std::swap(flow.a, flow.b);  // A is the server on 502
  RecordingSink sink;
  ModbusSession session(flow, sink);
  session.on_data(Direction::BtoA, adu(1, 1, "03 0000 0001"), PacketMeta{});
  session.on_data(Direction::AtoB, adu(1, 1, "03 02 0007"), PacketMeta{});
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink.messages[1].role, MessageRole::Response);
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST(ModbusProbe, RecognisesMbapOnAnyPort) {
  const ProtocolDescriptor& d = descriptor();
  EXPECT_EQ(Protocol(&d.main()), modbus::kProtocol);
  EXPECT_EQ(d.name, "modbus");
  EXPECT_EQ(d.registered_port(), 502);
  auto probe = [&](const std::vector<std::uint8_t>& b, Transport t = Transport::Tcp) {
    return d.probe(Bytes(b.data(), b.size()), t);
  };
  EXPECT_EQ(probe(adu(1, 1, "03 0000 0001")), ProbeResult::Match);
  EXPECT_EQ(probe(adu(1, 255, "83 02")), ProbeResult::Match);
  EXPECT_EQ(probe(adu(1, 1, "1d 0000 0000")), ProbeResult::Match);  // reserved function
  EXPECT_EQ(probe(cat({adu(1, 1, "03 0000 0001"), adu(2, 1, "03 0000 0001")})), ProbeResult::Match);
  EXPECT_EQ(probe(hex("0001 0000")), ProbeResult::NeedMore);
  EXPECT_EQ(probe({}), ProbeResult::NeedMore);
  EXPECT_EQ(probe(adu(1, 1, "03 0000 0001"), Transport::Udp), ProbeResult::NoMatch);
  // Not Modbus: HTTP, TLS, a TPKT/COTP (S7) and DNP3 start, a wrong protocol id.
  std::string http = "GET / HTTP/1.1\r\n";
  EXPECT_EQ(probe(std::vector<std::uint8_t>(http.begin(), http.end())), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("16 0301 0200 01 0001fc 0303")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("03 00 0016 11 e0 00 00 00 01 00")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("05 64 05 c9 01 00 00 04 e9 21")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("0001 0001 0006 01 03 0000 0001")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("0001 0000 0000 01")), ProbeResult::NoMatch);  // length 0
  EXPECT_EQ(probe(hex("0001 0000 0006 01 00 0000 0001")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("0001 0000 0006 01 83 0000 0001")), ProbeResult::NoMatch);  // long exception
  EXPECT_EQ(probe(cat({adu(1, 1, "03 0000 0001"), hex("ffff ffff")})), ProbeResult::NoMatch);
}

TEST(ModbusProbe, CreatesAWorkingSession) {
  FlowInfo flow = test::test_flow();
  RecordingSink sink;
  auto session = descriptor().create(flow, sink);
  ASSERT_NE(session, nullptr);
  session->on_data(Direction::AtoB, adu(1, 1, "06 0001 0003"), PacketMeta{});
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].op, OpClass::Write);
}

}  // namespace
}  // namespace otscope::modbus
