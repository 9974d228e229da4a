// The engine over crafted captures: content-based dispatch, assets, links.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "model/analysis.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::Frame;

// One TCP segment between a client (MAC 00:1c:06:00:00:01) and a server (00:1b:1b:00:00:02);
// `c2s` says which way it goes.
Frame segment(const std::string& client, const std::string& server, std::uint16_t cport,
              std::uint16_t sport, bool c2s, std::uint32_t seq, std::uint32_t ack,
              std::uint8_t flags, const Frame& payload, std::vector<test::VlanTag> tags = {}) {
  return test::ethernet(c2s ? "00:1c:06:00:00:01" : "00:1b:1b:00:00:02",
                        c2s ? "00:1b:1b:00:00:02" : "00:1c:06:00:00:01", 0x0800,
                        test::ipv4(c2s ? client : server, c2s ? server : client, 6,
                                   test::tcp_segment(c2s ? cport : sport, c2s ? sport : cport, seq,
                                                     ack, flags, payload)),
                        std::move(tags));
}

// One TCP conversation client:cport -> server:sport carrying `requests` then `responses`.
std::vector<test::TimedFrame> conversation(const std::string& client, const std::string& server,
                                           std::uint16_t cport, std::uint16_t sport,
                                           const Frame& request, const Frame& response,
                                           std::vector<test::VlanTag> tags = {}) {
  auto frame = [&](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                   const Frame& payload) {
    return segment(client, server, cport, sport, c2s, seq, ack, flags, payload, tags);
  };
  const auto req_len = static_cast<std::uint32_t>(request.size());
  const auto resp_len = static_cast<std::uint32_t>(response.size());
  return {{1'000'000, frame(true, 1000, 0, 0x02, {})},
          {1'001'000, frame(false, 5000, 1001, 0x12, {})},
          {1'002'000, frame(true, 1001, 5001, 0x10, {})},
          {1'003'000, frame(true, 1001, 5001, 0x18, request)},
          {1'004'000, frame(false, 5001, 1001 + req_len, 0x18, response)},
          {1'005'000, frame(true, 1001 + req_len, 5001 + resp_len, 0x11, {})},
          {1'006'000, frame(false, 5001 + resp_len, 1002 + req_len, 0x11, {})}};
}

AnalysisResult analyze_frames(const std::vector<test::TimedFrame>& frames) {
  test::TempDir dir;
  const std::string path = (dir.path() / "c.pcap").string();
  test::write_file(path, test::pcap_file(1, frames));
  return analyze_captures({path});
}

const Frame kModbusRequest = test::hex("0007 0000 0006 11 03 006b 0003");
const Frame kModbusResponse = test::hex("0007 0000 0009 11 03 06 022b 0000 0064");

TEST(Engine, ModbusOnANonStandardPortIsRecognisedByContent) {
  auto r = analyze_frames(
      conversation("10.0.0.1", "10.0.0.2", 40000, 5020, kModbusRequest, kModbusResponse));
  EXPECT_EQ(r.protocols["modbus"].messages, 2u);
  EXPECT_EQ(r.protocols["modbus"].functions[3], 2u);
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].protocol, "modbus");
  EXPECT_EQ(r.links[0].server_port, 5020);
  ASSERT_EQ(r.operations.size(), 1u);
  EXPECT_EQ(r.operations[0].client.to_string(), "10.0.0.1");
  EXPECT_EQ(r.operations[0].server.to_string(), "10.0.0.2");
  EXPECT_EQ(r.operations[0].unit, 0x11);
}

TEST(Engine, HttpOnPort502IsReportedAsNotModbus) {
  const Frame get = [] {
    std::string s = "GET /index.html HTTP/1.1\r\nHost: plc\r\n\r\n";
    return Frame(s.begin(), s.end());
  }();
  const Frame ok = [] {
    std::string s = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    return Frame(s.begin(), s.end());
  }();
  auto r = analyze_frames(conversation("10.0.0.1", "10.0.0.2", 40000, 502, get, ok));
  EXPECT_EQ(r.protocols["modbus"].messages, 0u);
  EXPECT_EQ(r.anomaly_count("modbus.non_modbus_traffic"), 1u);
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].protocol, "");
}

TEST(Engine, AssetsCarryMacVendorVlanAndCounters) {
  auto r = analyze_frames(conversation("10.0.0.1", "10.0.0.2", 40000, 502, kModbusRequest,
                                       kModbusResponse, {{0x8100, 20}}));
  ASSERT_EQ(r.assets.size(), 2u);
  const AssetRecord* plc = nullptr;
  for (const auto& a : r.assets)
    if (a.mac.to_string() == "00:1b:1b:00:00:02") plc = &a;
  ASSERT_NE(plc, nullptr);
  EXPECT_EQ(plc->mac_vendor, "Siemens AG");
  ASSERT_EQ(plc->ips.size(), 1u);
  EXPECT_EQ(plc->ips[0].to_string(), "10.0.0.2");
  EXPECT_EQ(plc->vlans, std::vector<std::uint16_t>{20});
  EXPECT_EQ(plc->packets_sent, 3u);
  EXPECT_EQ(plc->packets_received, 4u);
  EXPECT_EQ(plc->first_seen_us, 1'000'000);  // the SYN addressed to its MAC
  EXPECT_EQ(r.packets, 7u);
  EXPECT_EQ(r.health.flows_created, 1u);
}

// Hardening: an absurd pcapng timestamp (64 bits all ones) overflowed into a first_seen of
// -290308-12-21 that stayed the earliest time forever. It is counted and given the previous
// frame's time (unknown, 0, before any valid one: then the next valid time is the first).
TEST(Engine, AbsurdTimestampsAreCountedNotStored) {
  for (std::size_t bad : {std::size_t{0}, std::size_t{1}}) {
    auto frames = conversation("10.0.0.1", "10.0.0.2", 40000, 502, kModbusRequest, kModbusResponse);
    frames[bad].ts_us = -1;  // written as 0xffffffffffffffff microseconds
    test::TempDir dir;
    const std::string path = (dir.path() / "c.pcapng").string();
    test::write_file(path, test::pcapng_file(1, frames));
    const AnalysisResult r = analyze_captures({path});
    SCOPED_TRACE(bad);
    EXPECT_EQ(r.health.bad_timestamps, 1u);
    ASSERT_EQ(r.assets.size(), 2u);
    for (const AssetRecord& a : r.assets) {
      EXPECT_GE(a.first_seen_us, 1'000'000) << a.mac.to_string();
      EXPECT_EQ(a.last_seen_us, 1'006'000) << a.mac.to_string();
    }
    ASSERT_EQ(r.operations.size(), 1u);
    EXPECT_EQ(r.operations[0].first_seen_us, 1'003'000);
    ASSERT_EQ(r.links.size(), 1u);
    EXPECT_GE(r.links[0].first_seen_us, 1'000'000);
    ASSERT_EQ(r.captures.size(), 1u);
    EXPECT_GE(r.captures[0].first_packet_us, 1'000'000);
    EXPECT_EQ(r.captures[0].last_packet_us, 1'006'000);
  }
}

// A live capture writes what take_result() returns every few seconds: each operation's counts and
// times must be those of the messages since the previous call, whether the flow's row was known
// already or not, and whatever other operations the same flow performed in between.
TEST(Engine, OperationsAreReportedAsDeltasBetweenTakeResults) {
  const Frame write_request = test::hex("0008 0000 0006 11 06 0001 0003");
  const Frame write_response = test::hex("0008 0000 0006 11 06 0001 0003");
  auto frame = [](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  const Frame& payload) {
    return segment("10.0.0.1", "10.0.0.2", 40000, 502, c2s, seq, ack, flags, payload);
  };
  // One connection over two files: reads, then a write, then reads again.
  std::uint32_t cseq = 1001, sseq = 5001;
  std::int64_t t = 1'003'000;
  auto exchange = [&](const Frame& request, const Frame& response,
                      std::vector<test::TimedFrame>& out) {
    out.push_back({t, frame(true, cseq, sseq, 0x18, request)});
    cseq += static_cast<std::uint32_t>(request.size());
    out.push_back({t + 500, frame(false, sseq, cseq, 0x18, response)});
    sseq += static_cast<std::uint32_t>(response.size());
    t += 1'000'000;
  };
  std::vector<test::TimedFrame> first = {{1'000'000, frame(true, 1000, 0, 0x02, {})},
                                         {1'001'000, frame(false, 5000, 1001, 0x12, {})},
                                         {1'002'000, frame(true, 1001, 5001, 0x10, {})}};
  exchange(kModbusRequest, kModbusResponse, first);  // 1.003 s
  exchange(kModbusRequest, kModbusResponse, first);  // 2.003 s
  std::vector<test::TimedFrame> second;
  exchange(write_request, write_response, second);    // 3.003 s
  exchange(kModbusRequest, kModbusResponse, second);  // 4.003 s
  exchange(kModbusRequest, kModbusResponse, second);  // 5.003 s
  exchange(kModbusRequest, kModbusResponse, second);  // 6.003 s
  test::TempDir dir;
  const std::string a = (dir.path() / "a.pcap").string();
  const std::string b = (dir.path() / "b.pcap").string();
  test::write_file(a, test::pcap_file(1, first));
  test::write_file(b, test::pcap_file(1, second));

  auto op_of = [](const AnalysisResult& r, std::uint32_t function) -> const OperationRecord* {
    for (const OperationRecord& op : r.operations)
      if (op.function == function) return &op;
    return nullptr;
  };
  Engine engine;
  engine.run_file(a, 0);
  const AnalysisResult one = engine.take_result();
  ASSERT_EQ(one.operations.size(), 1u);
  EXPECT_EQ(one.operations[0].requests, 2u);
  EXPECT_EQ(one.operations[0].responses, 2u);
  EXPECT_EQ(one.operations[0].first_seen_us, 1'003'000);
  EXPECT_EQ(one.operations[0].last_seen_us, 2'003'500);

  engine.run_file(b, 1);
  engine.finish();
  const AnalysisResult two = engine.take_result();
  ASSERT_EQ(two.operations.size(), 2u);
  const OperationRecord* read = op_of(two, 3);
  const OperationRecord* write = op_of(two, 6);
  ASSERT_NE(read, nullptr);
  ASSERT_NE(write, nullptr);
  EXPECT_EQ(read->requests, 3u);
  EXPECT_EQ(read->responses, 3u);
  EXPECT_EQ(read->first_seen_us, 4'003'000);
  EXPECT_EQ(read->last_seen_us, 6'003'500);
  EXPECT_EQ(write->requests, 1u);
  EXPECT_EQ(write->responses, 1u);
  EXPECT_EQ(write->first_seen_us, 3'003'000);
  EXPECT_EQ(write->last_seen_us, 3'003'500);
  ASSERT_EQ(read->ranges.size(), 1u);
  EXPECT_EQ(read->ranges[0].start, 0x6bu);
  EXPECT_EQ(read->ranges[0].count, 3u);
}

// A long Modbus/TCP conversation: the handshake, then `polls` requests each answered in its own
// segment (two frames per poll), one millisecond apart.
std::vector<test::TimedFrame> long_poll(int polls) {
  const auto req_len = static_cast<std::uint32_t>(kModbusRequest.size());
  const auto resp_len = static_cast<std::uint32_t>(kModbusResponse.size());
  auto frame = [](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  const Frame& payload) {
    return segment("10.0.0.10", "10.0.0.20", 50000, 502, c2s, seq, ack, flags, payload);
  };
  std::vector<test::TimedFrame> frames = {{1'000'000, frame(true, 1000, 0, 0x02, {})},
                                          {1'000'100, frame(false, 5000, 1001, 0x12, {})},
                                          {1'000'200, frame(true, 1001, 5001, 0x10, {})}};
  std::uint32_t seq = 1001;
  std::uint32_t ack = 5001;
  for (int i = 0; i < polls; ++i) {
    const std::int64_t ts = 1'001'000 + std::int64_t{i} * 1000;
    frames.push_back({ts, frame(true, seq, ack, 0x18, kModbusRequest)});
    seq += req_len;
    frames.push_back({ts + 500, frame(false, ack, seq, 0x18, kModbusResponse)});
    ack += resp_len;
  }
  return frames;
}

TEST(Engine, CancelledFileKeepsWhatWasReadAndSaysSo) {
  const std::vector<test::TimedFrame> frames = long_poll(12000);  // 24,003 frames
  test::TempDir dir;
  const std::string path = (dir.path() / "long.pcap").string();
  test::write_file(path, test::pcap_file(1, frames));

  // Cancelled at the first progress call: reading stops after exactly that many packets.
  std::atomic<bool> cancel{false};
  std::uint64_t seen_at_cancel = 0;
  Engine engine;
  const bool complete = engine.run_file(
      path, 0,
      [&](const Progress& p) {
        if (!cancel) seen_at_cancel = p.packets;
        cancel = true;
      },
      &cancel);
  engine.finish();
  const AnalysisResult cancelled = engine.take_result();
  EXPECT_FALSE(complete);
  ASSERT_EQ(seen_at_cancel, Engine::kProgressPackets);
  ASSERT_EQ(cancelled.captures.size(), 1u);
  EXPECT_TRUE(cancelled.captures[0].cancelled);
  EXPECT_FALSE(cancelled.captures[0].truncated);
  EXPECT_EQ(cancelled.captures[0].packets, Engine::kProgressPackets);
  EXPECT_EQ(cancelled.packets, Engine::kProgressPackets);

  // The same as analysing a file of only those packets.
  const std::vector<test::TimedFrame> head(frames.begin(),
                                           frames.begin() + Engine::kProgressPackets);
  const AnalysisResult expected = analyze_frames(head);
  EXPECT_FALSE(expected.captures[0].cancelled);
  EXPECT_EQ(cancelled.bytes, expected.bytes);
  EXPECT_EQ(cancelled.captures[0].last_packet_us, expected.captures[0].last_packet_us);
  const ProtocolStats& got = cancelled.protocols.at("modbus");
  const ProtocolStats& want = expected.protocols.at("modbus");
  EXPECT_EQ(got.messages, want.messages);
  EXPECT_EQ(got.messages, Engine::kProgressPackets - 3);  // every frame after the handshake
  EXPECT_EQ(got.functions, want.functions);
  ASSERT_EQ(cancelled.operations.size(), 1u);
  EXPECT_EQ(cancelled.operations[0].requests, expected.operations[0].requests);
  EXPECT_EQ(cancelled.operations[0].responses, expected.operations[0].responses);
  ASSERT_EQ(cancelled.links.size(), 1u);
  EXPECT_EQ(cancelled.links[0].packets, expected.links[0].packets);
  EXPECT_EQ(cancelled.assets.size(), expected.assets.size());

  // A cancel set before the run reads nothing; run_files stops at the cancelled file.
  Engine idle;
  idle.run_files({path, path}, {}, &cancel);
  const AnalysisResult none = idle.take_result();
  ASSERT_EQ(none.captures.size(), 1u);
  EXPECT_TRUE(none.captures[0].cancelled);
  EXPECT_EQ(none.packets, 0u);

  // Without a cancel the whole file is read, and a last progress call reports all of it.
  Engine whole;
  std::uint64_t last_packets = 0;
  std::uint64_t last_bytes = 0;
  EXPECT_TRUE(whole.run_file(path, 0, [&](const Progress& p) {
    last_packets = p.packets;
    last_bytes = p.bytes_read;
  }));
  EXPECT_EQ(last_packets, frames.size());
  EXPECT_EQ(last_bytes, std::filesystem::file_size(path));
  EXPECT_FALSE(whole.take_result().captures[0].cancelled);
}

}  // namespace
}  // namespace otscope
