// OPC UA binary: decoders on messages built from OPC 10000-6, the probe, and the session over a
// conversation (Hello, OpenSecureChannel with policy None, services, faults, an encrypted
// channel).
#include "protocols/opcua/opcua.h"

#include <gtest/gtest.h>

#include "protocols/opcua/codes.h"
#include "protocols/opcua/decoder.h"
#include "protocols/opcua/session.h"
#include "tests/bacnet/recording_sink.h"
#include "tests/opcua/opcua_builder.h"
#include "tests/support/test_support.h"

namespace otscope::opcua {
namespace {

namespace b = build;
constexpr const char* kNone = "http://opcfoundation.org/UA/SecurityPolicy#None";

TEST(OpcuaDecoder, HeaderAndHello) {
  const auto m = b::hello("opc.tcp://10.0.0.20:4840");
  Header h;
  ASSERT_EQ(decode_header(m, h), Error::None);
  EXPECT_EQ(h.type, kHel);
  EXPECT_EQ(h.chunk, 'F');
  EXPECT_EQ(h.size, m.size());
  Hello hello;
  ASSERT_EQ(decode_hello(Bytes(m).subspan(8), hello), Error::None);
  EXPECT_EQ(hello.endpoint_url, "opc.tcp://10.0.0.20:4840");
  EXPECT_EQ(hello.receive_buffer, 65536u);
}

TEST(OpcuaDecoder, OneErrorPerReason) {
  Header h;
  EXPECT_EQ(decode_header(test::hex("47455420"), h), Error::BadMessageType);         // "GET "
  EXPECT_EQ(decode_header(test::hex("48454c43 20000000"), h), Error::BadChunkType);  // HELC
  EXPECT_EQ(decode_header(test::hex("4d534746 04000000"), h), Error::BadSize);
  EXPECT_EQ(decode_header(test::hex("4d534746 04"), h), Error::Truncated);
  Hello hello;
  EXPECT_EQ(decode_hello(test::hex("00000000 00000100"), hello), Error::Truncated);
  EXPECT_EQ(decode_hello(test::hex("00000000 00000100 00000100 00000000 00000000 feffffff"), hello),
            Error::BadEncoding);
  ByteReader r(Bytes{});
  NodeId n;
  const auto bad_node = test::hex("3f00");
  ByteReader rb(bad_node);
  EXPECT_EQ(read_node_id(rb, n), Error::BadEncoding);
  EXPECT_EQ(read_node_id(r, n), Error::Truncated);
  std::uint32_t id = 0;
  Bytes rest;
  EXPECT_EQ(decode_type_id(test::hex("0102 7502"), id, rest), Error::UnexpectedType);  // ns 2
}

TEST(OpcuaDecoder, NodeIdEncodings) {
  std::uint32_t id = 0;
  Bytes rest;
  ASSERT_EQ(decode_type_id(test::hex("01 00 7702"), id, rest), Error::None);
  EXPECT_EQ(id, kReadRequest);  // 631 = 0x277
  ASSERT_EQ(decode_type_id(test::hex("00 2a"), id, rest), Error::None);
  EXPECT_EQ(id, 42u);
  ASSERT_EQ(decode_type_id(test::hex("02 0000 a1020000 ff"), id, rest), Error::None);
  EXPECT_EQ(id, kWriteRequest);  // 673 = 0x2a1
  EXPECT_EQ(rest.size(), 1u);
}

TEST(OpcuaDecoder, GetEndpointsResponseNamesTheServer) {
  const auto service = b::get_endpoints_response(
      b::application("urn:plc:ua", "urn:vendor:product", "Line 3 controller", 0));
  std::vector<ApplicationDescription> servers;
  std::uint32_t status = 1;
  ASSERT_EQ(decode_get_endpoints_response(service, servers, status), Error::None);
  EXPECT_EQ(status, 0u);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].application_uri, "urn:plc:ua");
  EXPECT_EQ(servers[0].product_uri, "urn:vendor:product");
  EXPECT_EQ(servers[0].application_name, "Line 3 controller");
  // Cut anywhere, it is truncated, never read past.
  for (std::size_t n = 0; n < service.size(); ++n) {
    const Bytes cut(service.data(), n);
    EXPECT_NE(decode_get_endpoints_response(cut, servers, status), Error::None) << n;
  }
}

TEST(OpcuaProbe, ClaimsUaTcpOnly) {
  EXPECT_EQ(probe(b::hello("opc.tcp://x:4840"), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(b::open_channel(true, kNone, 1), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(b::hello("opc.tcp://x:4840"), Transport::Udp), ProbeResult::NoMatch);
  const std::string http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(
      probe(Bytes(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()), Transport::Tcp),
      ProbeResult::NoMatch);
  const std::string smtp = "HELO mail.example.com\r\n";
  EXPECT_EQ(
      probe(Bytes(reinterpret_cast<const std::uint8_t*>(smtp.data()), smtp.size()), Transport::Tcp),
      ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("160301"), Transport::Tcp), ProbeResult::NoMatch);  // TLS
  EXPECT_EQ(probe(test::hex("48454c"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(test::hex("4d5347"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(test::hex("4d5358"), Transport::Tcp), ProbeResult::NoMatch);
}

class OpcuaSessionTest : public ::testing::Test {
 protected:
  OpcuaSessionTest() {
    flow_.a.port = 50000;
    flow_.b.port = 4840;
  }
  void to_server(const std::vector<std::uint8_t>& m) {
    session_.on_data(Direction::AtoB, m, meta_);
  }
  void to_client(const std::vector<std::uint8_t>& m) {
    session_.on_data(Direction::BtoA, m, meta_);
  }
  FlowInfo flow_;
  PacketMeta meta_;
  test::RecordingSink sink_;
  OpcuaSession session_{flow_, sink_};
};

TEST_F(OpcuaSessionTest, PlainChannelServicesAreDecoded) {
  to_server(b::hello("opc.tcp://plc:4840"));
  to_client(b::acknowledge());
  to_server(b::open_channel(true, kNone, 1));
  to_client(b::open_channel(false, kNone, 1));
  to_server(b::service(kGetEndpointsRequest, b::request_header(), 2));
  to_client(b::service(kGetEndpointsResponse,
                       b::get_endpoints_response(b::application("urn:plc:ua", "urn:vendor:product",
                                                                "Line 3 controller", 0)),
                       2));
  to_server(b::service(kWriteRequest, b::counted_request(3), 3));
  to_client(b::service(kServiceFault, b::response_header(0x801F0000), 3));
  ASSERT_EQ(sink_.messages.size(), 8u);
  EXPECT_TRUE(sink_.anomalies.empty());
  EXPECT_EQ(sink_.messages[0].function, kHel);
  EXPECT_EQ(sink_.messages[0].detail, "opc.tcp://plc:4840");
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[1].function, kHel) << "the Acknowledge answers the Hello";
  EXPECT_EQ(sink_.messages[1].summary, "response Acknowledge");
  EXPECT_EQ(sink_.messages[2].function, kOpenSecureChannelRequest);
  EXPECT_EQ(sink_.messages[2].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[3].function, kOpenSecureChannelRequest);
  EXPECT_EQ(sink_.messages[3].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[4].function_name, "GetEndpoints");
  EXPECT_EQ(sink_.messages[5].function, kGetEndpointsRequest);
  EXPECT_EQ(sink_.identity_value("product"), "Line 3 controller");
  EXPECT_EQ(sink_.identity_value("application_uri"), "urn:plc:ua");
  EXPECT_EQ(sink_.identity_value("product_uri"), "urn:vendor:product");
  EXPECT_EQ(sink_.identities.at(0).dir, Direction::BtoA);
  const MessageEvent& write = sink_.messages[6];
  EXPECT_EQ(write.function, 673u);
  EXPECT_EQ(write.op, OpClass::Write);
  EXPECT_EQ(write.command, &kWrite);
  EXPECT_EQ(write.summary, "request Write (channel 7, request 3) 3 nodes");
  const MessageEvent& fault = sink_.messages[7];
  EXPECT_EQ(fault.function, 673u) << "the fault answers the Write";
  EXPECT_TRUE(fault.exception);
  EXPECT_EQ(fault.exception_name, "Bad_UserAccessDenied");
}

TEST_F(OpcuaSessionTest, ReadAndWriteNameTheirNodesAndValues) {
  to_server(b::open_channel(true, kNone, 1));
  to_server(b::service(kReadRequest, b::read_request(2, {1001, 1002, 1001}), 2));
  to_server(b::service(kWriteRequest, b::write_request(2, {{1001, 42.5}, {1003, -1.0}}), 3));
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_TRUE(sink_.anomalies.empty());
  const MessageEvent& read = sink_.messages[1];
  ASSERT_EQ(read.ranges.size(), 2u) << "1001 twice is one range";
  EXPECT_EQ(read.ranges[0].space, "ns=2");
  EXPECT_EQ(read.ranges[0].start, 1001u);
  EXPECT_TRUE(read.values.empty());
  const MessageEvent& write = sink_.messages[2];
  EXPECT_EQ(write.command, &kWrite);
  ASSERT_EQ(write.values.size(), 2u) << "the string node has no address";
  EXPECT_EQ(write.values[0].space, "ns=2");
  EXPECT_EQ(write.values[0].address, 1001u);
  EXPECT_EQ(write.values[0].value, 42.5);
  EXPECT_EQ(write.values[1].value, -1.0);
  EXPECT_NE(write.summary.find("3 nodes"), std::string::npos) << write.summary;
}

TEST(OpcuaDecoder, WriteValuesOfEveryNumericType) {
  // Int16 -5, UInt32 7, Float 1.5 and a Variant array of Bytes (no number) on ns=1;i=1..4.
  b::Bytes f = b::request_header();
  b::u32(f, 4);
  const auto node = [&](std::uint32_t id) {
    b::u8(f, 0x02);
    f.insert(f.end(), {0x01, 0x00});
    b::u32(f, id);
    b::u32(f, 13);
    b::null_str(f);
    b::u8(f, 0x01);
  };
  node(1);
  b::u8(f, 4);
  f.insert(f.end(), {0xFB, 0xFF});
  node(2);
  b::u8(f, 7);
  b::u32(f, 7);
  node(3);
  b::u8(f, 10);
  b::u32(f, 0x3FC00000);
  node(4);
  b::u8(f, 0x80 | 3);
  b::u32(f, 3);
  f.insert(f.end(), {1, 2, 3});
  std::vector<NodeValue> nodes;
  ASSERT_EQ(decode_write_nodes(f, nodes, 64), Error::None);
  ASSERT_EQ(nodes.size(), 4u);
  EXPECT_EQ(nodes[0].value, -5.0);
  EXPECT_EQ(nodes[1].value, 7.0);
  EXPECT_EQ(nodes[2].value, 1.5);
  EXPECT_FALSE(nodes[3].value.has_value());
  f.pop_back();
  EXPECT_EQ(decode_write_nodes(f, nodes, 64), Error::Truncated);
}

TEST_F(OpcuaSessionTest, EncryptedChannelCountsMessageTypes) {
  const std::string policy = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";
  auto opn = b::open_channel(true, policy, 1);
  to_server(opn);
  // An encrypted MSG: its body is noise.
  b::Bytes noise;
  for (int i = 0; i < 64; ++i) noise.push_back(static_cast<std::uint8_t>(i * 37 + 11));
  b::Bytes body;
  b::u32(body, 7);
  b::u32(body, 1);
  b::append(body, noise);
  to_server(b::message("MSG", 'F', body));
  to_client(b::message("MSG", 'F', body));
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_EQ(sink_.messages[1].function, kMsg);
  EXPECT_EQ(sink_.messages[1].function_name, "Message");
  EXPECT_EQ(sink_.messages[1].detail, "encrypted");
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[2].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[1].command, nullptr);
}

TEST_F(OpcuaSessionTest, ChunksOfOneMessageAreOneMessage) {
  to_server(b::open_channel(true, kNone, 1));
  to_server(b::service(kCallRequest, b::counted_request(1), 5, 'C'));
  b::Bytes tail;
  b::u32(tail, 7);
  b::u32(tail, 1);
  b::u32(tail, 7);
  b::u32(tail, 5);
  tail.insert(tail.end(), 20, 0xAB);
  to_server(b::message("MSG", 'F', tail));
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[1].command, &kMethodCall);
  EXPECT_NE(sink_.messages[1].summary.find("1 methods"), std::string::npos);
}

TEST_F(OpcuaSessionTest, BytesSplitAnywhereFrameTheSame) {
  const auto m = b::service(kDeleteNodesRequest, b::counted_request(2), 9);
  for (std::size_t cut = 1; cut < m.size(); ++cut) {
    test::RecordingSink sink;
    OpcuaSession s(flow_, sink);
    s.on_data(Direction::AtoB, Bytes(m).first(cut), meta_);
    s.on_data(Direction::AtoB, Bytes(m).subspan(cut), meta_);
    ASSERT_EQ(sink.messages.size(), 1u) << cut;
    EXPECT_EQ(sink.messages[0].command, &kNodesDeleted);
  }
}

TEST_F(OpcuaSessionTest, GarbageIsCountedAsMalformed) {
  to_server(test::hex("4d534746 0c000000 07000000"));  // MSG shorter than its secure header
  to_server(test::hex("deadbeef"));
  session_.on_gap(Direction::AtoB, 10, meta_);
  ASSERT_EQ(sink_.anomalies.size(), 2u);
  EXPECT_EQ(sink_.anomalies[0].kind, "opcua.truncated");
  EXPECT_EQ(sink_.anomalies[1].kind, "opcua.bad_header");
  for (const AnomalyEvent& a : sink_.anomalies) EXPECT_TRUE(a.malformed);
}

}  // namespace
}  // namespace otscope::opcua
