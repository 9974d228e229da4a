// The BACnet/IP session: what it reports per datagram (function codes of the four kinds of
// message, roles, identity, commands, exceptions, malformed input).
#include "protocols/bacnet/session.h"

#include <gtest/gtest.h>

#include "protocols/bacnet/bacnet.h"
#include "protocols/bacnet/codes.h"
#include "tests/bacnet/bacnet_fixtures.h"
#include "tests/bacnet/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::bacnet {
namespace {

using test::hex;

class BacnetSessionTest : public ::testing::Test {
 protected:
  BacnetSessionTest() {
    flow_.transport = Transport::Udp;
    flow_.a.port = 47808;
    flow_.b.port = 47808;
  }
  // From the workstation (A) to the device (B), or back.
  void send(const char* datagram, Direction dir = Direction::AtoB) {
    const auto bytes = hex(datagram);
    ++meta_.frame;
    session_.on_data(dir, bytes, meta_);
  }
  FlowInfo flow_;
  PacketMeta meta_;
  test::RecordingSink sink_;
  BacnetSession session_{flow_, sink_};
};

TEST_F(BacnetSessionTest, ReadPropertyAckNamesTheDevice) {
  send(fixtures::kModelNameAck, Direction::BtoA);
  ASSERT_EQ(sink_.messages.size(), 1u);
  const MessageEvent& m = sink_.messages[0];
  EXPECT_EQ(m.function, kReadProperty);
  EXPECT_EQ(m.function_key, kReadProperty);
  EXPECT_EQ(m.function_name, "readProperty");
  EXPECT_EQ(m.role, MessageRole::Response);
  EXPECT_EQ(m.op, OpClass::Read);
  EXPECT_EQ(m.summary, "response readProperty [1] device,4194303 model-name");
  EXPECT_EQ(m.detail, "") << "objects go to the ranges, not to the operation's detail";
  EXPECT_EQ(sink_.identity_value("model"), "MS-NAE4510-2");
  ASSERT_FALSE(sink_.identities.empty());
  EXPECT_TRUE(sink_.identities[0].about_sender);
  EXPECT_EQ(sink_.identities[0].dir, Direction::BtoA);
  EXPECT_EQ(sink_.identity_value("bacnet_device"), "") << "4194303 is the wildcard instance";
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(BacnetSessionTest, IAmIsUnsolicitedWithTheVendorsName) {
  send(fixtures::kIAm, Direction::BtoA);
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].function, kUnconfirmedBase | kIAm);
  EXPECT_EQ(sink_.messages[0].function_name, "i-Am");
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Unsolicited);
  EXPECT_EQ(sink_.identity_value("bacnet_device"), "500");
  EXPECT_EQ(sink_.identity_value("vendor_id"), "5");
  EXPECT_EQ(sink_.identity_value("vendor"), "Johnson Controls, Inc.");
  EXPECT_EQ(sink_.identity_value("max_apdu"), "1476");
  EXPECT_EQ(sink_.identity_value("segmentation"), "segmented-both");
  EXPECT_EQ(sink_.identities[0].source, "bacnet i-am");
}

TEST_F(BacnetSessionTest, WhoIsAndNetworkAndBvlcMessagesHaveTheirOwnRanges) {
  send(fixtures::kWhoIs);
  send(fixtures::kWhoIsRouter);
  send(fixtures::kRegisterForeignDevice);
  ASSERT_EQ(sink_.messages.size(), 3u);
  EXPECT_EQ(sink_.messages[0].function, 0x108u);
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[1].function, 0x300u);
  EXPECT_EQ(sink_.messages[1].function_name, "Who-Is-Router-To-Network");
  EXPECT_EQ(sink_.messages[2].function, 0x205u);
  EXPECT_EQ(sink_.messages[2].function_name, "Register-Foreign-Device");
}

TEST_F(BacnetSessionTest, DangerousRequestsNameTheirCommand) {
  const std::pair<const char*, const CommandRule*> cases[] = {
      {fixtures::kWritePriority1, &kLifeSafetyPriorityWrite},
      {fixtures::kWritePriority8, nullptr},
      {fixtures::kReinitColdstart, &kReinitialize},
      {fixtures::kReinitStartBackup, &kBackup},
      {fixtures::kDccDisable, &kCommunicationDisabled},
      {fixtures::kDccDisableInitiation, &kInitiationDisabled},
      {fixtures::kAtomicWriteFile, &kFileWrite},
      {fixtures::kDeleteObject, &kObjectDeleted},
  };
  for (const auto& [datagram, rule] : cases) {
    SCOPED_TRACE(datagram);
    sink_.messages.clear();
    send(datagram);
    ASSERT_EQ(sink_.messages.size(), 1u);
    EXPECT_EQ(sink_.messages[0].command, rule);
    EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  }
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(BacnetSessionTest, WriteCarriesTheObjectAndTheValue) {
  send(fixtures::kWritePriority1);
  const MessageEvent& m = sink_.messages.at(0);
  EXPECT_EQ(m.function, kWriteProperty);
  EXPECT_EQ(m.op, OpClass::Write);
  ASSERT_EQ(m.ranges.size(), 1u);
  EXPECT_EQ(m.ranges[0].space, "analog-output");
  EXPECT_EQ(m.ranges[0].start, 1u);
  ASSERT_EQ(m.values.size(), 1u);
  EXPECT_EQ(m.values[0].value, 100.0);
  EXPECT_EQ(m.summary, "request writeProperty [7] analog-output,1 present-value priority 1");
}

TEST_F(BacnetSessionTest, RejectAnswersTheRequestOfItsInvokeId) {
  send(fixtures::kWritePriority1);  // invoke id 7
  send(fixtures::kReject7, Direction::BtoA);
  ASSERT_EQ(sink_.messages.size(), 2u);
  const MessageEvent& r = sink_.messages[1];
  EXPECT_EQ(r.function, kWriteProperty);
  EXPECT_EQ(r.role, MessageRole::Response);
  EXPECT_TRUE(r.exception);
  EXPECT_EQ(r.exception_kind, ExceptionKind::UnsupportedFunction);
  // A reinitialize and its acknowledgement share the operation's detail (the state).
  send(fixtures::kReinitColdstart);
  send("810a0009 0100 2008 14", Direction::BtoA);
  EXPECT_EQ(sink_.messages.at(2).detail, "coldstart");
  EXPECT_EQ(sink_.messages.at(3).detail, "coldstart");
  EXPECT_EQ(sink_.messages.at(3).function, kReinitializeDevice);
  sink_.messages.resize(2);
  // The same reject with no request seen keeps its own code.
  send(fixtures::kReject7, Direction::BtoA);
  EXPECT_EQ(sink_.messages[2].function, kPduBase | kReject);
}

TEST_F(BacnetSessionTest, ErrorIsAnException) {
  send(fixtures::kErrorUnknownProperty, Direction::BtoA);
  const MessageEvent& m = sink_.messages.at(0);
  EXPECT_TRUE(m.exception);
  EXPECT_EQ(m.exception_name, "property");
  EXPECT_EQ(m.exception_code, (2u << 16) | 32u);
  EXPECT_EQ(m.exception_kind, ExceptionKind::BadAddress);
}

TEST_F(BacnetSessionTest, ReadPropertyMultipleAckIdentifies) {
  send(fixtures::kRpmAck, Direction::BtoA);
  EXPECT_EQ(sink_.identity_value("model"), "ABCD");
  EXPECT_EQ(sink_.identity_value("bacnet_device"), "500");
  EXPECT_EQ(sink_.identity_value("firmware"), "");
}

TEST_F(BacnetSessionTest, MalformedDatagramsAreCountedNotDecoded) {
  send("81 0a 0009 0100 1008");
  send("81 0a 0008 0200 1008");
  send("81 0a 0007 0100 90");
  send("810a000c 0104 00050814 1900");  // reinitialize with the wrong tag
  EXPECT_EQ(sink_.messages.size(), 1u) << "the reinitialize request is still a request";
  EXPECT_EQ(sink_.messages[0].command, &kReinitialize);
  ASSERT_EQ(sink_.anomalies.size(), 4u);
  EXPECT_EQ(sink_.anomalies[0].kind, "bacnet.bad_bvlc_length");
  EXPECT_EQ(sink_.anomalies[1].kind, "bacnet.bad_npdu_version");
  EXPECT_EQ(sink_.anomalies[2].kind, "bacnet.bad_apdu_type");
  EXPECT_EQ(sink_.anomalies[3].kind, "bacnet.unexpected_content");
  for (const AnomalyEvent& a : sink_.anomalies) EXPECT_TRUE(a.malformed);
}

}  // namespace
}  // namespace otscope::bacnet
