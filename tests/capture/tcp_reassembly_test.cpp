// TCP reassembly of one direction: order, retransmission, overlap, wrap, pick-up, gaps.
#include "capture/tcp_reassembly.h"

#include <gtest/gtest.h>

#include <string>

namespace otscope::capture {
namespace {

// Collects the stream as text, gaps shown as "[gap N]".
struct Collect : TcpDirection::Output {
  std::string text;
  void on_bytes(Bytes data) override { text.append(data.begin(), data.end()); }
  void on_gap(std::size_t missing) override { text += "[gap " + std::to_string(missing) + "]"; }
};

Bytes b(const std::string& s) {
  return Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

TEST(TcpReassembly, InOrderAfterSyn) {
  TcpDirection d;
  Collect out;
  d.syn(1000);
  d.segment(1001, b("hello "), out);
  d.segment(1007, b("world"), out);
  EXPECT_EQ(out.text, "hello world");
  EXPECT_EQ(d.stats().delivered_bytes, 11u);
}

TEST(TcpReassembly, OutOfOrderIsBufferedThenReleased) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(7, b("world"), out);
  EXPECT_EQ(out.text, "");
  EXPECT_EQ(d.buffered_bytes(), 5u);
  d.segment(1, b("hello "), out);
  EXPECT_EQ(out.text, "hello world");
  EXPECT_EQ(d.buffered_bytes(), 0u);
  EXPECT_EQ(d.stats().out_of_order_segments, 1u);
}

TEST(TcpReassembly, RetransmissionsAreDroppedOnce) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(1, b("abcdef"), out);
  d.segment(1, b("abcdef"), out);  // full retransmission
  d.segment(4, b("defghi"), out);  // partial overlap, new tail "ghi"
  EXPECT_EQ(out.text, "abcdefghi");
  EXPECT_EQ(d.stats().retransmitted_bytes, 9u);
}

TEST(TcpReassembly, OverlapKeepsFirstCopy) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(5, b("EFGH"), out);    // buffered
  d.segment(5, b("XY"), out);      // shorter copy of the same start: ignored
  d.segment(1, b("abcdEF"), out);  // overlaps the buffered segment by 2 bytes
  EXPECT_EQ(out.text, "abcdEFGH");
}

TEST(TcpReassembly, SplitAtEveryOffsetGivesTheSameStream) {
  const std::string msg = "The quick brown fox jumps over the lazy dog";
  for (std::size_t cut = 1; cut < msg.size(); ++cut) {
    for (bool reverse : {false, true}) {
      TcpDirection d;
      Collect out;
      d.syn(500);
      const std::string first = msg.substr(0, cut), second = msg.substr(cut);
      if (reverse) {
        d.segment(501 + static_cast<std::uint32_t>(cut), b(second), out);
        d.segment(501, b(first), out);
      } else {
        d.segment(501, b(first), out);
        d.segment(501 + static_cast<std::uint32_t>(cut), b(second), out);
      }
      EXPECT_EQ(out.text, msg) << "cut " << cut << (reverse ? " reversed" : "");
    }
  }
}

TEST(TcpReassembly, SequenceWrapsAt2To32) {
  TcpDirection d;
  Collect out;
  d.syn(0xfffffff0u);  // first data byte at 0xfffffff1
  const std::string a(14, 'a'), bb(10, 'b');
  d.segment(0xfffffff1u + 14u, b(bb), out);  // wraps past zero, arrives first
  d.segment(0xfffffff1u, b(a), out);
  EXPECT_EQ(out.text, a + bb);
  d.segment(0xfffffff1u + 24u, b("c"), out);
  EXPECT_EQ(out.text, a + bb + "c");
  EXPECT_EQ(d.next_offset(), 25u);
}

TEST(TcpReassembly, MidStreamPickUpStartsAtFirstSegment) {
  TcpDirection d;
  Collect out;
  d.segment(123456, b("middle"), out);
  d.segment(123462, b(" end"), out);
  EXPECT_EQ(out.text, "middle end");
}

TEST(TcpReassembly, HoleAcknowledgedByPeerIsAGap) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(1, b("aaaa"), out);
  d.segment(9, b("cccc"), out);  // bytes 5..8 never captured
  EXPECT_EQ(out.text, "aaaa");
  d.acknowledged(13, out);  // the receiver got everything: the hole was lost by the capture
  EXPECT_EQ(out.text, "aaaa[gap 4]cccc");
  EXPECT_EQ(d.stats().gaps, 1u);
  EXPECT_EQ(d.stats().gap_bytes, 4u);
}

TEST(TcpReassembly, SingleAckOverEmptyBufferIsNotYetAGap) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(1, b("aa"), out);
  d.acknowledged(10, out);  // a mirror port may show this ACK before the data
  EXPECT_EQ(out.text, "aa");
  d.segment(3, b("bbbbbbb"), out);
  EXPECT_EQ(out.text, "aabbbbbbb");
  EXPECT_EQ(d.stats().gaps, 0u);
}

TEST(TcpReassembly, BufferBoundForcesGap) {
  TcpDirection d(8);
  Collect out;
  d.syn(0);
  d.segment(1, b("x"), out);
  d.segment(11, b("12345"), out);
  EXPECT_EQ(out.text, "x");
  d.segment(16, b("6789"), out);             // 9 bytes buffered > 8: give up on the hole
  EXPECT_EQ(out.text, "x[gap 9]123456789");  // bytes 2..10 never came
  EXPECT_EQ(d.stats().overflows, 1u);
}

TEST(TcpReassembly, FlushReportsHolesAtClose) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(1, b("ab"), out);
  d.segment(6, b("fg"), out);
  d.flush(out);
  EXPECT_EQ(out.text, "ab[gap 3]fg");
  EXPECT_EQ(d.buffered_bytes(), 0u);
}

TEST(TcpReassembly, SnapLengthLossSkipsTheUncapturedTail) {
  TcpDirection d;
  Collect out;
  d.syn(0);
  d.segment(1, b("abc"), out);  // 3 of 10 bytes captured
  d.lost(4, 7, out);
  d.segment(11, b("next"), out);
  EXPECT_EQ(out.text, "abc[gap 7]next");
}

}  // namespace
}  // namespace otscope::capture
