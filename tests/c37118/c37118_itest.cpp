// IEEE C37.118 through the whole pipeline: a PDC reads a PMU's configuration and data; another
// host turns the data stream off, and the user sees the alert.
//
// No shared capture carries C37.118. The builder's frames were checked against tshark 4.0.17's
// synchrophasor dissector: the same conversation reads as "Command Frame, send CFG-2 frame",
// "Configuration Frame 2" (flagged malformed by tshark only because the crafted CFG-2 stops after
// the station name), "data transmission on", "Data Frame", "data transmission off", every CRC
// "Checksum Status: Good".
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/c37118/c37118.h"
#include "protocols/c37118/decoder.h"
#include "tests/bacnet/crafted.h"
#include "tests/c37118/c37118_builder.h"

namespace otscope {
namespace {

namespace b = c37118::build;
constexpr const char* kPdc = "10.0.0.10";
constexpr const char* kPmu = "10.0.0.30";
constexpr const char* kRogue = "10.0.0.66";

TEST(C37118Crafted, DataOffRaisesItsAlert) {
  test::crafted::ScratchDir dir("c37118");
  test::crafted::Capture c;
  c.tcp(kPdc, kPmu, 40000, 4712,
        {{b::command(7, c37118::kSendConfig2), b::config2(7, "SUB-NORTH PMU1")},
         {b::command(7, c37118::kDataOn), b::frame(0, 7, {0, 0, 1, 2, 3, 4})}});
  c.tcp(kRogue, kPmu, 40001, 4712, {{b::command(7, c37118::kDataOff), {}}});
  const std::string capture = c.write(dir.path() / "c37118.pcap");
  const nlohmann::json alerts = test::crafted::alerts_of(capture, dir.path());
  const auto off = test::crafted::alerts_named(alerts, "c37118.data_off", kRogue);
  ASSERT_EQ(off.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(off[0]["dst"], kPmu);
  EXPECT_EQ(off[0]["attack"], "T0815");
  EXPECT_TRUE(test::crafted::alerts_named(alerts, "c37118.data_off", kPdc).empty());

  const AnalysisResult r = analyze_captures({capture});
  ASSERT_TRUE(r.protocols.count("c37118"));
  EXPECT_EQ(r.protocols.at("c37118").messages, 5u);
  EXPECT_EQ(r.protocols.at("c37118").functions.at(0x101), 1u);
  EXPECT_EQ(r.protocols.at("c37118").malformed, 0u);
  IpAddress pmu;
  ASSERT_TRUE(IpAddress::parse(kPmu, pmu));
  EXPECT_EQ(r.identity(pmu, "station_name"), "SUB-NORTH PMU1");
}

}  // namespace
}  // namespace otscope
