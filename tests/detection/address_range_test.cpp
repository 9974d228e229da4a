// The value types every decoder reports ranges in: names held in place, ranges in a list that
// keeps one or two of them without the heap; and the byte reader's bulk word read.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "protocols/common/events.h"

namespace otscope {
namespace {

TEST(SpaceName, HoldsEveryDecoderNameAndComparesLikeText) {
  for (const char* name : {"holding_register", "discrete_input", "g120", "DB65535", "area 0x84"}) {
    const SpaceName s(name);
    EXPECT_EQ(s.view(), name);
    EXPECT_TRUE(SpaceName::fits(name));
  }
  EXPECT_LT(SpaceName("DB10"), SpaceName("DB9"));  // text order, as std::string sorts
  EXPECT_LT(SpaceName("coil"), SpaceName("coils"));
  EXPECT_EQ(SpaceName("coil"), std::string("coil"));
  EXPECT_NE(SpaceName("coil"), SpaceName("coils"));
  // A name beyond the capacity is cut, never overrun; files check fits() first.
  const std::string longer(40, 'x');
  EXPECT_FALSE(SpaceName::fits(longer));
  EXPECT_EQ(SpaceName(longer).view(), std::string(SpaceName::kCapacity, 'x'));
}

TEST(SpaceName, AReusedNameEqualsAFreshOne) {
  // Equality compares the whole name: what a longer earlier name left behind must not count.
  SpaceName reused("holding_register");
  reused = "coil";
  EXPECT_EQ(reused, SpaceName("coil"));
  EXPECT_EQ(reused.view(), "coil");
  reused = std::string(40, 'y');
  reused = "";
  EXPECT_EQ(reused, SpaceName());
  EXPECT_TRUE(reused.empty());
  const AddressRange a{"g30", 0, 4};
  AddressRange b{"DB65535", 0, 4};
  b.space = "g30";
  EXPECT_EQ(a, b);
}

TEST(ByteReader, ReadsBigEndianWordsIntoKeptStorage) {
  const std::vector<std::uint8_t> bytes = {0x12, 0x34, 0xab, 0xcd, 0x00, 0x01, 0xff};
  std::vector<std::uint16_t> words(10, 0xeeee);
  ByteReader r{Bytes(bytes)};
  ASSERT_TRUE(r.be16_words(3, words));
  EXPECT_EQ(words, (std::vector<std::uint16_t>{0x1234, 0xabcd, 0x0001}));
  EXPECT_EQ(r.remaining(), 1u);
  EXPECT_FALSE(r.be16_words(1, words));  // one byte left: nothing read, nothing changed
  EXPECT_EQ(words.size(), 3u);
  EXPECT_EQ(r.remaining(), 1u);
  ByteReader whole{Bytes(bytes)};
  EXPECT_FALSE(whole.be16_words(4, words));  // 8 bytes asked, 7 there
  EXPECT_EQ(whole.offset(), 0u);
  ASSERT_TRUE(whole.be16_words(0, words));
  EXPECT_TRUE(words.empty());
}

// Register blocks are read four words at a time with a tail: every length up to a full Modbus
// read (125 registers), from an odd offset, gives the same words as reading them one by one.
TEST(ByteReader, ReadsLongWordBlocksLikeSingleWords) {
  std::vector<std::uint8_t> bytes(1 + 2 * 125);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 37 + 11);
  std::vector<std::uint16_t> block;
  for (std::size_t n = 0; n <= 125; ++n) {
    ByteReader r{Bytes(bytes)};
    ASSERT_TRUE(r.skip(1));
    ASSERT_TRUE(r.be16_words(n, block)) << n;
    ASSERT_EQ(block.size(), n);
    ByteReader one{Bytes(bytes)};
    ASSERT_TRUE(one.skip(1));
    for (std::size_t i = 0; i < n; ++i) {
      std::uint16_t w = 0;
      ASSERT_TRUE(one.be16(w));
      ASSERT_EQ(block[i], w) << "word " << i << " of " << n;
    }
    EXPECT_EQ(r.offset(), one.offset());
  }
}

TEST(RangeList, KeepsOrderAcrossTheInlinePlacesAndMovesEmpty) {
  RangeList list;
  EXPECT_TRUE(list.empty());
  std::vector<AddressRange> expected;
  for (std::uint32_t i = 0; i < 5; ++i) {
    const AddressRange r{i % 2 ? "coil" : "holding_register", i * 10, i + 1};
    list.push_back(r);
    expected.push_back(r);
    ASSERT_EQ(list.size(), i + 1);
    EXPECT_EQ(list.to_vector(), expected);  // contiguous and in order, inline or not
  }
  EXPECT_EQ(list.back().start, 40u);
  EXPECT_THROW((void)list.at(5), std::out_of_range);

  const RangeList copy = list;
  EXPECT_EQ(copy, list);
  RangeList moved = std::move(list);
  EXPECT_EQ(moved, copy);
  EXPECT_TRUE(list.empty());  // NOLINT: a moved-from list is empty, not dangling
  list.push_back({"DB5", 0, 4});
  EXPECT_EQ(list.size(), 1u);
  EXPECT_NE(list, copy);

  RangeList small{{"DB5", 0, 4}};
  RangeList taken = std::move(small);
  EXPECT_TRUE(small.empty());  // NOLINT
  EXPECT_EQ(taken.front().space, "DB5");
  taken.clear();
  EXPECT_TRUE(taken.empty());
}

TEST(IpAddressText, DottedQuadMatchesTheSystemsFormatting) {
  // Every octet value in every position, against inet_ntop.
  for (unsigned v = 0; v < 256; ++v) {
    for (unsigned at = 0; at < 4; ++at) {
      IpAddress ip = IpAddress::v4(0x0a000001u);
      ip.bytes[at] = static_cast<std::uint8_t>(v);
      char expected[INET_ADDRSTRLEN] = {};
      ASSERT_NE(inet_ntop(AF_INET, ip.bytes.data(), expected, sizeof expected), nullptr);
      EXPECT_EQ(ip.to_string(), expected);
    }
  }
  IpAddress v6;
  ASSERT_TRUE(IpAddress::parse("2001:db8::10", v6));
  EXPECT_EQ(v6.to_string(), "2001:db8::10");
}

}  // namespace
}  // namespace otscope
