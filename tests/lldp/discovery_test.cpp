// The LLDP and CDP decoders on a SCALANCE switch's LLDPDU from Profinet_Failed.pcap and on a CDP
// frame written from Cisco's documented layout, one test per error, and the identities the
// session reports.
#include "protocols/lldp/discovery.h"

#include <gtest/gtest.h>

#include <vector>

#include "protocols/lldp/lldp.h"
#include "tests/support/test_support.h"

namespace otscope::lldp {
namespace {

// Profinet_Failed.pcap: the LLDPDU of 00:1b:1b:34:34:ce (after the Ethernet type).
const char* kScalance =
    "020704001b1b3434cb040907706f72742d303033060200140c325369656d656e73204147"
    "2053494d41544943205337204d554c5449504f5254205343414c414e4345205820323030"
    "2046414d0e040080008010140501000000000200000003082b0601040181c06efe08000e"
    "cf0200000000fe0a000ecf05001b1b3434cbfe0900120f01036c00000f0000";

// CDP version 2: device "sw-cell-3", addresses (IPv4 10.1.2.3), port "FastEthernet0/7",
// capabilities switch + IGMP, software, platform.
const char* kCdpFrame =
    "aaaa03 00000c 2000 02 b4 0000"
    "0001 000d 73772d63656c6c2d33"
    "0002 0011 00000001 01 01 cc 0004 0a010203"
    "0003 0013 466173744574686572 6e6574302f37"
    "0004 0008 00000028"
    "0005 0012 43697363 6f20494f 53203135 2e32"
    "0006 0012 636973636f2057532d4332393630";

TEST(Lldp, TheScalanceAnnouncesItself) {
  Announcement a;
  ASSERT_EQ(decode_lldp(test::hex(kScalance), a), DiscoveryError::None);
  EXPECT_EQ(a.chassis_id, "00:1b:1b:34:34:cb");
  EXPECT_EQ(a.port_id, "port-003");
  EXPECT_EQ(a.ttl, 20u);
  EXPECT_EQ(a.system_description, "Siemens AG SIMATIC S7 MULTIPORT SCALANCE X 200 FAM");
  EXPECT_EQ(a.capabilities, "station only");
  // Its management address TLV says 0.0.0.0: no address.
  EXPECT_TRUE(a.management_addresses.empty());
}

TEST(Lldp, EveryMalformationIsItsOwnError) {
  Announcement a, b;
  // A port ID TLV before the chassis ID.
  EXPECT_EQ(decode_lldp(test::hex("0404 03616263"), a), DiscoveryError::MissingMandatory);
  // A chassis ID TLV that claims 7 bytes and has 3.
  EXPECT_EQ(decode_lldp(test::hex("0207 04001b"), b), DiscoveryError::Truncated);
}

TEST(Cdp, ASwitchAnnouncesItsNamePlatformAndAddress) {
  const auto frame = test::hex(kCdpFrame);
  ASSERT_TRUE(is_cdp(frame));
  Announcement a;
  ASSERT_EQ(decode_cdp(frame, a), DiscoveryError::None);
  EXPECT_EQ(a.system_name, "sw-cell-3");
  EXPECT_EQ(a.port_id, "FastEthernet0/7");
  EXPECT_EQ(a.capabilities, "switch, igmp");
  EXPECT_EQ(a.system_description, "Cisco IOS 15.2");
  EXPECT_EQ(a.platform, "cisco WS-C2960");
  ASSERT_EQ(a.management_addresses.size(), 1u);
  EXPECT_EQ(a.management_addresses[0], "10.1.2.3");
  Announcement stp;
  EXPECT_EQ(decode_cdp(test::hex("424203 0000 00"), stp), DiscoveryError::NotCdp);
  Announcement cut;
  EXPECT_EQ(decode_cdp(test::hex("aaaa03 00000c 2000 02 b4 0000 0001 0020 41"), cut),
            DiscoveryError::Truncated);
}

struct Recorder final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    identities.push_back(ev);
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent&) override {}
  std::string field(const std::string& name) const {
    for (const IdentityEvent& i : identities)
      if (i.field == name) return i.value;
    return {};
  }
};

TEST(DiscoverySession, CdpIdentityIsAboutTheSender) {
  FlowInfo flow;
  flow.transport = Transport::Ethernet;
  Recorder sink;
  auto session = descriptor().create(flow, sink);
  auto data = test::hex("0000");
  const auto cdp = test::hex(kCdpFrame);
  data.insert(data.end(), cdp.begin(), cdp.end());
  session->on_data(Direction::AtoB, data, PacketMeta{});
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].protocol, kCdp);
  EXPECT_EQ(session->claimed_as(), kCdp);
  EXPECT_EQ(sink.field("device_name"), "sw-cell-3");
  EXPECT_EQ(sink.field("model"), "cisco WS-C2960");
  EXPECT_EQ(sink.field("description"), "Cisco IOS 15.2");
  EXPECT_EQ(sink.field("management_ip"), "10.1.2.3");
  for (const IdentityEvent& i : sink.identities) EXPECT_TRUE(i.about_sender);
}

TEST(Probe, LldpByTypeCdpBySnapHeaderOtherLlcNot) {
  EXPECT_EQ(descriptor().probe(test::hex("88cc 0207"), Transport::Ethernet), ProbeResult::Match);
  auto cdp = test::hex("0000");
  const auto body = test::hex(kCdpFrame);
  cdp.insert(cdp.end(), body.begin(), body.end());
  EXPECT_EQ(descriptor().probe(cdp, Transport::Ethernet), ProbeResult::Match);
  EXPECT_EQ(descriptor().probe(test::hex("0000 424203 0000"), Transport::Ethernet),
            ProbeResult::NoMatch);  // spanning tree
  EXPECT_EQ(descriptor().probe(test::hex("88cc 0207"), Transport::Udp), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::lldp
