// Crafted conversations for the protocol tests of the BACnet, OPC UA, SNMP and recogniser
// folders: datagrams and TCP connections written to a capture file, then analysed the way
// `otscope analyze --db` does, and the alerts read back from the database as `otscope alerts
// --json` prints them.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/run.h"
#include "db/alert_store.h"
#include "db/database.h"
#include "model/detection/alert.h"
#include "tests/support/frames.h"

namespace otscope::test::crafted {

using Frame = std::vector<std::uint8_t>;

inline std::string mac_of(const std::string& ip) {
  const std::string last = ip.substr(ip.rfind('.') + 1);
  const int n = std::stoi(last);
  char buf[18];
  std::snprintf(buf, sizeof buf, "02:00:00:00:00:%02x", n & 0xFF);
  return buf;
}

/// A capture being written: datagrams and TCP connections in the order they are added.
class Capture {
 public:
  void udp(const std::string& src, const std::string& dst, std::uint16_t sport, std::uint16_t dport,
           const Frame& payload) {
    frames_.push_back(
        {ts_ += 1000, ethernet(mac_of(src), mac_of(dst), 0x0800,
                               ipv4(src, dst, 17, udp_datagram(sport, dport, payload)))});
  }
  /// A TCP connection from client to server, handshake first, then the exchanges in order
  /// (an empty frame sends nothing in that direction).
  void tcp(const std::string& client, const std::string& server, std::uint16_t cport,
           std::uint16_t sport, const std::vector<std::pair<Frame, Frame>>& exchanges) {
    std::uint32_t cseq = 1000, sseq = 5000;
    auto to_server = [&](std::uint8_t flags, const Frame& payload) {
      frames_.push_back(
          {ts_ += 1000, ethernet(mac_of(client), mac_of(server), 0x0800,
                                 ipv4(client, server, 6,
                                      tcp_segment(cport, sport, cseq, sseq, flags, payload)))});
      cseq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
    };
    auto to_client = [&](std::uint8_t flags, const Frame& payload) {
      frames_.push_back(
          {ts_ += 1000, ethernet(mac_of(server), mac_of(client), 0x0800,
                                 ipv4(server, client, 6,
                                      tcp_segment(sport, cport, sseq, cseq, flags, payload)))});
      sseq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
    };
    to_server(0x02, {});
    to_client(0x12, {});
    to_server(0x10, {});
    for (const auto& [request, response] : exchanges) {
      if (!request.empty()) to_server(0x18, request);
      if (!response.empty()) to_client(0x18, response);
    }
  }
  std::string write(const std::filesystem::path& path) const {
    write_file(path.string(), pcap_file(1, frames_));
    return path.string();
  }

 private:
  std::vector<TimedFrame> frames_;
  std::int64_t ts_ = 1'700'000'000'000'000;
};

/// A fresh directory per test, removed at the end.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("otscope-" + name + "-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Analyses `capture` into a database in `dir` and returns the alerts as `otscope alerts --json`
/// shows them.
inline nlohmann::json alerts_of(const std::string& capture, const std::filesystem::path& dir) {
  const std::string db = (dir / "alerts.db").string();
  cli::OfflineOptions options;
  options.db = db;
  cli::OfflineRun run(options, {capture});
  const cli::RunOutcome outcome = run.run();
  EXPECT_TRUE(outcome.database_error.empty()) << outcome.database_error;
  const Database database = Database::open_readonly(db);
  nlohmann::json alerts = nlohmann::json::array();
  for (const detection::StoredAlert& a : detection::load_alerts(database))
    alerts.push_back(detection::alert_json(a.alert, a.id, a.state));
  return alerts;
}

/// The alerts of `rule` raised for traffic from `src`.
inline std::vector<nlohmann::json> alerts_named(const nlohmann::json& alerts,
                                                const std::string& rule, const std::string& src) {
  std::vector<nlohmann::json> out;
  for (const nlohmann::json& a : alerts)
    if (a["rule"] == rule && a["src"] == src) out.push_back(a);
  return out;
}

}  // namespace otscope::test::crafted
