// Framing of Modbus/TCP byte streams: ADUs split over segments at every offset, several ADUs per
// segment, resynchronisation after garbage and after a capture gap.
#include "protocols/modbus/framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/modbus/session.h"
#include "tests/modbus/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::modbus {
namespace {

using otscope::test::hex;
using test::adu;
using test::cat;

/// Records framer output as text lines.
struct FrameLog {
  std::vector<std::string> lines;
  void on_message(Bytes bytes) { lines.push_back("adu " + to_hex(bytes, 300)); }
  void on_skipped(const MbapFramer::Run& run) { discard(run.skipped, run.error); }
  /// What gap() or finish() returned, a partial ADU counted as `reason` (as the session does).
  void remainder(const MbapFramer::Remainder& rest, DiscardReason reason) {
    if (rest.skipped) on_skipped(*rest.skipped);
    if (rest.partial > 0) discard(rest.partial, reason);
  }
  void discard(std::size_t count, DiscardReason reason) {
    const char* why = reason == DiscardReason::InvalidHeader ? "invalid"
                      : reason == DiscardReason::Gap         ? "gap"
                                                             : "end";
    lines.push_back(std::string("discard ") + why + " " + std::to_string(count));
  }
};

std::string line_of(const std::vector<std::uint8_t>& bytes) {
  return "adu " + to_hex(Bytes(bytes.data(), bytes.size()), 300);
}

TEST(ModbusFramer, SeveralAdusInOneSegment) {
  auto a = adu(1, 1, "03 0000 000a");
  auto b = adu(2, 1, "06 0001 0003");
  auto c = adu(3, 7, "41 01 02 03 04 05");
  MbapFramer framer;
  FrameLog log;
  auto all = cat({a, b, c});
  framer.push(all, log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{line_of(a), line_of(b), line_of(c)}));
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(ModbusFramer, SplitAtEveryOffsetAndByteByByte) {
  auto stream = cat({adu(1, 1, "03 0000 000a"), adu(2, 1, "10 0001 0002 04 000a 0102"),
                     adu(3, 255, "2b 0e 01 00"), adu(4, 1, "07")});
  FrameLog whole;
  {
    MbapFramer framer;
    framer.push(stream, whole);
  }
  ASSERT_EQ(whole.lines.size(), 4u);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    MbapFramer framer;
    FrameLog log;
    Bytes all(stream.data(), stream.size());
    framer.push(all.subspan(0, cut), log);
    framer.push(all.subspan(cut), log);
    EXPECT_EQ(log.lines, whole.lines) << "split at " << cut;
  }
  MbapFramer framer;
  FrameLog log;
  for (std::uint8_t byte : stream) framer.push(Bytes(&byte, 1), log);
  EXPECT_EQ(log.lines, whole.lines);
}

TEST(ModbusFramer, ResynchronisesAfterGarbageBetweenAdus) {
  auto a = adu(1, 1, "03 0000 000a");
  auto b = adu(2, 1, "03 0010 0001");
  auto c = adu(3, 1, "03 0020 0001");
  MbapFramer framer;
  FrameLog log;
  framer.push(cat({a, hex("aa aa aa"), b, c}), log);
  EXPECT_EQ(log.lines,
            (std::vector<std::string>{line_of(a), "discard invalid 3", line_of(b), line_of(c)}));
  EXPECT_FALSE(framer.hunting());
}

TEST(ModbusFramer, InvalidLengthFieldIsGarbageNotAFrame) {
  // Protocol id 0 but length 0x0300: taking it by length would swallow the next ADUs.
  auto b = adu(2, 1, "03 0010 0001");
  auto c = adu(3, 1, "03 0020 0001");
  MbapFramer framer;
  FrameLog log;
  framer.push(cat({hex("0001 0000 0300 01 03"), b, c}), log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"discard invalid 8", line_of(b), line_of(c)}));
}

TEST(ModbusFramer, GapDropsPartialAduAndHuntsForNextHeader) {
  auto a = adu(1, 1, "03 0000 000a");
  auto b = adu(2, 1, "10 0001 0002 04 000a 0102");
  auto c = adu(3, 1, "03 0020 0001");
  auto d = adu(4, 1, "03 0030 0001");
  MbapFramer framer;
  FrameLog log;
  framer.push(Bytes(a.data(), 5), log);
  log.remainder(framer.gap(), DiscardReason::Gap);
  EXPECT_TRUE(framer.hunting());
  // The capture resumes in the middle of b.
  auto resumed = cat({std::vector<std::uint8_t>(b.begin() + 9, b.end()), c, d});
  framer.push(resumed, log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"discard gap 5",
                                                 "discard gap " + std::to_string(b.size() - 9),
                                                 line_of(c), line_of(d)}));
}

TEST(ModbusFramer, LastAduAfterGapIsAcceptedWhenNothingFollows) {
  auto c = adu(3, 1, "03 0020 0001");
  MbapFramer framer;
  FrameLog log;
  log.remainder(framer.gap(), DiscardReason::Gap);
  framer.push(c, log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{line_of(c)}));
}

TEST(ModbusFramer, EndOfStreamReportsIncompleteAdu) {
  auto a = adu(1, 1, "03 0000 000a");
  MbapFramer framer;
  FrameLog log;
  framer.push(Bytes(a.data(), a.size() - 1), log);
  EXPECT_TRUE(log.lines.empty());
  log.remainder(framer.finish(), DiscardReason::EndOfStream);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"discard end " + std::to_string(a.size() - 1)}));
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(ModbusFramer, GarbageIsReportedWithThePushThatCarriedIt) {
  MbapFramer framer;
  FrameLog log;
  std::vector<std::uint8_t> junk(1000, 0xaa);
  framer.push(junk, log);
  // Reported at once (not when the connection ends), less the tail kept to judge a header.
  ASSERT_EQ(log.lines.size(), 1u);
  framer.push(junk, log);
  EXPECT_EQ(log.lines.size(), 2u);
  EXPECT_LT(framer.buffered(), 8u);  // garbage is not accumulated
  log.remainder(framer.finish(), DiscardReason::EndOfStream);
  std::size_t total = 0;
  for (const std::string& line : log.lines) {
    ASSERT_EQ(line.rfind("discard invalid ", 0), 0u) << line;
    total += std::stoul(line.substr(16));
  }
  EXPECT_EQ(total, 2000u);
}

TEST(ModbusFramer, PlausibleHeader) {
  bool need_more = false;
  EXPECT_TRUE(plausible_header(hex("0001 0000 0006 01 03"), need_more));
  EXPECT_FALSE(plausible_header(hex("0001 0000"), need_more));
  EXPECT_TRUE(need_more);
  EXPECT_FALSE(plausible_header(hex("0001 0100"), need_more));
  EXPECT_FALSE(need_more);
  EXPECT_FALSE(plausible_header(hex("0001 0000 0001 01 03"), need_more));  // length 1
  EXPECT_FALSE(plausible_header(hex("0001 0000 00ff 01 03"), need_more));  // length 255
  EXPECT_FALSE(plausible_header(hex("0001 0000 0006 01 00"), need_more));  // function 0
  EXPECT_FALSE(plausible_header(hex("0001 0000 0006 01 80"), need_more));
  EXPECT_FALSE(need_more);
}

// The same conversation through a whole session, split at every offset: identical events.
TEST(ModbusSessionFraming, SplitAtEveryOffsetGivesIdenticalEvents) {
  auto requests = cat({adu(1, 1, "03 0000 000a"), adu(2, 1, "05 00ac ff00"),
                       adu(3, 1, "2b 0e 01 00"), adu(4, 1, "08 0004 0000")});
  auto responses = cat({adu(1, 1, "03 14 0001 0002 0003 0004 0005 0006 0007 0008 0009 000a"),
                        adu(2, 1, "05 00ac ff00"), adu(3, 1, "2b 0e 01 01 00 00 01 00 04 41636d65"),
                        adu(4, 1, "88 01")});
  FlowInfo flow = test::test_flow();
  PacketMeta meta;
  meta.frame = 1;
  auto run = [&](std::size_t cut) {
    test::RecordingSink sink;
    ModbusSession session(flow, sink);
    Bytes q(requests.data(), requests.size());
    Bytes r(responses.data(), responses.size());
    std::size_t qcut = cut < q.size() ? cut : q.size();
    std::size_t rcut = cut < r.size() ? cut : r.size();
    session.on_data(Direction::AtoB, q.subspan(0, qcut), meta);
    session.on_data(Direction::AtoB, q.subspan(qcut), meta);
    session.on_data(Direction::BtoA, r.subspan(0, rcut), meta);
    session.on_data(Direction::BtoA, r.subspan(rcut), meta);
    session.on_close(meta);
    return sink.log;
  };
  auto reference = run(0);
  ASSERT_EQ(reference.size(), 8u + 2u) << "8 messages, vendor and unit identity";
  for (std::size_t cut = 1; cut <= responses.size(); ++cut) {
    EXPECT_EQ(run(cut), reference) << "split at " << cut;
  }
  test::RecordingSink sink;
  ModbusSession session(flow, sink);
  for (std::uint8_t byte : requests) session.on_data(Direction::AtoB, Bytes(&byte, 1), meta);
  for (std::uint8_t byte : responses) session.on_data(Direction::BtoA, Bytes(&byte, 1), meta);
  session.on_close(meta);
  EXPECT_EQ(sink.log, reference);
}

}  // namespace
}  // namespace otscope::modbus
