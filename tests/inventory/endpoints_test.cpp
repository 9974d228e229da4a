// One asset per device: endpoints keyed by MAC, a router's forwarded addresses split into assets
// of their own, multi-homed hosts kept whole, IP<->MAC changes reported once.
#include "engine/endpoints.h"

#include <gtest/gtest.h>

#include "tests/inventory/inventory_fixtures.h"

namespace otscope {
namespace {

using test::ip_of;
using test::mac_of;

const OuiRegistry& no_vendors() {
  static const OuiRegistry registry("/nonexistent");
  return registry;
}

// One sent packet of `bytes` from (mac, ip) at `t`.
void sent(EndpointTable& t, const std::string& mac, const std::string& ip, std::int64_t at,
          std::uint16_t vlan = 0, std::uint64_t bytes = 100) {
  const IpAddress addr = ip_of(ip);
  t.observe(mac_of(mac), &addr, vlan, at, at, 1, bytes, 0, 0);
}

const AssetRecord* with_ip(const std::vector<AssetRecord>& assets, const std::string& ip) {
  for (const AssetRecord& a : assets)
    for (const IpAddress& x : a.ips)
      if (x.to_string() == ip) return &a;
  return nullptr;
}

constexpr const char* kRouter = "00:09:b7:3a:51:01";
constexpr const char* kPlc = "00:80:f4:2a:61:c3";
constexpr const char* kHmi = "f8:b1:56:6d:0a:11";

TEST(Endpoints, RouterKeepsItsOwnAddressAndRoutedHostsBecomeAssets) {
  EndpointTable t;
  sent(t, kPlc, "10.10.1.20", 1'000);
  sent(t, kHmi, "10.10.1.10", 2'000);
  t.claim(mac_of(kRouter), ip_of("10.10.1.1"));  // it answered ARP for its own address
  sent(t, kRouter, "10.10.1.1", 3'000);
  sent(t, kRouter, "10.10.5.20", 4'000, 0, 300);
  sent(t, kRouter, "10.10.5.20", 5'000, 0, 300);
  sent(t, kRouter, "172.16.0.9", 6'000);
  const auto assets = t.take_assets(no_vendors());
  ASSERT_EQ(assets.size(), 5u);

  const AssetRecord* router = with_ip(assets, "10.10.1.1");
  ASSERT_NE(router, nullptr);
  EXPECT_EQ(router->mac.to_string(), kRouter);
  EXPECT_EQ(router->ips.size(), 1u) << "forwarded addresses are not the router's";
  EXPECT_EQ(router->packets_sent, 1u);

  const AssetRecord* historian = with_ip(assets, "10.10.5.20");
  ASSERT_NE(historian, nullptr);
  EXPECT_TRUE(historian->mac.is_zero());
  EXPECT_EQ(historian->via_mac.to_string(), kRouter);
  EXPECT_EQ(historian->packets_sent, 2u);
  EXPECT_EQ(historian->bytes_sent, 600u);
  EXPECT_EQ(historian->first_seen_us, 4'000);
  ASSERT_EQ(historian->addresses.size(), 1u);
  EXPECT_EQ(historian->addresses[0].packets_sent, 2u);

  const AssetRecord* remote = with_ip(assets, "172.16.0.9");
  ASSERT_NE(remote, nullptr);
  EXPECT_EQ(remote->via_mac.to_string(), kRouter);
}

TEST(Endpoints, AHostWithSeveralAddressesOnItsSegmentIsOneAsset) {
  EndpointTable t;
  sent(t, kPlc, "10.10.1.20", 1'000);
  sent(t, kHmi, "10.10.1.10", 1'500);
  sent(t, kHmi, "10.10.1.11", 2'000, 20);
  IpAddress v6;
  ASSERT_TRUE(IpAddress::parse("fe80::1", v6));
  t.observe(mac_of(kHmi), &v6, 0, 3'000, 3'000, 1, 90, 0, 0);
  const auto assets = t.take_assets(no_vendors());
  ASSERT_EQ(assets.size(), 2u);
  const AssetRecord* hmi = with_ip(assets, "10.10.1.10");
  ASSERT_NE(hmi, nullptr);
  EXPECT_EQ(hmi->ips.size(), 3u);
  EXPECT_EQ(hmi->vlans, std::vector<std::uint16_t>{20});
  EXPECT_EQ(hmi->packets_sent, 3u);
  EXPECT_TRUE(hmi->via_mac.is_zero());
}

TEST(Endpoints, GroupAddressesAndBroadcastFramesNameNoDevice) {
  EndpointTable t;
  const IpAddress bcast = ip_of("10.10.1.255");
  const IpAddress mcast = ip_of("224.0.0.251");
  t.observe(mac_of("ff:ff:ff:ff:ff:ff"), &bcast, 0, 1, 1, 0, 0, 1, 60);
  t.observe(mac_of("01:00:5e:00:00:fb"), &mcast, 0, 1, 1, 0, 0, 1, 60);
  sent(t, kHmi, "224.0.0.1", 2);
  const auto assets = t.take_assets(no_vendors());
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].mac.to_string(), kHmi);
  EXPECT_TRUE(assets[0].ips.empty());
}

TEST(Endpoints, AnAddressWithoutMacJoinsTheDeviceThatOwnsIt) {
  // Linux cooked captures carry no destination MAC.
  EndpointTable t;
  sent(t, kPlc, "10.10.1.20", 1'000);
  const IpAddress plc = ip_of("10.10.1.20");
  t.observe(MacAddress{}, &plc, 0, 2'000, 2'000, 0, 0, 1, 70);
  const IpAddress stranger = ip_of("10.10.9.9");
  t.observe(MacAddress{}, &stranger, 0, 2'000, 2'000, 0, 0, 1, 70);
  const auto assets = t.take_assets(no_vendors());
  ASSERT_EQ(assets.size(), 2u);
  const AssetRecord* a = with_ip(assets, "10.10.1.20");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->mac.to_string(), kPlc);
  EXPECT_EQ(a->packets_received, 1u);
  const AssetRecord* b = with_ip(assets, "10.10.9.9");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->mac.is_zero());
  EXPECT_TRUE(b->via_mac.is_zero());
}

TEST(Endpoints, AnAddressTakenOverByAnotherMacIsReportedOnce) {
  EndpointTable t;
  sent(t, kPlc, "10.10.1.20", 1'000);
  sent(t, kHmi, "10.10.1.10", 1'000);
  sent(t, kPlc, "10.10.1.20", 5'000);
  sent(t, "e4:a7:a0:41:d7:f2", "10.10.1.20", 9'000);
  auto changes = t.take_mac_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "mac");
  EXPECT_EQ(changes[0].ip.to_string(), "10.10.1.20");
  EXPECT_EQ(changes[0].old_value, kPlc);
  EXPECT_EQ(changes[0].new_value, "e4:a7:a0:41:d7:f2");
  EXPECT_EQ(changes[0].changed_us, 9'000);
  EXPECT_EQ(changes[0].old_last_seen_us, 5'000);
  sent(t, "e4:a7:a0:41:d7:f2", "10.10.1.20", 10'000);
  EXPECT_TRUE(t.take_mac_changes().empty()) << "already reported";
}

TEST(Endpoints, LaterTakesCarryDeltasDecidedOnEverythingSeen) {
  EndpointTable t;
  sent(t, kPlc, "10.10.1.20", 1'000);
  sent(t, kRouter, "10.10.5.20", 2'000);
  auto first = t.take_assets(no_vendors());
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(with_ip(first, "10.10.5.20")->mac.to_string(), kRouter)
      << "one address alone does not make a router";

  t.claim(mac_of(kRouter), ip_of("10.10.1.1"));
  sent(t, kRouter, "10.10.1.1", 3'000);
  sent(t, kRouter, "10.10.5.20", 4'000);
  auto second = t.take_assets(no_vendors());
  ASSERT_EQ(second.size(), 2u) << "the PLC sent nothing new";
  const AssetRecord* historian = with_ip(second, "10.10.5.20");
  ASSERT_NE(historian, nullptr);
  EXPECT_EQ(historian->via_mac.to_string(), kRouter);
  EXPECT_EQ(historian->packets_sent, 1u) << "a delta";
  EXPECT_EQ(historian->first_seen_us, 2'000) << "times span everything seen";
}

TEST(Endpoints, SegmentPrefix) {
  EXPECT_EQ(segment_prefix(ip_of("10.10.5.20")).to_string(), "10.10.5.0");
  IpAddress v6;
  ASSERT_TRUE(IpAddress::parse("2001:db8:1:2:3:4:5:6", v6));
  EXPECT_EQ(segment_prefix(v6).to_string(), "2001:db8:1:2::");
}

}  // namespace
}  // namespace otscope
