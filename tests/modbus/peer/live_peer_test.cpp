// A real peer: Debian's libmodbus client and server exchange every function libmodbus offers over
// loopback while `otscope capture -i lo` listens. otscope must decode exactly what the client
// did, and the same bytes replayed offline (saved with --write) must give the same figures.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

void expect_matches_peer(const json& summary, const json& peer, const std::string& what) {
  const json& modbus = summary["protocols"]["modbus"];
  std::uint64_t total = 0;
  for (const auto& [fc, n] : peer["requests"].items()) {
    // Every request is answered (normally or with an exception): two ADUs per request.
    EXPECT_EQ(modbus["functions"][fc], 2 * n.get<int>()) << what << " function " << fc;
    total += 2 * n.get<std::uint64_t>();
  }
  EXPECT_EQ(modbus["functions"].size(), peer["requests"].size()) << what;
  EXPECT_EQ(modbus["messages"], total) << what;
  EXPECT_EQ(modbus["malformed"], 0) << what;
}

/// Gives a capture just started 1.5 s to open the interface: what it printed if it has already
/// exited (a missing CAP_NET_RAW, a bad filter), else "".
std::string exited_early(const test::Spawned& cap) {
  if (cap.pid <= 0) return "could not start otscope capture";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  int status = 0;
  if (waitpid(cap.pid, &status, WNOHANG) != cap.pid) return {};
  const std::string err = test::read_all(cap.err_fd);
  return err.empty() ? "exited without a message" : err;
}

TEST(ModbusPeer, LiveLoopbackCaptureMatchesWhatTheClientDid) {
  test::TempDir dir;
  const int port = 16000 + getpid() % 1000;
  const std::string db = (dir.path() / "live.db").string();
  const std::string saved = (dir.path() / "live.pcap").string();
  test::Spawned cap = test::spawn_command(
      {test::otscope_binary().string(), "capture", "-i", "lo", "--db", db, "--filter",
       "tcp port " + std::to_string(port), "--duration", "6", "--json", "--write", saved});
  const std::string early = exited_early(cap);
  if (early.find("CAP_NET_RAW") != std::string::npos ||
      early.find("ermission") != std::string::npos)
    GTEST_SKIP() << "live capture not permitted here: " << early;
  ASSERT_TRUE(early.empty()) << "otscope capture exited early: " << early;
  auto peer_run = test::run_command(
      {OTSCOPE_MODBUS_PEER, "--port", std::to_string(port), "--count", "5", "--unit", "7"});
  ASSERT_EQ(peer_run.exit_code, 0) << peer_run.err;
  const json peer = json::parse(peer_run.out);
  const std::string out = test::read_all(cap.out_fd);
  const std::string err = test::read_all(cap.err_fd);
  ASSERT_EQ(test::wait_exit(cap.pid), 0) << err;
  const json live = json::parse(out);
  expect_matches_peer(live, peer, "live");

  // The exception the server sent is on the read-holding-registers operation.
  auto ops = json::parse(
      test::run_command({test::otscope_binary().string(), "operations", "--db", db, "--json"}).out);
  int exceptions = 0;
  for (const auto& op : ops) {
    EXPECT_EQ(op["unit"], 7);
    EXPECT_EQ(op["server"], "127.0.0.1");
    if (op["function"] == 3) exceptions += op["exceptions"].get<int>();
  }
  EXPECT_EQ(exceptions, peer["exceptions"]["3"].get<int>());

  auto replay =
      test::run_command({test::otscope_binary().string(), "analyze", "--no-db", "--json", saved});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const json offline = json::parse(replay.out);
  expect_matches_peer(offline, peer, "offline");
  EXPECT_EQ(offline["protocols"]["modbus"], live["protocols"]["modbus"]);
}

// Live capture keeps its flows' recent packets: a new alert stores its evidence packets in the
// database, so `alerts export-pcap` works without a saved capture, and the exported packets raise
// the same alert from the same message. (Between the evidence packets of one connection the
// export leaves out the rest of the stream: a reader sees gaps, so the times at which the
// messages are delivered again may differ.)
TEST(ModbusPeer, ALiveAlertStoresItsEvidencePacketsForExport) {
  test::TempDir dir;
  const int port = 17000 + getpid() % 1000;
  const std::string db = (dir.path() / "live.db").string();
  const std::string bin = test::otscope_binary().string();
  test::Spawned cap = test::spawn_command({bin, "capture", "-i", "lo", "--db", db, "--filter",
                                           "tcp port " + std::to_string(port), "--duration", "6"});
  const std::string early = exited_early(cap);
  if (early.find("CAP_NET_RAW") != std::string::npos ||
      early.find("ermission") != std::string::npos)
    GTEST_SKIP() << "live capture not permitted here: " << early;
  ASSERT_TRUE(early.empty()) << "otscope capture exited early: " << early;
  auto peer_run = test::run_command(
      {OTSCOPE_MODBUS_PEER, "--port", std::to_string(port), "--count", "2", "--unit", "7"});
  ASSERT_EQ(peer_run.exit_code, 0) << peer_run.err;
  const std::string err = test::read_all(cap.err_fd);
  ASSERT_EQ(test::wait_exit(cap.pid), 0) << err;

  auto listed = test::run_command({bin, "alerts", "--db", db, "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  json write;
  for (const json& a : json::parse(listed.out))
    if (a["rule"] == "command.unverified_write") write = a;
  ASSERT_FALSE(write.is_null()) << listed.out;
  const json& evidence = write["evidence"][0];
  EXPECT_EQ(evidence["capture"], "live:lo");

  const std::string out = (dir.path() / "evidence.pcap").string();
  auto r =
      test::run_command({bin, "alerts", "export-pcap",
                         std::to_string(write["id"].get<std::int64_t>()), "-o", out, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("kept by the live capture"), std::string::npos) << r.out;
  // Every evidence frame was kept, however many packets the connection carried afterwards.
  std::set<std::uint64_t> frames;
  for (const json& e : write["evidence"]) frames.insert(e["frame"].get<std::uint64_t>());
  EXPECT_NE(r.out.find(": " + std::to_string(frames.size()) + " evidence frame"), std::string::npos)
      << r.out;

  const std::string again = (dir.path() / "again.db").string();
  ASSERT_EQ(test::run_command({bin, "analyze", "-q", "--db", again, out}).exit_code, 0);
  auto replayed = test::run_command({bin, "alerts", "--db", again, "--json"});
  ASSERT_EQ(replayed.exit_code, 0) << replayed.err;
  bool same = false;
  for (const json& a : json::parse(replayed.out))
    if (a["rule"] == "command.unverified_write")
      for (const json& e : a["evidence"]) same = same || e["summary"] == evidence["summary"];
  EXPECT_TRUE(same) << evidence.dump() << "\n" << r.out << replayed.out;
}

}  // namespace
}  // namespace otscope
