// Live capture on the loopback interface with real traffic between two local processes.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/format.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

// A Modbus/TCP server on 127.0.0.1:port in a child process that answers `polls` read-holding-
// register requests.
pid_t modbus_server(std::uint16_t port, int polls, int& listen_fd) {
  listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  listen(listen_fd, 1);
  pid_t pid = fork();
  if (pid == 0) {
    int c = accept(listen_fd, nullptr, nullptr);
    for (int i = 0; i < polls; ++i) {
      std::uint8_t req[12];
      std::size_t got = 0;
      while (got < sizeof req) {
        ssize_t n = read(c, req + got, sizeof req - got);
        if (n <= 0) _exit(1);
        got += static_cast<std::size_t>(n);
      }
      std::uint8_t resp[] = {req[0], req[1], 0, 0, 0, 7, req[6], 3, 4, 0, 1, 0, 2};
      if (write(c, resp, sizeof resp) != static_cast<ssize_t>(sizeof resp)) _exit(1);
    }
    close(c);
    _exit(0);
  }
  return pid;
}

// Polls the server on 127.0.0.1:port `polls` times from this process, each answered.
void poll_server(std::uint16_t port, int polls) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  for (int i = 0; i < polls; ++i) {
    std::uint8_t req[] = {0, static_cast<std::uint8_t>(i + 1), 0, 0, 0, 6, 1, 3, 0, 0, 0, 2};
    ASSERT_EQ(write(s, req, sizeof req), static_cast<ssize_t>(sizeof req));
    std::uint8_t resp[13];
    std::size_t got = 0;
    while (got < sizeof resp) {
      ssize_t n = read(s, resp + got, sizeof resp - got);
      ASSERT_GT(n, 0);
      got += static_cast<std::size_t>(n);
    }
  }
  close(s);
}

struct LiveResult {
  bool skipped = false;
  std::string out;
  std::string err;
  int exit_code = -1;
};

// Runs `otscope capture -i lo --filter 'tcp port PORT' ARGS...` while a child process serves
// `polls` Modbus polls on that port; skipped when live capture is not permitted here.
LiveResult capture_polls(std::uint16_t port, int polls, std::vector<std::string> args) {
  LiveResult result;
  std::vector<std::string> argv = {
      test::otscope_binary().string(),   "capture", "-i", "lo", "--filter",
      "tcp port " + std::to_string(port)};
  argv.insert(argv.end(), args.begin(), args.end());
  test::Spawned cap = test::spawn_command(argv);
  EXPECT_GT(cap.pid, 0);
  // Give libpcap time to open the interface; an early exit means no permission.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  int status = 0;
  if (waitpid(cap.pid, &status, WNOHANG) == cap.pid) {
    result.err = test::read_all(cap.err_fd);
    result.skipped = result.err.find("CAP_NET_RAW") != std::string::npos ||
                     result.err.find("ermission") != std::string::npos;
    if (!result.skipped) ADD_FAILURE() << "otscope capture exited early: " << result.err;
    return result;
  }
  int listen_fd = -1;
  pid_t server = modbus_server(port, polls, listen_fd);
  EXPECT_GT(server, 0) << "cannot listen on port " << port;
  if (server > 0) {
    poll_server(port, polls);
    waitpid(server, &status, 0);
  }
  close(listen_fd);
  result.out = test::read_all(cap.out_fd);
  result.err = test::read_all(cap.err_fd);
  result.exit_code = test::wait_exit(cap.pid);
  return result;
}

json stored_runs(const std::string& db) {
  return json::parse(
      test::run_command({test::otscope_binary().string(), "runs", "--db", db, "--json"}).out);
}

TEST(LiveCapture, LoopbackModbusBetweenTwoProcesses) {
  test::TempDir dir;
  const std::uint16_t port = static_cast<std::uint16_t>(15000 + getpid() % 1000);
  const std::string db = (dir.path() / "live.db").string();
  const int polls = 5;
  LiveResult r = capture_polls(port, polls, {"--db", db, "--duration", "4", "--json"});
  if (r.skipped) GTEST_SKIP() << "live capture not permitted here: " << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  // Modbus on a non-standard port is recognised by content.
  EXPECT_EQ(j["protocols"]["modbus"]["messages"], 2 * polls) << r.out;
  EXPECT_EQ(j["protocols"]["modbus"]["functions"]["3"], 2 * polls);
  EXPECT_GE(j["packets"].get<int>(), 2 * polls + 3);  // every ADU, plus the handshake at least
  auto links = test::run_command({test::otscope_binary().string(), "links", "--db", db, "--json"});
  json l = json::parse(links.out);
  ASSERT_EQ(l.size(), 1u) << links.out;
  EXPECT_EQ(l[0]["port"], port);
  EXPECT_EQ(l[0]["protocol"], "modbus");
  // The stored run counts each packet once (the only flush, at the end, used to count twice).
  json runs = stored_runs(db);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["packets"], j["packets"]);
  EXPECT_EQ(runs[0]["bytes"], j["bytes"]);
  EXPECT_EQ(runs[0]["status"], "complete");
  EXPECT_EQ(j["links"], 1);
  EXPECT_GT(j["operations"].get<int>(), 0);
  // The longest time the capture stopped reading for a flush (the only one, at the end).
  EXPECT_EQ(j["flushes"], 1) << r.out;
  EXPECT_EQ(j["flush_queue_waits"], 0) << r.out;
  ASSERT_TRUE(j["flush_stall_max_ms"].is_number()) << r.out;
  EXPECT_GT(j["flush_stall_max_ms"].get<double>(), 0.0);
  EXPECT_LT(j["flush_stall_max_ms"].get<double>(), 4000.0);
}

TEST(LiveCapture, TextSummaryCountsWhatTheDatabaseHolds) {
  test::TempDir dir;
  const std::uint16_t port = static_cast<std::uint16_t>(16000 + getpid() % 1000);
  const std::string db = (dir.path() / "live.db").string();
  LiveResult r = capture_polls(port, 4, {"--db", db, "--duration", "3", "--flush-interval", "0.5"});
  if (r.skipped) GTEST_SKIP() << "live capture not permitted here: " << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("capturing on lo"), std::string::npos) << r.err;
  json runs = stored_runs(db);
  ASSERT_EQ(runs.size(), 1u);
  const std::string packets = cli::thousands(runs[0]["packets"].get<std::uint64_t>());
  EXPECT_NE(r.out.find("1 capture, " + packets + " packets"), std::string::npos) << r.out;
  auto assets = json::parse(
      test::run_command({test::otscope_binary().string(), "assets", "--db", db, "--json"}).out);
  ASSERT_FALSE(assets.empty());
  EXPECT_NE(r.out.find("  " + std::to_string(assets.size()) + " assets, 1 links, "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("kernel drops: 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("longest flush stall: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" flushes, 0 waited for the database)\n"), std::string::npos) << r.out;
}

// Blocks are the default now; scripts that still say --no-immediate, and users who want
// per-packet delivery back, both get as far as opening the interface.
TEST(LiveCapture, ImmediateAndNoImmediateAreBothAccepted) {
  test::TempDir dir;
  for (const char* flag : {"--immediate", "--no-immediate"}) {
    auto r =
        test::run_command({test::otscope_binary().string(), "capture", "-i", "otscope-no-such-if0",
                           flag, "--db", (dir.path() / "live.db").string()});
    EXPECT_EQ(r.exit_code, 2) << flag << ": " << r.err;
    EXPECT_NE(r.err.find("otscope-no-such-if0': no such interface"), std::string::npos)
        << flag << ": " << r.err;
  }
}

}  // namespace
}  // namespace otscope
