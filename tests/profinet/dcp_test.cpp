// The PROFINET decoders on frames written from IEC 61158-6-10's layouts, one test per error, and
// the session's events for the DCP services.
#include "protocols/profinet/dcp.h"

#include <gtest/gtest.h>

#include <vector>

#include "protocols/profinet/codes.h"
#include "protocols/profinet/profinet.h"
#include "protocols/profinet/rpc.h"
#include "tests/support/test_support.h"

namespace otscope::profinet {
namespace {

// Identify response of ChangeIPUsingDCP.pcap frame 2 (after the frame id): Type of Station "INC",
// NameOfStation "X208-BORD", vendor 0x002a device 0x0a01, role IO-Device, IP 192.168.0.6.
const char* kIdentifyResponse =
    "05 01 01000001 0000 003e"
    "0201 0005 0000 494e43 00"
    "0202 000b 0000 583230382d424f5244 00"
    "0203 0006 0000 002a 0a01"
    "0204 0004 0000 0100"
    "0102 000e 0001 c0a80006 ffffff00 c0a80001";

TEST(Dcp, IdentifyResponseBlocksAndTheirValues) {
  const auto bytes = test::hex(kIdentifyResponse);
  DcpPdu pdu;
  ASSERT_EQ(decode_dcp(bytes, pdu), DcpError::None);
  EXPECT_EQ(pdu.service, 5);
  EXPECT_TRUE(pdu.response());
  EXPECT_EQ(pdu.xid, 0x01000001u);
  ASSERT_EQ(pdu.blocks.size(), 5u);
  EXPECT_EQ(dcp_block_name(pdu.blocks[1].option, pdu.blocks[1].suboption), "Device/NameOfStation");
  EXPECT_EQ(std::string(pdu.blocks[1].data.begin(), pdu.blocks[1].data.end()), "X208-BORD");
  EXPECT_EQ(dcp_device_roles(pdu.blocks[3].data[0]), "IO-Device");
  const auto ip = dcp_ip_settings(pdu.blocks[4]);
  ASSERT_TRUE(ip.has_value());
  EXPECT_EQ(ipv4_text(ip->ip), "192.168.0.6");
  EXPECT_EQ(ipv4_text(ip->mask), "255.255.255.0");
  EXPECT_EQ(ipv4_text(ip->gateway), "192.168.0.1");
}

TEST(Dcp, IdentifyRequestFilterHasNoBlockInfo) {
  // Identify All: option 0xff suboption 0xff, no value.
  const auto bytes = test::hex("05 00 01000001 0001 0004 ffff 0000");
  DcpPdu pdu;
  ASSERT_EQ(decode_dcp(bytes, pdu), DcpError::None);
  EXPECT_FALSE(pdu.response());
  ASSERT_EQ(pdu.blocks.size(), 1u);
  EXPECT_FALSE(pdu.blocks[0].info.has_value());
  EXPECT_EQ(dcp_block_name(0xFF, 0xFF), "All");
}

TEST(Dcp, EveryMalformationIsItsOwnError) {
  DcpPdu a, b, c;
  EXPECT_EQ(decode_dcp(test::hex("05 00 0100"), a), DcpError::TooShort);
  EXPECT_EQ(decode_dcp(test::hex("04 00 01000001 0000 0010 0102"), b), DcpError::LengthBeyondFrame);
  EXPECT_EQ(decode_dcp(test::hex("04 00 01000001 0000 0005 0102 0010 00"), c),
            DcpError::BlockTruncated);
}

TEST(FrameIds, RangesNameWhatTheFrameCarries) {
  EXPECT_EQ(frame_kind(0xC001).kind, FrameKind::CyclicClass1);
  EXPECT_EQ(frame_kind(0xC001).first, 0xC000);
  EXPECT_EQ(frame_kind(0x8001).kind, FrameKind::CyclicClass2);
  EXPECT_EQ(frame_kind(0xFC01).kind, FrameKind::AlarmHigh);
  EXPECT_EQ(frame_kind(0xFE01).kind, FrameKind::AlarmLow);
  EXPECT_EQ(frame_kind(0xFEFE).kind, FrameKind::DcpIdentifyRequest);
  EXPECT_EQ(frame_kind(0xFF20).kind, FrameKind::TimeSync);
  EXPECT_EQ(frame_kind(0xFD10).kind, FrameKind::Reserved);
}

std::vector<std::uint8_t> rpc_request(bool little_endian, std::uint8_t interface_byte,
                                      std::uint16_t opnum, std::uint16_t body) {
  std::vector<std::uint8_t> d(80 + body, 0);
  d[0] = 4;
  d[1] = 0;  // request
  d[4] = little_endian ? 0x10 : 0x00;
  const std::uint8_t uuid[16] = {0xDE, 0xA0, 0x00, interface_byte, 0x6C, 0x97, 0x11, 0xD1,
                                 0x82, 0x71, 0x00, 0xA0,           0x24, 0x42, 0xDF, 0x7D};
  for (int i = 0; i < 16; ++i) d[24 + i] = uuid[i];
  if (little_endian) {
    std::swap(d[24], d[27]);
    std::swap(d[25], d[26]);
    std::swap(d[28], d[29]);
    std::swap(d[30], d[31]);
    d[68] = static_cast<std::uint8_t>(opnum);
    d[74] = static_cast<std::uint8_t>(body);
    d[75] = static_cast<std::uint8_t>(body >> 8);
  } else {
    d[69] = static_cast<std::uint8_t>(opnum);
    d[74] = static_cast<std::uint8_t>(body >> 8);
    d[75] = static_cast<std::uint8_t>(body);
  }
  return d;
}

TEST(Rpc, PnioInterfacesInEitherByteOrder) {
  RpcHeader le, be;
  ASSERT_EQ(decode_rpc(rpc_request(true, 1, pnio_op::kWrite, 8), le), RpcError::None);
  EXPECT_EQ(le.interface, PnioInterface::Device);
  EXPECT_EQ(le.opnum, pnio_op::kWrite);
  EXPECT_EQ(le.body.size(), 8u);
  ASSERT_EQ(decode_rpc(rpc_request(false, 2, pnio_op::kConnect, 0), be), RpcError::None);
  EXPECT_EQ(be.interface, PnioInterface::Controller);
  EXPECT_EQ(pnio_operation_op(pnio_op::kWrite), OpClass::Write);
}

TEST(Rpc, EveryMalformationIsItsOwnError) {
  RpcHeader h;
  EXPECT_EQ(decode_rpc(std::vector<std::uint8_t>(40, 4), h), RpcError::TooShort);
  auto v5 = rpc_request(true, 1, 0, 0);
  v5[0] = 5;
  EXPECT_EQ(decode_rpc(v5, h), RpcError::NotVersion4);
  auto ptype = rpc_request(true, 1, 0, 0);
  ptype[1] = 11;
  EXPECT_EQ(decode_rpc(ptype, h), RpcError::BadPacketType);
  EXPECT_EQ(decode_rpc(rpc_request(true, 9, 0, 0), h), RpcError::NotPnio);
  auto longer = rpc_request(true, 1, 0, 0);
  longer[74] = 40;
  EXPECT_EQ(decode_rpc(longer, h), RpcError::FragmentBeyondDatagram);
}

// The session on a flow between two MAC addresses.
struct Recorder final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    identities.push_back(ev);
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
  }
  std::string field(const std::string& name) const {
    for (const IdentityEvent& i : identities)
      if (i.field == name) return i.value;
    return {};
  }
};

std::vector<std::uint8_t> frame(std::uint16_t frame_id, const std::string& pdu_hex) {
  std::vector<std::uint8_t> f = {0x88, 0x92, static_cast<std::uint8_t>(frame_id >> 8),
                                 static_cast<std::uint8_t>(frame_id)};
  const auto pdu = test::hex(pdu_hex);
  f.insert(f.end(), pdu.begin(), pdu.end());
  return f;
}

struct SessionTest : ::testing::Test {
  SessionTest() {
    flow.transport = Transport::Ethernet;
    flow.a.port = flow.b.port = 0x8892;
    session = descriptor().create(flow, sink);
  }
  FlowInfo flow;
  Recorder sink;
  std::unique_ptr<ProtocolSession> session;
  PacketMeta meta{1'000'000, 1, 0};
};

TEST_F(SessionTest, IdentifyResponseNamesTheDevice) {
  session->on_data(Direction::BtoA, frame(0xFEFF, kIdentifyResponse), meta);
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].protocol, kDcp);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[0].function, 5u);
  EXPECT_EQ(sink.field("station_name"), "X208-BORD");
  EXPECT_EQ(sink.field("product"), "INC");
  EXPECT_EQ(sink.field("vendor_id"), "0x002a");
  EXPECT_EQ(sink.field("vendor"), "Siemens");
  EXPECT_EQ(sink.field("device_id"), "0x0a01");
  EXPECT_EQ(sink.field("profinet_role"), "IO-Device");
  EXPECT_EQ(sink.field("ip_address"), "192.168.0.6");
}

TEST_F(SessionTest, SetRequestsAreTheirCommandsAndASuccessRenamesTheDevice) {
  // Set NameOfStation "plc-2" (qualifier: permanent), then the device's success response.
  session->on_data(Direction::AtoB,
                   frame(0xFEFD, "04 00 00000007 0000 000c 0202 0007 0001 706c632d32 00"), meta);
  ASSERT_EQ(sink.messages.size(), 1u);
  ASSERT_NE(sink.messages[0].command, nullptr);
  EXPECT_EQ(sink.messages[0].command->name, "profinet_dcp.set_name");
  EXPECT_EQ(sink.messages[0].op, OpClass::Write);
  session->on_data(Direction::BtoA, frame(0xFEFD, "04 01 00000007 0000 0008 0504 0003 020200 00"),
                   meta);
  EXPECT_EQ(sink.field("station_name"), "plc-2");
  // Set IP and reset to factory settings.
  session->on_data(
      Direction::AtoB,
      frame(0xFEFD, "04 00 00000008 0000 0012 0102 000e 0001 0a000005 ffffff00 0a000001"), meta);
  ASSERT_NE(sink.messages.back().command, nullptr);
  EXPECT_EQ(sink.messages.back().command->name, "profinet_dcp.set_ip");
  session->on_data(Direction::AtoB, frame(0xFEFD, "04 00 00000009 0000 0006 0506 0002 0002"), meta);
  ASSERT_NE(sink.messages.back().command, nullptr);
  EXPECT_EQ(sink.messages.back().command->name, "profinet_dcp.factory_reset");
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST_F(SessionTest, CyclicDataAndAlarmsAreRtAndABrokenDcpIsMalformed) {
  session->on_data(Direction::AtoB, frame(0xC001, "00112233 0000 3500"), meta);
  session->on_data(Direction::BtoA, frame(0xFE01, "0000"), meta);
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].protocol, kRt);
  EXPECT_EQ(sink.messages[0].function, 0xC000u);
  EXPECT_EQ(sink.messages[1].function, 0xFE01u);
  EXPECT_EQ(session->claimed_as(), kRt);
  session->on_data(Direction::AtoB, frame(0xFEFE, "05 00 01"), meta);
  ASSERT_EQ(sink.anomalies.size(), 1u);
  EXPECT_EQ(sink.anomalies[0].kind, "profinet_dcp.malformed");
  EXPECT_TRUE(sink.anomalies[0].malformed);
}

TEST(Probe, ClaimsOnlyItsEthernetTypeAndPnioRpc) {
  const ProtocolDescriptor& d = descriptor();
  EXPECT_EQ(d.probe(test::hex("8892 fefe 0500"), Transport::Ethernet), ProbeResult::Match);
  EXPECT_EQ(d.probe(test::hex("88cc 0207"), Transport::Ethernet), ProbeResult::NoMatch);
  EXPECT_EQ(d.probe(rpc_request(true, 1, 5, 0), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(d.probe(rpc_request(true, 7, 5, 0), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(d.probe(rpc_request(true, 1, 5, 0), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(d.probe(test::hex("4745 5420 2f20"), Transport::Udp), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::profinet
