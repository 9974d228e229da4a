// The run lifecycle the command line and the console share (cli/run.h), driven in process:
// checks before any work, progress, cancellation, what is stored, exit codes.
#include "cli/run.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "capture/interfaces.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::Frame;

const Frame kRequest = test::hex("0001 0000 0006 01 03 0000 0002");
const Frame kResponse = test::hex("0001 0000 0007 01 03 04 000a 000b");

// A Modbus/TCP handshake, then `polls` polls each answered in its own segment.
std::vector<std::uint8_t> modbus_polls(int polls) {
  auto frame = [](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  const Frame& payload) {
    return test::ethernet(
        c2s ? "00:1c:06:00:00:01" : "00:80:f4:00:00:02",
        c2s ? "00:80:f4:00:00:02" : "00:1c:06:00:00:01", 0x0800,
        test::ipv4(
            c2s ? "10.0.0.10" : "10.0.0.20", c2s ? "10.0.0.20" : "10.0.0.10", 6,
            test::tcp_segment(c2s ? 50000 : 502, c2s ? 502 : 50000, seq, ack, flags, payload)));
  };
  std::vector<test::TimedFrame> frames = {{1'772'438'400'000'000, frame(true, 100, 0, 0x02, {})},
                                          {1'772'438'400'000'100, frame(false, 500, 101, 0x12, {})},
                                          {1'772'438'400'000'200, frame(true, 101, 501, 0x10, {})}};
  std::uint32_t seq = 101;
  std::uint32_t ack = 501;
  for (int i = 0; i < polls; ++i) {
    const std::int64_t ts = 1'772'438'400'001'000 + std::int64_t{i} * 1000;
    frames.push_back({ts, frame(true, seq, ack, 0x18, kRequest)});
    seq += static_cast<std::uint32_t>(kRequest.size());
    frames.push_back({ts + 500, frame(false, ack, seq, 0x18, kResponse)});
    ack += static_cast<std::uint32_t>(kResponse.size());
  }
  return test::pcap_file(1, frames);
}

TEST(OfflineRun, WhatCannotStartIsARunErrorAndWritesNothing) {
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_polls(1));
  auto start = [&](std::vector<std::string> protocols, std::vector<std::string> captures,
                   std::string policy = {}) {
    cli::OfflineOptions o;
    o.db = db;
    o.protocols = std::move(protocols);
    o.detection.policy = std::move(policy);
    try {
      cli::OfflineRun run(std::move(o), std::move(captures));
      return std::string("started");
    } catch (const cli::RunError& e) {
      EXPECT_EQ(e.exit_code(), 2);
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      return std::string(e.what());
    }
  };
  EXPECT_NE(start({}, {cap, "/no/such.pcap"}).find("/no/such.pcap"), std::string::npos);
  EXPECT_NE(start({"modbus", "profinet"}, {cap}).find("profinet"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(db)) << "nothing may be written before the run starts";
  EXPECT_NE(start({}, {cap}, (dir.path() / "no-policy.toml").string()).find("no-policy.toml"),
            std::string::npos);
  EXPECT_EQ(start({}, {cap}), "started");
}

TEST(OfflineRun, CancelKeepsWhatWasReadAndStoresItInterrupted) {
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string big = (dir.path() / "big.pcap").string();
  const std::string small = (dir.path() / "small.pcap").string();
  test::write_file(big, modbus_polls(12000));  // 24,003 frames
  test::write_file(small, modbus_polls(1));
  cli::OfflineOptions o;
  o.db = db;
  cli::OfflineRun run(std::move(o), {big, small});
  std::atomic<bool> cancel{false};
  std::uint64_t packets_at_cancel = 0;
  const cli::RunOutcome r = run.run(
      [&](const cli::RunProgress& p) {
        // The first report of a file comes at its start; the next one not before 100 ms later,
        // at the engine's first progress call (after Engine::kProgressPackets packets).
        if (p.packets == 0) {
          std::this_thread::sleep_for(std::chrono::milliseconds(150));
        } else if (!cancel) {
          packets_at_cancel = p.packets;
          cancel = true;
        }
      },
      &cancel);
  ASSERT_EQ(packets_at_cancel, Engine::kProgressPackets);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.database_error.empty());
  EXPECT_EQ(r.database, db);
  EXPECT_EQ(r.summary.packets, Engine::kProgressPackets);
  ASSERT_EQ(r.summary.captures.size(), 1u) << "the second capture was never begun";
  EXPECT_TRUE(r.summary.captures[0].cancelled);
  EXPECT_EQ(r.summary.protocols.at("modbus").messages, Engine::kProgressPackets - 3);
  EXPECT_EQ(r.counts.links, 1u);

  Database stored = Database::open_readonly(db);
  const auto runs = stored.capture_runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].record.source, big);
  EXPECT_EQ(runs[0].status, RunStatus::Interrupted);
  EXPECT_EQ(runs[0].record.packets, Engine::kProgressPackets);
  ASSERT_EQ(stored.operations().size(), 1u);
  EXPECT_EQ(stored.operations()[0].record.requests + stored.operations()[0].record.responses,
            Engine::kProgressPackets - 3);
}

TEST(OfflineRun, ProgressCountsFilesPacketsAndTimeLeft) {
  test::TempDir dir;
  const std::string a = (dir.path() / "a.pcap").string();
  const std::string b = (dir.path() / "b.pcap").string();
  test::write_file(a, modbus_polls(20));
  test::write_file(b, modbus_polls(30));
  cli::OfflineRun run(cli::OfflineOptions{}, {a, b});  // in memory
  std::vector<cli::RunProgress> seen;
  const cli::RunOutcome r = run.run([&](const cli::RunProgress& p) { seen.push_back(p); });
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_FALSE(r.cancelled);
  EXPECT_EQ(r.database, "");
  EXPECT_EQ(r.summary.packets, 43u + 63u);
  // At least the start and the end of each file.
  ASSERT_GE(seen.size(), 4u);
  EXPECT_EQ(seen[0].file_index, 0u);
  EXPECT_EQ(seen[0].file, a);
  EXPECT_EQ(seen[0].packets, 0u);
  auto second = std::find_if(seen.begin(), seen.end(),
                             [](const cli::RunProgress& p) { return p.file_index == 1; });
  ASSERT_NE(second, seen.end());
  EXPECT_EQ(second->file, b);
  EXPECT_EQ(second->packets, 0u);
  EXPECT_EQ(second->total_packets, 43u);
  const cli::RunProgress& end_of_a = *(second - 1);
  EXPECT_EQ(end_of_a.packets, 43u);
  EXPECT_EQ(end_of_a.bytes_read, std::filesystem::file_size(a));
  EXPECT_EQ(end_of_a.file_size, std::filesystem::file_size(a));
  const cli::RunProgress& last = seen.back();
  EXPECT_EQ(last.file_count, 2u);
  EXPECT_EQ(last.packets, 63u);
  EXPECT_EQ(last.total_packets, r.summary.packets);
  EXPECT_GE(last.elapsed_seconds, 0.0);
  if (last.elapsed_seconds > 0) {
    EXPECT_GT(last.packets_per_second, 0.0);
    EXPECT_EQ(last.remaining_seconds, 0.0) << "everything is read";
  }
  const cli::SummaryCounts own = cli::summary_counts(r.summary);
  EXPECT_EQ(r.counts.assets, own.assets);
  EXPECT_EQ(r.counts.operations, own.operations);
}

TEST(OfflineRun, CaptureCutShortExitsOneAndKeepsWhatWasRead) {
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string cut = (dir.path() / "cut.pcap").string();
  std::vector<std::uint8_t> bytes = modbus_polls(5);
  bytes.resize(bytes.size() - 10);  // the last frame is cut
  test::write_file(cut, bytes);
  cli::OfflineOptions o;
  o.db = db;
  cli::OfflineRun run(std::move(o), {cut});
  const cli::RunOutcome r = run.run();
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find(cut), std::string::npos);
  EXPECT_NE(r.errors[0].find("middle of a packet"), std::string::npos);
  EXPECT_EQ(r.summary.packets, 12u);
  EXPECT_TRUE(r.summary.captures[0].truncated);
  Database stored = Database::open_readonly(db);
  ASSERT_EQ(stored.capture_runs().size(), 1u);
  EXPECT_EQ(stored.capture_runs()[0].status, RunStatus::Interrupted);
  EXPECT_EQ(stored.capture_runs()[0].record.packets, 12u);
}

// ---- live --------------------------------------------------------------------------------------

// A Modbus/TCP server on 127.0.0.1 answering read-holding-registers polls, in a thread.
class LoopbackServer {
 public:
  LoopbackServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // any free port
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 1);
    thread_ = std::thread([this] {
      const int c = accept(listen_fd_, nullptr, nullptr);
      std::uint8_t req[12];
      for (;;) {
        std::size_t got = 0;
        while (got < sizeof req) {
          const ssize_t n = read(c, req + got, sizeof req - got);
          if (n <= 0) {
            close(c);
            return;
          }
          got += static_cast<std::size_t>(n);
        }
        const std::uint8_t resp[] = {req[0], req[1], 0, 0, 0, 7, req[6], 3, 4, 0, 1, 0, 2};
        if (write(c, resp, sizeof resp) != static_cast<ssize_t>(sizeof resp)) break;
      }
      close(c);
    });
  }
  ~LoopbackServer() {
    thread_.join();
    close(listen_fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(LiveRun, FlushesAddUpToWhatIsStoredAndTheStopFlagEndsTheRun) {
  if (!capture::live_capture_permitted()) GTEST_SKIP() << "live capture not permitted here";
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  LoopbackServer server;
  cli::LiveRunOptions o;
  o.db = db;
  o.live.interface = "lo";
  o.live.filter = "tcp port " + std::to_string(server.port());
  o.flush_interval = 0.2;
  cli::LiveRun run(std::move(o));

  std::atomic<bool> stop{false};
  std::atomic<bool> started{false};
  std::vector<cli::LiveFlush> flushes;
  cli::RunOutcome outcome;
  std::string source;
  std::thread worker([&] {
    outcome = run.run(
        stop, [&](const cli::LiveFlush& f) { flushes.push_back(f); },
        [&](const std::string& name) {
          source = name;
          started = true;
        });
  });
  for (int i = 0; i < 500 && !started; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(started) << "the capture did not start";

  // Polls spread over more than one flush interval.
  const int polls = 8;
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  for (int i = 0; i < polls; ++i) {
    const std::uint8_t req[] = {0, static_cast<std::uint8_t>(i + 1), 0, 0, 0, 6, 1, 3, 0, 0, 0, 2};
    ASSERT_EQ(write(s, req, sizeof req), static_cast<ssize_t>(sizeof req));
    std::uint8_t resp[13];
    std::size_t got = 0;
    while (got < sizeof resp) {
      const ssize_t n = read(s, resp + got, sizeof resp - got);
      ASSERT_GT(n, 0);
      got += static_cast<std::size_t>(n);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  close(s);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  worker.join();

  EXPECT_EQ(source, "live:lo");
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.summary.protocols.at("modbus").messages, 2u * polls);
  ASSERT_GE(flushes.size(), 3u);
  std::uint64_t flushed = 0;
  int with_packets = 0;
  for (const cli::LiveFlush& f : flushes) {
    flushed += f.packets;
    with_packets += f.packets > 0 ? 1 : 0;
    EXPECT_EQ(f.totals.packets, flushed) << "running totals";
  }
  EXPECT_GE(with_packets, 2) << "the traffic spans several flushes";
  EXPECT_EQ(outcome.summary.packets, flushed);
  EXPECT_EQ(flushes.back().counts.links, 1u);
  // Every flush, the last one included, went through the database writer and was reported.
  EXPECT_EQ(run.flushes(), flushes.size());
  EXPECT_GT(run.flush_stall_max_ms(), 0.0);
  EXPECT_LE(flushes.back().flush_stall_max_ms, run.flush_stall_max_ms());

  // The stored run counts every packet once, and the summary reports what the database holds.
  Database stored = Database::open_readonly(db);
  const auto runs = stored.capture_runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, RunStatus::Interrupted) << "stopped by the flag";
  EXPECT_EQ(runs[0].record.packets, outcome.summary.packets);
  EXPECT_EQ(runs[0].record.bytes, outcome.summary.bytes);
  ASSERT_EQ(outcome.summary.captures.size(), 1u);
  EXPECT_EQ(outcome.summary.captures[0].packets, outcome.summary.packets);
  const DbTotals totals = stored.totals();
  EXPECT_GT(totals.assets, 0u);
  EXPECT_EQ(outcome.counts.assets, totals.assets);
  EXPECT_EQ(outcome.counts.links, totals.links);
  EXPECT_EQ(outcome.counts.operations, totals.operations);
}

TEST(LiveRun, AnInterfaceThatCannotBeOpenedIsARunError) {
  test::TempDir dir;
  cli::LiveRunOptions o;
  o.db = (dir.path() / "live.db").string();
  o.live.interface = "otscope-no-such-if0";
  cli::LiveRun run(std::move(o));
  std::atomic<bool> stop{false};
  try {
    run.run(stop);
    FAIL() << "no error";
  } catch (const cli::RunError& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_NE(std::string(e.what()).find("otscope-no-such-if0"), std::string::npos);
  }
  // Nothing was written: the database this run created is gone again (hardening issue).
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "live.db"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(LiveRun, AFailedStartKeepsADatabaseThatExisted) {
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_polls(1));
  {
    cli::OfflineOptions o;
    o.db = db;
    ASSERT_EQ(cli::OfflineRun(std::move(o), {cap}).run().exit_code, 0);
  }
  cli::LiveRunOptions o;
  o.db = db;
  o.live.interface = "otscope-no-such-if0";
  cli::LiveRun run(std::move(o));
  std::atomic<bool> stop{false};
  EXPECT_THROW(run.run(stop), cli::RunError);
  EXPECT_EQ(Database::open_readonly(db).capture_runs().size(), 1u);
}

// Sends `polls` Modbus polls to the loopback server at `port`, `gap` apart, each answered.
void poll_loopback(std::uint16_t port, int polls, std::chrono::milliseconds gap) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  for (int i = 0; i < polls; ++i) {
    const std::uint8_t req[] = {0, static_cast<std::uint8_t>(i + 1), 0, 0, 0, 6, 1, 3, 0, 0, 0, 2};
    ASSERT_EQ(write(s, req, sizeof req), static_cast<ssize_t>(sizeof req));
    std::uint8_t resp[13];
    std::size_t got = 0;
    while (got < sizeof resp) {
      const ssize_t n = read(s, resp + got, sizeof resp - got);
      ASSERT_GT(n, 0);
      got += static_cast<std::size_t>(n);
    }
    std::this_thread::sleep_for(gap);
  }
  close(s);
}

// A live run on the loopback interface filtered to `port`, flushing every 0.2 s.
cli::LiveRunOptions loopback_options(const std::string& db, std::uint16_t port) {
  cli::LiveRunOptions o;
  o.db = db;
  o.live.interface = "lo";
  o.live.filter = "tcp port " + std::to_string(port);
  o.flush_interval = 0.2;
  return o;
}

// Waits up to 5 s for `flag`.
bool wait_for(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return flag;
}

TEST(LiveRun, ASlowDatabaseWriteDoesNotStallTheCapture) {
  if (!capture::live_capture_permitted()) GTEST_SKIP() << "live capture not permitted here";
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  LoopbackServer server;
  cli::LiveRun run(loopback_options(db, server.port()));
  std::atomic<bool> stop{false};
  std::atomic<bool> started{false};
  std::atomic<bool> run_thread_flushed{false};
  std::vector<cli::LiveFlush> flushes;
  cli::RunOutcome outcome;
  std::thread worker([&] {
    const std::thread::id capture_thread = std::this_thread::get_id();
    outcome = run.run(
        stop,
        [&](const cli::LiveFlush& f) {
          if (std::this_thread::get_id() == capture_thread) run_thread_flushed = true;
          // The first write takes 600 ms, three flush intervals: a database on a busy disk.
          if (flushes.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(600));
          flushes.push_back(f);
        },
        [&](const std::string&) { started = true; });
  });
  ASSERT_TRUE(wait_for(started)) << "the capture did not start";
  const int polls = 10;
  poll_loopback(server.port(), polls, std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  worker.join();

  EXPECT_EQ(outcome.exit_code, 0) << outcome.database_error;
  EXPECT_FALSE(run_thread_flushed) << "on_flush runs on the database writer, not the capture";
  // The capture went on reading while the writer was busy: it took the delta and queued it.
  EXPECT_LT(run.flush_stall_max_ms(), 400.0);
  EXPECT_EQ(run.flush_queue_waits(), 0u) << "four flushes fit in the queue";
  EXPECT_GE(flushes.size(), 4u);
  EXPECT_EQ(run.flushes(), flushes.size()) << "every queued flush was written before run() ended";
  // Nothing was lost on the way: every message is stored.
  EXPECT_EQ(outcome.summary.protocols.at("modbus").messages, 2u * polls);
  std::uint64_t flushed = 0;
  for (const cli::LiveFlush& f : flushes) flushed += f.packets;
  EXPECT_EQ(flushed, outcome.summary.packets);
  Database stored = Database::open_readonly(db);
  ASSERT_EQ(stored.capture_runs().size(), 1u);
  EXPECT_EQ(stored.capture_runs()[0].record.packets, outcome.summary.packets);
  const auto ops = stored.operations();
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].record.requests, static_cast<std::uint64_t>(polls));
  EXPECT_EQ(ops[0].record.responses, static_cast<std::uint64_t>(polls));
}

TEST(LiveRun, AWriterThatFallsBehindMakesTheCaptureWaitAndSaysSo) {
  if (!capture::live_capture_permitted()) GTEST_SKIP() << "live capture not permitted here";
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  LoopbackServer server;
  cli::LiveRun run(loopback_options(db, server.port()));
  std::atomic<bool> stop{false};
  std::atomic<bool> started{false};
  std::uint64_t flushed = 0;
  cli::RunOutcome outcome;
  std::thread worker([&] {
    outcome = run.run(
        stop,
        [&](const cli::LiveFlush& f) {
          // Every write takes three flush intervals: the queue fills up.
          std::this_thread::sleep_for(std::chrono::milliseconds(600));
          flushed += f.packets;
        },
        [&](const std::string&) { started = true; });
  });
  ASSERT_TRUE(wait_for(started)) << "the capture did not start";
  const int polls = 30;
  poll_loopback(server.port(), polls, std::chrono::milliseconds(100));
  stop = true;
  worker.join();

  EXPECT_EQ(outcome.exit_code, 0) << outcome.database_error;
  EXPECT_GE(run.flush_queue_waits(), 1u);
  // A wait is a stall: the capture did not read meanwhile.
  EXPECT_GE(run.flush_stall_max_ms(), 100.0);
  // Waiting loses nothing.
  EXPECT_EQ(flushed, outcome.summary.packets);
  EXPECT_EQ(outcome.summary.protocols.at("modbus").messages, 2u * polls);
}

// Restores the file size limit and SIGXFSZ when the test ends.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);  // a write past it fails with EFBIG instead
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }

 private:
  rlimit saved_{};
  void (*previous_)(int) = SIG_DFL;
};

TEST(LiveRun, AWriteFailureOnTheDatabaseWriterEndsTheRunWithExitCode3) {
  if (!capture::live_capture_permitted()) GTEST_SKIP() << "live capture not permitted here";
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  LoopbackServer server;
  cli::LiveRun run(loopback_options(db, server.port()));
  std::atomic<bool> stop{false};
  std::atomic<bool> started{false};
  std::atomic<bool> ended{false};
  cli::RunOutcome outcome;
  std::thread worker([&] {
    outcome = run.run(stop, {}, [&](const std::string&) { started = true; });
    ended = true;
  });
  ASSERT_TRUE(wait_for(started)) << "the capture did not start";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a flush or two stored
  const std::uintmax_t size = std::filesystem::file_size(db);
  {
    // The disk is full: no file of this process grows any more.
    FileSizeLimit full(0);
    poll_loopback(server.port(), 20, std::chrono::milliseconds(20));
    // The writer fails on the new rows; the capture stops by itself at its next flush.
    for (int i = 0; i < 300 && !ended; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool ended_by_itself = ended;
  stop = true;
  worker.join();
  EXPECT_TRUE(ended_by_itself) << "the run went on after its database writer failed";
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_FALSE(outcome.database_error.empty());
  // What the earlier flushes stored is kept, and the database is intact.
  EXPECT_GE(std::filesystem::file_size(db), size);
  Database stored = Database::open_readonly(db);
  ASSERT_EQ(stored.capture_runs().size(), 1u);
  EXPECT_NE(stored.capture_runs()[0].status, RunStatus::Complete);
}

}  // namespace
}  // namespace otscope
