// ADS decoder and session on AMS packets built from Beckhoff's ADS specification (AMS/TCP
// header, AMS header, ADS command data): no shared capture carries ADS.
#include "protocols/ads/ads.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "protocols/ads/codes.h"
#include "protocols/ads/decoder.h"
#include "protocols/ads/session.h"
#include "tests/enip/recording.h"
#include "tests/support/test_support.h"

namespace otscope::ads {
namespace {

using ottest::RecordingSink;
using test::hex;

/// An AMS/TCP message from 192.168.0.10.1.1:32905 to 5.1.204.160.1.1:851 (or back when
/// `response`), command `id`, invoke id 7, carrying `data`.
std::vector<std::uint8_t> ams(std::uint16_t id, bool response, const std::string& data_hex,
                              std::uint32_t error = 0) {
  const std::vector<std::uint8_t> data = hex(data_hex);
  std::vector<std::uint8_t> plc = {5, 1, 204, 160, 1, 1, 0x53, 0x03};      // port 851
  std::vector<std::uint8_t> client = {192, 168, 0, 10, 1, 1, 0x89, 0x80};  // port 32905
  std::vector<std::uint8_t> m = {0, 0, 0, 0, 0, 0};
  const auto& target = response ? client : plc;
  const auto& source = response ? plc : client;
  m.insert(m.end(), target.begin(), target.end());
  m.insert(m.end(), source.begin(), source.end());
  const std::uint16_t flags = response ? 0x0005 : 0x0004;
  auto le16 = [&](std::uint16_t v) {
    m.push_back(static_cast<std::uint8_t>(v));
    m.push_back(static_cast<std::uint8_t>(v >> 8));
  };
  auto le32 = [&](std::uint32_t v) {
    le16(static_cast<std::uint16_t>(v));
    le16(static_cast<std::uint16_t>(v >> 16));
  };
  le16(id);
  le16(flags);
  le32(static_cast<std::uint32_t>(data.size()));
  le32(error);
  le32(7);
  m.insert(m.end(), data.begin(), data.end());
  const std::uint32_t length = static_cast<std::uint32_t>(m.size() - 6);
  m[2] = static_cast<std::uint8_t>(length);
  m[3] = static_cast<std::uint8_t>(length >> 8);
  return m;
}

struct Fed {
  RecordingSink sink;
  FlowInfo flow = ottest::test_flow(kTcpPort);
  AdsSession session{flow, sink};
  void to_server(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::AtoB, b, PacketMeta{});
  }
  void to_client(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::BtoA, b, PacketMeta{});
  }
};

TEST(AdsDecoder, AmsHeader) {
  AmsPacket p;
  ASSERT_EQ(decode_packet(ams(cmd::kReadState, false, ""), p), AdsError::None);
  EXPECT_EQ(p.target_net_id, "5.1.204.160.1.1");
  EXPECT_EQ(p.target_port, 851);
  EXPECT_EQ(p.source_net_id, "192.168.0.10.1.1");
  EXPECT_EQ(p.source_port, 32905);
  EXPECT_EQ(p.command, cmd::kReadState);
  EXPECT_FALSE(p.response());
  EXPECT_EQ(p.invoke_id, 7u);
  std::vector<std::uint8_t> bad = ams(cmd::kReadState, false, "");
  bad.push_back(0);
  EXPECT_EQ(decode_packet(bad, p), AdsError::LengthMismatch);
  EXPECT_EQ(decode_packet(hex("0000 2000 0000"), p), AdsError::LengthMismatch);
  EXPECT_EQ(decode_packet(hex("0000"), p), AdsError::Truncated);
  std::vector<std::uint8_t> not_ads = ams(cmd::kReadState, false, "");
  not_ads[24] = 0;  // state flags without the ADS command bit
  EXPECT_EQ(decode_packet(not_ads, p), AdsError::NotAdsCommand);
}

TEST(AdsSession, DeviceInfoAndStateIdentifyTheRuntime) {
  Fed f;
  f.to_server(ams(cmd::kReadDeviceInfo, false, ""));
  // Result 0, version 3.1 build 4024, device name "Plc30 App".
  f.to_client(
      ams(cmd::kReadDeviceInfo, true, "00000000 03 01 b80f 506c63333020417070 00000000000000"));
  f.to_server(ams(cmd::kReadState, false, ""));
  f.to_client(ams(cmd::kReadState, true, "00000000 0500 0000"));
  ASSERT_EQ(f.sink.messages.size(), 4u);
  EXPECT_EQ(f.sink.messages[0].role, MessageRole::Request);
  EXPECT_EQ(f.sink.messages[0].unit, 851);
  EXPECT_EQ(f.sink.messages[1].role, MessageRole::Response);
  EXPECT_EQ(f.sink.messages[1].op, OpClass::Identification);
  EXPECT_EQ(f.sink.identity("device_name"), "Plc30 App");
  EXPECT_EQ(f.sink.identity("firmware"), "3.1.4024");
  EXPECT_EQ(f.sink.identity("ams_net_id"), "5.1.204.160.1.1");
  EXPECT_EQ(f.sink.identity("operating_mode"), "RUN");
  EXPECT_TRUE(f.sink.anomalies.empty());
}

TEST(AdsSession, WriteControlNamesTheRequestedState) {
  struct Case {
    std::uint16_t state;
    const CommandRule* command;
    std::string detail;
  };
  const Case cases[] = {
      {state::kStop, &kStop, "ADS state STOP, device state 0"},
      {state::kRun, &kRun, "ADS state RUN, device state 0"},
      {state::kReset, &kReset, "ADS state RESET, device state 0"},
      {state::kConfig, &kConfigMode, "ADS state CONFIG, device state 0"},
      {state::kReconfig, &kConfigMode, "ADS state RECONFIG, device state 0"},
      {7, &kStateChange, "ADS state SAVECFG, device state 0"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.detail);
    Fed f;
    // ADS state, device state 0, no data.
    char body[32];
    std::snprintf(body, sizeof body, "%02x00 0000 00000000", c.state);
    f.to_server(ams(cmd::kWriteControl, false, body));
    ASSERT_EQ(f.sink.messages.size(), 1u);
    EXPECT_EQ(f.sink.messages[0].function, cmd::kWriteControl);
    EXPECT_EQ(f.sink.messages[0].op, OpClass::ModeChange);
    EXPECT_EQ(f.sink.messages[0].command, c.command);
    EXPECT_EQ(f.sink.messages[0].detail, c.detail);
  }
}

TEST(AdsSession, ReadsWritesAndErrors) {
  Fed f;
  // Read 4 bytes at index group 0x4020 (%M), offset 0x10; answered "invalid index group".
  f.to_server(ams(cmd::kRead, false, "20400000 10000000 04000000"));
  f.to_client(ams(cmd::kRead, true, "02070000 00000000"));
  // Write 2 bytes to 0xF005 (symbol value by handle).
  f.to_server(ams(cmd::kWrite, false, "05f00000 01000000 02000000 3412"));
  ASSERT_EQ(f.sink.messages.size(), 3u);
  const MessageEvent& read = f.sink.messages[0];
  ASSERT_EQ(read.ranges.size(), 1u);
  EXPECT_EQ(read.ranges[0].space, "ig 0x4020");
  EXPECT_EQ(read.ranges[0].start, 0x10u);
  EXPECT_EQ(read.ranges[0].count, 4u);
  EXPECT_TRUE(f.sink.messages[1].exception);
  EXPECT_EQ(f.sink.messages[1].exception_code, 0x0702u);
  EXPECT_EQ(f.sink.messages[1].exception_kind, ExceptionKind::BadAddress);
  EXPECT_TRUE(f.sink.messages[2].writes_data);
  EXPECT_EQ(f.sink.messages[2].op, OpClass::Write);
}

TEST(AdsSession, SplitAnywhereDecodesTheSame) {
  std::vector<std::uint8_t> stream = ams(cmd::kRead, false, "20400000 10000000 04000000");
  const auto more = ams(cmd::kWriteControl, false, "0600 0000 00000000");
  stream.insert(stream.end(), more.begin(), more.end());
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    SCOPED_TRACE(cut);
    Fed f;
    f.session.on_data(Direction::AtoB, Bytes(stream).first(cut), PacketMeta{});
    f.session.on_data(Direction::AtoB, Bytes(stream).subspan(cut), PacketMeta{});
    ASSERT_EQ(f.sink.messages.size(), 2u);
    EXPECT_EQ(f.sink.messages[1].command, &kStop);
    EXPECT_TRUE(f.sink.anomalies.empty());
  }
}

// UDP 48899: a Server Info reply (AMS NetId 5.1.204.160.1.1, port 10000; tags: hostname
// "CX-1234", TwinCAT version 3.1.4024) and an Add Route request (route "EWS", user
// "Administrator", password "1").
const char* kServerInfoReply =
    "03661471 00000000 01000080 0501cca00101 1027 02000000"
    "0500 0800 43582d3132333400 0300 0400 0301b80f";
const char* kAddRouteRequest =
    "03661471 01000000 06000000 0a00000a0101 1027 03000000"
    "0c00 0400 45575300 0d00 0e00 41646d696e6973747261746f7200 0200 0200 3100";

TEST(AdsUdp, ServerInfoIdentifiesAndAddRouteIsItsCommand) {
  RecordingSink sink;
  FlowInfo flow = ottest::test_flow(kUdpPort, Transport::Udp);
  AdsSession session(flow, sink);
  session.on_data(Direction::BtoA, hex(kServerInfoReply), PacketMeta{});
  session.on_data(Direction::AtoB, hex(kAddRouteRequest), PacketMeta{});
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].function, kUdpFunctionBase | udp::kServerInfo);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Response);
  EXPECT_EQ(sink.messages[0].op, OpClass::Identification);
  EXPECT_EQ(sink.identity("ams_net_id"), "5.1.204.160.1.1");
  EXPECT_EQ(sink.identity("hostname"), "CX-1234");
  EXPECT_EQ(sink.identity("firmware"), "3.1.4024");
  EXPECT_EQ(sink.messages[1].function, kUdpFunctionBase | udp::kAddRoute);
  EXPECT_EQ(sink.messages[1].command, &kAddRoute);
  EXPECT_EQ(sink.messages[1].detail, "route EWS");
  EXPECT_TRUE(sink.anomalies.empty());
  EXPECT_EQ(probe(hex(kServerInfoReply), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(hex("03661471 00000000 77000000 0000000000000000 00000000"), Transport::Udp),
            ProbeResult::NoMatch);
  // A tag running past the datagram.
  session.on_data(Direction::BtoA,
                  hex("03661471 00000000 01000080 0501cca00101 1027 01000000 0500 0800 43"),
                  PacketMeta{});
  EXPECT_EQ(sink.anomaly_kinds(), std::vector<std::string>{"ads.udp_truncated"});
}

TEST(AdsProbe, ClaimsAdsAndNothingElse) {
  EXPECT_EQ(probe(ams(cmd::kReadDeviceInfo, false, ""), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(hex("0000 2000"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(ams(cmd::kReadDeviceInfo, false, ""), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("000100000006010300000001"), Transport::Tcp),
            ProbeResult::NoMatch);  // Modbus
  std::vector<std::uint8_t> bad_id = ams(cmd::kReadDeviceInfo, false, "");
  bad_id[22] = 0x20;  // command id 32
  EXPECT_EQ(probe(bad_id, Transport::Tcp), ProbeResult::NoMatch);
  // NetBIOS session message carrying SMB: its "length" is far too large.
  std::vector<std::uint8_t> smb = hex("00000054ff534d4272000000001843c8");
  smb.resize(64, 0);
  EXPECT_EQ(probe(smb, Transport::Tcp), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::ads
