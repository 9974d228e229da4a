// The change history rules: which fields are history, how a set of values becomes changes, and
// how the live tracker reports each transition once (gateways excepted).
#include "model/history.h"

#include <gtest/gtest.h>

#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/modbus.h"
#include "tests/inventory/inventory_fixtures.h"

namespace otscope {
namespace {

using test::ip_of;
using test::mac_of;

ValueSpan span(const std::string& value, std::int64_t first, std::int64_t last) {
  ValueSpan s;
  s.value = value;
  s.first_seen_us = first;
  s.last_seen_us = last;
  s.source = "modbus 43/14 read device identification";
  return s;
}

PacketMeta at(std::int64_t us, std::uint64_t frame = 1) {
  PacketMeta m;
  m.ts_us = us;
  m.frame = frame;
  return m;
}

TEST(History, IdentityFieldsWithOneValuePerDevice) {
  for (const char* f : {"vendor", "firmware", "serial", "order_number", "module_name",
                        "station_name", "hardware", "model", "product"})
    EXPECT_TRUE(is_history_field(f)) << f;
  for (const char* f : {"modbus_unit", "dnp3_address", "rack", "slot", "operating_mode", "x"})
    EXPECT_FALSE(is_history_field(f)) << f;
}

TEST(History, ValuesInOrderOfFirstSightingBecomeChanges) {
  const IpAddress ip = ip_of("10.0.0.20");
  auto changes =
      changes_from_spans(ip, "firmware", {span("v3.30", 300, 400), span("v3.20", 100, 200)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "firmware");
  EXPECT_EQ(changes[0].old_value, "v3.20");
  EXPECT_EQ(changes[0].new_value, "v3.30");
  EXPECT_EQ(changes[0].changed_us, 300);
  EXPECT_EQ(changes[0].old_last_seen_us, 200);
  EXPECT_EQ(changes[0].ip, ip);

  // Three values: each change is from the value seen most recently before it.
  changes = changes_from_spans(ip, "serial",
                               {span("A", 100, 150), span("B", 200, 900), span("C", 300, 310)});
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].old_value, "B");
  EXPECT_EQ(changes[1].new_value, "C");
  EXPECT_TRUE(changes_from_spans(ip, "serial", {span("A", 1, 2)}).empty());
}

TEST(History, TrackerReportsEachTransitionOnceIncludingAReturn) {
  IdentityTracker t;
  const IpAddress ip = ip_of("10.0.0.20");
  const MacAddress mac = mac_of("00:80:f4:2a:61:c3");
  ChangeRecord c;
  const std::string src = "modbus 43/14 read device identification";
  EXPECT_FALSE(t.observe(ip, mac, modbus::kProtocol, "firmware", "v3.20", src, at(100), c));
  EXPECT_FALSE(t.observe(ip, mac, modbus::kProtocol, "firmware", "v3.20", src, at(150), c));
  ASSERT_TRUE(t.observe(ip, mac, modbus::kProtocol, "firmware", "v3.30", src, at(200, 7), c));
  EXPECT_EQ(c.old_value, "v3.20");
  EXPECT_EQ(c.new_value, "v3.30");
  EXPECT_EQ(c.changed_us, 200);
  EXPECT_EQ(c.old_last_seen_us, 150);
  EXPECT_EQ(c.frame, 7u);
  EXPECT_EQ(c.mac, mac);
  ASSERT_TRUE(t.observe(ip, mac, modbus::kProtocol, "firmware", "v3.20", src, at(300), c))
      << "a downgrade back is a change too";
  EXPECT_FALSE(t.observe(ip, mac, modbus::kProtocol, "firmware", "v3.30", src, at(400), c))
      << "flapping is not a record per message";
  EXPECT_FALSE(t.observe(ip, mac, modbus::kProtocol, "modbus_unit", "1", src, at(500), c));
  EXPECT_FALSE(t.observe(ip, mac, dnp3::kProtocol, "operating_mode", "RUN", src, at(500), c));
}

TEST(History, UnitsBehindAGatewayAreNotComparedWithEachOther) {
  IdentityTracker t;
  const IpAddress gw = ip_of("10.0.0.30");
  const MacAddress mac = mac_of("00:90:e8:3f:0a:52");
  ChangeRecord c;
  const std::string src = "modbus 43/14 read device identification";
  t.observe(gw, mac, modbus::kProtocol, "modbus_unit", "1", src, at(1), c);
  t.observe(gw, mac, modbus::kProtocol, "vendor", "Meter Co", src, at(2), c);
  t.observe(gw, mac, modbus::kProtocol, "modbus_unit", "2", src, at(3), c);
  EXPECT_FALSE(t.observe(gw, mac, modbus::kProtocol, "vendor", "Other Meter Co", src, at(4), c));
  EXPECT_TRUE(answers_for_serial_units({"1", "2"}));
  EXPECT_FALSE(answers_for_serial_units({"0", "255", "1"}));
}

}  // namespace
}  // namespace otscope
