// Forwarding to a local collector (127.0.0.1 only): syslog over UDP and over TCP with octet
// counting, and JSON lines to a file.
#include "engine/detection/forward.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "protocols/dnp3/dnp3.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::detection {
namespace {

using test::ip;

Alert alert(std::string summary) {
  Alert a;
  a.rule = find_rule("dnp3.restart")->id;
  a.severity = Severity::High;
  a.protocol = dnp3::kProtocol;
  a.src = ip("10.10.20.66");
  a.dst = ip("10.10.20.21");
  a.functions = {"COLD_RESTART"};
  a.summary = std::move(summary);
  a.count = 1;
  a.first_seen_us = a.last_seen_us = 1'772'438'415'782'294;
  return a;
}

/// A socket bound to 127.0.0.1 on a free port.
class Listener {
 public:
  explicit Listener(int type) : fd_(socket(AF_INET, type, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (type == SOCK_STREAM) {
      EXPECT_EQ(listen(fd_, 4), 0);
    }
  }
  ~Listener() { close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

bool readable(int fd, int timeout_ms = 2000) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) == 1;
}

TEST(Forward, SyslogOverUdpOneAlertPerDatagram) {
  Listener collector(SOCK_DGRAM);
  SyslogForwarder f("udp://127.0.0.1:" + std::to_string(collector.port()));
  f.forward(alert("first"), 1);
  f.forward(alert("second"), 2);
  std::vector<std::string> got;
  char buf[4096];
  while (got.size() < 2 && readable(collector.fd())) {
    const ssize_t n = recv(collector.fd(), buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    got.emplace_back(buf, static_cast<std::size_t>(n));
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].rfind("<163>1 2026-03-02T08:00:15.782294Z ", 0), 0u) << got[0];
  EXPECT_NE(got[0].find(" otscope "), std::string::npos);
  EXPECT_NE(got[0].find("CEF:0|otscope|otscope|0.1.0|dnp3.restart|Outstation restart command|8|"
                        "externalId=1 "),
            std::string::npos);
  EXPECT_NE(got[0].find("msg=first"), std::string::npos);
  EXPECT_NE(got[1].find("msg=second"), std::string::npos);
  EXPECT_EQ(f.problems(), "");
}

TEST(Forward, SyslogOverTcpWithOctetCounting) {
  Listener collector(SOCK_STREAM);
  SyslogForwarder f("tcp://127.0.0.1:" + std::to_string(collector.port()));
  f.forward(alert("one\nline two"), 3);  // a newline in a wire string must not split a frame
  f.forward(alert("three"), 4);
  ASSERT_TRUE(readable(collector.fd()));
  const int conn = accept(collector.fd(), nullptr, nullptr);
  ASSERT_GE(conn, 0);
  std::string stream;
  char buf[4096];
  // Read until both frames have arrived (the sender keeps the connection open).
  for (;;) {
    std::size_t at = 0, frames = 0;
    while (at < stream.size()) {
      const std::size_t space = stream.find(' ', at);
      if (space == std::string::npos) break;
      const std::size_t len = std::stoul(stream.substr(at, space - at));
      if (space + 1 + len > stream.size()) break;
      at = space + 1 + len;
      ++frames;
    }
    if (frames == 2) break;
    ASSERT_TRUE(readable(conn)) << stream;
    const ssize_t n = recv(conn, buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    stream.append(buf, static_cast<std::size_t>(n));
  }
  close(conn);
  // Parse the frames: "LEN SP MSG" twice, nothing else.
  std::vector<std::string> messages;
  std::size_t at = 0;
  while (at < stream.size()) {
    const std::size_t space = stream.find(' ', at);
    const std::size_t len = std::stoul(stream.substr(at, space - at));
    messages.push_back(stream.substr(space + 1, len));
    at = space + 1 + len;
  }
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].find("msg=one\\nline two"), std::string::npos) << messages[0];
  EXPECT_NE(messages[1].find("externalId=4"), std::string::npos);
  EXPECT_EQ(messages[0].rfind("<163>1 ", 0), 0u);
}

TEST(Forward, UnreachableTcpCollectorIsReportedNotFatal) {
  std::uint16_t port = 0;
  {
    Listener closed(SOCK_STREAM);
    port = closed.port();
  }  // nobody listens there any more
  SyslogForwarder f("tcp://127.0.0.1:" + std::to_string(port));
  f.forward(alert("lost"), 1);
  EXPECT_EQ(f.problems(), "1 alert(s) could not be sent to tcp://127.0.0.1:" +
                              std::to_string(port) + ": Connection refused");
}

TEST(Forward, UnresolvableCollectorIsAnError) {
  EXPECT_THROW(SyslogForwarder("udp://no-such-host.invalid:514"), ForwardError);
}

TEST(Forward, JsonLinesAppendOneObjectPerAlert) {
  test::TempDir dir;
  const std::string path = (dir.path() / "alerts.jsonl").string();
  {
    JsonLinesForwarder f(path);
    f.forward(alert("first\nwith a newline"), 1);
  }
  {
    JsonLinesForwarder f(path);  // appends
    f.forward(alert("second"), std::nullopt);
    EXPECT_EQ(f.problems(), "");
  }
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["rule"], "dnp3.restart");
  EXPECT_EQ(lines[0]["summary"], "first\nwith a newline");
  EXPECT_TRUE(lines[1]["id"].is_null());
  EXPECT_EQ(lines[1]["attack"], "T0816");
  EXPECT_THROW(JsonLinesForwarder("/no/such/dir/alerts.jsonl"), ForwardError);
}

}  // namespace
}  // namespace otscope::detection
