// The dispatcher over the built-in protocols: what each flow's chunks become once it is decided
// (matched to a session, or left unclaimed), and flows that come and go in the same slots.
#include "protocols/dispatch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/modbus/modbus.h"
#include "protocols/registry.h"
#include "tests/modbus/recording_sink.h"

namespace otscope {
namespace {

using modbus::test::adu;
using modbus::test::RecordingSink;

FlowInfo flow_with(std::uint64_t id, std::uint16_t client_port, std::uint16_t server_port) {
  FlowInfo flow = modbus::test::test_flow();
  flow.id = id;
  flow.a.port = client_port;
  flow.b.port = server_port;
  return flow;
}

std::vector<std::uint8_t> text(const std::string& s) {
  return {s.begin(), s.end()};
}

class DispatcherTest : public ::testing::Test {
 protected:
  void data(const FlowInfo& flow, Direction dir, const std::vector<std::uint8_t>& bytes) {
    meta_.frame += 1;
    dispatcher_.stream_data(flow, dir, bytes, meta_);
  }
  RecordingSink sink_;
  Dispatcher dispatcher_{builtin_protocols(), sink_};
  PacketMeta meta_;
};

TEST_F(DispatcherTest, MatchedFlowsKeepTheirSessionsWhileOthersComeAndGo) {
  // Flow 1 is Modbus; flow 2 is HTTP on an unregistered port (unclaimed after its probes);
  // flow 3 reuses flow 2's slot once that has closed and is Modbus again.
  const FlowInfo one = flow_with(1, 50001, 502);
  const FlowInfo two = flow_with(2, 50002, 8080);
  const FlowInfo three = flow_with(3, 50003, 5020);
  dispatcher_.flow_opened(one);
  dispatcher_.flow_opened(two);
  data(one, Direction::AtoB, adu(1, 1, "03 0000 0002"));
  for (int i = 0; i < 20; ++i) {
    data(two, Direction::AtoB, text("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    data(two, Direction::BtoA, text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  }
  EXPECT_FALSE(dispatcher_.protocol_of(2).has_value());
  data(one, Direction::BtoA, adu(1, 1, "03 04 0001 0002"));
  const std::uint32_t slot_of_two = two.consumer_slot;
  dispatcher_.flow_closed(two, meta_);
  EXPECT_EQ(two.consumer_slot, 0u);

  dispatcher_.flow_opened(three);
  EXPECT_EQ(three.consumer_slot, slot_of_two);
  data(three, Direction::AtoB, adu(7, 2, "01 0010 0008"));
  data(three, Direction::BtoA, adu(7, 2, "01 01 ff"));
  data(one, Direction::AtoB, adu(2, 1, "06 0001 0003"));
  data(one, Direction::BtoA, adu(2, 1, "06 0001 0003"));
  EXPECT_EQ(dispatcher_.protocol_of(1), modbus::kProtocol);
  EXPECT_EQ(dispatcher_.protocol_of(3), modbus::kProtocol);
  ASSERT_EQ(sink_.messages.size(), 6u);
  EXPECT_EQ(sink_.messages[0].function, 3u);
  EXPECT_EQ(sink_.messages[1].function, 3u);
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink_.messages[2].function, 1u);
  EXPECT_EQ(sink_.messages[2].unit, 2);
  EXPECT_EQ(sink_.messages[3].function, 1u);
  EXPECT_EQ(sink_.messages[4].function, 6u);
  EXPECT_EQ(sink_.messages[5].function, 6u);
  EXPECT_EQ(sink_.count_anomalies("modbus.response_without_request"), 0u);
  EXPECT_EQ(sink_.malformed(), 0u);
}

TEST_F(DispatcherTest, NonModbusTrafficOnPort502IsReportedOnceAndThenIgnored) {
  const FlowInfo flow = flow_with(1, 50001, 502);
  dispatcher_.flow_opened(flow);
  for (int i = 0; i < 60; ++i) {
    data(flow, Direction::AtoB, text("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    data(flow, Direction::BtoA, text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  }
  // Given up on: what follows, even valid Modbus, is not decoded.
  data(flow, Direction::AtoB, adu(1, 1, "03 0000 0002"));
  EXPECT_FALSE(dispatcher_.protocol_of(1).has_value());
  EXPECT_EQ(sink_.count_anomalies("modbus.non_modbus_traffic"), 1u);
  EXPECT_TRUE(sink_.messages.empty());
  dispatcher_.flow_closed(flow, meta_);
  EXPECT_EQ(sink_.count_anomalies("modbus.non_modbus_traffic"), 1u);
}

}  // namespace
}  // namespace otscope
