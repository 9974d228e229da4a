// OPC UA through the whole pipeline on a crafted conversation: an HMI reads, writes and
// browses; an engineering host calls a method and deletes nodes. The alerts a user sees name
// each dangerous service, and the server is identified from its GetEndpoints answer.
//
// No shared capture carries OPC UA. The builder's encoding was checked against tshark 4.0.17:
// a capture of the same kind of conversation (Hello, OpenSecureChannel with policy None,
// GetEndpoints, Read, Write, ServiceFault) written field by field the same way reads in tshark
// as Hello, Acknowledge, OpenSecureChannelRequest/Response, GetEndpointsRequest/Response
// (ApplicationUri urn:line3:plc, ProductUri urn:acme:uaserver, ApplicationName 'ACME UA
// Server'), ReadRequest/Response, WriteRequest (Double 42.5 and -1 on ns=2;i=1001 and 1003) and
// ServiceFault 0x803b0000 BadNotWritable: 10 OPC UA messages, as otscope counts them.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/opcua/codes.h"
#include "protocols/opcua/opcua.h"
#include "tests/bacnet/crafted.h"
#include "tests/opcua/opcua_builder.h"

namespace otscope {
namespace {

namespace b = opcua::build;
constexpr const char* kHmi = "10.0.0.10";
constexpr const char* kServer = "10.0.0.20";
constexpr const char* kRogue = "10.0.0.66";
constexpr const char* kNone = "http://opcfoundation.org/UA/SecurityPolicy#None";

std::string write_capture(const std::filesystem::path& dir) {
  test::crafted::Capture c;
  const auto ok = [](std::uint16_t response, std::uint32_t id) {
    return b::service(response, b::response_header(), id);
  };
  c.tcp(kHmi, kServer, 40000, 4840,
        {{b::hello("opc.tcp://10.0.0.20:4840"), b::acknowledge()},
         {b::open_channel(true, kNone, 1), b::open_channel(false, kNone, 1)},
         {b::service(opcua::kGetEndpointsRequest, b::request_header(), 2),
          b::service(opcua::kGetEndpointsResponse,
                     b::get_endpoints_response(
                         b::application("urn:line3:plc", "urn:acme:uaserver", "ACME UA Server", 0)),
                     2)},
         {b::service(
              opcua::kReadRequest,
              [] {
                auto f = b::request_header();
                b::u64(f, 0);
                b::u32(f, 0);
                b::u32(f, 4);
                return f;
              }(),
              3),
          ok(634, 3)},
         {b::service(opcua::kWriteRequest, b::counted_request(1), 4), ok(676, 4)}});
  c.tcp(kRogue, kServer, 40001, 4840,
        {{b::hello("opc.tcp://10.0.0.20:4840"), b::acknowledge()},
         {b::open_channel(true, kNone, 1), b::open_channel(false, kNone, 1)},
         {b::service(opcua::kCallRequest, b::counted_request(1), 2), ok(715, 2)},
         {b::service(opcua::kDeleteNodesRequest, b::counted_request(5), 3), ok(503, 3)}});
  return c.write(dir / "opcua.pcap");
}

TEST(OpcuaCrafted, DangerousServicesRaiseTheirAlerts) {
  test::crafted::ScratchDir dir("opcua");
  const std::string capture = write_capture(dir.path());
  const nlohmann::json alerts = test::crafted::alerts_of(capture, dir.path());
  const auto write = test::crafted::alerts_named(alerts, "opcua.write", kHmi);
  ASSERT_EQ(write.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(write[0]["severity"], "low");
  EXPECT_EQ(write[0]["dst"], kServer);
  const auto call = test::crafted::alerts_named(alerts, "opcua.method_call", kRogue);
  ASSERT_EQ(call.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(call[0]["severity"], "medium");
  EXPECT_EQ(call[0]["attack"], "T0871");
  ASSERT_EQ(test::crafted::alerts_named(alerts, "opcua.nodes_deleted", kRogue).size(), 1u)
      << alerts.dump(2);
  EXPECT_TRUE(test::crafted::alerts_named(alerts, "opcua.method_call", kHmi).empty());
}

TEST(OpcuaCrafted, TheEngineCountsServicesAndIdentifiesTheServer) {
  test::crafted::ScratchDir dir("opcua");
  const AnalysisResult r = analyze_captures({write_capture(dir.path())});
  ASSERT_TRUE(r.protocols.count("opcua"));
  const ProtocolStats& s = r.protocols.at("opcua");
  // HEL, ACK, 2 x OPN, then request and response of each service, on two connections.
  EXPECT_EQ(s.messages, 10u + 8u);
  EXPECT_EQ(s.malformed, 0u);
  EXPECT_EQ(s.functions.at(opcua::kWriteRequest), 2u);
  EXPECT_EQ(s.functions.at(opcua::kReadRequest), 2u);
  EXPECT_EQ(s.functions.at(opcua::kHel), 4u);  // Hello and its Acknowledge, twice
  IpAddress server;
  ASSERT_TRUE(IpAddress::parse(kServer, server));
  EXPECT_EQ(r.identity(server, "product"), "ACME UA Server");
  EXPECT_EQ(r.identity(server, "application_uri"), "urn:line3:plc");
  const auto reads = r.find_operations(opcua::kProtocol, opcua::kReadRequest);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]->requests, 1u);
  EXPECT_EQ(reads[0]->responses, 1u);
  EXPECT_EQ(reads[0]->server, server);
}

}  // namespace
}  // namespace otscope
