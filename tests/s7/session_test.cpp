// The S7 session as the engine sees it: events per PDU, job/response matching, user-data
// function codes, multi-part replies, identity facts, framing split at every offset, gaps,
// anomalies, S7comm-plus, and the dispatcher's probe.
#include "protocols/s7/session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/s7/codes.h"
#include "protocols/s7/s7.h"
#include "tests/s7/s7_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::s7 {
namespace {

using otscope::test::hex;
using test::cat;
using test::dt;
using test::RecordingSink;

constexpr Direction kToPlc = Direction::AtoB;
constexpr Direction kFromPlc = Direction::BtoA;

// COTP connection request/confirm to rack 0 slot 2 (s7comm_downloading_block_db1 frames 5-6).
const std::string kCr = "0300001611e00000000700c1020100c2020102c0010a";
const std::string kCc = "0300001611d00007000300c0010ac1020100c2020102";
// S7 PDUs from snap7_s300_everything (frame numbers in the names).
const std::string kSetupJob1 = "32010000000000080000f0000001000101e0";
const std::string kSetupAck2 = "320300000000000800000000f0000001000100f0";
const std::string kSzlReq5 = "320700000200000800080001120411440100ff090004001c0000";
const std::string kSzlPart6 =
    "320700000200000c00da0001120812840102d5010000ff0900d6001c00000022000a000153373330302f4554"
    "3230304d2073746174696f6e5f31000000000000000000000002504c435f310000000000000000000000000000"
    "000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000"
    "000000044f726967696e616c205369656d656e732045717569706d656e7400000000000000055320432d423155"
    "333933313432303131000000000000000000000000000000000007435055203331352d3220504e2f4450000000"
    "00000000000000000000000000000008";
const std::string kSzlReq7 = "320700000300000c00040001120812440102000000000a000000";
const std::string kSzlPart8 =
    "320700000300000c008a0001120812840102d5000000ff0900864d4d43203441314143303139000000000000"
    "00000000000000000000000000000009002af60000010000000000000000000000000000000000000000000000"
    "000000000a0000000000000000000000000000000000000000000000000000000000000000000b000000000000"
    "0000000000000000000000000000000000000000000000000000";
const std::string kStartUploadOb43 = "320100001500001200001d00000000000000095f3038303030303041";
const std::string kAckError44 = "32020000150000000000d20c";
const std::string kReadJob55 =
    "320100001b00003e00000405120a10020010000083000000120a10020010000081000000120a1002001000"
    "0082000000120a101d000800001d000000120a101c000800001c000000";
const std::string kWriteJob49 = "320100001800000e00080501120a100800010000830000800007000479e9f642";
const std::string kWriteAck50 = "3203000018000002000100000501ff";
const std::string kWriteAckRefused54 = "320300001a000002000500000505ffffff0303";

class S7SessionTest : public ::testing::Test {
 protected:
  void send(Direction dir, const std::vector<std::uint8_t>& bytes, std::uint64_t frame = 0) {
    PacketMeta meta;
    meta.frame = frame;
    session_.on_data(dir, bytes, meta);
  }
  void close() { session_.on_close(PacketMeta{}); }

  FlowInfo flow_ = test::test_flow();
  RecordingSink sink_;
  S7Session session_{flow_, sink_};
};

TEST_F(S7SessionTest, ConnectionRequestNamesRackAndSlotOfThePlc) {
  send(kToPlc, hex(kCr), 1);
  send(kFromPlc, hex(kCc), 2);
  EXPECT_TRUE(sink_.messages.empty());  // COTP connect is not an S7 PDU
  ASSERT_EQ(sink_.identities.size(), 2u);
  for (const IdentityEvent& id : sink_.identities) {
    EXPECT_EQ(id.protocol, s7::kS7comm);
    EXPECT_EQ(id.dir, kToPlc);
    EXPECT_FALSE(id.about_sender);  // the called TSAP describes the receiver of the CR
  }
  EXPECT_EQ(sink_.identity_value("rack"), "0");
  EXPECT_EQ(sink_.identity_value("slot"), "2");
  send(kToPlc, dt(kSetupJob1), 3);
  send(kFromPlc, dt(kSetupAck2), 4);
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].unit, 2);  // rack * 32 + slot
  EXPECT_EQ(sink_.messages[1].unit, 2);
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(S7SessionTest, JobAndAckDataCountUnderTheJobFunction) {
  send(kToPlc, dt(kSetupJob1));
  send(kFromPlc, dt(kSetupAck2));
  ASSERT_EQ(sink_.messages.size(), 2u);
  const MessageEvent& job = sink_.messages[0];
  EXPECT_EQ(job.protocol, s7::kS7comm);
  EXPECT_EQ(job.role, MessageRole::Request);
  EXPECT_EQ(job.dir, kToPlc);
  EXPECT_EQ(job.function, 0xF0u);
  EXPECT_EQ(job.function_name, "Setup communication");
  EXPECT_EQ(job.op, OpClass::Session);
  EXPECT_EQ(job.function_key, std::optional<std::uint32_t>(0xF0));
  EXPECT_EQ(job.unit, -1);  // no connection request seen
  EXPECT_NE(job.summary.find("PDU length 480"), std::string::npos);
  const MessageEvent& ack = sink_.messages[1];
  EXPECT_EQ(ack.role, MessageRole::Response);
  EXPECT_EQ(ack.dir, kFromPlc);
  EXPECT_EQ(ack.function_key, std::optional<std::uint32_t>(0xF0));
  EXPECT_NE(ack.summary.find("PDU length 240"), std::string::npos);
  EXPECT_FALSE(ack.exception);
}

TEST_F(S7SessionTest, ReadVarRangesNameAreasAndBytes) {
  send(kToPlc, dt(kReadJob55));
  ASSERT_EQ(sink_.messages.size(), 1u);
  const MessageEvent& ev = sink_.messages[0];
  EXPECT_EQ(ev.op, OpClass::Read);
  ASSERT_EQ(ev.ranges.size(), 5u);
  EXPECT_EQ(ev.ranges[0].space, "M");
  EXPECT_EQ(ev.ranges[0].start, 0u);
  EXPECT_EQ(ev.ranges[0].count, 16u);
  EXPECT_EQ(ev.ranges[1].space, "I");
  EXPECT_EQ(ev.ranges[2].space, "Q");
  EXPECT_EQ(ev.ranges[3].space, "T");  // timers by number: T 0..7
  EXPECT_EQ(ev.ranges[3].count, 8u);
  EXPECT_EQ(ev.ranges[4].space, "C");
}

TEST_F(S7SessionTest, WriteVarAndRefusedItems) {
  send(kToPlc, dt(kWriteJob49));
  send(kFromPlc, dt(kWriteAck50));
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].op, OpClass::Write);
  ASSERT_EQ(sink_.messages[0].ranges.size(), 1u);
  EXPECT_EQ(sink_.messages[0].ranges[0].space, "M");
  EXPECT_EQ(sink_.messages[0].ranges[0].start, 16u);
  EXPECT_EQ(sink_.messages[0].ranges[0].count, 4u);  // one REAL
  EXPECT_FALSE(sink_.messages[1].exception);
  // No job with its PDU reference: the response waits a little for one, then counts alone.
  send(kFromPlc, dt(kWriteAckRefused54));
  close();
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_TRUE(sink_.messages[2].exception);
  EXPECT_EQ(sink_.messages[2].exception_code, 0x03u);
  EXPECT_EQ(sink_.messages[2].exception_name, "Accessing the object not allowed");
}

TEST_F(S7SessionTest, AckTakesItsFunctionAndBlockFromTheJob) {
  send(kToPlc, dt(kStartUploadOb43));
  send(kFromPlc, dt(kAckError44));
  ASSERT_EQ(sink_.messages.size(), 2u);
  const MessageEvent& ack = sink_.messages[1];
  EXPECT_EQ(ack.function, 0x1Du);
  EXPECT_EQ(ack.function_name, "Start upload");
  EXPECT_EQ(ack.op, OpClass::Program);
  EXPECT_FALSE(ack.function_key.has_value());  // Ack PDUs carry no function of their own
  EXPECT_EQ(ack.detail, "OB0");
  EXPECT_TRUE(ack.exception);
  EXPECT_EQ(ack.exception_code, 0xD20Cu);
  EXPECT_EQ(ack.exception_name, "OB cannot be copied: its priority class does not exist");
  close();
  EXPECT_EQ(sink_.count_anomalies("s7comm.unanswered_request"), 0u);
}

TEST_F(S7SessionTest, AckWithoutItsJobIsNamedSo) {
  send(kFromPlc, dt(kAckError44));
  close();
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].function, kAckWithoutJob);
  EXPECT_EQ(sink_.messages[0].function_name, kAckWithoutJobInfo.name);
  // Nothing from the other side was seen: a capture that starts mid-session, not an anomaly.
  EXPECT_EQ(sink_.count_anomalies("s7comm.response_without_request"), 0u);
}

TEST_F(S7SessionTest, ResponseWithoutRequestOnceInSync) {
  send(kToPlc, dt(kSetupJob1));
  send(kFromPlc, dt(kSetupAck2));
  send(kFromPlc, dt(kWriteAck50));  // PDU ref 0x1800: no such job
  close();
  EXPECT_EQ(sink_.count_anomalies("s7comm.response_without_request"), 1u);
  EXPECT_EQ(sink_.count_anomalies("s7comm.unanswered_request"), 0u);
  EXPECT_EQ(sink_.malformed(), 0u);
}

TEST_F(S7SessionTest, AckDataWithOnlyAnErrorNamesItsJob) {
  send(kToPlc, dt(kStartUploadOb43));
  send(kFromPlc, dt("32030000150000000000d209"));  // Ack_Data, no parameter, error 0xD209
  send(kFromPlc, dt("32030000990000000000d209"));  // the same for a job never seen
  close();
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_EQ(sink_.messages[1].function, 0x1Du);
  EXPECT_FALSE(sink_.messages[1].function_key.has_value());  // no function byte to count
  EXPECT_EQ(sink_.messages[1].exception_code, 0xD209u);
  EXPECT_EQ(sink_.messages[2].function, kAckWithoutJob);
}

TEST_F(S7SessionTest, UnmatchedResponseIsCountedAfterAFewPdus) {
  send(kFromPlc, dt(kAckError44));
  EXPECT_TRUE(sink_.messages.empty());  // waiting for its job
  for (unsigned i = 0; i <= S7Session::kMaxDeferAge; ++i) send(kToPlc, dt(kSzlReq5));
  ASSERT_EQ(sink_.messages.size(), S7Session::kMaxDeferAge + 2);
  EXPECT_EQ(sink_.messages.back().function, kAckWithoutJob);
}

TEST_F(S7SessionTest, ResponseReleasedBeforeItsJobStillMatches) {
  // Capture may hold the job's segment behind a hole until the response acknowledges it.
  send(kToPlc, dt(kSetupJob1));
  send(kFromPlc, dt(kSetupAck2));
  send(kFromPlc, dt(kWriteAck50));
  send(kToPlc, dt(kWriteJob49));
  ASSERT_EQ(sink_.messages.size(), 4u);  // the response follows its job at once
  EXPECT_EQ(sink_.messages[2].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[3].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[3].function, 0x05u);
  close();
  EXPECT_EQ(sink_.count_anomalies("s7comm.response_without_request"), 0u);
  EXPECT_EQ(sink_.count_anomalies("s7comm.unanswered_request"), 0u);
}

TEST_F(S7SessionTest, UnansweredJobsAreReportedOnClose) {
  send(kToPlc, dt(kReadJob55), 55);
  close();
  ASSERT_EQ(sink_.count_anomalies("s7comm.unanswered_request"), 1u);
  EXPECT_FALSE(sink_.anomalies[0].malformed);
  EXPECT_NE(sink_.anomalies[0].detail.find("frame 55"), std::string::npos);
}

TEST_F(S7SessionTest, UserDataFunctionCodeAndMultiPartReply) {
  send(kToPlc, dt(kSzlReq5), 5);
  send(kFromPlc, dt(kSzlPart6), 6);
  send(kToPlc, dt(kSzlReq7), 7);
  EXPECT_TRUE(sink_.identities.empty());  // nothing until the last part
  send(kFromPlc, dt(kSzlPart8), 8);
  // Every PDU counts (4 messages), the reply is decoded once it is whole.
  ASSERT_EQ(sink_.messages.size(), 4u);
  for (const MessageEvent& ev : sink_.messages) {
    EXPECT_EQ(ev.function, 0x10401u);  // 0x10000 | CPU functions << 8 | Read SZL
    EXPECT_EQ(ev.function_name, "Read SZL");
    EXPECT_EQ(ev.op, OpClass::Identification);
    EXPECT_FALSE(ev.function_key.has_value());
    EXPECT_EQ(ev.detail, "SZL 0x001C");
  }
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);
  EXPECT_NE(sink_.messages[1].summary.find("part 1, more follows"), std::string::npos);
  EXPECT_EQ(sink_.messages[2].role, MessageRole::Request);
  EXPECT_NE(sink_.messages[3].summary.find("10 of 10 records"), std::string::npos);
  // The PLC's identity, about the sender of the reply.
  EXPECT_EQ(sink_.identity_value("station_name"), "S7300/ET200M station_1");
  EXPECT_EQ(sink_.identity_value("module_name"), "PLC_1");
  EXPECT_EQ(sink_.identity_value("serial"), "S C-B1U393142011");
  EXPECT_EQ(sink_.identity_value("module_type"), "CPU 315-2 PN/DP");
  for (const IdentityEvent& id : sink_.identities) {
    EXPECT_TRUE(id.about_sender);
    EXPECT_EQ(id.dir, kFromPlc);
    EXPECT_EQ(id.source, "s7comm SZL 0x001C (Component identification)");
  }
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(S7SessionTest, ModeTransitionPushIsUnsolicitedAndGivesTheMode) {
  send(kFromPlc, dt("32070000000000080000"
                    "0100101000000000"));
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Unsolicited);
  EXPECT_EQ(sink_.messages[0].op, OpClass::ModeChange);
  EXPECT_EQ(sink_.messages[0].function, 0x10000u);
  EXPECT_EQ(sink_.identity_value("operating_mode"), "STOP");
}

TEST_F(S7SessionTest, PlcPullingTheDownloadCountsAsTheResponse) {
  // s7comm_downloading_block_db1 frames 46 and 48 (shortened block data): the PLC sends the
  // Download block job, the PG answers with the block.
  send(kFromPlc, dt("320100000100001200001b00000000000000095f3041303030303150"));
  send(kToPlc, dt("3203000001000002000600001b01"
                  "0002"
                  "00fb"
                  "aabb"));
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[0].dir, kFromPlc);
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[1].dir, kToPlc);
  for (const MessageEvent& ev : sink_.messages) {
    EXPECT_EQ(ev.function_key, std::optional<std::uint32_t>(0x1B));
    EXPECT_EQ(ev.op, OpClass::Program);
    EXPECT_EQ(ev.detail, "DB1");
  }
}

TEST_F(S7SessionTest, PiServiceOpFollowsTheService) {
  send(kToPlc, dt("320100001f000016000028000000000000fd0002432009505f50524f4752414d"));
  send(kFromPlc, dt("320300001f0000010000000028"));
  send(kToPlc, dt("320100001e000010000028000000000000fd0000055f47415242"));
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_EQ(sink_.messages[0].op, OpClass::ModeChange);  // P_PROGRAM starts the CPU
  EXPECT_EQ(sink_.messages[0].detail, "P_PROGRAM(\"C \")");
  EXPECT_NE(sink_.messages[0].summary.find("cold restart"), std::string::npos);
  EXPECT_EQ(sink_.messages[1].op, OpClass::ModeChange);
  EXPECT_EQ(sink_.messages[1].detail, "P_PROGRAM(\"C \")");
  EXPECT_EQ(sink_.messages[2].op, OpClass::Program);  // _GARB compresses memory
}

TEST_F(S7SessionTest, CotpSegmentsFormOnePdu) {
  const auto pdu = hex(kSetupJob1);
  const std::string first = otscope::to_hex(Bytes(pdu).subspan(0, 7), 64);
  const std::string rest = otscope::to_hex(Bytes(pdu).subspan(7), 64);
  send(kToPlc, cat({dt(first, false), dt(rest, true)}));
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].function, 0xF0u);
}

TEST_F(S7SessionTest, EmptyDataFramesAreKeepAlives) {
  send(kToPlc, hex("0300000702f000"));
  EXPECT_TRUE(sink_.messages.empty());
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(S7SessionTest, UndecodablePduIsMalformed) {
  send(kToPlc, dt("32010000000000080000f0000001"));
  EXPECT_TRUE(sink_.messages.empty());
  ASSERT_EQ(sink_.anomalies.size(), 1u);
  EXPECT_EQ(sink_.anomalies[0].kind, "s7comm.length_mismatch");
  EXPECT_TRUE(sink_.anomalies[0].malformed);
}

TEST_F(S7SessionTest, BytesThatAreNotTpktAreMalformed) {
  send(kToPlc, cat({hex("474554202f20"), dt(kSetupJob1)}));
  EXPECT_EQ(sink_.messages.size(), 1u);
  ASSERT_EQ(sink_.count_anomalies("s7comm.tpkt_bad_version"), 1u);
  EXPECT_EQ(sink_.malformed(), 1u);
}

TEST_F(S7SessionTest, GapResynchronisesWithoutCallingItMalformed) {
  const auto job = dt(kReadJob55);
  send(kToPlc, std::vector<std::uint8_t>(job.begin(), job.begin() + 20));
  session_.on_gap(kToPlc, 100, PacketMeta{});
  send(kToPlc, cat({std::vector<std::uint8_t>(job.begin() + 40, job.end()), dt(kSetupJob1)}));
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].function, 0xF0u);
  EXPECT_EQ(sink_.count_anomalies("s7comm.resync_after_gap"), 1u);
  EXPECT_EQ(sink_.malformed(), 0u);
}

TEST(S7SessionMidStream, FirstBytesMayBeTheTailOfAFrame) {
  FlowInfo flow = test::test_flow();
  flow.saw_handshake = false;
  RecordingSink sink;
  S7Session session(flow, sink);
  const auto ack = dt(kSetupAck2);
  // The PLC's side starts with the last 9 bytes of a frame, then a whole one.
  session.on_data(kFromPlc,
                  cat({std::vector<std::uint8_t>(ack.end() - 9, ack.end()), dt(kSetupAck2)}),
                  PacketMeta{});
  session.on_close(PacketMeta{});
  EXPECT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.count_anomalies("s7comm.resync_mid_stream"), 1u);
  EXPECT_EQ(sink.malformed(), 0u);
}

TEST_F(S7SessionTest, ForeignIsoTransportIsReportedOnce) {
  // An MMS-style ISO session PDU (0x0d) after the COTP connect: not S7.
  send(kToPlc, hex(kCr));
  send(kToPlc, dt("0dc0e0c0"));
  send(kToPlc, dt("0100"));
  EXPECT_TRUE(sink_.messages.empty());
  EXPECT_EQ(sink_.count_anomalies("s7comm.foreign_iso_transport"), 1u);
  EXPECT_EQ(sink_.malformed(), 0u);
}

TEST_F(S7SessionTest, UnknownProtocolIdAfterS7IsMalformed) {
  send(kToPlc, dt(kSetupJob1));
  send(kToPlc, dt("0dc0e0c0"));
  EXPECT_EQ(sink_.count_anomalies("s7comm.unknown_protocol_id"), 1u);
  EXPECT_EQ(sink_.malformed(), 1u);
}

// The same exchange, each frame split in two at every offset, gives the same events.
TEST(S7SessionFraming, SplitAtEveryOffsetGivesIdenticalEvents) {
  const std::vector<std::pair<Direction, std::vector<std::uint8_t>>> frames = {
      {kToPlc, hex(kCr)},          {kFromPlc, hex(kCc)},           {kToPlc, dt(kSetupJob1)},
      {kFromPlc, dt(kSetupAck2)},  {kToPlc, dt(kSzlReq5)},         {kFromPlc, dt(kSzlPart6)},
      {kToPlc, dt(kSzlReq7)},      {kFromPlc, dt(kSzlPart8)},      {kToPlc, dt(kWriteJob49)},
      {kFromPlc, dt(kWriteAck50)}, {kToPlc, dt(kStartUploadOb43)}, {kFromPlc, dt(kAckError44)},
  };
  const FlowInfo flow = test::test_flow();
  auto run = [&](std::size_t cut) {
    RecordingSink sink;
    S7Session session(flow, sink);
    for (const auto& [dir, bytes] : frames) {
      const std::size_t at = std::min(cut, bytes.size());
      session.on_data(dir, Bytes(bytes).subspan(0, at), PacketMeta{});
      session.on_data(dir, Bytes(bytes).subspan(at), PacketMeta{});
    }
    session.on_close(PacketMeta{});
    return sink.log;
  };
  const std::vector<std::string> whole = run(0);
  // 10 PDUs, rack and slot, 6 facts of the SZL 0x001C reply (empty fields are not reported).
  ASSERT_EQ(whole.size(), 10u + 2 + 6);
  std::size_t longest = 0;
  for (const auto& f : frames) longest = std::max(longest, f.second.size());
  for (std::size_t cut = 1; cut <= longest; ++cut) ASSERT_EQ(run(cut), whole) << "cut " << cut;
}

// All jobs of one direction in one stream, cut once at every offset.
TEST(S7SessionFraming, StreamOfJobsCutAtEveryOffset) {
  const auto stream = cat({dt(kSetupJob1), dt(kSzlReq5), dt(kReadJob55), dt(kWriteJob49)});
  const FlowInfo flow = test::test_flow();
  auto run = [&](std::size_t cut) {
    RecordingSink sink;
    S7Session session(flow, sink);
    session.on_data(kToPlc, Bytes(stream).subspan(0, cut), PacketMeta{});
    session.on_data(kToPlc, Bytes(stream).subspan(cut), PacketMeta{});
    return sink.log;
  };
  const auto whole = run(stream.size());
  ASSERT_EQ(whole.size(), 4u);
  for (std::size_t cut = 0; cut < stream.size(); ++cut) ASSERT_EQ(run(cut), whole) << cut;
}

// ---- S7comm-plus through the session ----------------------------------------------------------

// S7-1511_db2_var1_HMI: the PLC's session-setup reply (frame 7) and the close (frames 36-37).
const std::string kPlusCreateReply =
    "720100c832000004ca0000000136000287088709a100000120821f0100a38169001500a3822b00048280808000a3"
    "822d0015104f4d53502e52454c2e353034312e3233a3822f10021427ab8fbbf5932317cd6959f04976658f7313"
    "522aa3823200170000013a823b00048240823c00048240823d000484818040823e000484818040823f00151a31"
    "3b36455337203531312d31414b30302d304142303b56312e30824000151a313b36455337203531312d31414b30"
    "302d304142303b56312e3082410003000300a20000000072010000";
const std::string kPlusDeleteRequest =
    "7202004c31000004d40000000900000388340000038800000004e88969001200000000896a001300896b000400"
    "000320d3380600f12b78f7779d74d6e9378f46ecec23e4bed36648dffa83448ab5827f72020000";
const std::string kPlusDeleteReply =
    "7202003032000004d4000000093400000003882058a62600649a22eeb5be53920fe687176f698afa1e9be8547a"
    "bd42bc83afd1e472020000";

TEST_F(S7SessionTest, S7commPlusSessionEventsAndIdentity) {
  // A V1 CreateObject request (header only) opening the session, then the PLC's reply.
  send(kToPlc, dt("7201000e31000004ca000000010000012036"
                  "72010000"));
  send(kFromPlc, dt(kPlusCreateReply));
  send(kToPlc, dt(kPlusDeleteRequest));
  send(kFromPlc, dt(kPlusDeleteReply));
  ASSERT_EQ(sink_.messages.size(), 4u);
  for (const MessageEvent& ev : sink_.messages) {
    EXPECT_EQ(ev.protocol, s7::kS7commPlus);
    EXPECT_EQ(ev.op, OpClass::Session);
  }
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[0].function_key, std::optional<std::uint32_t>(0x04CA));
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[1].function_name, "CreateObject");
  EXPECT_EQ(sink_.messages[3].function_key, std::optional<std::uint32_t>(0x04D4));
  EXPECT_EQ(sink_.messages[3].detail, "session close");  // classified like its request
  EXPECT_EQ(sink_.identity_value("order_number"), "6ES7 511-1AK00-0AB0");
  EXPECT_EQ(sink_.identity_value("firmware"), "V1.0");
  for (const IdentityEvent& id : sink_.identities) {
    EXPECT_EQ(id.protocol, s7::kS7commPlus);
    EXPECT_TRUE(id.about_sender);
    EXPECT_EQ(id.dir, kFromPlc);
  }
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(S7SessionTest, S7commPlusSplitPduCountsOnce) {
  send(kToPlc, dt("72020006"
                  "310000054c00"));
  send(kToPlc, dt("72020003"
                  "000007"));
  EXPECT_TRUE(sink_.messages.empty());
  send(kToPlc, dt("72020005"
                  "000003c034"
                  "72020000"));
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].function, 0x054Cu);
  EXPECT_EQ(sink_.messages[0].op, OpClass::Read);
}

TEST_F(S7SessionTest, S7commPlusUnreadablePduCountsWithoutFunction) {
  send(kFromPlc, dt("72030005"
                    "00"
                    "17030300"
                    "72030000"));
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].protocol, s7::kS7commPlus);
  EXPECT_FALSE(sink_.messages[0].function_key.has_value());
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Response);  // sent by the TCP 102 side
  EXPECT_EQ(sink_.malformed(), 0u);
}

TEST_F(S7SessionTest, S7commPlusBadTrailerIsMalformed) {
  send(kToPlc, dt("72020001"
                  "31"
                  "32020000"));
  EXPECT_TRUE(sink_.messages.empty());
  EXPECT_EQ(sink_.count_anomalies("s7comm_plus.bad_trailer"), 1u);
  EXPECT_EQ(sink_.malformed(), 1u);
}

// ---- Descriptor and probe ----------------------------------------------------------------------

TEST(S7Descriptor, NamesAndPort) {
  const ProtocolDescriptor& d = descriptor();
  EXPECT_EQ(Protocol(&d.main()), s7::kS7comm);
  EXPECT_EQ(d.name, "s7comm");
  EXPECT_EQ(d.registered_port(), 102);
  ASSERT_EQ(d.protocols.size(), 2u) << "its sessions report S7comm and S7comm-plus";
  EXPECT_EQ(Protocol(d.protocols[1]), s7::kS7commPlus);
  EXPECT_EQ(s7::kS7commPlus.name(), "s7comm_plus");
}

TEST(S7Descriptor, ProbeIsExact) {
  const ProtocolDescriptor& d = descriptor();
  EXPECT_EQ(d.probe(hex(kCr), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(d.probe(dt(kSetupJob1), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(d.probe(dt(kPlusDeleteReply), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(d.probe(hex("0300000702f000"), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(d.probe(hex("030000"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(d.probe(hex("0300001602"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(d.probe(hex(kCr), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(d.probe(hex("00"), Transport::Tcp), ProbeResult::NoMatch);
  // A Modbus/TCP request and an HTTP request are not S7.
  EXPECT_EQ(d.probe(hex("000100000006010300000001"), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(d.probe(hex("474554202f20485454502f312e31"), Transport::Tcp), ProbeResult::NoMatch);
  // TPKT carrying an ISO session PDU (MMS) is not S7 either.
  EXPECT_EQ(d.probe(dt("0dc0e0c0"), Transport::Tcp), ProbeResult::NoMatch);
}

TEST(S7Descriptor, CreatesASession) {
  RecordingSink sink;
  const FlowInfo flow = test::test_flow();
  auto session = descriptor().create(flow, sink);
  ASSERT_NE(session, nullptr);
  session->on_data(kToPlc, dt(kSetupJob1), PacketMeta{});
  EXPECT_EQ(sink.messages.size(), 1u);
}

}  // namespace
}  // namespace otscope::s7
