// Frame-exact evidence for the framing attacks a Modbus/TCP sensor must name (issue 19): a
// segment with a non-zero MBAP protocol id, an MBAP length that announces more bytes than its
// segment carries, a 451-byte segment of garbage to port 502, and a write whose ADU is split over
// two segments. Each is decided when its bytes are seen, not when the connection closes, and its
// evidence names the packets that carried the offending bytes (all of them for a reassembled
// message); `alerts export-pcap` writes those packets. Through `otscope analyze` and `alerts`, as
// an analyst would look.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/inventory/crafted_captures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using json = nlohmann::json;
using test::Frame;
using test::hex;
using test::run_command;
using test::TimedFrame;

constexpr std::int64_t kT0 = 1'700'000'000'000'000;
const test::ModbusPeer kHmi{"00:0c:29:00:00:01", "192.168.7.10"};
const test::ModbusPeer kPlc{"00:80:f4:00:00:20", "192.168.7.20"};

// The client's segments, one per frame after the handshake (frames 1-3), each acknowledged by
// the PLC with an empty segment so that the frame numbers below are those of the client's.
struct Conversation {
  std::vector<TimedFrame> frames;
  std::uint32_t client_seq = 1001;
  std::uint32_t server_seq = 5001;
  std::int64_t t = kT0;

  Frame segment(bool c2s, std::uint8_t flags, const Frame& payload) {
    const test::ModbusPeer& from = c2s ? kHmi : kPlc;
    const test::ModbusPeer& to = c2s ? kPlc : kHmi;
    const std::uint32_t seq = c2s ? client_seq : server_seq;
    const std::uint32_t ack = c2s ? server_seq : client_seq;
    return test::ethernet(from.mac, to.mac, 0x0800,
                          test::ipv4(from.ip, to.ip, 6,
                                     test::tcp_segment(c2s ? 50000 : 502, c2s ? 502 : 50000, seq,
                                                       ack, flags, payload)));
  }
  /// Adds a frame; returns its number.
  std::uint64_t add(bool c2s, std::uint8_t flags, const Frame& payload) {
    t += 1'000;
    frames.push_back({t, segment(c2s, flags, payload)});
    (c2s ? client_seq : server_seq) += static_cast<std::uint32_t>(payload.size());
    return frames.size();
  }
  std::uint64_t client(const Frame& payload) { return add(true, 0x18, payload); }
};

struct Evidence {
  std::uint64_t frame = 0;
  std::vector<std::uint64_t> earlier;
  std::string summary;
};

TEST(FramingEvidence, EveryFramingAttackNamesThePacketsThatCarriedIt) {
  Conversation c;
  // The handshake: SYN and SYN-ACK take one sequence number each.
  c.client_seq = 1000;
  c.server_seq = 5000;
  c.frames.push_back({kT0, c.segment(true, 0x02, {})});
  c.client_seq = 1001;
  c.frames.push_back({kT0 + 500, c.segment(false, 0x12, {})});
  c.server_seq = 5001;
  c.add(true, 0x10, {});
  // Frames 4 and 5: a write of two registers (16) split after its MBAP header.
  const Frame write = hex("0001 0000 000b 01 10 0001 0002 04 000a 0102");
  const std::uint64_t write_first = c.client(Frame(write.begin(), write.begin() + 7));
  const std::uint64_t write_last = c.client(Frame(write.begin() + 7, write.end()));
  // Frame 6: protocol id 5 where an ADU is due.
  const std::uint64_t bad_protocol = c.client(hex("0002 0005 0006 01 03 0000 0001"));
  // Frame 7: back in step.
  c.client(hex("0003 0000 0006 01 03 0000 0001"));
  // Frame 8: the MBAP length announces 32 bytes after the unit; six follow. Frame 9 is an ADU of
  // its own.
  const std::uint64_t lie = c.client(hex("0004 0000 0020 01 03 0000 0001"));
  c.client(hex("0005 0000 0006 01 03 0000 0002"));
  // Frame 10: 451 bytes of garbage.
  const std::uint64_t flood = c.client(Frame(451, 0xaa));
  // Frame 11: a last read; then the connection stays open (no FIN): nothing waits for a close.
  c.client(hex("0006 0000 0006 01 03 0000 0003"));

  test::TempDir dir;
  const std::string capture = test::write_capture(dir.path() / "framing.pcap", c.frames);
  const std::string db = (dir.path() / "a.db").string();
  const std::string bin = test::otscope_binary().string();
  auto r = run_command({bin, "analyze", "-q", "--db", db, capture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command({bin, "alerts", "--db", db, "--json", "--all"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::map<std::string, std::vector<Evidence>> by_rule;
  std::map<std::string, std::int64_t> ids;
  for (const json& a : json::parse(r.out)) {
    const std::string rule = a.at("rule").get<std::string>();
    ids[rule] = a.at("id").get<std::int64_t>();
    for (const json& e : a.at("evidence")) {
      Evidence ev{e.at("frame").get<std::uint64_t>(), {}, e.at("summary").get<std::string>()};
      for (const json& f : e.at("earlier_frames")) ev.earlier.push_back(f.at("frame"));
      by_rule[rule].push_back(ev);
    }
  }

  // The write reassembled from two segments: its evidence is the second, with the first.
  ASSERT_TRUE(by_rule.count("command.unverified_write")) << r.out;
  const Evidence& w = by_rule["command.unverified_write"].at(0);
  EXPECT_EQ(w.frame, write_last);
  EXPECT_EQ(w.earlier, std::vector<std::uint64_t>{write_first});

  // Each framing attack is malformed once, named by the frame that carried it.
  ASSERT_TRUE(by_rule.count("anomaly.malformed")) << r.out;
  const std::vector<Evidence>& bad = by_rule["anomaly.malformed"];
  std::vector<std::uint64_t> frames;
  for (const Evidence& e : bad) frames.push_back(e.frame);
  EXPECT_EQ(std::count(frames.begin(), frames.end(), bad_protocol), 1) << r.out;
  EXPECT_EQ(std::count(frames.begin(), frames.end(), lie), 1) << r.out;
  EXPECT_EQ(std::count(frames.begin(), frames.end(), flood), 1) << r.out;
  for (const Evidence& e : bad) {
    EXPECT_TRUE(e.frame == bad_protocol || e.frame == lie || e.frame == flood)
        << "frame " << e.frame << ": " << e.summary;
    if (e.frame == lie) {
      EXPECT_NE(e.summary.find("MBAP length 32"), std::string::npos) << e.summary;
      EXPECT_TRUE(e.earlier.empty());
    }
  }
  // Nothing was left to be found at a close: the reads before and after each attack decoded.
  r = run_command({bin, "operations", "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::uint64_t reads = 0;
  for (const json& op : json::parse(r.out))
    if (op.value("function", 0) == 3) reads += op.value("requests", 0);
  EXPECT_EQ(reads, 3u) << r.out;  // frames 7, 9 and 11

  // The write's evidence pcap holds both of its segments and the handshake.
  const std::string out = (dir.path() / "write.pcap").string();
  r = run_command({bin, "alerts", "export-pcap", std::to_string(ids["command.unverified_write"]),
                   "-o", out, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 evidence frames and 3 handshake frames"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace otscope
