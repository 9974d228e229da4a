// Capture files through libpcap: pcap and pcapng, and the errors a user sees.
#include "capture/source.h"

#include <gtest/gtest.h>

#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope::capture {
namespace {

using test::Frame;

std::vector<test::TimedFrame> sample_frames(int n) {
  std::vector<test::TimedFrame> out;
  for (int i = 0; i < n; ++i) {
    Frame ip =
        test::ipv4("10.0.0.1", "10.0.0.2", 17,
                   test::udp_datagram(1000, 2000, Frame(static_cast<std::size_t>(i + 1), 0x11)));
    out.push_back({1'700'000'000'000'000 + i * 1000,
                   test::ethernet("00:00:00:00:00:01", "00:00:00:00:00:02", 0x0800, ip)});
  }
  return out;
}

int count_frames(PcapSource& s, std::int64_t* first_ts = nullptr) {
  RawFrame f;
  int n = 0;
  while (s.next(f) == PcapSource::Status::Frame) {
    if (n == 0 && first_ts) *first_ts = f.ts_us;
    ++n;
  }
  return n;
}

TEST(Source, ReadsPcapAndPcapng) {
  test::TempDir dir;
  const auto frames = sample_frames(5);
  const std::string pcap = (dir.path() / "a.pcap").string();
  const std::string pcapng = (dir.path() / "a.pcapng").string();
  test::write_file(pcap, test::pcap_file(1, frames));
  test::write_file(pcapng, test::pcapng_file(1, frames));
  for (const auto& path : {pcap, pcapng}) {
    auto s = PcapSource::open_file(path);
    EXPECT_EQ(s->link_type(), 1);
    std::int64_t first = 0;
    EXPECT_EQ(count_frames(*s, &first), 5) << path;
    EXPECT_EQ(first, 1'700'000'000'000'000) << path;
    EXPECT_FALSE(s->truncated());
  }
}

// Hardening: a pcapng timestamp is 64 bits; all ones (1.8e13 s) overflowed the conversion to
// microseconds (signed overflow) and became -290308-12-21. Impossible times (after the year 9999
// here) are counted and replaced by the previous frame's time.
TEST(Source, AbsurdPcapngTimestampsAreCountedAndReplaced) {
  test::TempDir dir;
  auto frames = sample_frames(4);
  frames[1].ts_us = -1;                       // 0xffffffffffffffff microseconds
  frames[2].ts_us = 400'000'000'000'000'000;  // year 12677
  const std::string path = (dir.path() / "absurd.pcapng").string();
  test::write_file(path, test::pcapng_file(1, frames));
  auto s = PcapSource::open_file(path);
  RawFrame f;
  std::vector<std::int64_t> times;
  while (s->next(f) == PcapSource::Status::Frame) times.push_back(f.ts_us);
  EXPECT_EQ(times, (std::vector<std::int64_t>{1'700'000'000'000'000, 1'700'000'000'000'000,
                                              1'700'000'000'000'000, 1'700'000'000'003'000}));
  EXPECT_EQ(s->bad_timestamps(), 2u);
}

// With if_tsresol = 10^0 (seconds), 0x00000a0000000000 is 1.1e13 seconds: libpcap gives that
// tv_sec, and tv_sec * 1'000'000 overflowed a signed 64-bit integer (UBSan).
TEST(Source, PcapngSecondsThatOverflowMicrosecondsAreCounted) {
  test::TempDir dir;
  auto frames = sample_frames(3);
  frames[0].ts_us = 1'700'000'000;  // seconds here: 2023-11-14T22:13:20Z
  frames[1].ts_us = 0x00000a0000000000;
  frames[2].ts_us = 1'700'000'001;
  std::vector<std::uint8_t> bytes = test::pcapng_file(1, frames);
  // The interface description block (bytes 28..48) again with the option if_tsresol = 0.
  const std::vector<std::uint8_t> idb = {1, 0, 0, 0, 32, 0, 0, 0, 1, 0, 0, 0, 0,  0, 4, 0,
                                         9, 0, 1, 0, 0,  0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0};
  bytes.erase(bytes.begin() + 28, bytes.begin() + 48);
  bytes.insert(bytes.begin() + 28, idb.begin(), idb.end());
  const std::string path = (dir.path() / "seconds.pcapng").string();
  test::write_file(path, bytes);
  auto s = PcapSource::open_file(path);
  RawFrame f;
  std::vector<std::int64_t> times;
  while (s->next(f) == PcapSource::Status::Frame) times.push_back(f.ts_us);
  EXPECT_EQ(times, (std::vector<std::int64_t>{1'700'000'000'000'000, 1'700'000'000'000'000,
                                              1'700'000'001'000'000}));
  EXPECT_EQ(s->bad_timestamps(), 1u);
}

TEST(Source, MissingFileIsAOneLineError) {
  try {
    PcapSource::open_file("/nonexistent/capture.pcap");
    FAIL() << "no error";
  } catch (const CaptureError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("/nonexistent/capture.pcap"), std::string::npos);
    EXPECT_NE(msg.find("No such file"), std::string::npos);
    EXPECT_EQ(msg.find('\n'), std::string::npos);
  }
}

TEST(Source, DirectoryAndGarbageAreRefused) {
  test::TempDir dir;
  EXPECT_THROW(PcapSource::open_file(dir.path().string()), CaptureError);
  const std::string junk = (dir.path() / "junk.pcap").string();
  test::write_file(junk, std::vector<std::uint8_t>(100, 0x42));
  try {
    PcapSource::open_file(junk);
    FAIL() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_NE(std::string(e.what()).find("not a pcap or pcapng file"), std::string::npos)
        << e.what();
  }
  const std::string empty = (dir.path() / "empty.pcap").string();
  test::write_file(empty, {});
  EXPECT_THROW(PcapSource::open_file(empty), CaptureError);
}

TEST(Source, UnsupportedLinkTypeIsNamed) {
  test::TempDir dir;
  const std::string path = (dir.path() / "wifi.pcap").string();
  test::write_file(path, test::pcap_file(105, {}));
  try {
    PcapSource::open_file(path);
    FAIL() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_NE(std::string(e.what()).find("unsupported link type 105"), std::string::npos)
        << e.what();
  }
}

TEST(Source, FileCutInsideAPacketKeepsWhatWasRead) {
  test::TempDir dir;
  auto bytes = test::pcap_file(1, sample_frames(4));
  bytes.resize(bytes.size() - 10);
  const std::string path = (dir.path() / "cut.pcap").string();
  test::write_file(path, bytes);
  auto s = PcapSource::open_file(path);
  EXPECT_EQ(count_frames(*s), 3);
  EXPECT_TRUE(s->truncated());
}

TEST(Source, UnknownInterfaceIsAClearError) {
  LiveOptions o;
  o.interface = "otscope-no-such-if0";
  try {
    PcapSource::open_live(o);
    FAIL() << "no error";
  } catch (const CaptureError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("otscope-no-such-if0"), std::string::npos);
    EXPECT_TRUE(msg.find("no such interface") != std::string::npos ||
                msg.find("CAP_NET_RAW") != std::string::npos)
        << msg;
  }
}

}  // namespace
}  // namespace otscope::capture
