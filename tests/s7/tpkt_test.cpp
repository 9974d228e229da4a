// TPKT framing and COTP: frame boundaries in a byte stream, resynchronisation, every COTP PDU
// type the decoder knows and every COTP error, TSAP rack/slot, and COTP segment reassembly.
#include "protocols/s7/tpkt.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/s7/s7_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::s7 {
namespace {

using otscope::test::hex;
using test::cat;
using test::dt;

/// The COTP part of every frame, and every skipped run.
struct Collected {
  std::vector<std::vector<std::uint8_t>> frames;
  std::vector<TpktFramer::Run> errors;
  void on_message(Bytes frame) {
    EXPECT_EQ(std::size_t{frame[2]} << 8 | frame[3], frame.size());
    frames.emplace_back(frame.begin() + kTpktHeaderSize, frame.end());
  }
  void on_skipped(const TpktFramer::Run& run) { errors.push_back(run); }
};

void feed(TpktFramer& framer, Bytes data, Collected& c) {
  framer.push(data, c);
}

// Setup communication job and its Ack_Data from a Snap7 session (snap7_s300_everything frames 1-2).
const std::string kSetupJob = "0300001902f08032010000000000080000f0000001000101e0";
const std::string kSetupAck = "0300001b02f080320300000000000800000000f0000001000100f0";

TEST(TpktFramer, SeveralFramesInOneSegment) {
  TpktFramer framer;
  Collected c;
  const auto bytes = cat({hex(kSetupJob), hex(kSetupAck), hex("0300000702f000")});
  feed(framer, bytes, c);
  ASSERT_EQ(c.frames.size(), 3u);
  EXPECT_EQ(c.frames[0].size(), 0x19u - 4);
  EXPECT_EQ(c.frames[1].size(), 0x1bu - 4);
  EXPECT_EQ(c.frames[2], hex("02f000"));  // an empty DT (keep-alive)
  EXPECT_TRUE(c.errors.empty());
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(TpktFramer, SplitAtEveryOffsetGivesTheSameFrames) {
  const auto bytes = cat({hex(kSetupJob), hex(kSetupAck)});
  Collected whole;
  {
    TpktFramer framer;
    feed(framer, bytes, whole);
  }
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    TpktFramer framer;
    Collected c;
    feed(framer, Bytes(bytes).subspan(0, cut), c);
    feed(framer, Bytes(bytes).subspan(cut), c);
    EXPECT_EQ(c.frames, whole.frames) << "cut at " << cut;
    EXPECT_TRUE(c.errors.empty()) << "cut at " << cut;
  }
  // One byte at a time.
  TpktFramer framer;
  Collected c;
  for (std::uint8_t b : bytes) feed(framer, Bytes(&b, 1), c);
  EXPECT_EQ(c.frames, whole.frames);
}

TEST(TpktFramer, GarbageIsSkippedAndReportedAsBadVersion) {
  TpktFramer framer;
  Collected c;
  feed(framer, cat({hex("deadbeef"), hex(kSetupJob)}), c);
  ASSERT_EQ(c.frames.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].error, TpktError::BadVersion);
  EXPECT_EQ(c.errors[0].skipped, 4u);
  EXPECT_EQ(tpkt_error_kind(c.errors[0].error), "tpkt_bad_version");
}

TEST(TpktFramer, BadReservedByteIsReported) {
  TpktFramer framer;
  Collected c;
  feed(framer, cat({hex("0301001902f0"), hex(kSetupJob)}), c);
  ASSERT_EQ(c.frames.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].error, TpktError::BadReserved);
  EXPECT_EQ(c.errors[0].skipped, 6u);
}

TEST(TpktFramer, LengthBelowSevenIsReported) {
  TpktFramer framer;
  Collected c;
  feed(framer, cat({hex("03000005aa"), hex(kSetupJob)}), c);
  ASSERT_EQ(c.frames.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].error, TpktError::LengthTooShort);
  EXPECT_EQ(c.errors[0].skipped, 5u);
}

TEST(TpktFramer, ResynchronisesAfterAGapInsideAFrame) {
  TpktFramer framer;
  Collected c;
  const auto job = hex(kSetupJob);
  // The first 10 bytes of a frame arrive, the rest is lost, then the tail of a frame that began
  // in the lost bytes and a whole frame follow.
  feed(framer, Bytes(job).subspan(0, 10), c);
  const TpktFramer::Remainder rest = framer.gap();
  EXPECT_FALSE(rest.skipped);
  EXPECT_EQ(rest.partial, 10u);
  feed(framer, cat({hex("0000f0000001000101e0"), hex(kSetupAck)}), c);
  ASSERT_EQ(c.frames.size(), 1u);
  EXPECT_EQ(c.frames[0].size(), 0x1bu - 4);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].error, TpktError::Resync);
  EXPECT_EQ(c.errors[0].skipped, 10u);
}

TEST(TpktFramer, FrameStartChecksCotpAndProtocolId) {
  EXPECT_EQ(frame_start(hex("03")), FrameStart::NeedMore);
  EXPECT_EQ(frame_start(hex("0300")), FrameStart::NeedMore);
  EXPECT_EQ(frame_start(hex("030000")), FrameStart::NeedMore);
  EXPECT_EQ(frame_start(hex("04")), FrameStart::No);
  EXPECT_EQ(frame_start(hex("0300000602f0")), FrameStart::No);  // length 6
  EXPECT_EQ(frame_start(hex("0300001902f08032")), FrameStart::Yes);
  EXPECT_EQ(frame_start(hex("0300001902f08072")), FrameStart::Yes);
  EXPECT_EQ(frame_start(hex("0300001902f0800d")), FrameStart::No);  // ISO session, not S7
  EXPECT_EQ(frame_start(hex("0300001902f080")), FrameStart::NeedMore);
  EXPECT_EQ(frame_start(hex("0300000702f000")), FrameStart::Yes);    // empty DT
  EXPECT_EQ(frame_start(hex("0300001903f08032")), FrameStart::No);   // DT with LI 3
  EXPECT_EQ(frame_start(hex("0300001902a080")), FrameStart::No);     // no PDU type 0xA0
  EXPECT_EQ(frame_start(hex("0300001611e00000")), FrameStart::Yes);  // CR
  EXPECT_EQ(frame_start(hex("0300001620e00000")), FrameStart::No);   // LI past the frame
}

// COTP connection request of STEP 7 to rack 0 slot 2 (s7comm_downloading_block_db1 frame 5).
const std::string kCr = "11e00000000700c1020100c2020102c0010a";

TEST(Cotp, ConnectionRequestWithTsaps) {
  const auto bytes = hex(kCr);  // the PDU's views point into these bytes
  CotpPdu pdu;
  ASSERT_EQ(decode_cotp(bytes, pdu), CotpError::None);
  EXPECT_EQ(pdu.type, CotpType::ConnectionRequest);
  EXPECT_EQ(cotp_type_name(pdu.type), "CR");
  EXPECT_EQ(pdu.dst_ref, 0x0000);
  EXPECT_EQ(pdu.src_ref, 0x0007);
  EXPECT_EQ(std::vector<std::uint8_t>(pdu.calling_tsap.begin(), pdu.calling_tsap.end()),
            hex("0100"));
  EXPECT_EQ(std::vector<std::uint8_t>(pdu.called_tsap.begin(), pdu.called_tsap.end()), hex("0102"));
  EXPECT_EQ(pdu.tpdu_size_code, 0x0A);  // 1024 bytes
  std::uint8_t rack = 9;
  std::uint8_t slot = 9;
  ASSERT_TRUE(tsap_rack_slot(pdu.called_tsap, rack, slot));
  EXPECT_EQ(rack, 0);
  EXPECT_EQ(slot, 2);
}

TEST(Cotp, RackAndSlotFromTheSecondTsapByte) {
  std::uint8_t rack = 0;
  std::uint8_t slot = 0;
  ASSERT_TRUE(tsap_rack_slot(hex("0343"), rack, slot));  // 0x43 = rack 2 * 32 + slot 3
  EXPECT_EQ(rack, 2);
  EXPECT_EQ(slot, 3);
  // S7-1200/1500 name their TSAPs: no rack and slot there.
  EXPECT_FALSE(tsap_rack_slot(hex("53494d415449432d524f4f542d4553"), rack, slot));
}

TEST(Cotp, ConnectionConfirmWithNamedTsap) {
  // S7-1511 confirm with TSAP "SIMATIC-ROOT-HMI" (S7-1511_db2_var1_HMI frame 5).
  const auto bytes = hex("1fd0001b000100c0010ac1020620c21053494d415449432d524f4f542d484d49");
  CotpPdu pdu;
  ASSERT_EQ(decode_cotp(bytes, pdu), CotpError::None);
  EXPECT_EQ(pdu.type, CotpType::ConnectionConfirm);
  EXPECT_EQ(pdu.dst_ref, 0x001B);
  EXPECT_EQ(pdu.src_ref, 0x0001);
  EXPECT_EQ(printable_string(pdu.called_tsap), "SIMATIC-ROOT-HMI");
}

TEST(Cotp, DataWithAndWithoutEot) {
  CotpPdu pdu;
  const auto one = hex("02f08032");
  ASSERT_EQ(decode_cotp(one, pdu), CotpError::None);
  EXPECT_EQ(pdu.type, CotpType::Data);
  EXPECT_TRUE(pdu.eot);
  EXPECT_EQ(pdu.user_data.size(), 1u);
  const auto two = hex("02f0053201");
  ASSERT_EQ(decode_cotp(two, pdu), CotpError::None);
  EXPECT_FALSE(pdu.eot);
  EXPECT_EQ(pdu.tpdu_number, 5);
  EXPECT_EQ(pdu.user_data.size(), 2u);
}

TEST(Cotp, DisconnectAndErrorTpdus) {
  CotpPdu pdu;
  ASSERT_EQ(decode_cotp(hex("06800007000380"), pdu), CotpError::None);
  EXPECT_EQ(pdu.type, CotpType::DisconnectRequest);
  EXPECT_EQ(pdu.reason, 0x80);
  ASSERT_EQ(decode_cotp(hex("05c000070003"), pdu), CotpError::None);
  EXPECT_EQ(pdu.type, CotpType::DisconnectConfirm);
  ASSERT_EQ(decode_cotp(hex("0770000702c101aa"), pdu), CotpError::None);
  EXPECT_EQ(pdu.type, CotpType::Error);
  EXPECT_EQ(pdu.reason, 0x02);
}

TEST(Cotp, EveryErrorReason) {
  CotpPdu pdu;
  EXPECT_EQ(decode_cotp(hex(""), pdu), CotpError::Empty);
  EXPECT_EQ(decode_cotp(hex("05f080"), pdu), CotpError::LengthIndicatorTooLarge);
  EXPECT_EQ(decode_cotp(hex("02a080"), pdu), CotpError::UnknownPduType);
  EXPECT_EQ(decode_cotp(hex("01f0"), pdu), CotpError::HeaderTooShort);
  EXPECT_EQ(decode_cotp(hex("04e0000000"), pdu), CotpError::HeaderTooShort);
  EXPECT_EQ(decode_cotp(hex("0000"), pdu), CotpError::HeaderTooShort);
  EXPECT_EQ(decode_cotp(hex("08e00000000700c105"), pdu), CotpError::BadParameter);
  EXPECT_EQ(cotp_error_kind(CotpError::BadParameter), "cotp_bad_parameter");
}

TEST(CotpReassembler, JoinsSegmentsUntilEot) {
  CotpReassembler r;
  const auto first = hex("02f0003201");
  const auto last = hex("02f0810000");
  CotpPdu a;
  CotpPdu b;
  ASSERT_EQ(decode_cotp(first, a), CotpError::None);
  ASSERT_EQ(decode_cotp(last, b), CotpError::None);
  Bytes tsdu;
  EXPECT_EQ(r.add(a, tsdu), CotpReassembler::Result::Pending);
  EXPECT_TRUE(r.pending());
  ASSERT_EQ(r.add(b, tsdu), CotpReassembler::Result::Complete);
  EXPECT_EQ(std::vector<std::uint8_t>(tsdu.begin(), tsdu.end()), hex("32010000"));
  EXPECT_FALSE(r.pending());
}

TEST(CotpReassembler, OverflowDropsTheTsdu) {
  CotpReassembler r;
  std::vector<std::uint8_t> big(CotpReassembler::kMaxTsdu / 2 + 1, 0x32);
  CotpPdu seg;
  seg.type = CotpType::Data;
  seg.eot = false;
  seg.user_data = big;
  Bytes tsdu;
  EXPECT_EQ(r.add(seg, tsdu), CotpReassembler::Result::Pending);
  EXPECT_EQ(r.add(seg, tsdu), CotpReassembler::Result::Overflow);
  EXPECT_FALSE(r.pending());
}

}  // namespace
}  // namespace otscope::s7
