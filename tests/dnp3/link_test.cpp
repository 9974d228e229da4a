// Link layer: CRC, header, user data blocks and the link function table, on frames taken from
// the shared captures (wire bytes, so the CRC is checked against real devices, not ourselves).
#include "protocols/dnp3/link.h"

#include <gtest/gtest.h>

#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/crc.h"
#include "tests/dnp3/dnp3_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::dnp3 {
namespace {

using otscope::test::hex;

// bro_dnp3.pcap frame 76: COLD_RESTART from master 3 to outstation 4.
const char* kColdRestart = "05 64 08 c4 04 00 03 00 b4 b8  c0 c1 0d d2 2d";
// bro_dnp3.pcap frame 40: a 71-byte unsolicited response in 5 blocks.
const char* kUnsolicited =
    "05644c4403000400d86bccf382000033010701e2437d87ff0002f8c3032805000000010000010081000002005989"
    "810000000081f303010001f3032001283b4603000000010000000001000100000000e8b9020001000000003d62";
// bro_dnp3_link_only.pcap frames 1 and 2: REQUEST_LINK_STATUS and LINK_STATUS.
const char* kRequestLinkStatus = "05 64 05 49 64 00 01 00 7e 5f";
const char* kLinkStatus = "05 64 05 8b 01 00 64 00 a0 97";

TEST(Dnp3Crc, MatchesTheCrcsDevicesSend) {
  auto header = hex("05 64 08 c4 04 00 03 00");
  EXPECT_EQ(crc16(header), 0xB8B4);
  auto block = hex("c0 c1 0d");
  EXPECT_EQ(crc16(block), 0x2DD2);
  EXPECT_TRUE(crc_matches(block, 0xD2, 0x2D));
  EXPECT_FALSE(crc_matches(block, 0x2D, 0xD2));
  // The CRC of nothing is the complement of the initial value.
  EXPECT_EQ(crc16(Bytes{}), 0xFFFF);
}

TEST(Dnp3Link, DecodesAFrameWithOneBlock) {
  auto bytes = hex(kColdRestart);
  LinkFrame frame;
  std::size_t consumed = 0;
  ASSERT_EQ(parse_link_frame(bytes, frame, consumed), LinkError::None);
  EXPECT_EQ(consumed, bytes.size());
  EXPECT_EQ(frame.header.length, 8);
  EXPECT_TRUE(frame.header.from_master());
  EXPECT_TRUE(frame.header.primary());
  EXPECT_FALSE(frame.header.frame_count_valid());
  EXPECT_EQ(frame.header.function(), 4);
  EXPECT_EQ(frame.header.destination, 4);
  EXPECT_EQ(frame.header.source, 3);
  EXPECT_EQ(to_hex(frame.user_data()), "c0c10d");
}

TEST(Dnp3Link, DecodesAFrameWithSeveralBlocksAndIgnoresWhatFollows) {
  auto bytes = hex(kUnsolicited);
  const std::size_t frame_size = bytes.size();
  bytes.push_back(0x05);  // the start of a next frame must not disturb this one
  LinkFrame frame;
  std::size_t consumed = 0;
  ASSERT_EQ(parse_link_frame(bytes, frame, consumed), LinkError::None);
  EXPECT_EQ(consumed, frame_size);
  EXPECT_EQ(link_frame_size(frame.header.length), frame_size);
  EXPECT_FALSE(frame.header.from_master());
  EXPECT_EQ(frame.user_data().size(), 71u);
  EXPECT_EQ(frame.data[0], 0xCC);  // transport header
  EXPECT_EQ(frame.data[2], 0x82);  // UNSOLICITED_RESPONSE
  EXPECT_EQ(frame.data[70], 0x00);
}

TEST(Dnp3Link, ReportsABadHeaderCrc) {
  auto bytes = hex(kColdRestart);
  bytes[9] ^= 0x01;
  LinkFrame frame;
  std::size_t consumed = 0;
  EXPECT_EQ(parse_link_frame(bytes, frame, consumed), LinkError::HeaderCrc);
  EXPECT_EQ(consumed, 0u);
  EXPECT_EQ(link_error_kind(LinkError::HeaderCrc), "dnp3.header_crc");
  // A flipped data byte covered by the header CRC is caught the same way.
  bytes = hex(kColdRestart);
  bytes[4] = 0x05;
  EXPECT_EQ(parse_link_frame(bytes, frame, consumed), LinkError::HeaderCrc);
}

TEST(Dnp3Link, ReportsABadBlockCrcWithItsBlockAndStillSpansTheFrame) {
  auto bytes = hex(kUnsolicited);
  bytes[10 + 18 * 2 + 3] ^= 0x40;  // a data byte of the third block
  LinkFrame frame;
  std::size_t consumed = 0;
  EXPECT_EQ(parse_link_frame(bytes, frame, consumed), LinkError::BlockCrc);
  EXPECT_EQ(frame.bad_block, 2u);
  EXPECT_EQ(consumed, bytes.size());
  EXPECT_EQ(link_error_kind(LinkError::BlockCrc), "dnp3.block_crc");
}

TEST(Dnp3Link, ReportsALengthBelowFiveEvenWithAGoodCrc) {
  auto bytes = test::link_frame(0xC4, 4, 3, {});
  bytes[2] = 4;
  test::append_crc(bytes, bytes.data(), 8);  // fresh CRC over the altered header
  bytes.erase(bytes.begin() + 8, bytes.begin() + 10);
  LinkFrame frame;
  std::size_t consumed = 0;
  EXPECT_EQ(parse_link_frame(bytes, frame, consumed), LinkError::BadLength);
  EXPECT_EQ(frame.header.length, 4);
}

TEST(Dnp3Link, NeedsTheWholeFrame) {
  auto bytes = hex(kUnsolicited);
  LinkFrame frame;
  std::size_t consumed = 0;
  for (std::size_t n : {0u, 1u, 9u, 10u, 50u}) {
    EXPECT_EQ(parse_link_frame(Bytes(bytes).first(n), frame, consumed), LinkError::NotEnoughData)
        << n;
  }
  EXPECT_EQ(parse_link_frame(Bytes(bytes).first(bytes.size() - 1), frame, consumed),
            LinkError::NotEnoughData);
  auto wrong = hex("05 65 08 c4 04 00 03 00 b4 b8");
  EXPECT_EQ(parse_link_frame(wrong, frame, consumed), LinkError::BadStart);
}

TEST(Dnp3Link, DecodesLinkServiceFrames) {
  LinkFrame frame;
  std::size_t consumed = 0;
  auto request = hex(kRequestLinkStatus);
  ASSERT_EQ(parse_link_frame(request, frame, consumed), LinkError::None);
  EXPECT_FALSE(frame.header.from_master());
  EXPECT_TRUE(frame.header.primary());
  EXPECT_EQ(link_function_name(true, frame.header.function()), "REQUEST_LINK_STATUS");
  EXPECT_EQ(frame.user_data().size(), 0u);
  auto status = hex(kLinkStatus);
  ASSERT_EQ(parse_link_frame(status, frame, consumed), LinkError::None);
  EXPECT_TRUE(frame.header.from_master());
  EXPECT_FALSE(frame.header.primary());
  EXPECT_EQ(link_function_name(false, frame.header.function()), "LINK_STATUS");
}

TEST(Dnp3Link, FunctionTableKnowsReservedCodesAndUserData) {
  auto reserved = [](bool primary, int code) {
    return link_function_reserved(primary, static_cast<std::uint8_t>(code));
  };
  for (int code : {0, 2, 3, 4, 9}) EXPECT_FALSE(reserved(true, code)) << code;
  for (int code : {1, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15})
    EXPECT_TRUE(reserved(true, code)) << code;
  for (int code : {0, 1, 11, 15}) EXPECT_FALSE(reserved(false, code)) << code;
  for (int code : {2, 3, 4, 9, 14}) EXPECT_TRUE(reserved(false, code)) << code;
  EXPECT_TRUE(link_function_carries_user_data(true, 3));
  EXPECT_TRUE(link_function_carries_user_data(true, 4));
  EXPECT_FALSE(link_function_carries_user_data(false, 4));
  EXPECT_FALSE(link_function_carries_user_data(true, 9));
  EXPECT_EQ(link_function_name(true, 7), "RESERVED");
}

TEST(Dnp3Link, AddressClasses) {
  EXPECT_FALSE(is_broadcast_address(0xFFFC));
  EXPECT_TRUE(is_broadcast_address(0xFFFD));
  EXPECT_TRUE(is_broadcast_address(0xFFFF));
  EXPECT_TRUE(is_device_address(0xFFEF));
  EXPECT_FALSE(is_device_address(0xFFF0));
}

TEST(Dnp3Link, FrameSizeCountsBlockCrcs) {
  EXPECT_EQ(link_frame_size(5), 10u);
  EXPECT_EQ(link_frame_size(6), 13u);
  EXPECT_EQ(link_frame_size(21), 28u);
  EXPECT_EQ(link_frame_size(22), 31u);
  EXPECT_EQ(link_frame_size(255), kMaxFrameSize);
}

}  // namespace
}  // namespace otscope::dnp3
