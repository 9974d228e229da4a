// SNMP through the whole pipeline on crafted datagrams: a manager reads the system group of a
// switch, a rogue host sets a value. The switch is identified, the SetRequest raises its alert,
// and the community string appears nowhere in what the user sees.
//
// No shared capture carries SNMP. The builder's BER was checked against tshark 4.0.17: the same
// four datagrams (and an encrypted SNMPv3 one) written to a capture read as
//   tshark -r snmp.pcap -T fields -e snmp.version -e snmp.data -e snmp.error_status -e snmp.name
//   1 0 0  1.3.6.1.2.1.1.1.0,1.3.6.1.2.1.1.5.0      (get-request)
//   1 2 0  1.3.6.1.2.1.1.1.0,1.3.6.1.2.1.1.5.0      (get-response, sysDescr and sysName values)
//   1 3 0  1.3.6.1.2.1.2.2.1.7.3                    (set-request)
//   1 2 17 1.3.6.1.2.1.2.2.1.7.3                    (get-response, notWritable)
// and otscope counts the same functions (0: 1, 2: 2, 3: 1; the SNMPv3 one 0x100).
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/snmp/codes.h"
#include "protocols/snmp/decoder.h"
#include "protocols/snmp/snmp.h"
#include "tests/bacnet/crafted.h"
#include "tests/snmp/snmp_builder.h"

namespace otscope {
namespace {

namespace b = snmp::build;
constexpr const char* kManager = "10.0.0.10";
constexpr const char* kSwitch = "10.0.0.2";
constexpr const char* kRogue = "10.0.0.66";

std::string write_capture(const std::filesystem::path& dir) {
  test::crafted::Capture c;
  c.udp(kManager, kSwitch, 50000, 161,
        b::message(1, "plant-ro", snmp::kGetRequest, 1,
                   {b::varbind("1.3.6.1.2.1.1.1.0", b::null()),
                    b::varbind("1.3.6.1.2.1.1.5.0", b::null())}));
  c.udp(kSwitch, kManager, 161, 50000,
        b::message(1, "plant-ro", snmp::kResponse, 1,
                   {b::varbind("1.3.6.1.2.1.1.1.0", b::octets("Hirschmann RS20 L2E HiOS 09.0.06")),
                    b::varbind("1.3.6.1.2.1.1.5.0", b::octets("rs20-cell4"))}));
  c.udp(kRogue, kSwitch, 50001, 161,
        b::message(1, "plant-rw", snmp::kSetRequest, 9,
                   {b::varbind("1.3.6.1.2.1.2.2.1.7.3", b::integer(2))}));
  c.udp(kSwitch, kRogue, 161, 50001,
        b::message(1, "plant-rw", snmp::kResponse, 9,
                   {b::varbind("1.3.6.1.2.1.2.2.1.7.3", b::integer(2))}));
  return c.write(dir / "snmp.pcap");
}

TEST(SnmpCrafted, SetRaisesItsAlertAndTheSwitchIsIdentified) {
  test::crafted::ScratchDir dir("snmp");
  const std::string capture = write_capture(dir.path());
  const nlohmann::json alerts = test::crafted::alerts_of(capture, dir.path());
  const auto set = test::crafted::alerts_named(alerts, "snmp.set", kRogue);
  ASSERT_EQ(set.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(set[0]["dst"], kSwitch);
  EXPECT_EQ(set[0]["attack"], "T0836");
  EXPECT_EQ(alerts.dump().find("plant-r"), std::string::npos) << "no community in any alert";

  const AnalysisResult r = analyze_captures({capture});
  ASSERT_TRUE(r.protocols.count("snmp"));
  EXPECT_EQ(r.protocols.at("snmp").messages, 4u);
  EXPECT_EQ(r.protocols.at("snmp").functions.at(snmp::kResponse), 2u);
  EXPECT_EQ(r.protocols.at("snmp").malformed, 0u);
  IpAddress sw;
  ASSERT_TRUE(IpAddress::parse(kSwitch, sw));
  EXPECT_EQ(r.identity(sw, "description"), "Hirschmann RS20 L2E HiOS 09.0.06");
  EXPECT_EQ(r.identity(sw, "device_name"), "rs20-cell4");
}

}  // namespace
}  // namespace otscope
