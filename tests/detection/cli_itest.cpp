// The otscope command's detection surface as a user and a script see it: --policy errors,
// `alerts` listings and state changes, baseline learn/export/import/accept, forwarding.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::run_command;

std::string bin() {
  return test::otscope_binary().string();
}
std::string pcap(const char* name) {
  return (test::project_pcaps() / name).string();
}

json alerts_json(const std::string& db, bool all = false) {
  std::vector<std::string> argv = {bin(), "alerts", "--db", db, "--json"};
  if (all) argv.push_back("--all");
  auto r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(DetectionCli, PolicyErrorsStopTheRunWithTheirPosition) {
  test::TempDir dir;
  const std::string policy = (dir.path() / "bad.toml").string();
  write_file(policy, "[modbus]\nmasters = [\"10.10.1.10\"]\nmaster = [\"10.10.1.11\"]\n");
  const std::string db = (dir.path() / "x.db").string();
  auto r = run_command(
      {bin(), "analyze", "--db", db, "--policy", policy, pcap("attack_modbus_write.pcap")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "otscope: error: " + policy +
                       ":3:1: unknown key 'master' in [modbus] (expected one of: masters, "
                       "engineering, allowed_functions, write_ranges)\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.db-wal") &&
               std::filesystem::file_size(dir.path() / "x.db-wal") > 0);
  r = run_command(
      {bin(), "analyze", "--no-db", "--policy", "/no/such.toml", pcap("attack_modbus_write.pcap")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "otscope: error: cannot read policy file '/no/such.toml'\n");
  // The documented example is a valid policy.
  r = run_command(
      {bin(), "analyze", "--no-db", "--json", "--policy",
       (std::filesystem::path(OTSCOPE_SOURCE_DIR) / "docs" / "policy.example.toml").string(),
       pcap("attack_modbus_write.pcap")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["alerts"], 3);
}

TEST(DetectionCli, AnalyzeReportsAlertsAndTheyCanBeAcknowledgedAndClosed) {
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string jsonl = (dir.path() / "alerts.jsonl").string();
  auto r = run_command({bin(), "analyze", "--db", db, "--json", "--alerts-jsonl", jsonl,
                        pcap("attack_program_download.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["alerts"], 3);

  json alerts = alerts_json(db);
  ASSERT_EQ(alerts.size(), 3u);
  for (const json& a : alerts)
    for (const char* key : {"id", "time", "severity", "rule", "title", "protocol", "src", "dst",
                            "function", "attack", "count", "first_seen", "last_seen", "evidence"})
      EXPECT_TRUE(a.contains(key)) << key;
  // Newest first: the restart, the download, the stop.
  EXPECT_EQ(alerts[0]["rule"], "s7.plc_start");
  EXPECT_EQ(alerts[1]["rule"], "s7.program_download");
  EXPECT_EQ(alerts[1]["count"], 3);
  EXPECT_EQ(alerts[1]["attack"], "T0843");
  EXPECT_EQ(alerts[1]["src"], "10.10.1.66");
  EXPECT_EQ(alerts[1]["dst"], "10.10.1.40");
  EXPECT_EQ(alerts[1]["function"], "Request download, PI-Service");
  EXPECT_EQ(alerts[1]["evidence"].size(), 3u);
  EXPECT_EQ(alerts[1]["evidence"][0]["capture"], pcap("attack_program_download.pcap"));
  EXPECT_EQ(alerts[2]["rule"], "s7.plc_stop");
  EXPECT_EQ(alerts[2]["severity"], "critical");

  // The same alerts were forwarded as JSON lines with their database ids.
  std::ifstream in(jsonl);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  std::set<std::int64_t> ids;
  for (const json& l : lines) ids.insert(l["id"].get<std::int64_t>());
  for (const json& a : alerts) EXPECT_TRUE(ids.contains(a["id"].get<std::int64_t>()));

  // A second run aggregates into the open alerts.
  r = run_command({bin(), "analyze", "-q", "--db", db, pcap("attack_program_download.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  alerts = alerts_json(db);
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[1]["count"], 6);

  const std::string stop_id = std::to_string(alerts[2]["id"].get<int>());
  r = run_command({bin(), "alerts", "ack", stop_id, "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "alert " + stop_id + ": acknowledged\n");
  EXPECT_EQ(alerts_json(db)[2]["state"], "acknowledged");
  r = run_command({bin(), "alerts", "close", stop_id, "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(alerts_json(db).size(), 2u);  // closed alerts are hidden unless --all
  EXPECT_EQ(alerts_json(db, true).size(), 3u);
  r = run_command({bin(), "alerts", "ack", "999", "--db", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "otscope: error: no alert 999 in '" + db + "'\n");

  r = run_command({bin(), "alerts", "--db", db, "--csv"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "id,severity,state,time,rule,protocol,src,dst,function,count,last_seen,summary\r");
}

TEST(DetectionCli, LearnEnforceAcceptExportImport) {
  test::TempDir dir;
  const std::string db = (dir.path() / "plant.db").string();
  auto r = run_command({bin(), "baseline", "learn", "--db", db, pcap("demo_plant.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("otscope: learned 7 paths, 19 functions from 1 capture", 0), 0u) << r.out;

  // Normal operation against its own baseline: no alert.
  r = run_command({bin(), "analyze", "--db", db, "--json", pcap("demo_plant.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["alerts"], 0);
  EXPECT_TRUE(alerts_json(db).empty());

  // The intruder is new; accepting its alert makes it part of the baseline.
  r = run_command(
      {bin(), "analyze", "--db", db, "-q", pcap("attack_dnp3_disable_unsolicited.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json alerts = alerts_json(db);
  ASSERT_EQ(alerts.size(), 2u);
  json master;
  for (const json& a : alerts)
    if (a["rule"] == "baseline.new_master") master = a;
  ASSERT_FALSE(master.is_null());
  const std::string id = std::to_string(master["id"].get<int>());
  r = run_command({bin(), "alerts", "accept", id, "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "alert " + id + ": 1 baseline entry added; alert closed\n");

  // Export, and import into a fresh database: the same baseline.
  const std::string exported = (dir.path() / "baseline.json").string();
  r = run_command({bin(), "baseline", "export", exported, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(std::ifstream(exported));
  EXPECT_EQ(doc["otscope_baseline"], 1);
  EXPECT_EQ(doc["links"].size(), 8u);
  const std::string other = (dir.path() / "other.db").string();
  r = run_command({bin(), "baseline", "import", exported, "--db", other});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "otscope: imported 8 paths, 20 functions; baseline in '" + other +
                       "' now holds 8 paths, 20 functions, 3 value points\n");
  r = run_command({bin(), "baseline", "export", "-", "--db", other});
  EXPECT_EQ(json::parse(r.out), doc);

  // The accepted intruder's DISABLE_UNSOLICITED is now known: the command still raises its
  // alert (always), at low severity; nothing is new any more.
  r = run_command(
      {bin(), "analyze", "--db", other, "-q", pcap("attack_dnp3_disable_unsolicited.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  alerts = alerts_json(other);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["rule"], "dnp3.disable_unsolicited");
  EXPECT_EQ(alerts[0]["severity"], "low");

  // A damaged file is refused with the place of the problem.
  write_file(exported, R"({"otscope_baseline": 1, "links": [{"protocol": "modbus"}]})");
  r = run_command({bin(), "baseline", "import", exported, "--db", other});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "otscope: error: " + exported + ": links[0]: missing 'client'\n");
}

TEST(DetectionCli, SyslogToALocalCollector) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string target = "udp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  auto r = run_command({bin(), "analyze", "--no-db", "-q", "--syslog", target,
                        pcap("attack_dnp3_cold_restart.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> messages;
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 1000) == 1) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    messages.emplace_back(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  ASSERT_EQ(messages.size(), 2u);
  std::sort(messages.begin(), messages.end());
  EXPECT_NE(messages[0].find("|dnp3.restart|Outstation restart command|8|"), std::string::npos)
      << messages[0];
  EXPECT_NE(messages[1].find("|device.restart_observed|"), std::string::npos) << messages[1];
  r = run_command({bin(), "analyze", "--no-db", "--syslog", "ftp://x", pcap("demo_plant.pcap")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "otscope: error: invalid syslog target 'ftp://x' (expected udp://HOST:PORT or "
            "tcp://HOST:PORT)\n");
}

TEST(DetectionCli, RulesAndHelp) {
  auto r = run_command({bin(), "rules", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  const json rules = json::parse(r.out);
  EXPECT_GE(rules.size(), 40u);
  for (const char* cmd : {"alerts", "baseline"}) {
    r = run_command({bin(), cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
  }
  r = run_command({bin(), "analyze", "--help"});
  for (const char* option : {"--policy", "--alerts-jsonl", "--syslog"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

}  // namespace
}  // namespace otscope

namespace otscope {
namespace {

// `alerts export-pcap`: the evidence frame of a PLC stop and its connection's handshake, read
// again from the original capture, in a pcap that otscope (and Wireshark) reads: analysed, it
// raises the same alert, from the same message, at the same time.
TEST(EvidencePcap, ThePlcStopsFrameAndItsHandshakeRaiseTheSameAlertAgain) {
  test::TempDir dir;
  const std::string db = (dir.path() / "a.db").string();
  // The capture is copied in, so the test can move it away afterwards.
  const std::string capture = (dir.path() / "attack_plc_stop.pcap").string();
  std::filesystem::copy_file(pcap("attack_plc_stop.pcap"), capture);
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, capture}).exit_code, 0);
  const json alerts = alerts_json(db);
  ASSERT_EQ(alerts.size(), 1u);
  ASSERT_EQ(alerts[0]["rule"], "s7.plc_stop");
  const std::string id = std::to_string(alerts[0]["id"].get<std::int64_t>());
  const json& evidence = alerts[0]["evidence"][0];

  const std::string out = (dir.path() / "evidence.pcap").string();
  auto r = run_command({bin(), "alerts", "export-pcap", id, "-o", out, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 evidence frame and 3 handshake frames"), std::string::npos) << r.out;

  // Analysed on its own, the evidence raises the same alert from its frame 4 (after SYN,
  // SYN-ACK and ACK), with the original time.
  const std::string again = (dir.path() / "again.db").string();
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", again, out}).exit_code, 0);
  const json replayed = alerts_json(again);
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(replayed[0]["rule"], "s7.plc_stop");
  EXPECT_EQ(replayed[0]["evidence"][0]["frame"], 4);
  EXPECT_EQ(replayed[0]["evidence"][0]["time"], evidence["time"]);
  EXPECT_EQ(replayed[0]["evidence"][0]["summary"], evidence["summary"]);

  // Moved since: a one-line error, then --captures-dir finds it by name.
  const std::filesystem::path moved = dir.path() / "archive";
  std::filesystem::create_directories(moved);
  std::filesystem::rename(capture, moved / "attack_plc_stop.pcap");
  auto gone = run_command({bin(), "alerts", "export-pcap", id, "-o", out, "--db", db});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("cannot read capture"), std::string::npos) << gone.err;
  EXPECT_EQ(std::count(gone.err.begin(), gone.err.end(), '\n'), 1) << gone.err;
  auto found = run_command({bin(), "alerts", "export-pcap", id, "-o", out, "--db", db,
                            "--captures-dir", moved.string()});
  EXPECT_EQ(found.exit_code, 0) << found.err;

  auto none = run_command({bin(), "alerts", "export-pcap", "999", "-o", out, "--db", db});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no alert 999"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace otscope
