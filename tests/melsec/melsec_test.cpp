// MELSEC MC protocol / SLMP decoder and session on 3E and 4E binary frames built from
// Mitsubishi's MC protocol reference (SH-080008): no shared capture carries MELSEC.
#include "protocols/melsec/melsec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/melsec/codes.h"
#include "protocols/melsec/decoder.h"
#include "protocols/melsec/session.h"
#include "tests/enip/recording.h"
#include "tests/support/test_support.h"

namespace otscope::melsec {
namespace {

using ottest::RecordingSink;
using test::hex;

// The manual's batch read example: D100, 10 words, 3E binary (network 0, PC 0xFF, module
// 0x03FF, station 0, length 12, timer 0x0010, command 0x0401, subcommand 0x0000).
const char* kBatchRead = "5000 00 ff ff03 00 0c00 1000 0104 0000 640000 a8 0a00";
const char* kBatchReadReply =
    "d000 00 ff ff03 00 1600 0000 0100 0200 0300 0400 0500 0600 0700 0800 0900 0a00";

/// A 3E request with `command`/`subcommand` and `data`.
std::vector<std::uint8_t> request3e(std::uint16_t command, std::uint16_t subcommand,
                                    const std::string& data_hex) {
  const auto data = hex(data_hex);
  std::vector<std::uint8_t> m = hex("5000 00 ff ff03 00 0000 1000");
  m.push_back(static_cast<std::uint8_t>(command));
  m.push_back(static_cast<std::uint8_t>(command >> 8));
  m.push_back(static_cast<std::uint8_t>(subcommand));
  m.push_back(static_cast<std::uint8_t>(subcommand >> 8));
  m.insert(m.end(), data.begin(), data.end());
  m[7] = static_cast<std::uint8_t>(m.size() - 9);
  return m;
}

struct Fed {
  RecordingSink sink;
  FlowInfo flow;
  McSession session;
  explicit Fed(Transport t = Transport::Tcp)
      : flow(ottest::test_flow(kPort, t)), session(flow, sink) {}
  void to_server(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::AtoB, b, PacketMeta{});
  }
  void to_client(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::BtoA, b, PacketMeta{});
  }
};

TEST(MelsecDecoder, BatchReadOfTheManual) {
  McMessage m;
  const std::vector<std::uint8_t> read = hex(kBatchRead), reply = hex(kBatchReadReply);
  ASSERT_EQ(decode_message(read, m), McError::None);
  EXPECT_FALSE(m.response);
  EXPECT_FALSE(m.e4);
  EXPECT_EQ(m.pc, 0xFF);
  EXPECT_EQ(m.module_io, 0x03FF);
  EXPECT_EQ(m.command, cmd::kBatchRead);
  DeviceAccess a;
  ASSERT_TRUE(decode_device_access(m.subcommand, m.data, a));
  EXPECT_EQ(a.head, 100u);
  EXPECT_EQ(a.device, 0xA8);
  EXPECT_EQ(a.points, 10);
  ASSERT_EQ(decode_message(reply, m), McError::None);
  EXPECT_TRUE(m.response);
  EXPECT_EQ(m.end_code, 0);
  EXPECT_EQ(m.data.size(), 20u);
  // Errors.
  EXPECT_EQ(decode_message(hex("5100 00"), m), McError::BadSubheader);
  EXPECT_EQ(decode_message(hex("5000 00 ff ff03 00 0c00 1000"), m), McError::LengthMismatch);
  EXPECT_EQ(decode_message(hex("5000 00 ff"), m), McError::Truncated);
}

TEST(MelsecSession, ResponsesTakeTheirRequestsCommand) {
  Fed f;
  f.to_server(hex(kBatchRead));
  f.to_client(hex(kBatchReadReply));
  ASSERT_EQ(f.sink.messages.size(), 2u);
  EXPECT_EQ(f.sink.messages[0].function, cmd::kBatchRead);
  EXPECT_EQ(f.sink.messages[0].op, OpClass::Read);
  ASSERT_EQ(f.sink.messages[0].ranges.size(), 1u);
  EXPECT_EQ(f.sink.messages[0].ranges[0].space, "D");
  EXPECT_EQ(f.sink.messages[0].ranges[0].start, 100u);
  EXPECT_EQ(f.sink.messages[0].ranges[0].count, 10u);
  EXPECT_EQ(f.sink.messages[0].detail, "D100 x10");
  EXPECT_EQ(f.sink.messages[1].role, MessageRole::Response);
  EXPECT_EQ(f.sink.messages[1].function, cmd::kBatchRead);
  EXPECT_EQ(f.sink.messages[1].function_name, "Batch Read");
  EXPECT_TRUE(f.sink.anomalies.empty());
}

TEST(MelsecSession, CpuModelIdentifiesTheCpu) {
  Fed f;
  f.to_server(request3e(cmd::kReadCpuModel, 0, ""));
  // "Q03UDVCPU" padded with spaces, model code 0x0366.
  f.to_client(hex("d000 00 ff ff03 00 1400 0000 51303355445643505520202020202020 6603"));
  EXPECT_EQ(f.sink.identity("model"), "Q03UDVCPU");
  EXPECT_EQ(f.sink.identity("vendor"), "Mitsubishi Electric");
  EXPECT_EQ(f.sink.identity("product_code"), "0x0366");
  EXPECT_EQ(f.sink.messages.at(1).op, OpClass::Identification);
}

TEST(MelsecSession, RemoteOperationsAreTheirCommands) {
  struct Case {
    std::uint16_t command;
    const char* data;
    const CommandRule* rule;
  };
  const Case cases[] = {
      {cmd::kRemoteRun, "0100 0000", &kRemoteRun},
      {cmd::kRemoteStop, "0100", &kRemoteStop},
      {cmd::kRemotePause, "0100", &kRemotePause},
      {cmd::kRemoteReset, "0100", &kRemoteReset},
      {cmd::kRemoteLatchClear, "0100", &kLatchClear},
      {cmd::kRemoteUnlock, "0400 31323334", &kPassword},
      {cmd::kBatchWrite, "640000 a8 0200 3412 7856", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.command);
    Fed f(Transport::Udp);
    f.to_server(request3e(c.command, 0, c.data));
    ASSERT_EQ(f.sink.messages.size(), 1u);
    EXPECT_EQ(f.sink.messages[0].command, c.rule);
  }
  Fed f;
  f.to_server(request3e(cmd::kBatchWrite, 0, "640000 a8 0200 3412 7856"));
  const MessageEvent& w = f.sink.messages.at(0);
  EXPECT_EQ(w.op, OpClass::Write);
  ASSERT_EQ(w.values.size(), 2u);
  EXPECT_EQ(w.values[0].address, 100u);
  EXPECT_EQ(w.values[0].value, 0x1234);
  EXPECT_EQ(w.values[1].value, 0x5678);
}

TEST(MelsecSession, FourEFramesMatchBySerialAndErrorsAreExceptions) {
  Fed f;
  // 4E: serial 0x1234 then 0x1235; the replies come back in the other order.
  f.to_server(hex("5400 3412 0000 00 ff ff03 00 0600 1000 0210 0000"));  // remote stop
  f.to_server(hex("5400 3512 0000 00 ff ff03 00 0600 1000 0101 0000"));  // CPU model
  f.to_client(hex("d400 3512 0000 00 ff ff03 00 0200 59c0"));            // not supported
  f.to_client(hex("d400 3412 0000 00 ff ff03 00 0200 0000"));
  ASSERT_EQ(f.sink.messages.size(), 4u);
  EXPECT_EQ(f.sink.messages[2].function, cmd::kReadCpuModel);
  EXPECT_TRUE(f.sink.messages[2].exception);
  EXPECT_EQ(f.sink.messages[2].exception_kind, ExceptionKind::UnsupportedFunction);
  EXPECT_EQ(f.sink.messages[3].function, cmd::kRemoteStop);
  EXPECT_FALSE(f.sink.messages[3].exception);
  // A reply to nothing, a bad subheader.
  f.to_client(hex("d000 00 ff ff03 00 0200 0000"));
  EXPECT_EQ(f.sink.anomaly_kinds(), std::vector<std::string>{"melsec.response_without_request"});
}

TEST(MelsecSession, SplitAnywhereDecodesTheSame) {
  std::vector<std::uint8_t> stream = hex(kBatchRead);
  const auto more = request3e(cmd::kRemoteStop, 0, "0100");
  stream.insert(stream.end(), more.begin(), more.end());
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    SCOPED_TRACE(cut);
    Fed f;
    f.session.on_data(Direction::AtoB, Bytes(stream).first(cut), PacketMeta{});
    f.session.on_data(Direction::AtoB, Bytes(stream).subspan(cut), PacketMeta{});
    ASSERT_EQ(f.sink.messages.size(), 2u);
    EXPECT_EQ(f.sink.messages[1].command, &kRemoteStop);
    EXPECT_TRUE(f.sink.anomalies.empty());
  }
}

TEST(MelsecProbe, ClaimsMcRequestsAndNothingElse) {
  EXPECT_EQ(probe(hex(kBatchRead), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(hex(kBatchRead), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(hex("5000 00 ff"), Transport::Tcp), ProbeResult::NeedMore);
  EXPECT_EQ(probe(hex("5000 00 ff"), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(probe({}, Transport::Udp), ProbeResult::NoMatch);
  // A command the manuals do not define.
  EXPECT_EQ(probe(request3e(0x7777, 0, ""), Transport::Tcp), ProbeResult::NoMatch);
  // A response is not where a conversation is recognised.
  EXPECT_EQ(probe(hex(kBatchReadReply), Transport::Tcp), ProbeResult::NoMatch);
  const std::string http = "POST / HTTP/1.1\r\n\r\n";  // 'P' is 0x50: the next byte decides
  EXPECT_EQ(
      probe(Bytes(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()), Transport::Tcp),
      ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::melsec
