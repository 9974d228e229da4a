// LLDP through the whole pipeline: Profinet_Failed.pcap agrees with tshark 4.0 (23 LLDPDUs from
// two stations) and each station is named by what it announces.
//
// tshark -r Profinet_Failed.pcap -Y lldp -T fields -e eth.src -e lldp.tlv.system.name
//   -e lldp.tlv.system.desc -e lldp.port.id | sort | uniq -c
//   12 00:10:18:cb:8c:03 SCADA-PC-060839 "Dell Inc. OptiPlex 990,01,G22XB2S + HMI" port-001
//   11 00:1b:1b:34:34:ce (no name) "Siemens AG SIMATIC S7 MULTIPORT SCALANCE X 200 FAM" port-003
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

TEST(LldpCaptures, EachStationIsNamedByItsAnnouncements) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "Profinet_Failed.pcap").string()});
  ASSERT_TRUE(r.protocols.count("lldp"));
  EXPECT_EQ(r.protocols.at("lldp").messages, 23u);
  EXPECT_EQ(r.protocols.at("lldp").malformed, 0u);
  IpAddress hmi, scalance;
  ASSERT_TRUE(IpAddress::parse("00:10:18:cb:8c:03", hmi));
  ASSERT_TRUE(IpAddress::parse("00:1b:1b:34:34:ce", scalance));
  EXPECT_EQ(r.identity(hmi, "device_name"), "SCADA-PC-060839");
  EXPECT_EQ(r.identity(hmi, "description"), "Dell Inc. OptiPlex 990,01,G22XB2S + HMI");
  EXPECT_EQ(r.identity(hmi, "port_id"), "port-001");
  EXPECT_EQ(r.identity(hmi, "management_ip"), "10.10.10.70");
  EXPECT_EQ(r.identity(scalance, "description"),
            "Siemens AG SIMATIC S7 MULTIPORT SCALANCE X 200 FAM");
  EXPECT_EQ(r.identity(scalance, "chassis_id"), "00:1b:1b:34:34:cb");
  EXPECT_EQ(r.identity(scalance, "management_ip"), "");
}

}  // namespace
}  // namespace otscope
