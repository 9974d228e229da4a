// The live capture's per-flow packet ring: what it keeps for the evidence of a new alert (the
// flow's first packets and its last ones), and the bounds that keep it small whatever the traffic.
#include "capture/evidence_ring.h"

#include <gtest/gtest.h>

#include <vector>

namespace otscope::capture {
namespace {

PacketMeta at(std::uint64_t frame) {
  PacketMeta m;
  m.frame = frame;
  m.ts_us = 1'000'000 + static_cast<std::int64_t>(frame);
  return m;
}

std::vector<std::uint8_t> bytes(std::size_t n, std::uint8_t v) {
  return std::vector<std::uint8_t>(n, v);
}

TEST(EvidenceRing, KeepsEachFlowsFirstPacketsAndItsLastOnes) {
  EvidenceRing ring({.per_flow = 4, .max_bytes = 1 << 20});
  // Flow 1: frames 1..20; flow 2 interleaved: 100..119.
  for (std::uint64_t i = 0; i < 20; ++i) {
    const auto a = bytes(60, static_cast<std::uint8_t>(i));
    ring.add(1, at(1 + i), 60, a);
    ring.add(2, at(100 + i), 60, a);
  }
  // The handshake (first three) and the last four of each flow.
  for (std::uint64_t f : {1, 2, 3, 17, 18, 19, 20}) EXPECT_NE(ring.find(f), nullptr) << f;
  for (std::uint64_t f : {4, 10, 16}) EXPECT_EQ(ring.find(f), nullptr) << f;
  EXPECT_EQ(ring.packets(), 14u);
  const RingPacket* p = ring.find(19);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->ts_us, 1'000'019);
  EXPECT_EQ(p->data, bytes(60, 18));
  // The flow's first packets, found from any kept frame of it.
  std::vector<std::uint64_t> start;
  for (const RingPacket* s : ring.flow_start(118)) start.push_back(s->frame);
  EXPECT_EQ(start, (std::vector<std::uint64_t>{100, 101, 102}));
  EXPECT_TRUE(ring.flow_start(50).empty());  // never seen
}

TEST(EvidenceRing, StaysWithinItsBytesOldestFirst) {
  EvidenceRing ring({.per_flow = 1000, .max_bytes = 10'000});
  for (std::uint64_t i = 1; i <= 1000; ++i) ring.add(i % 7, at(i), 100, bytes(100, 1));
  EXPECT_LE(ring.bytes(), 10'000u);
  EXPECT_EQ(ring.packets(), 100u);
  EXPECT_NE(ring.find(1000), nullptr);
  EXPECT_NE(ring.find(901), nullptr);
  EXPECT_EQ(ring.find(900), nullptr);
  EXPECT_EQ(ring.find(1), nullptr);
}

TEST(EvidenceRing, ManyShortFlowsDoNotGrowIt) {
  // A scan: a million one-packet flows through a small ring.
  EvidenceRing ring({.per_flow = 32, .max_bytes = 64 * 1024});
  for (std::uint64_t i = 1; i <= 1'000'000; ++i) ring.add(i, at(i), 64, bytes(64, 2));
  EXPECT_LE(ring.bytes(), 64u * 1024);
  EXPECT_EQ(ring.packets(), 1024u);
  EXPECT_NE(ring.find(1'000'000), nullptr);
}

TEST(EvidenceRing, NothingWhenSwitchedOffOrTooBig) {
  EvidenceRing off({.per_flow = 0, .max_bytes = 1 << 20});
  off.add(1, at(1), 60, bytes(60, 0));
  EXPECT_EQ(off.packets(), 0u);
  EvidenceRing small({.per_flow = 8, .max_bytes = 100});
  small.add(1, at(1), 200, bytes(200, 0));  // larger than the whole ring
  EXPECT_EQ(small.packets(), 0u);
  small.add(1, at(2), 60, bytes(60, 0));
  small.add(1, at(2), 60, bytes(60, 0));  // the same frame twice is kept once
  EXPECT_EQ(small.packets(), 1u);
  EXPECT_EQ(small.bytes(), 60u);
}

}  // namespace
}  // namespace otscope::capture
