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

TEST(LiveCapture, LoopbackModbusBetweenTwoProcesses) {
  test::TempDir dir;
  const std::uint16_t port = static_cast<std::uint16_t>(15000 + getpid() % 1000);
  const std::string db = (dir.path() / "live.db").string();
  test::Spawned cap = test::spawn_command(
      {test::otscope_binary().string(), "capture", "-i", "lo", "--db", db, "--filter",
       "tcp port " + std::to_string(port), "--duration", "4", "--json"});
  ASSERT_GT(cap.pid, 0);
  // Give libpcap time to open the interface; an early exit means no permission.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  int status = 0;
  if (waitpid(cap.pid, &status, WNOHANG) == cap.pid) {
    const std::string err = test::read_all(cap.err_fd);
    if (err.find("CAP_NET_RAW") != std::string::npos || err.find("ermission") != std::string::npos)
      GTEST_SKIP() << "live capture not permitted here: " << err;
    FAIL() << "otscope capture exited early: " << err;
  }
  const int polls = 5;
  int listen_fd = -1;
  pid_t server = modbus_server(port, polls, listen_fd);
  ASSERT_GT(server, 0) << "cannot listen on port " << port;
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
  waitpid(server, &status, 0);
  close(listen_fd);
  const std::string out = test::read_all(cap.out_fd);
  const std::string err = test::read_all(cap.err_fd);
  ASSERT_EQ(test::wait_exit(cap.pid), 0) << err;
  json j = json::parse(out);
  // Modbus on a non-standard port is recognised by content.
  EXPECT_EQ(j["protocols"]["modbus"]["messages"], 2 * polls) << out;
  EXPECT_EQ(j["protocols"]["modbus"]["functions"]["3"], 2 * polls);
  EXPECT_GE(j["packets"].get<int>(), 2 * polls + 3);  // every ADU, plus the handshake at least
  auto links = test::run_command({test::otscope_binary().string(), "links", "--db", db, "--json"});
  json l = json::parse(links.out);
  ASSERT_EQ(l.size(), 1u) << links.out;
  EXPECT_EQ(l[0]["port"], port);
  EXPECT_EQ(l[0]["protocol"], "modbus");
}

}  // namespace
}  // namespace otscope
