// IPv4 fragment reassembly.
#include <gtest/gtest.h>

#include "capture/ipv4_defrag.h"
#include "tests/support/frames.h"

namespace otscope::capture {
namespace {

using test::Frame;

// A UDP datagram of `size` payload bytes cut into IPv4 fragments of `chunk` bytes (multiple of 8).
std::vector<Frame> fragments(std::size_t size, std::size_t chunk, std::uint16_t id = 7) {
  Frame payload(size);
  for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<std::uint8_t>(i * 7);
  Frame l4 = test::udp_datagram(1000, 20000, payload);
  std::vector<Frame> out;
  for (std::size_t off = 0; off < l4.size(); off += chunk) {
    const std::size_t n = std::min(chunk, l4.size() - off);
    test::Ipv4Options o;
    o.id = id;
    o.more_fragments = off + n < l4.size();
    o.fragment_offset_bytes = static_cast<std::uint16_t>(off);
    out.push_back(test::ipv4("10.1.1.1", "10.1.1.2", 17,
                             Frame(l4.begin() + static_cast<std::ptrdiff_t>(off),
                                   l4.begin() + static_cast<std::ptrdiff_t>(off + n)),
                             o));
  }
  return out;
}

TEST(Defrag, InOrder) {
  Ipv4Defragmenter d;
  auto frags = fragments(100, 32);
  ASSERT_EQ(frags.size(), 4u);
  for (std::size_t i = 0; i + 1 < frags.size(); ++i) {
    EXPECT_TRUE(Ipv4Defragmenter::is_fragment(frags[i]));
    EXPECT_FALSE(d.add(frags[i], 0));
  }
  auto whole = d.add(frags.back(), 0);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->size(), 20u + 8u + 100u);
  EXPECT_FALSE(Ipv4Defragmenter::is_fragment(*whole));
  EXPECT_EQ((*whole)[28 + 99], static_cast<std::uint8_t>(99 * 7));
  EXPECT_EQ(d.pending(), 0u);
  EXPECT_EQ(d.stats().reassembled, 1u);
}

TEST(Defrag, ReverseOrderAndDuplicates) {
  Ipv4Defragmenter d;
  auto frags = fragments(200, 64);
  std::optional<std::vector<std::uint8_t>> whole;
  EXPECT_FALSE(d.add(frags[1], 0));
  EXPECT_FALSE(d.add(frags[1], 0));  // duplicate
  for (std::size_t i = frags.size(); i-- > 0;) {
    auto r = d.add(frags[i], 0);
    if (r) whole = r;
  }
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->size(), 228u);
  EXPECT_GE(d.stats().overlaps, 1u);
}

TEST(Defrag, OverlapKeepsFirstBytes) {
  Ipv4Defragmenter d;
  auto frags = fragments(40, 24);  // l4 = 48 bytes: fragments of 24 + 24
  ASSERT_EQ(frags.size(), 2u);
  // A forged fragment at the same offset as the second, with different bytes.
  Frame forged = frags[1];
  for (std::size_t i = 20; i < forged.size(); ++i) forged[i] = 0xee;
  EXPECT_FALSE(d.add(frags[1], 0));
  EXPECT_FALSE(d.add(forged, 0));
  auto whole = d.add(frags[0], 0);
  ASSERT_TRUE(whole);
  EXPECT_NE((*whole)[20 + 30], 0xee);
}

TEST(Defrag, IncompleteDatagramsExpire) {
  Ipv4Defragmenter d(256, 1'000'000);
  auto frags = fragments(100, 32);
  d.add(frags[0], 0);
  EXPECT_EQ(d.pending(), 1u);
  d.expire(2'000'000);
  EXPECT_EQ(d.pending(), 0u);
  EXPECT_EQ(d.stats().expired, 1u);
  EXPECT_FALSE(d.add(frags.back(), 2'100'000));  // the rest alone is not enough
}

TEST(Defrag, BoundedNumberOfDatagrams) {
  Ipv4Defragmenter d(4);
  for (std::uint16_t id = 0; id < 10; ++id) d.add(fragments(100, 32, id)[0], id);
  EXPECT_EQ(d.pending(), 4u);
  EXPECT_EQ(d.stats().expired, 6u);
}

TEST(Defrag, InvalidFragmentsAreCounted) {
  Ipv4Defragmenter d;
  Frame f = fragments(100, 32)[0];
  f[2] = 0x40;  // total length larger than the bytes there
  EXPECT_FALSE(d.add(f, 0));
  EXPECT_EQ(d.stats().invalid, 1u);
}

}  // namespace
}  // namespace otscope::capture
