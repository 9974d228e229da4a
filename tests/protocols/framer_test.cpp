// One suite for every framing policy of StreamFramer (protocols/common/framer.h): Modbus/TCP MBAP,
// DNP3 link frames, TPKT, and an IEC 60870-5-104 APCI policy defined here as an example of the
// next protocol. A stream of several messages must give the same messages whole, cut in two at
// every offset and byte by byte; garbage before a header and the tail of a message cut by a gap
// are skipped and reported; what is held when the stream breaks or ends is returned.
#include "protocols/common/framer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "protocols/dnp3/crc.h"
#include "protocols/dnp3/framer.h"
#include "protocols/modbus/framer.h"
#include "protocols/s7/tpkt.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::hex;
using ByteVector = std::vector<std::uint8_t>;

// ---------------------------------------------------------------------------------------------
// IEC 60870-5-104 APCI (IEC 60870-5-104 clause 5.1): start byte 0x68, then the length of the
// APDU that follows (4 control octets and an ASDU of at most 249 octets: 4..253).

enum class ApciError : std::uint8_t { NoStartByte, BadLength, Gap };

struct ApciFraming {
  using Error = ApciError;
  static constexpr std::uint8_t kStart = 0x68;
  static constexpr std::uint8_t kMinLength = 4;
  static constexpr std::uint8_t kMaxLength = 253;
  static constexpr std::size_t kHeaderSize = 2;
  static constexpr std::size_t kMaxMessage = kHeaderSize + kMaxLength;

  static Cut<Error> cut(Bytes bytes) {
    if (bytes[0] != kStart) return Cut<Error>::bad(ApciError::NoStartByte);
    if (bytes.size() < kHeaderSize) return Cut<Error>::need_more();
    if (bytes[1] < kMinLength || bytes[1] > kMaxLength)
      return Cut<Error>::bad(ApciError::BadLength);
    return Cut<Error>::message(kHeaderSize + bytes[1]);
  }
  static Hunt hunt(Bytes bytes) {
    if (bytes[0] != kStart) {
      const auto it = std::find(bytes.begin() + 1, bytes.end(), kStart);
      return Hunt::skip_bytes(static_cast<std::size_t>(it - bytes.begin()));
    }
    if (bytes.size() < kHeaderSize) return Hunt::need_more();
    if (bytes[1] < kMinLength || bytes[1] > kMaxLength) return Hunt::skip_bytes(1, true);
    return Hunt::found();
  }
  static constexpr std::optional<Error> kAfterGap = ApciError::Gap;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = false;
};
static_assert(FramingPolicy<ApciFraming>);

ByteVector join(const std::vector<ByteVector>& parts) {
  ByteVector out;
  for (const ByteVector& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

/// `n` bytes counting up from 0x10, skipping the bytes a policy's start could begin with.
ByteVector filler(std::size_t n) {
  ByteVector out;
  std::uint8_t b = 0x10;
  while (out.size() < n) {
    if (b != 0x03 && b != 0x05 && b != 0x68) out.push_back(b);
    b = static_cast<std::uint8_t>(b + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One case per policy: four messages (the gap test cuts the second and skips its tail, which must
// hold no message start), garbage that starts no message, the largest message (larger than the
// held buffer's first storage), and the reasons the runs carry.

struct ModbusCase {
  using Policy = modbus::MbapFraming;
  static constexpr const char* kName = "Modbus";
  static std::vector<ByteVector> messages() {
    return {hex("0001 0000 0006 01 03 0000 000a"),               // read holding registers
            hex("0002 0000 000b 01 10 0001 0002 04 000a 0102"),  // write multiple registers
            hex("0003 0000 0007 01 03 04 1234 5678"),            // its response
            hex("0004 0000 0003 01 83 02")};                     // exception response
  }
  static ByteVector garbage() { return hex("aa bb cc dd ee ff 11 22"); }
  /// The longest PDU the length allows (a user-defined function, 253 bytes): 260 bytes.
  static ByteVector largest() { return join({hex("0005 0000 00fe 01 41"), filler(252)}); }
  static constexpr auto kGarbageReason = modbus::DiscardReason::InvalidHeader;
  static constexpr auto kGapReason = modbus::DiscardReason::Gap;
};

/// Appends the DNP3 CRC of `data` (low byte first) to `out`.
void append_crc(ByteVector& out, const ByteVector& data) {
  const std::uint16_t crc = dnp3::crc16(data);
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
}

ByteVector dnp3_link_status_request() {
  // Header only (LEN 5): REQUEST_LINK_STATUS from master 1 to outstation 2, then its CRC.
  ByteVector frame = hex("05 64 05 c9 02 00 01 00");
  append_crc(frame, frame);
  return frame;
}

struct Dnp3Case {
  using Policy = dnp3::LinkFraming;
  static constexpr const char* kName = "Dnp3";
  static std::vector<ByteVector> messages() {
    // Cold restart (bro_dnp3.pcap frame 76) and SELECT (select_operate_and_responses.pcap
    // frame 4), with one block of user data and three.
    return {hex("05 64 08 c4 04 00 03 00 b4 b8 c0 c1 0d d2 2d"),
            hex("05641ac40a0001008a1cc0c0030c012801000000030164000000fd6b6400000000005b"),
            dnp3_link_status_request(), hex("05 64 08 c4 04 00 03 00 b4 b8 c0 c1 0d d2 2d")};
  }
  static ByteVector garbage() { return hex("aa bb 05 11 cc"); }
  /// LEN 255: 250 bytes of user data in 16 blocks, 292 bytes.
  static ByteVector largest() {
    ByteVector frame = hex("05 64 ff 44 02 00 01 00");
    append_crc(frame, frame);
    const ByteVector user = filler(250);
    for (std::size_t i = 0; i < user.size(); i += 16) {
      const ByteVector block(
          user.begin() + static_cast<std::ptrdiff_t>(i),
          user.begin() + static_cast<std::ptrdiff_t>(std::min(i + 16, user.size())));
      frame.insert(frame.end(), block.begin(), block.end());
      append_crc(frame, block);
    }
    return frame;
  }
  static constexpr auto kGarbageReason = dnp3::SkipReason::NoStartBytes;
  // DNP3 does not hunt after a gap: the tail is judged like any bytes where a frame is due.
  static constexpr auto kGapReason = dnp3::SkipReason::NoStartBytes;
};

struct TpktCase {
  using Policy = s7::TpktFraming;
  static constexpr const char* kName = "Tpkt";
  static std::vector<ByteVector> messages() {
    // S7 setup communication job and its Ack_Data (snap7_s300_everything frames 1-2), an empty
    // DT (keep-alive) and the job again.
    return {hex("0300001902f08032010000000000080000f0000001000101e0"),
            hex("0300001b02f080320300000000000800000000f0000001000100f0"), hex("0300000702f000"),
            hex("0300001902f08032010000000000080000f0000001000101e0")};
  }
  static ByteVector garbage() { return hex("de ad be ef"); }
  /// A 1000-byte S7 PDU in one DT: larger than the held buffer's first storage many times over.
  static ByteVector largest() { return join({hex("030003e8 02f080 32"), filler(992)}); }
  static constexpr auto kGarbageReason = s7::TpktError::BadVersion;
  static constexpr auto kGapReason = s7::TpktError::Resync;
};

struct ApciCase {
  using Policy = ApciFraming;
  static constexpr const char* kName = "Iec104Apci";
  static std::vector<ByteVector> messages() {
    // U format STARTDT act; I format C_IC_NA_1 (interrogation, cause activation, common address
    // 1, QOI 20); U format STARTDT con; S format (receive sequence number 1).
    return {hex("68 04 07 00 00 00"), hex("68 0e 00 00 00 00 64 01 06 00 01 00 00 00 00 14"),
            hex("68 04 0b 00 00 00"), hex("68 04 01 00 02 00")};
  }
  static ByteVector garbage() { return hex("11 22 33"); }
  /// APDU length 253: 255 bytes.
  static ByteVector largest() { return join({hex("68 fd 00 00 00 00"), filler(249)}); }
  static constexpr auto kGarbageReason = ApciError::NoStartByte;
  static constexpr auto kGapReason = ApciError::Gap;
};

// ---------------------------------------------------------------------------------------------
// What a framer reports, recorded.

template <class Error>
struct Entry {
  bool message = false;
  ByteVector bytes;  // message
  std::size_t skipped = 0;
  Error reason{};
  std::size_t bad_headers = 0;
  bool operator==(const Entry&) const = default;
};
template <class Error>
std::ostream& operator<<(std::ostream& os, const Entry<Error>& e) {
  if (e.message) return os << "message " << to_hex(e.bytes, 400);
  return os << "skip " << e.skipped << " reason " << static_cast<int>(e.reason) << " bad "
            << e.bad_headers;
}
template <class Error>
Entry<Error> message(const ByteVector& bytes) {
  return Entry<Error>{true, bytes, 0, Error{}, 0};
}
template <class Error>
Entry<Error> skip(std::size_t n, Error reason) {
  return Entry<Error>{false, {}, n, reason, 0};
}

template <class Error>
struct Log {
  std::vector<Entry<Error>> entries;
  void on_message(Bytes bytes) {
    entries.push_back(message<Error>(ByteVector(bytes.begin(), bytes.end())));
  }
  void on_skipped(const SkippedRun<Error>& run) {
    entries.push_back(Entry<Error>{false, {}, run.skipped, run.error, run.bad_headers});
  }
};

template <class T>
class EveryFramingPolicy : public ::testing::Test {
 protected:
  using Policy = typename T::Policy;
  using Error = typename Policy::Error;
  using Framer = StreamFramer<Policy>;
  using Entries = std::vector<Entry<Error>>;

  /// Pushes `stream` cut before each offset in `cuts` (ascending) into `framer`.
  static Entries push(Framer& framer, const ByteVector& stream,
                      const std::vector<std::size_t>& cuts) {
    Log<Error> log;
    std::size_t pos = 0;
    for (std::size_t cut : cuts) {
      framer.push(Bytes(stream).subspan(pos, cut - pos), log);
      pos = cut;
    }
    framer.push(Bytes(stream).subspan(pos), log);
    return log.entries;
  }
  static std::vector<std::vector<std::size_t>> every_split(std::size_t size) {
    std::vector<std::vector<std::size_t>> splits;
    for (std::size_t cut = 0; cut <= size; ++cut) splits.push_back({cut});
    std::vector<std::size_t> bytewise;
    for (std::size_t i = 1; i < size; ++i) bytewise.push_back(i);
    splits.push_back(bytewise);
    return splits;
  }
  /// A policy that reports skipped bytes at the end of every push reports a run cut by a push
  /// boundary in pieces: joined, they must be the run reported when the stream comes whole.
  static Entries joined_runs(const Entries& entries) {
    if constexpr (!Policy::kReportSkipsPerPush) return entries;
    Entries out;
    for (const Entry<Error>& e : entries) {
      if (!e.message && !out.empty() && !out.back().message && out.back().reason == e.reason) {
        out.back().skipped += e.skipped;
        out.back().bad_headers += e.bad_headers;
      } else {
        out.push_back(e);
      }
    }
    return out;
  }
  static std::string where(const std::vector<std::size_t>& cuts) {
    return cuts.size() == 1 ? "cut at " + std::to_string(cuts[0]) : "byte by byte";
  }
};

struct CaseName {
  template <class T>
  static std::string GetName(int) {
    return T::kName;
  }
};
using Cases = ::testing::Types<ModbusCase, Dnp3Case, TpktCase, ApciCase>;
TYPED_TEST_SUITE(EveryFramingPolicy, Cases, CaseName);

TYPED_TEST(EveryFramingPolicy, WholeStreamGivesEveryMessageInOrder) {
  using E = typename TestFixture::Error;
  using P = typename TestFixture::Policy;
  static_assert(FramingPolicy<P>);
  const auto messages = TypeParam::messages();
  typename TestFixture::Framer framer;
  const auto got = TestFixture::push(framer, join(messages), {});
  ASSERT_EQ(got.size(), messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(got[i], message<E>(messages[i])) << "message " << i;
    EXPECT_GE(messages[i].size(), P::kHeaderSize);
    EXPECT_LE(messages[i].size(), P::kMaxMessage);
  }
  EXPECT_EQ(framer.buffered(), 0u);
  EXPECT_EQ(framer.pending_skip(), 0u);
  const auto rest = framer.finish();
  EXPECT_FALSE(rest.skipped);
  EXPECT_EQ(rest.partial, 0u);
}

TYPED_TEST(EveryFramingPolicy, SplitAtEveryOffsetAndByteByByteGivesTheSameMessages) {
  const auto stream = join(TypeParam::messages());
  typename TestFixture::Framer reference;
  const auto whole = TestFixture::push(reference, stream, {});
  ASSERT_EQ(whole.size(), TypeParam::messages().size());
  for (const auto& cuts : TestFixture::every_split(stream.size())) {
    typename TestFixture::Framer framer;
    EXPECT_EQ(TestFixture::push(framer, stream, cuts), whole) << TestFixture::where(cuts);
    EXPECT_EQ(framer.buffered(), 0u) << TestFixture::where(cuts);
  }
}

TYPED_TEST(EveryFramingPolicy, TheLargestMessageCutAtEveryOffsetAndByteByByte) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  const auto largest = TypeParam::largest();
  // The largest message the policy allows (TPKT: 1000 bytes of its 65535), larger than the
  // held buffer's first storage.
  EXPECT_LE(largest.size(), TestFixture::Policy::kMaxMessage);
  EXPECT_GE(largest.size(), 255u);
  const auto stream = join({m[0], largest, m[1]});
  const typename TestFixture::Entries expected{message<E>(m[0]), message<E>(largest),
                                               message<E>(m[1])};
  for (const auto& cuts : TestFixture::every_split(stream.size())) {
    typename TestFixture::Framer framer;
    EXPECT_EQ(TestFixture::push(framer, stream, cuts), expected) << TestFixture::where(cuts);
    EXPECT_EQ(framer.buffered(), 0u);
  }
}

TYPED_TEST(EveryFramingPolicy, GarbageBeforeAValidHeaderIsSkippedAndReportedOnce) {
  using E = typename TestFixture::Error;
  const auto messages = TypeParam::messages();
  const auto garbage = TypeParam::garbage();
  const auto stream = join({garbage, join(messages)});
  typename TestFixture::Entries expected{skip<E>(garbage.size(), TypeParam::kGarbageReason)};
  for (const auto& m : messages) expected.push_back(message<E>(m));
  typename TestFixture::Framer reference;
  ASSERT_EQ(TestFixture::push(reference, stream, {}), expected);
  for (const auto& cuts : TestFixture::every_split(stream.size())) {
    typename TestFixture::Framer framer;
    EXPECT_EQ(TestFixture::joined_runs(TestFixture::push(framer, stream, cuts)), expected)
        << TestFixture::where(cuts);
  }
}

TYPED_TEST(EveryFramingPolicy, GarbageBetweenMessagesIsSkippedAndTheRestFramed) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  const auto garbage = TypeParam::garbage();
  const auto stream = join({m[0], garbage, m[1], m[2], m[3]});
  const typename TestFixture::Entries expected{
      message<E>(m[0]), skip<E>(garbage.size(), TypeParam::kGarbageReason), message<E>(m[1]),
      message<E>(m[2]), message<E>(m[3])};
  for (const auto& cuts : TestFixture::every_split(stream.size())) {
    typename TestFixture::Framer framer;
    EXPECT_EQ(TestFixture::joined_runs(TestFixture::push(framer, stream, cuts)), expected)
        << TestFixture::where(cuts);
  }
}

TYPED_TEST(EveryFramingPolicy, GapDropsThePartialMessageAndResynchronises) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  const std::size_t cut = m[1].size() / 2;
  const ByteVector head(m[1].begin(), m[1].begin() + static_cast<std::ptrdiff_t>(cut));
  const ByteVector tail(m[1].begin() + static_cast<std::ptrdiff_t>(cut), m[1].end());
  const auto resumed = join({tail, m[2], m[3]});
  const typename TestFixture::Entries expected{skip<E>(tail.size(), TypeParam::kGapReason),
                                               message<E>(m[2]), message<E>(m[3])};
  for (const auto& cuts : TestFixture::every_split(resumed.size())) {
    typename TestFixture::Framer framer;
    ASSERT_EQ(TestFixture::push(framer, join({m[0], head}), {}),
              typename TestFixture::Entries{message<E>(m[0])});
    EXPECT_EQ(framer.buffered(), head.size());
    const auto rest = framer.gap();
    EXPECT_FALSE(rest.skipped);
    EXPECT_EQ(rest.partial, head.size());
    EXPECT_EQ(framer.buffered(), 0u);
    EXPECT_EQ(framer.hunting(), TestFixture::Policy::kAfterGap.has_value());
    EXPECT_EQ(TestFixture::joined_runs(TestFixture::push(framer, resumed, cuts)), expected)
        << TestFixture::where(cuts);
    EXPECT_FALSE(framer.hunting());
  }
}

TYPED_TEST(EveryFramingPolicy, GapWhileSkippingReturnsTheRunNotReportedYet) {
  using E = typename TestFixture::Error;
  using P = typename TestFixture::Policy;
  const auto m = TypeParam::messages();
  const auto garbage = TypeParam::garbage();
  typename TestFixture::Framer framer;
  const auto got = TestFixture::push(framer, join({m[0], garbage}), {});
  const auto rest = framer.gap();
  auto all = got;
  if (rest.skipped) {
    all.push_back(
        Entry<E>{false, {}, rest.skipped->skipped, rest.skipped->error, rest.skipped->bad_headers});
  }
  // The garbage is reported once by gap(); a policy that reports every push reports what it
  // could judge with the push, and gap() only the tail it held to judge with the next bytes.
  EXPECT_EQ(TestFixture::joined_runs(all),
            (typename TestFixture::Entries{message<E>(m[0]),
                                           skip<E>(garbage.size(), TypeParam::kGarbageReason)}));
  if (P::kReportSkipsPerPush) {
    EXPECT_GT(got.size(), 1u) << "the push reported none of the garbage it carried";
  } else {
    EXPECT_TRUE(rest.skipped.has_value());
    EXPECT_EQ(all.size(), 2u);
  }
  EXPECT_EQ(rest.partial, 0u);
}

TYPED_TEST(EveryFramingPolicy, HuntSkipsToTheNextMessageWithTheReasonGiven) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  const ByteVector tail(m[1].begin() + static_cast<std::ptrdiff_t>(m[1].size() / 2), m[1].end());
  const auto stream = join({tail, m[2], m[3]});
  const typename TestFixture::Entries expected{skip<E>(tail.size(), TypeParam::kGarbageReason),
                                               message<E>(m[2]), message<E>(m[3])};
  for (const auto& cuts : TestFixture::every_split(stream.size())) {
    typename TestFixture::Framer framer;
    framer.hunt(TypeParam::kGarbageReason);
    EXPECT_TRUE(framer.hunting());
    EXPECT_EQ(TestFixture::joined_runs(TestFixture::push(framer, stream, cuts)), expected)
        << TestFixture::where(cuts);
  }
}

TYPED_TEST(EveryFramingPolicy, FinishReturnsTheUnfinishedMessageAndStartsAfresh) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  for (std::size_t held = 1; held < m[1].size(); ++held) {
    typename TestFixture::Framer framer;
    const ByteVector head(m[1].begin(), m[1].begin() + static_cast<std::ptrdiff_t>(held));
    EXPECT_EQ(TestFixture::push(framer, join({m[0], head}), {}),
              typename TestFixture::Entries{message<E>(m[0])});
    const auto rest = framer.finish();
    EXPECT_FALSE(rest.skipped) << held;
    EXPECT_EQ(rest.partial, held);
    EXPECT_EQ(framer.buffered(), 0u);
    // A new stream (the next datagram): in step at once.
    EXPECT_EQ(TestFixture::push(framer, m[2], {}), typename TestFixture::Entries{message<E>(m[2])});
  }
}

TYPED_TEST(EveryFramingPolicy, GarbageSpreadOverPushesIsReportedOnceOrPerPushAsThePolicySays) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  const auto garbage = TypeParam::garbage();
  typename TestFixture::Framer framer;
  Log<E> log;
  framer.push(m[0], log);
  // The same garbage twice, in two pushes, each followed by nothing that could start a message.
  framer.push(garbage, log);
  framer.push(garbage, log);
  framer.push(m[1], log);
  typename TestFixture::Entries expected{message<E>(m[0])};
  if (TestFixture::Policy::kReportSkipsPerPush) {
    // Each push reports what it skipped; bytes that could still start a header wait for the
    // next push, which reports them (at most one report more than the pushes of garbage).
    EXPECT_EQ(TestFixture::joined_runs(log.entries),
              (typename TestFixture::Entries{message<E>(m[0]),
                                             skip<E>(2 * garbage.size(), TypeParam::kGarbageReason),
                                             message<E>(m[1])}));
    EXPECT_GE(log.entries.size(), 4u);
    EXPECT_LE(log.entries.size(), 5u);
  } else {
    expected.push_back(skip<E>(2 * garbage.size(), TypeParam::kGarbageReason));
    expected.push_back(message<E>(m[1]));
    EXPECT_EQ(log.entries, expected);
  }
}

/// Records which packets each message and skipped run came from (push() given a PacketMeta).
template <class Error>
struct FrameLog {
  struct Item {
    bool message = false;
    std::size_t size = 0;
    std::vector<std::uint64_t> frames;
  };
  std::vector<Item> items;
  static std::vector<std::uint64_t> numbers(std::span<const FrameRef> f) {
    std::vector<std::uint64_t> out;
    for (const FrameRef& r : f) out.push_back(r.frame);
    return out;
  }
  void on_message(Bytes bytes, std::span<const FrameRef> earlier = {}) {
    items.push_back({true, bytes.size(), numbers(earlier)});
  }
  void on_skipped(const SkippedRun<Error>& run, std::span<const FrameRef> carriers = {}) {
    items.push_back({false, run.skipped, numbers(carriers)});
  }
};

PacketMeta packet(std::uint64_t frame) {
  PacketMeta m;
  m.frame = frame;
  m.ts_us = static_cast<std::int64_t>(frame) * 1000;
  return m;
}

// A message split over three segments names the first two as its earlier packets; a message
// whole in its segment names none; the framer's held bytes never outlive what it reports.
TYPED_TEST(EveryFramingPolicy, AMessageReassembledFromSegmentsNamesTheEarlierOnes) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  const ByteVector& big = m[1];
  ASSERT_GE(big.size(), 3u);
  typename TestFixture::Framer framer;
  FrameLog<E> log;
  const Bytes b(big);
  framer.push(Bytes(m[0]), log, packet(1));
  framer.push(b.first(1), log, packet(2));
  framer.push(b.subspan(1, big.size() / 2), log, packet(3));
  framer.push(b.subspan(1 + big.size() / 2), log, packet(5));
  framer.push(Bytes(m[2]), log, packet(6));
  ASSERT_EQ(log.items.size(), 3u);
  EXPECT_TRUE(log.items[0].message);
  EXPECT_TRUE(log.items[0].frames.empty());
  EXPECT_EQ(log.items[1].size, big.size());
  EXPECT_EQ(log.items[1].frames, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_TRUE(log.items[2].frames.empty());
  EXPECT_EQ(framer.buffered(), 0u);
}

// Garbage is named by the packets that carried it, even when part of it is reported with a
// later push (the bytes a policy keeps to judge a header start).
TYPED_TEST(EveryFramingPolicy, SkippedBytesAreNamedByThePacketsThatCarriedThem) {
  using E = typename TestFixture::Error;
  const auto m = TypeParam::messages();
  typename TestFixture::Framer framer;
  FrameLog<E> log;
  framer.push(Bytes(m[0]), log, packet(1));
  framer.push(Bytes(TypeParam::garbage()), log, packet(2));
  framer.push(Bytes(m[1]), log, packet(3));
  std::size_t skipped = 0;
  for (const auto& item : log.items) {
    if (item.message) {
      EXPECT_TRUE(item.frames.empty());
      continue;
    }
    skipped += item.size;
    EXPECT_EQ(item.frames, std::vector<std::uint64_t>{2}) << item.size << " bytes";
  }
  EXPECT_EQ(skipped, TypeParam::garbage().size());
}

}  // namespace
}  // namespace otscope
