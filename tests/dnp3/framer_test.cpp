// Framing a byte stream: several frames per delivery, frames cut at every offset, garbage and
// corrupted headers skipped and reported once per run, leftovers at the end of the stream.
#include "protocols/dnp3/framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/dnp3/dnp3_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::dnp3 {
namespace {

using otscope::test::hex;
using test::concat;

// Wire frames from bro_dnp3.pcap (frame 76) and select_operate_and_responses.pcap (frame 4).
const char* kColdRestart = "05 64 08 c4 04 00 03 00 b4 b8 c0 c1 0d d2 2d";
const char* kSelect = "05641ac40a0001008a1cc0c0030c012801000000030164000000fd6b6400000000005b";

/// Everything a framer yields for `stream` delivered in the given chunk sizes, then flushed.
std::vector<std::string> frame_all(const std::vector<std::uint8_t>& stream,
                                   const std::vector<std::size_t>& cuts) {
  LinkFramer framer;
  std::vector<std::string> out;
  auto log = frame_callbacks([&](Bytes frame) { out.push_back("frame " + to_hex(frame, 400)); },
                             [&](const LinkFramer::Run& run) {
                               out.push_back("skip " + std::to_string(run.skipped) + " reason " +
                                             std::to_string(static_cast<int>(run.error)) + " bad " +
                                             std::to_string(run.bad_headers));
                             });
  std::size_t pos = 0;
  for (std::size_t cut : cuts) {
    framer.push(Bytes(stream).subspan(pos, cut - pos), log);
    pos = cut;
  }
  framer.push(Bytes(stream).subspan(pos), log);
  LinkFramer::Remainder rest = framer.finish();
  if (rest.skipped) out.push_back("skip " + std::to_string(rest.skipped->skipped) + " at end");
  if (rest.partial) out.push_back("partial " + std::to_string(rest.partial));
  return out;
}

TEST(Dnp3Framer, YieldsSeveralFramesFromOneDelivery) {
  auto a = hex(kColdRestart);
  auto b = hex(kSelect);
  auto items = frame_all(concat({a, b, a}), {});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0], "frame " + to_hex(a));
  EXPECT_EQ(items[1], "frame " + to_hex(b, 400));
  EXPECT_EQ(items[2], "frame " + to_hex(a));
}

TEST(Dnp3Framer, SameFramesWhateverTheSplit) {
  auto stream = concat({hex(kColdRestart), hex("00 11 05 05"), hex(kSelect), hex(kColdRestart)});
  const auto whole = frame_all(stream, {});
  ASSERT_EQ(whole.size(), 4u);
  EXPECT_EQ(whole[1], "skip 4 reason 0 bad 0");
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    EXPECT_EQ(frame_all(stream, {cut}), whole) << "cut at " << cut;
  }
  // One byte at a time.
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < stream.size(); ++i) every.push_back(i);
  EXPECT_EQ(frame_all(stream, every), whole);
}

TEST(Dnp3Framer, SkipsACorruptedHeaderAndItsBodyAsOneRun) {
  auto bad = hex(kSelect);
  bad[8] ^= 0xFF;  // header CRC
  auto items = frame_all(concat({bad, hex(kColdRestart)}), {});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], "skip " + std::to_string(bad.size()) + " reason 1 bad 1");
  EXPECT_EQ(items[1], "frame " + to_hex(hex(kColdRestart)));
}

TEST(Dnp3Framer, FindsAFrameAfterAFalseStart) {
  // 05 64 inside garbage, with a CRC that does not match, right before a real frame.
  auto items = frame_all(concat({hex("05 64 01 02 03 04 05 06 07 08"), hex(kColdRestart)}), {});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], "skip 10 reason 1 bad 1");
  EXPECT_EQ(items[1], "frame " + to_hex(hex(kColdRestart)));
}

TEST(Dnp3Framer, ReportsWhatIsLeftAtTheEnd) {
  auto frame = hex(kSelect);
  auto items = frame_all(std::vector<std::uint8_t>(frame.begin(), frame.begin() + 20), {});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], "partial 20");
}

TEST(Dnp3Framer, GarbageAtTheEndIsReportedOnFlush) {
  auto items = frame_all(concat({hex(kColdRestart), hex("aa bb cc")}), {});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1], "skip 3 at end");
}

TEST(Dnp3Framer, HandsOverAHeaderWithLengthBelowFive) {
  // The decoder reports it; the framer must not wait for data that will never come.
  auto frame = test::link_frame(0xC4, 4, 3, {});
  frame[2] = 2;
  frame.resize(8);
  test::append_crc(frame, frame.data(), 8);
  auto items = frame_all(concat({frame, hex(kColdRestart)}), {});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], "frame " + to_hex(frame));
}

TEST(Dnp3Framer, KeepsOnlyAnUnfinishedFrameBuffered) {
  LinkFramer framer;
  auto frame = hex(kSelect);
  std::vector<std::size_t> sizes;
  auto log = frame_callbacks(
      [&](Bytes f) { sizes.push_back(f.size()); },
      [&](const LinkFramer::Run& run) { ADD_FAILURE() << run.skipped << " skipped"; });
  framer.push(Bytes(frame).first(12), log);
  EXPECT_TRUE(sizes.empty());
  EXPECT_EQ(framer.buffered(), 12u);
  framer.push(Bytes(frame).subspan(12), log);
  ASSERT_EQ(sizes.size(), 1u);
  EXPECT_EQ(sizes[0], frame.size());
  EXPECT_EQ(framer.buffered(), 0u);
}

}  // namespace
}  // namespace otscope::dnp3
