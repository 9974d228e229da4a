// Keeping a sensor bounded: `otscope prune`, `capture --retention`, the `--write` ring buffer
// (`--write-max-size`, `--write-files`).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "capture/pcap_writer.h"
#include "capture/source.h"
#include "common/clock.h"
#include "db/database.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

constexpr std::int64_t kDay = 86'400'000'000;

void sql(const std::string& path, const std::string& statements) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "") << " in " << statements;
  sqlite3_free(error);
  sqlite3_close(db);
}

std::int64_t count(const std::string& path, const std::string& query) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t n = -1;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// A database with a closed alert 200 days old (2 evidence rows), a closed one 3 days old, an open
// one 300 days old, an anomaly 200 days old and one from today.
std::string aged_database(const test::TempDir& dir) {
  const std::string path = (dir.path() / "aged.db").string();
  { Database db = Database::open(path); }
  auto t = [](int days) { return std::to_string(wall_clock_us() - days * kDay); };
  std::string s;
  int id = 0;
  for (auto [state, days, evidence] :
       {std::tuple{"closed", 200, 2}, std::tuple{"closed", 3, 1}, std::tuple{"open", 300, 1}}) {
    ++id;
    s += "INSERT INTO alerts (id, rule, severity, protocol, src_ip, dst_ip, summary, count, "
         "first_seen, last_seen, state) VALUES (" +
         std::to_string(id) + ", 'command.unauthorised_write', 'high', 'modbus', '10.0.0." +
         std::to_string(id) + "', '10.0.0.20', 'write', 1, " + t(days) + ", " + t(days) + ", '" +
         state + "');";
    for (int e = 0; e < evidence; ++e)
      s += "INSERT INTO alert_evidence (alert_id, capture, frame, time, summary) VALUES (" +
           std::to_string(id) + ", 'x.pcap', 1, " + t(days) + ", 'write');";
  }
  s += "INSERT INTO anomalies (protocol, kind, src_ip, dst_ip, detail, count, first_seen, "
       "last_seen) VALUES ('modbus', 'bad_length', '10.0.0.9', '10.0.0.20', '', 1, " +
       t(200) + ", " + t(200) + "), ('modbus', 'bad_length', '10.0.0.8', '10.0.0.20', '', 1, " +
       t(0) + ", " + t(0) + ");";
  sql(path, s);
  return path;
}

TEST(Prune, DryRunCountsThenPruneDeletesOldClosedAlertsAndAnomalies) {
  test::TempDir dir;
  const std::string db = aged_database(dir);
  const std::string bin = test::otscope_binary().string();
  auto dry =
      test::run_command({bin, "prune", "--db", db, "--older-than", "90d", "--dry-run", "--json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  json d = json::parse(dry.out);
  EXPECT_EQ(d["alerts"], 1);
  EXPECT_EQ(d["evidence"], 2);
  EXPECT_EQ(d["anomalies"], 1);
  EXPECT_EQ(d["dry_run"], true);
  EXPECT_EQ(count(db, "SELECT count(*) FROM alerts"), 3);  // unchanged

  auto text = test::run_command({bin, "prune", "--db", db, "--older-than", "90d"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("pruned 1 closed alert (with 2 evidence rows) and 1 anomaly"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(count(db, "SELECT count(*) FROM alerts WHERE id = 1"), 0);
  EXPECT_EQ(count(db, "SELECT count(*) FROM alerts"), 2);  // the recent closed and the open one
  EXPECT_EQ(count(db, "SELECT count(*) FROM alerts WHERE state = 'open'"), 1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM alert_evidence"), 2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM anomalies"), 1);
  // What the listing commands show agrees.
  auto alerts = test::run_command({bin, "alerts", "--db", db, "--json", "--all"});
  ASSERT_EQ(alerts.exit_code, 0) << alerts.err;
  EXPECT_EQ(json::parse(alerts.out).size(), 2u) << alerts.out;

  auto again = test::run_command({bin, "prune", "--db", db, "--older-than", "2w", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)["alerts"], 0);
}

TEST(Prune, RejectsAMalformedAgeAndAMissingDatabase) {
  test::TempDir dir;
  const std::string bin = test::otscope_binary().string();
  const std::string db = (dir.path() / "none.db").string();
  auto bad = test::run_command({bin, "prune", "--db", db, "--older-than", "ninety"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("invalid --older-than"), std::string::npos) << bad.err;
  auto zero = test::run_command({bin, "prune", "--db", db, "--older-than", "0d"});
  EXPECT_EQ(zero.exit_code, 2);
  auto missing = test::run_command({bin, "prune", "--db", db, "--older-than", "9d", "-n"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(db));
}

// Valid pcap files on their own: read to the end, not truncated. Returns the frames.
std::size_t frames_in(const std::string& file) {
  auto src = capture::PcapSource::open_file(file);
  capture::RawFrame frame;
  std::size_t n = 0;
  while (src->next(frame) == capture::PcapSource::Status::Frame) ++n;
  EXPECT_FALSE(src->truncated()) << file;
  return n;
}

std::vector<std::string> files_in(const std::filesystem::path& dir, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (std::regex_match(e.path().filename().string(), re)) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(PcapRing, WriterCapsFileSizeKeepsTheNewestFilesAndContinuesNumberingAfterARestart) {
  test::TempDir dir;
  const std::string path = (dir.path() / "ring.pcap").string();
  std::vector<std::uint8_t> frame(1000, 0xab);
  capture::PcapWriteOptions options{path, 4096, 3};
  {
    capture::PcapWriter writer(options, 1, 65535);
    for (int i = 0; i < 40; ++i)
      writer.write(1'700'000'000 + i, 0, static_cast<std::uint32_t>(frame.size()), 1000,
                   frame.data());
  }
  // 24 + 4 * (16 + 1000) = 4088 bytes: four frames a file, ten files, the newest three kept.
  auto kept = files_in(dir.path(), R"(ring_\d{5}\.pcap)");
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(std::filesystem::path(kept[0]).filename(), "ring_00008.pcap");
  EXPECT_EQ(std::filesystem::path(kept[2]).filename(), "ring_00010.pcap");
  EXPECT_FALSE(std::filesystem::exists(path));
  for (const auto& f : kept) {
    EXPECT_LE(std::filesystem::file_size(f), 4096u) << f;
    EXPECT_EQ(frames_in(f), 4u) << f;
  }
  {
    capture::PcapWriter restarted(options, 1, 65535);
    EXPECT_EQ(std::filesystem::path(restarted.current_file()).filename(), "ring_00011.pcap");
    restarted.write(1'700'000'100, 0, 10, 10, frame.data());
  }
  kept = files_in(dir.path(), R"(ring_\d{5}\.pcap)");
  ASSERT_EQ(kept.size(), 3u);  // the ring spans restarts: 00008 went
  EXPECT_EQ(std::filesystem::path(kept[0]).filename(), "ring_00009.pcap");
  // A record larger than the cap gets a file of its own, whole.
  capture::PcapWriter big({(dir.path() / "big.pcap").string(), 512, 0}, 1, 65535);
  big.write(1, 0, 1000, 1000, frame.data());
  big.write(2, 0, 1000, 1000, frame.data());
  EXPECT_EQ(std::filesystem::path(big.current_file()).filename(), "big_00002.pcap");
}

// Sends `n` UDP datagrams of `size` bytes to 127.0.0.1:port.
void send_udp(std::uint16_t port, int n, std::size_t size) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<char> payload(size, 'x');
  for (int i = 0; i < n; ++i) {
    sendto(s, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  close(s);
}

struct Live {
  bool skipped = false;
  test::CommandResult result;
};

// `otscope capture -i lo --filter 'udp port P' ARGS` while 300 datagrams of 600 bytes flow.
Live capture_udp(std::uint16_t port, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {
      test::otscope_binary().string(),   "capture", "-i", "lo", "--filter",
      "udp port " + std::to_string(port)};
  argv.insert(argv.end(), args.begin(), args.end());
  test::Spawned cap = test::spawn_command(argv);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  Live live;
  int status = 0;
  if (waitpid(cap.pid, &status, WNOHANG) == cap.pid) {
    live.result.err = test::read_all(cap.err_fd);
    live.skipped = live.result.err.find("CAP_NET_RAW") != std::string::npos ||
                   live.result.err.find("ermission") != std::string::npos;
    if (!live.skipped) ADD_FAILURE() << "otscope capture exited early: " << live.result.err;
    return live;
  }
  send_udp(port, 300, 600);
  live.result.out = test::read_all(cap.out_fd);
  live.result.err = test::read_all(cap.err_fd);
  live.result.exit_code = test::wait_exit(cap.pid);
  return live;
}

TEST(PcapRing, LiveCaptureWritesARingOfValidSizeCappedFiles) {
  test::TempDir dir;
  const std::uint16_t port = static_cast<std::uint16_t>(17000 + getpid() % 1000);
  const std::string db = (dir.path() / "ring.db").string();
  const std::string out = (dir.path() / "live.pcap").string();
  Live live = capture_udp(port, {"--db", db, "--duration", "4", "--json", "-w", out,
                                 "--write-max-size", "8K", "--write-files", "4"});
  if (live.skipped) GTEST_SKIP() << "live capture not permitted here: " << live.result.err;
  ASSERT_EQ(live.result.exit_code, 0) << live.result.err;
  const json j = json::parse(live.result.out);
  ASSERT_GE(j["packets"].get<int>(), 300) << live.result.out;
  // 300 records of 16 + 642 bytes need 25 files of 8 KiB: the newest 4 are kept.
  const auto kept = files_in(dir.path(), R"(live_\d{5}\.pcap)");
  ASSERT_EQ(kept.size(), 4u);
  EXPECT_GE(std::stoi(std::filesystem::path(kept[0]).stem().string().substr(5)), 20) << kept[0];
  std::size_t frames = 0;
  for (const auto& f : kept) {
    EXPECT_LE(std::filesystem::file_size(f), 8192u) << f;
    frames += frames_in(f);
  }
  EXPECT_GE(frames, 3u * 12u);
}

TEST(Retention, LiveCapturePrunesOldRowsWhileRunning) {
  test::TempDir dir;
  const std::string db = aged_database(dir);
  const std::uint16_t port = static_cast<std::uint16_t>(18000 + getpid() % 1000);
  Live live = capture_udp(port, {"--db", db, "--duration", "3", "--flush-interval", "1",
                                 "--retention", "30d", "--json"});
  if (live.skipped) GTEST_SKIP() << "live capture not permitted here: " << live.result.err;
  ASSERT_EQ(live.result.exit_code, 0) << live.result.err;
  const json j = json::parse(live.result.out);
  EXPECT_EQ(j["pruned"]["alerts"], 1) << live.result.out;
  EXPECT_EQ(j["pruned"]["anomalies"], 1) << live.result.out;
  EXPECT_EQ(count(db, "SELECT count(*) FROM alerts"), 2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM alerts WHERE state = 'open'"), 1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM anomalies WHERE src_ip = '10.0.0.8'"), 1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM capture_runs"), 1);
}

}  // namespace
}  // namespace otscope
