// Link-layer framing for every supported link type.
#include "capture/link.h"

#include <gtest/gtest.h>

#include "tests/support/frames.h"

namespace otscope::capture {
namespace {

using test::Frame;

const Frame kIp = test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp_datagram(1, 2, {0xaa}));

TEST(Link, EthernetUntagged) {
  Frame f = test::ethernet("00:1b:1b:01:02:03", "00:80:f4:0a:0b:0c", 0x0800, kIp);
  auto l = parse_link(1, f);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->src.to_string(), "00:1b:1b:01:02:03");
  EXPECT_EQ(l->dst.to_string(), "00:80:f4:0a:0b:0c");
  EXPECT_EQ(l->vlan, 0);
  EXPECT_EQ(l->network, NetworkProtocol::Ipv4);
  EXPECT_GE(l->payload.size(), kIp.size());  // padding stays; the IP length bounds the packet
}

TEST(Link, Dot1QTag) {
  Frame f = test::ethernet("00:00:00:00:00:01", "00:00:00:00:00:02", 0x0800, kIp, {{0x8100, 20}});
  auto l = parse_link(1, f);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->vlan, 20);
  EXPECT_EQ(l->vlan_depth, 1);
  EXPECT_EQ(l->network, NetworkProtocol::Ipv4);
  EXPECT_EQ(l->payload[0], 0x45);
}

TEST(Link, StackedQinQReportsOuterTag) {
  Frame f = test::ethernet("00:00:00:00:00:01", "00:00:00:00:00:02", 0x0800, kIp,
                           {{0x88a8, 100}, {0x8100, 20}});
  auto l = parse_link(1, f);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->vlan, 100);
  EXPECT_EQ(l->vlan_depth, 2);
  EXPECT_EQ(l->network, NetworkProtocol::Ipv4);
  EXPECT_EQ(l->payload[0], 0x45);
}

TEST(Link, PriorityBitsAreNotPartOfTheVlanId) {
  Frame f = test::ethernet("00:00:00:00:00:01", "00:00:00:00:00:02", 0x0800, kIp,
                           {{0x8100, 0xa000 | 42}});
  auto l = parse_link(1, f);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->vlan, 42);
}

TEST(Link, LinuxCookedV1AndV2) {
  for (int dlt : {113, 276}) {
    Frame f = dlt == 113 ? test::linux_sll("00:1b:1b:aa:bb:cc", 0x0800, kIp)
                         : test::linux_sll2("00:1b:1b:aa:bb:cc", 0x0800, kIp);
    auto l = parse_link(dlt, f);
    ASSERT_TRUE(l) << dlt;
    EXPECT_EQ(l->src.to_string(), "00:1b:1b:aa:bb:cc");
    EXPECT_TRUE(l->dst.is_zero());
    EXPECT_EQ(l->network, NetworkProtocol::Ipv4);
    EXPECT_EQ(l->payload.size(), kIp.size());
  }
}

TEST(Link, RawIpv4AndIpv6) {
  auto l = parse_link(101, kIp);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->network, NetworkProtocol::Ipv4);
  Frame v6 = test::ipv6("fe80::1", "fe80::2", 17, test::udp_datagram(1, 2, {}));
  auto l6 = parse_link(229, v6);
  ASSERT_TRUE(l6);
  EXPECT_EQ(l6->network, NetworkProtocol::Ipv6);
  auto raw6 = parse_link(101, v6);
  ASSERT_TRUE(raw6);
  EXPECT_EQ(raw6->network, NetworkProtocol::Ipv6);
}

TEST(Link, BsdNullInEitherByteOrder) {
  auto le = parse_link(0, test::bsd_null(2, kIp));
  ASSERT_TRUE(le);
  EXPECT_EQ(le->network, NetworkProtocol::Ipv4);
  Frame be = {0, 0, 0, 2};
  be.insert(be.end(), kIp.begin(), kIp.end());
  auto loop = parse_link(108, be);
  ASSERT_TRUE(loop);
  EXPECT_EQ(loop->network, NetworkProtocol::Ipv4);
  auto v6 = parse_link(0, test::bsd_null(30, test::ipv6("::1", "::1", 59, {})));
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->network, NetworkProtocol::Ipv6);
}

TEST(Link, TruncatedHeadersAreRejected) {
  Frame f = test::ethernet("00:00:00:00:00:01", "00:00:00:00:00:02", 0x0800, kIp, {{0x8100, 5}});
  EXPECT_FALSE(parse_link(1, Bytes(f).first(13)));
  EXPECT_FALSE(parse_link(1, Bytes(f).first(16)));  // cut inside the VLAN tag
  EXPECT_FALSE(parse_link(113, Bytes(f).first(10)));
  EXPECT_FALSE(parse_link(0, Bytes(f).first(3)));
}

TEST(Link, SupportedTypes) {
  for (int dlt : {0, 1, 12, 14, 101, 108, 113, 228, 229, 276})
    EXPECT_TRUE(link_type_supported(dlt));
  EXPECT_FALSE(link_type_supported(105));  // 802.11
  EXPECT_FALSE(link_type_supported(147));
}

}  // namespace
}  // namespace otscope::capture
