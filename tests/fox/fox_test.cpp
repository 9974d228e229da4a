// Niagara Fox: message decoding, the probe, and the session (messages framed by ";;\n" however
// the bytes are split, identity from the station's hello).
#include "protocols/fox/fox.h"

#include <gtest/gtest.h>

#include "protocols/fox/decoder.h"
#include "tests/bacnet/recording_sink.h"

namespace otscope::fox {
namespace {

const std::string kClientHello = "fox a 1 -1 fox hello\n{\nfox.version=s:1.0\nid=i:1\n};;\n";
const std::string kStationHello =
    "fox a 0 -1 fox hello\n{\nfox.version=s:1.0.1\nid=i:1\nhostName=s:jace-ahu3\n"
    "hostAddress=s:10.0.0.50\napp.name=s:Station\napp.version=s:4.10.1.36\n"
    "vm.name=s:Java HotSpot(TM) Embedded Client VM\nvm.version=s:25.261-b12\n"
    "os.name=s:QNX\nos.version=s:6.5.0\nstation.name=s:AHU3_Station\nlang=s:en\n"
    "brandId=s:vykon\n};;\n";

Bytes bytes_of(const std::string& s) {
  return Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

TEST(FoxDecoder, Hello) {
  Message m;
  ASSERT_EQ(decode_message(kStationHello, m), Error::None);
  EXPECT_EQ(m.id, 0);
  EXPECT_EQ(m.reply_to, -1);
  EXPECT_EQ(m.channel, "fox");
  EXPECT_EQ(m.command, "hello");
  EXPECT_EQ(m.field("hostName"), "jace-ahu3");
  EXPECT_EQ(m.field("app.version"), "4.10.1.36");
  EXPECT_EQ(decode_message("fox a x -1 fox hello\n};;\n", m), Error::BadHeader);
  EXPECT_EQ(decode_message("fix a 1 -1 fox hello\n};;\n", m), Error::BadHeader);
}

TEST(FoxProbe, TheHelloLineDecides) {
  EXPECT_EQ(probe(bytes_of(kClientHello), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(bytes_of("fox"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(bytes_of("GET / HTTP/1.1\r\n"), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(bytes_of("foxglove"), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(bytes_of(kClientHello), Transport::Udp), ProbeResult::NoMatch);
}

TEST(FoxSession, HelloExchangeIdentifiesTheStationHoweverSplit) {
  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = kPort;
  for (std::size_t cut = 1; cut < kStationHello.size(); cut += 7) {
    test::RecordingSink sink;
    auto session = descriptor().create(flow, sink);
    PacketMeta meta;
    session->on_data(Direction::AtoB, bytes_of(kClientHello), meta);
    session->on_data(Direction::BtoA, bytes_of(kStationHello.substr(0, cut)), meta);
    session->on_data(Direction::BtoA, bytes_of(kStationHello.substr(cut)), meta);
    ASSERT_EQ(sink.messages.size(), 2u) << cut;
    EXPECT_EQ(sink.messages[0].role, MessageRole::Request);
    EXPECT_EQ(sink.messages[0].function, kHello);
    EXPECT_EQ(sink.messages[1].role, MessageRole::Response);
    EXPECT_EQ(sink.identity_value("device_name"), "jace-ahu3");
    EXPECT_EQ(sink.identity_value("station_name"), "AHU3_Station");
    EXPECT_EQ(sink.identity_value("product"), "Station");
    EXPECT_EQ(sink.identity_value("firmware"), "4.10.1.36");
    EXPECT_EQ(sink.identity_value("os"), "QNX 6.5.0");
    EXPECT_EQ(sink.identity_value("vm_version"), "25.261-b12");
    EXPECT_EQ(sink.identity_value("fox_version"), "1.0.1");
    EXPECT_TRUE(sink.anomalies.empty());
  }
}

TEST(FoxSession, BytesOutsideMessagesAreCounted) {
  FlowInfo flow;
  test::RecordingSink sink;
  auto session = descriptor().create(flow, sink);
  PacketMeta meta;
  session->on_data(Direction::AtoB, bytes_of(kClientHello + "garbage\n" + kClientHello), meta);
  EXPECT_EQ(sink.messages.size(), 2u);
  ASSERT_EQ(sink.anomalies.size(), 1u);
  EXPECT_EQ(sink.anomalies[0].kind, "fox.bad_header");
  EXPECT_TRUE(sink.anomalies[0].malformed);
}

}  // namespace
}  // namespace otscope::fox
