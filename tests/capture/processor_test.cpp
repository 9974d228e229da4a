// Frames in, flows out: direction, link types, VLANs, fragments, timeouts, bounds.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "capture/packet_processor.h"
#include "tests/support/frames.h"

namespace otscope::capture {
namespace {

using test::Frame;

struct Recorder : StreamConsumer {
  std::vector<FlowInfo> opened;
  std::map<std::uint64_t, std::string> stream[2];
  std::vector<std::pair<FlowInfo, CloseReason>> closed;
  std::vector<std::pair<FlowInfo, std::string>> datagrams;
  std::vector<HostSighting> hosts;
  std::map<std::uint64_t, FlowCounters> totals;
  std::uint64_t gaps = 0;
  std::string log;  // both directions in delivery order: "A:bytes B:bytes A:[gap N] "

  void flow_opened(const FlowInfo& f, const PacketMeta&) override { opened.push_back(f); }
  void stream_data(const FlowInfo& f, Direction d, Bytes data, const PacketMeta&) override {
    stream[static_cast<int>(d)][f.id].append(data.begin(), data.end());
    log += (d == Direction::AtoB ? "A:" : "B:") + std::string(data.begin(), data.end()) + " ";
  }
  void stream_gap(const FlowInfo& f, Direction d, std::size_t n, const PacketMeta&) override {
    stream[static_cast<int>(d)][f.id] += "[gap " + std::to_string(n) + "]";
    log += (d == Direction::AtoB ? "A:[gap " : "B:[gap ") + std::to_string(n) + "] ";
    ++gaps;
  }
  void datagram(const FlowInfo& f, Direction, Bytes data, const PacketMeta&) override {
    datagrams.emplace_back(f, std::string(data.begin(), data.end()));
  }
  void flow_stats(const FlowInfo& f, const FlowCounters& d) override {
    auto& t = totals[f.id];
    for (int i = 0; i < 2; ++i) {
      t.packets[i] += d.packets[i];
      t.bytes[i] += d.bytes[i];
    }
  }
  void flow_closed(const FlowInfo& f, const FlowCounters&, CloseReason why,
                   const PacketMeta&) override {
    closed.emplace_back(f, why);
  }
  void host_seen(const HostSighting& s, const PacketMeta&) override { hosts.push_back(s); }
};

Frame text(const std::string& s) {
  return Frame(s.begin(), s.end());
}

const char* kClientMac = "00:1c:06:00:00:01";
const char* kServerMac = "00:80:f4:00:00:02";

Frame tcp_frame(bool from_client, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                const std::string& payload = "", std::vector<test::VlanTag> tags = {}) {
  const char* src = from_client ? "10.0.0.10" : "10.0.0.20";
  const char* dst = from_client ? "10.0.0.20" : "10.0.0.10";
  std::uint16_t sp = from_client ? 49152 : 502, dp = from_client ? 502 : 49152;
  return test::ethernet(
      from_client ? kClientMac : kServerMac, from_client ? kServerMac : kClientMac, 0x0800,
      test::ipv4(src, dst, 6, test::tcp_segment(sp, dp, seq, ack, flags, text(payload))), tags);
}

void feed(PacketProcessor& p, const Frame& f, std::int64_t ts, int dlt = 1) {
  (void)dlt;
  RawFrame r;
  r.ts_us = ts;
  r.data = f;
  r.wire_length = static_cast<std::uint32_t>(f.size());
  p.process(r);
}

TEST(Processor, HandshakeDataAndCloseBothDirections) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  feed(p, tcp_frame(true, 100, 0, 0x02), 1);     // SYN
  feed(p, tcp_frame(false, 900, 101, 0x12), 2);  // SYN-ACK
  feed(p, tcp_frame(true, 101, 901, 0x10), 3);   // ACK
  feed(p, tcp_frame(true, 101, 901, 0x18, "req1"), 4);
  feed(p, tcp_frame(false, 901, 105, 0x18, "resp1"), 5);
  feed(p, tcp_frame(true, 105, 906, 0x11), 6);   // FIN
  feed(p, tcp_frame(false, 906, 106, 0x11), 7);  // FIN
  feed(p, tcp_frame(true, 106, 907, 0x10), 8);   // last ACK, same flow
  p.finish();
  ASSERT_EQ(rec.opened.size(), 1u);
  const FlowInfo& f = rec.opened[0];
  EXPECT_EQ(f.a.ip.to_string(), "10.0.0.10");
  EXPECT_EQ(f.b.port, 502);
  EXPECT_EQ(f.a.mac.to_string(), kClientMac);
  EXPECT_EQ(rec.stream[0][f.id], "req1");
  EXPECT_EQ(rec.stream[1][f.id], "resp1");
  ASSERT_EQ(rec.closed.size(), 1u);
  EXPECT_EQ(rec.closed[0].second, CloseReason::Fin);
  EXPECT_EQ(rec.totals[f.id].packets[0] + rec.totals[f.id].packets[1], 8u);
}

TEST(Processor, MidStreamPickUpPutsTheServerPortOnB) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  feed(p, tcp_frame(false, 5000, 7000, 0x18, "response-first"), 1);
  feed(p, tcp_frame(true, 7000, 5014, 0x18, "request"), 2);
  p.finish();
  ASSERT_EQ(rec.opened.size(), 1u);
  EXPECT_EQ(rec.opened[0].a.ip.to_string(), "10.0.0.10");
  EXPECT_EQ(rec.opened[0].b.port, 502);
  EXPECT_FALSE(rec.opened[0].saw_handshake);
  EXPECT_EQ(rec.stream[1][rec.opened[0].id], "response-first");
  EXPECT_EQ(rec.stream[0][rec.opened[0].id], "request");
}

TEST(Processor, RequestReleasedByAnAckPrecedesTheResponseCarryingIt) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  feed(p, tcp_frame(true, 100, 0, 0x02), 1);
  feed(p, tcp_frame(false, 900, 101, 0x12), 2);
  feed(p, tcp_frame(true, 101, 901, 0x18, "req1"), 3);
  // "req2" (seq 105..108) was lost by the capture; "req3" waits behind the hole.
  feed(p, tcp_frame(true, 109, 901, 0x18, "req3"), 4);
  // The server acknowledges everything and answers: the requests come first.
  feed(p, tcp_frame(false, 901, 113, 0x18, "resp"), 5);
  EXPECT_EQ(rec.log, "A:req1 A:[gap 4] A:req3 B:resp ");
}

TEST(Processor, BareAckOfUnknownFlowIsOnlyAHostSighting) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  feed(p, tcp_frame(true, 1, 1, 0x10), 1);
  EXPECT_TRUE(rec.opened.empty());
  ASSERT_EQ(rec.hosts.size(), 1u);
  EXPECT_EQ(rec.hosts[0].src_ip.to_string(), "10.0.0.10");
}

TEST(Processor, VlanAndQinQTagsReachTheFlow) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  feed(p, tcp_frame(true, 1, 0, 0x02, "", {{0x88a8, 300}, {0x8100, 20}}), 1);
  feed(p, tcp_frame(true, 2, 0, 0x18, "qinq", {{0x88a8, 300}, {0x8100, 20}}), 2);
  p.finish();
  ASSERT_EQ(rec.opened.size(), 1u);
  EXPECT_EQ(rec.opened[0].vlan, 300);
  EXPECT_EQ(rec.stream[0][rec.opened[0].id], "qinq");
}

TEST(Processor, EveryLinkTypeDeliversTheSamePayload) {
  const Frame ip =
      test::ipv4("192.168.0.1", "192.168.0.2", 17, test::udp_datagram(40000, 20000, text("dnp3?")));
  const std::vector<std::pair<int, Frame>> cases = {
      {1, test::ethernet(kClientMac, kServerMac, 0x0800, ip)},
      {113, test::linux_sll(kClientMac, 0x0800, ip)},
      {276, test::linux_sll2(kClientMac, 0x0800, ip)},
      {101, ip},
      {228, ip},
      {0, test::bsd_null(2, ip)},
  };
  for (const auto& [dlt, frame] : cases) {
    Recorder rec;
    PacketProcessor p(rec);
    p.begin_source(0, dlt);
    feed(p, frame, 1);
    p.finish();
    ASSERT_EQ(rec.datagrams.size(), 1u) << "dlt " << dlt;
    EXPECT_EQ(rec.datagrams[0].second, "dnp3?") << "dlt " << dlt;
    EXPECT_EQ(rec.datagrams[0].first.b.port, 20000) << "dlt " << dlt;
    EXPECT_EQ(rec.datagrams[0].first.a.ip.to_string(), "192.168.0.1") << "dlt " << dlt;
  }
}

TEST(Processor, FragmentedUdpIsReassembledBeforeDelivery) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  std::string big(3000, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  Frame l4 = test::udp_datagram(5000, 20000, text(big));
  std::vector<Frame> frags;
  for (std::size_t off = 0; off < l4.size(); off += 1480) {
    const std::size_t n = std::min<std::size_t>(1480, l4.size() - off);
    test::Ipv4Options o;
    o.id = 99;
    o.more_fragments = off + n < l4.size();
    o.fragment_offset_bytes = static_cast<std::uint16_t>(off);
    frags.push_back(test::ethernet(kClientMac, kServerMac, 0x0800,
                                   test::ipv4("10.9.9.1", "10.9.9.2", 17,
                                              Frame(l4.begin() + static_cast<long>(off),
                                                    l4.begin() + static_cast<long>(off + n)),
                                              o)));
  }
  ASSERT_EQ(frags.size(), 3u);
  feed(p, frags[2], 1);
  feed(p, frags[0], 2);
  EXPECT_TRUE(rec.datagrams.empty());
  feed(p, frags[1], 3);
  ASSERT_EQ(rec.datagrams.size(), 1u);
  EXPECT_EQ(rec.datagrams[0].second, big);
  EXPECT_EQ(p.stats().defrag.reassembled, 1u);
}

TEST(Processor, Ipv6Tcp) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  Frame f = test::ethernet(kClientMac, kServerMac, 0x86dd,
                           test::ipv6("2001:db8::10", "2001:db8::20", 6,
                                      test::tcp_segment(40000, 102, 1, 1, 0x18, text("v6data"))));
  feed(p, f, 1);
  p.finish();
  ASSERT_EQ(rec.opened.size(), 1u);
  EXPECT_EQ(rec.opened[0].a.ip.to_string(), "2001:db8::10");
  EXPECT_EQ(rec.opened[0].b.port, 102);
  EXPECT_EQ(rec.stream[0][rec.opened[0].id], "v6data");
}

TEST(Processor, ArpNamesTheSender) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  feed(p,
       test::ethernet(kServerMac, "ff:ff:ff:ff:ff:ff", 0x0806,
                      test::arp(false, kServerMac, "10.0.0.20", "00:00:00:00:00:00", "10.0.0.1")),
       1);
  ASSERT_EQ(rec.hosts.size(), 1u);
  EXPECT_TRUE(rec.hosts[0].has_ip);
  EXPECT_EQ(rec.hosts[0].src_ip.to_string(), "10.0.0.20");
  EXPECT_EQ(rec.hosts[0].src_mac.to_string(), kServerMac);
  EXPECT_STREQ(rec.hosts[0].kind, "arp");
}

TEST(Processor, LinkLayerProtocolFramesBecomeFlowsBetweenTheirStations) {
  Recorder rec;
  FlowLimits limits;
  limits.link_types = {0x8892};
  PacketProcessor p(rec, limits);
  p.begin_source(0, 1);
  const char* device = "00:1b:1b:00:00:07";
  // An IO controller's DCP request and the device's answer: one flow, both directions; a frame
  // of a type no protocol asked for only says that its sender exists.
  feed(p, test::ethernet(kClientMac, device, 0x8892, text("\xfe\xfdreq"), {{0x8100, 5}}), 1);
  feed(p, test::ethernet(device, kClientMac, 0x8892, text("\xfe\xfdok"), {{0x8100, 5}}), 2);
  feed(p, test::ethernet(device, "01:80:c2:00:00:0e", 0x88cc, text("lldp")), 3);
  ASSERT_EQ(rec.datagrams.size(), 2u);
  const FlowInfo& f = rec.datagrams[0].first;
  EXPECT_EQ(f.transport, Transport::Ethernet);
  EXPECT_EQ(f.a.port, 0x8892);
  EXPECT_EQ(f.vlan, 5);
  EXPECT_EQ(f.a.mac.to_string(), kClientMac);
  EXPECT_TRUE(f.a.ip.is_link());
  EXPECT_EQ(f.a.ip.to_string(), kClientMac);
  EXPECT_EQ(f.b.ip.to_string(), device);
  EXPECT_EQ(rec.datagrams[1].first.id, f.id);
  // The data is the Ethernet type, then the payload.
  // (padded to the Ethernet minimum: the protocol's own lengths bound its PDU).
  EXPECT_EQ(rec.datagrams[0].second.substr(0, 7), std::string("\x88\x92\xfe\xfdreq"));
  ASSERT_EQ(rec.hosts.size(), 1u);
  EXPECT_EQ(rec.hosts[0].src_mac.to_string(), device);
}

TEST(Processor, IdleFlowsCloseOnTimeout) {
  Recorder rec;
  FlowLimits limits;
  limits.tcp_idle_us = 10'000'000;
  PacketProcessor p(rec, limits);
  p.begin_source(0, 1);
  feed(p, tcp_frame(true, 1, 1, 0x18, "a"), 1'000'000);
  feed(p,
       test::ethernet(kClientMac, kServerMac, 0x0806,
                      test::arp(false, kClientMac, "10.0.0.10", "00:00:00:00:00:00", "10.0.0.20")),
       20'000'000);
  ASSERT_EQ(rec.closed.size(), 1u);
  EXPECT_EQ(rec.closed[0].second, CloseReason::Idle);
}

TEST(Processor, FlowTableIsBoundedAndCountsEvictions) {
  Recorder rec;
  FlowLimits limits;
  limits.max_flows = 10;
  PacketProcessor p(rec, limits);
  p.begin_source(0, 1);
  for (int i = 0; i < 25; ++i) {
    Frame f = test::ethernet(kClientMac, kServerMac, 0x0800,
                             test::ipv4("10.0.0.1", "10.0.0.2", 6,
                                        test::tcp_segment(static_cast<std::uint16_t>(30000 + i), 80,
                                                          1, 1, 0x18, text("x"))));
    feed(p, f, i);
  }
  const auto s = p.stats();
  EXPECT_LE(s.flows.flows_active, 10u);
  EXPECT_EQ(s.flows.flows_created, 25u);
  EXPECT_EQ(s.flows.flows_evicted + s.flows.flows_active, 25u);
  p.finish();
  EXPECT_EQ(rec.closed.size(), 25u);
}

TEST(Processor, SnapLengthCutPayloadIsAGap) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  Frame full = tcp_frame(true, 1, 1, 0x18, "0123456789");
  RawFrame r;
  r.ts_us = 1;
  r.data = Bytes(full).first(full.size() - 6);  // last 6 payload bytes not captured
  r.wire_length = static_cast<std::uint32_t>(full.size());
  p.process(r);
  feed(p, tcp_frame(true, 11, 1, 0x18, "next"), 2);
  p.finish();
  ASSERT_EQ(rec.opened.size(), 1u);
  EXPECT_EQ(rec.stream[0][rec.opened[0].id], "0123[gap 6]next");
}

TEST(Processor, GarbageFramesAreCountedNotFatal) {
  Recorder rec;
  PacketProcessor p(rec);
  p.begin_source(0, 1);
  Frame bad = test::ethernet(kClientMac, kServerMac, 0x0800, Frame{0x4f, 0, 0, 10, 1, 2});
  feed(p, bad, 1);
  feed(p, Frame{1, 2, 3}, 2);
  for (std::size_t cut = 0; cut < 54; ++cut) {
    Frame f = tcp_frame(true, 1, 1, 0x18, "payload");
    RawFrame r;
    r.ts_us = 3;
    r.data = Bytes(f).first(cut);
    r.wire_length = static_cast<std::uint32_t>(f.size());
    p.process(r);
  }
  EXPECT_GE(p.stats().undecodable, 2u);
  EXPECT_EQ(p.stats().packets, 56u);
}

}  // namespace
}  // namespace otscope::capture
