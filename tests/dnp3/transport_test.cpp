// Transport reassembly: segments in order, single-segment fragments, and each way a sequence
// can break (out of order, missing first, repeated, unfinished, oversized, empty).
#include "protocols/dnp3/transport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tests/support/test_support.h"

namespace otscope::dnp3 {
namespace {

using otscope::test::hex;

std::vector<std::uint8_t> segment(bool fir, bool fin, std::uint8_t sequence,
                                  const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> out(payload.size() + 1);
  out[0] = static_cast<std::uint8_t>((fin ? 0x80 : 0) | (fir ? 0x40 : 0) | (sequence & 0x3F));
  std::copy(payload.begin(), payload.end(), out.begin() + 1);
  return out;
}

TEST(Dnp3Transport, HeaderBits) {
  TransportHeader h = parse_transport_header(0xD3);
  EXPECT_TRUE(h.fin);
  EXPECT_TRUE(h.fir);
  EXPECT_EQ(h.sequence, 19);
  h = parse_transport_header(0x3F);
  EXPECT_FALSE(h.fin);
  EXPECT_FALSE(h.fir);
  EXPECT_EQ(h.sequence, 63);
}

TEST(Dnp3Transport, SingleSegmentFragment) {
  FragmentAssembler assembler;
  SegmentResult r = assembler.push(hex("c0 c1 0d"));
  EXPECT_EQ(r.issue, SegmentIssue::None);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(to_hex(r.fragment), "c10d");
  EXPECT_FALSE(assembler.in_progress());
}

TEST(Dnp3Transport, JoinsSegmentsInOrderAcrossTheSequenceWrap) {
  FragmentAssembler assembler;
  SegmentResult r = assembler.push(segment(true, false, 62, {0x01, 0x02}));
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(assembler.in_progress());
  r = assembler.push(segment(false, false, 63, {0x03}));
  EXPECT_FALSE(r.complete);
  r = assembler.push(segment(false, true, 0, {0x04, 0x05}));
  EXPECT_EQ(r.issue, SegmentIssue::None);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(to_hex(r.fragment), "0102030405");
}

TEST(Dnp3Transport, OutOfSequenceDropsTheFragment) {
  FragmentAssembler assembler;
  assembler.push(segment(true, false, 5, {0x01, 0x02}));
  SegmentResult r = assembler.push(segment(false, true, 7, {0x03}));
  EXPECT_EQ(r.issue, SegmentIssue::OutOfSequence);
  EXPECT_EQ(r.dropped, 3u);
  EXPECT_FALSE(r.complete);
  EXPECT_FALSE(assembler.in_progress());
  EXPECT_EQ(segment_issue_kind(r.issue), "dnp3.transport_out_of_sequence");
  EXPECT_TRUE(segment_issue_loses_data(r.issue));
}

TEST(Dnp3Transport, OneLossIsOneIssue) {
  // After an out-of-sequence segment the rest of that fragment is dropped without further
  // issues, and the next FIR starts cleanly.
  FragmentAssembler assembler;
  assembler.push(segment(true, false, 1, {0x01}));
  EXPECT_EQ(assembler.push(segment(false, false, 3, {0x03})).issue, SegmentIssue::OutOfSequence);
  SegmentResult r = assembler.push(segment(false, false, 4, {0x04, 0x05}));
  EXPECT_EQ(r.issue, SegmentIssue::None);
  EXPECT_EQ(r.dropped, 2u);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(assembler.push(segment(false, true, 5, {0x06})).issue, SegmentIssue::None);
  r = assembler.push(segment(true, true, 6, {0x07}));
  EXPECT_EQ(r.issue, SegmentIssue::None);
  EXPECT_TRUE(r.complete);
  // A frame lost to a bad CRC: the session abandons the fragment the same way.
  assembler.push(segment(true, false, 7, {0x08}));
  EXPECT_EQ(assembler.abandon(), 1u);
  EXPECT_EQ(assembler.push(segment(false, true, 9, {0x09})).issue, SegmentIssue::None);
  EXPECT_EQ(assembler.push(segment(false, true, 10, {0x0A})).issue, SegmentIssue::None);
}

TEST(Dnp3Transport, MissingFirstSegment) {
  FragmentAssembler assembler;
  SegmentResult r = assembler.push(segment(false, true, 9, {0x01, 0x02}));
  EXPECT_EQ(r.issue, SegmentIssue::MissingFirst);
  EXPECT_EQ(r.dropped, 2u);
  EXPECT_FALSE(r.complete);
  // The next fragment starts cleanly.
  r = assembler.push(segment(true, true, 10, {0xAA}));
  EXPECT_EQ(r.issue, SegmentIssue::None);
  EXPECT_TRUE(r.complete);
}

TEST(Dnp3Transport, RepeatedSegmentIsIgnored) {
  FragmentAssembler assembler;
  assembler.push(segment(true, false, 1, {0x01}));
  SegmentResult r = assembler.push(segment(true, false, 1, {0x01}));
  // A repeated FIR restarts the fragment (the standard discards the partial one).
  EXPECT_EQ(r.issue, SegmentIssue::Unfinished);
  r = assembler.push(segment(false, false, 2, {0x02}));
  EXPECT_EQ(r.issue, SegmentIssue::None);
  r = assembler.push(segment(false, false, 2, {0x02}));
  EXPECT_EQ(r.issue, SegmentIssue::Duplicate);
  EXPECT_FALSE(segment_issue_loses_data(r.issue));
  r = assembler.push(segment(false, true, 3, {0x03}));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(to_hex(r.fragment), "010203");
}

TEST(Dnp3Transport, NewFirstSegmentAbandonsAnUnfinishedFragment) {
  FragmentAssembler assembler;
  assembler.push(segment(true, false, 1, {0x01, 0x02, 0x03}));
  SegmentResult r = assembler.push(segment(true, true, 4, {0x09}));
  EXPECT_EQ(r.issue, SegmentIssue::Unfinished);
  EXPECT_EQ(r.dropped, 3u);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(to_hex(r.fragment), "09");
}

TEST(Dnp3Transport, RefusesFragmentsBeyondTheBound) {
  FragmentAssembler assembler;
  std::vector<std::uint8_t> chunk(249, 0x55);
  std::uint8_t sequence = 0;
  SegmentResult r = assembler.push(segment(true, false, sequence++, chunk));
  while (r.issue == SegmentIssue::None && assembler.buffered() + chunk.size() <= kMaxFragmentSize) {
    r = assembler.push(segment(false, false, sequence++, chunk));
  }
  ASSERT_EQ(r.issue, SegmentIssue::None);
  r = assembler.push(segment(false, true, sequence, chunk));
  EXPECT_EQ(r.issue, SegmentIssue::TooLarge);
  EXPECT_FALSE(r.complete);
  EXPECT_FALSE(assembler.in_progress());
}

TEST(Dnp3Transport, EmptySegmentAndReset) {
  FragmentAssembler assembler;
  EXPECT_EQ(assembler.push({}).issue, SegmentIssue::Empty);
  assembler.push(segment(true, false, 0, {0x01, 0x02}));
  EXPECT_EQ(assembler.reset(), 2u);
  EXPECT_FALSE(assembler.in_progress());
  EXPECT_EQ(assembler.push(segment(false, true, 1, {0x03})).issue, SegmentIssue::MissingFirst);
}

}  // namespace
}  // namespace otscope::dnp3
