// BACnet/IP through the whole pipeline: the shared capture agrees with tshark, and crafted
// conversations raise the alert a user sees for each dangerous command.
//
// bacnet_test.pcap, figures from tshark 4.0.17:
//   tshark -r bacnet_test.pcap -Y bvlc | wc -l                            -> 22 BVLC messages
//   tshark -r bacnet_test.pcap -Y bacapp | wc -l                          -> 18 APDUs
//   tshark -r bacnet_test.pcap -T fields -e bvlc.function -e bacapp.confirmed_service
//     -> 18 x (0x0a, readProperty 12), 2 x BVLC-Result 0x00, 1 x Read-BDT 0x02,
//        1 x Register-Foreign-Device 0x05
//   tshark -r bacnet_test.pcap -V  (Complex-ACKs from 10.1.1.165): object-identifier device,500,
//     vendor-identifier 5, vendor-name 'JCI', firmware-revision '5.1.0.4400',
//     application-software-version '', object-name 'KBRNAE', model-name 'MS-NAE4510-2',
//     description '', location ''
// The capture's four empty UDP datagrams to 47808 are not BACnet (tshark shows them as UDP).
#include <gtest/gtest.h>

#include <map>

#include "engine/engine.h"
#include "protocols/bacnet/bacnet.h"
#include "protocols/bacnet/codes.h"
#include "tests/bacnet/bacnet_fixtures.h"
#include "tests/bacnet/crafted.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

IpAddress ip(const std::string& text) {
  IpAddress a;
  EXPECT_TRUE(IpAddress::parse(text, a)) << text;
  return a;
}

TEST(BacnetCapture, AgreesWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "bacnet_test.pcap").string()});
  ASSERT_TRUE(r.protocols.count("bacnet"));
  const ProtocolStats& s = r.protocols.at("bacnet");
  EXPECT_EQ(s.messages, 22u);
  const std::map<std::uint32_t, std::uint64_t> functions = {
      {bacnet::kReadProperty, 18}, {0x200, 2}, {0x202, 1}, {0x205, 1}};
  EXPECT_EQ(s.functions, functions);
  EXPECT_EQ(s.malformed, 0u);

  const IpAddress device = ip("10.1.1.165");
  EXPECT_EQ(r.identity(device, "bacnet_device"), "500");
  EXPECT_EQ(r.identity(device, "vendor_id"), "5");
  EXPECT_EQ(r.identity(device, "vendor"), "Johnson Controls, Inc.");
  EXPECT_EQ(r.identity(device, "vendor_name"), "JCI");
  EXPECT_EQ(r.identity(device, "firmware"), "5.1.0.4400");
  EXPECT_EQ(r.identity(device, "model"), "MS-NAE4510-2");
  EXPECT_EQ(r.identity(device, "device_name"), "KBRNAE");
  EXPECT_EQ(r.identity(ip("10.1.1.167"), "model"), "") << "the workstation is not the device";

  const auto reads = r.find_operations(bacnet::kProtocol, bacnet::kReadProperty);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]->client, ip("10.1.1.167"));
  EXPECT_EQ(reads[0]->server, device);
  EXPECT_EQ(reads[0]->requests, 9u);
  EXPECT_EQ(reads[0]->responses, 9u);
}

// Four devices announce themselves with I-Am. The same datagrams written to a capture and read
// by tshark 4.0.17 (`tshark -r iam.pcap -V | grep -E "ObjectIdentifier|Maximum|Segmentation|
// Vendor ID"`) give:
//   10.0.0.21  device,500   1476  segmented-both      Johnson Controls, Inc. (5)
//   10.0.0.22  device,1201   480  no-segmentation     WAGO Kontakttechnik GmbH & Co. KG (222)
//   10.0.0.23  device,77    1024  segmented-transmit  Distech Controls Inc. (364)
//   10.0.0.24  device,4000   206  no-segmentation     (999: not a registered vendor)
TEST(BacnetCrafted, IAmIdentitiesAgreeWithTshark) {
  test::crafted::ScratchDir dir("bacnet");
  test::crafted::Capture c;
  const std::pair<const char*, const char*> devices[] = {
      {"10.0.0.21", "810b0014 0100 1000c4020001f42205c491002105"},
      {"10.0.0.22", "810b0014 0100 1000c4020004b12201e0910321de"},
      {"10.0.0.23", "810b0015 0100 1000c40200004d220400910122016c"},
      {"10.0.0.24", "810b0014 0100 1000c402000fa021ce91032203e7"},
  };
  for (const auto& [ip_text, datagram] : devices)
    c.udp(ip_text, "10.0.0.255", 47808, 47808, test::hex(datagram));
  const AnalysisResult r = analyze_captures({c.write(dir.path() / "iam.pcap")});
  ASSERT_TRUE(r.protocols.count("bacnet"));
  EXPECT_EQ(r.protocols.at("bacnet").messages, 4u);
  EXPECT_EQ(r.protocols.at("bacnet").functions.at(bacnet::kUnconfirmedBase | bacnet::kIAm), 4u);
  struct Expected {
    const char* ip;
    const char* instance;
    const char* max_apdu;
    const char* segmentation;
    const char* vendor_id;
    const char* vendor;
  };
  const Expected expected[] = {
      {"10.0.0.21", "500", "1476", "segmented-both", "5", "Johnson Controls, Inc."},
      {"10.0.0.22", "1201", "480", "no-segmentation", "222", "WAGO Kontakttechnik GmbH & Co. KG"},
      {"10.0.0.23", "77", "1024", "segmented-transmit", "364", "Distech Controls Inc."},
      {"10.0.0.24", "4000", "206", "no-segmentation", "999", ""},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.ip);
    const IpAddress device = ip(e.ip);
    EXPECT_EQ(r.identity(device, "bacnet_device"), e.instance);
    EXPECT_EQ(r.identity(device, "max_apdu"), e.max_apdu);
    EXPECT_EQ(r.identity(device, "segmentation"), e.segmentation);
    EXPECT_EQ(r.identity(device, "vendor_id"), e.vendor_id);
    EXPECT_EQ(r.identity(device, "vendor"), e.vendor);
  }
}

constexpr const char* kWorkstation = "10.0.0.10";
constexpr const char* kController = "10.0.0.20";
constexpr const char* kRogue = "10.0.0.66";

TEST(BacnetCrafted, EachDangerousCommandRaisesItsAlert) {
  test::crafted::ScratchDir dir("bacnet");
  test::crafted::Capture c;
  const auto send = [&](const char* from, const char* to, const char* datagram) {
    c.udp(from, to, 47808, 47808, test::hex(datagram));
  };
  // Normal operation: Who-Is, I-Am, a write at priority 8.
  send(kWorkstation, "10.0.0.255", bacnet::fixtures::kWhoIs);
  send(kController, "10.0.0.255", bacnet::fixtures::kIAm);
  send(kWorkstation, kController, bacnet::fixtures::kWritePriority8);
  send(kController, kWorkstation, "810a0009 0100 20060f");  // Simple-ACK
  // The rogue host's commands, each acknowledged.
  for (const char* request : {bacnet::fixtures::kWritePriority1, bacnet::fixtures::kReinitColdstart,
                              bacnet::fixtures::kDccDisable, bacnet::fixtures::kAtomicWriteFile,
                              bacnet::fixtures::kDeleteObject}) {
    send(kRogue, kController, request);
    send(kController, kRogue, "810a0009 0100 2005 0f");
  }
  const std::string capture = c.write(dir.path() / "bacnet.pcap");
  const json alerts = test::crafted::alerts_of(capture, dir.path());
  for (const char* rule :
       {"bacnet.life_safety_priority_write", "bacnet.reinitialize_device",
        "bacnet.communication_disabled", "bacnet.file_write", "bacnet.object_deleted"}) {
    SCOPED_TRACE(rule);
    const auto found = test::crafted::alerts_named(alerts, rule, kRogue);
    ASSERT_EQ(found.size(), 1u) << alerts.dump(2);
    EXPECT_EQ(found[0]["protocol"], "bacnet");
    EXPECT_EQ(found[0]["dst"], kController);
  }
  const auto restart = test::crafted::alerts_named(alerts, "bacnet.reinitialize_device", kRogue);
  EXPECT_EQ(restart.at(0)["attack"], "T0816");
  EXPECT_NE(restart.at(0)["summary"].get<std::string>().find("coldstart"), std::string::npos)
      << restart.at(0).dump(2);
  EXPECT_TRUE(test::crafted::alerts_named(alerts, "bacnet.life_safety_priority_write", kWorkstation)
                  .empty())
      << "priority 8 is an ordinary operator command";
}

}  // namespace
}  // namespace otscope
