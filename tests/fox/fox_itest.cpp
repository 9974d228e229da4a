// Niagara Fox through the whole pipeline: a Workbench connects to a JACE; the station is
// identified from its hello and served Fox to the Workbench.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/fox/decoder.h"
#include "protocols/fox/fox.h"
#include "tests/bacnet/crafted.h"

namespace otscope {
namespace {

using B = std::vector<std::uint8_t>;
B text(const std::string& s) {
  return B(s.begin(), s.end());
}

TEST(FoxCrafted, TheStationIsIdentified) {
  test::crafted::ScratchDir dir("fox");
  test::crafted::Capture c;
  c.tcp("10.0.0.10", "10.0.0.50", 40000, fox::kPort,
        {{text("fox a 1 -1 fox hello\n{\nfox.version=s:1.0\nid=i:1\n};;\n"),
          text("fox a 0 -1 fox hello\n{\nfox.version=s:1.0.1\nhostName=s:jace-ahu3\n"
               "app.name=s:Station\napp.version=s:4.10.1.36\nstation.name=s:AHU3_Station\n"
               "};;\n")}});
  const AnalysisResult r = analyze_captures({c.write(dir.path() / "fox.pcap")});
  ASSERT_TRUE(r.protocols.count("fox"));
  EXPECT_EQ(r.protocols.at("fox").messages, 2u);
  EXPECT_EQ(r.protocols.at("fox").functions.at(fox::kHello), 2u);
  IpAddress jace;
  ASSERT_TRUE(IpAddress::parse("10.0.0.50", jace));
  EXPECT_EQ(r.identity(jace, "station_name"), "AHU3_Station");
  EXPECT_EQ(r.identity(jace, "firmware"), "4.10.1.36");
  const auto hello = r.find_operations(fox::kProtocol, fox::kHello);
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_EQ(hello[0]->server, jace);
}

}  // namespace
}  // namespace otscope
