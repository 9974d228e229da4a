// A protocol added in one folder: the toy protocol (tests/toy/toy.*) is registered by
// register.cpp, linked into this test and into a copy of the otscope CLI, and nothing outside
// tests/toy names it. The engine counts and aggregates it, detection raises its command rule and
// judges it by the policy's [toy] section, the database stores it, the JSON and the CLI print it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/listings.h"
#include "cli/run.h"
#include "cli/summary.h"
#include "db/alert_store.h"
#include "db/database.h"
#include "engine/engine.h"
#include "model/detection/alert.h"
#include "model/detection/rules.h"
#include "protocols/registry.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"
#include "tests/toy/toy.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::Frame;

constexpr const char* kHmi = "10.0.0.10";
constexpr const char* kController = "10.0.0.20";
constexpr const char* kRogue = "10.0.0.66";

Frame message(std::uint8_t function, std::uint8_t unit, const Frame& payload) {
  Frame m(4 + payload.size());
  m[0] = toy::kMagic;
  m[1] = static_cast<std::uint8_t>(m.size());
  m[2] = function;
  m[3] = unit;
  std::copy(payload.begin(), payload.end(), m.begin() + 4);
  return m;
}

// One TCP connection from `client` to the controller, handshake first, then each request and
// its response.
struct Conversation {
  std::string client;
  std::uint16_t port;
  std::vector<std::pair<Frame, Frame>> exchanges;
};

void add(std::vector<test::TimedFrame>& out, std::int64_t& ts, const Conversation& c) {
  const std::string cmac = c.client == kHmi ? "02:00:00:00:00:10" : "02:00:00:00:00:66";
  const std::string smac = "02:00:00:00:00:20";
  std::uint32_t cseq = 1000, sseq = 5000;
  auto to_server = [&](std::uint8_t flags, const Frame& payload) {
    out.push_back(
        {ts += 1000, test::ethernet(cmac, smac, 0x0800,
                                    test::ipv4(c.client, kController, 6,
                                               test::tcp_segment(c.port, toy::kPort, cseq, sseq,
                                                                 flags, payload)))});
    cseq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
  };
  auto to_client = [&](std::uint8_t flags, const Frame& payload) {
    out.push_back(
        {ts += 1000, test::ethernet(smac, cmac, 0x0800,
                                    test::ipv4(kController, c.client, 6,
                                               test::tcp_segment(toy::kPort, c.port, sseq, cseq,
                                                                 flags, payload)))});
    sseq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
  };
  to_server(0x02, {});  // SYN
  to_client(0x12, {});  // SYN ACK
  to_server(0x10, {});
  for (const auto& [request, response] : c.exchanges) {
    to_server(0x18, request);
    to_client(0x18, response);
  }
}

/// The HMI reads, writes and identifies the controller; a rogue host stops it.
std::string write_capture(const std::filesystem::path& dir) {
  const Frame vendor = {'T', 'o', 'y', 'W', 'o', 'r', 'k', 's'};
  Conversation hmi{kHmi, 40000, {}};
  for (int i = 0; i < 5; ++i)
    hmi.exchanges.push_back({message(toy::kRead, 1, {0, 10, 0, 4}),
                             message(toy::kRead | toy::kResponseBit, 1, {0, 1, 0, 2, 0, 3, 0, 4})});
  hmi.exchanges.push_back({message(toy::kWrite, 1, {0, 10, 0, 1, 0, 42}),
                           message(toy::kWrite | toy::kResponseBit, 1, {})});
  hmi.exchanges.push_back(
      {message(toy::kIdentify, 1, {}), message(toy::kIdentify | toy::kResponseBit, 1, vendor)});
  Conversation rogue{kRogue, 40001, {}};
  rogue.exchanges.push_back(
      {message(toy::kStop, 1, {}), message(toy::kStop | toy::kResponseBit, 1, {})});
  std::vector<test::TimedFrame> frames;
  std::int64_t ts = 1'700'000'000'000'000;
  add(frames, ts, hmi);
  add(frames, ts, rogue);
  const std::string path = (dir / "toy.pcap").string();
  test::write_file(path, test::pcap_file(1, frames));
  return path;
}

class ToyProtocol : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("otscope-toy-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    capture_ = write_capture(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string capture_;
};

TEST_F(ToyProtocol, IsOneMoreRegisteredProtocolWithItsCommandRule) {
  const auto toy = find_protocol("toy");
  ASSERT_TRUE(toy.has_value());
  EXPECT_EQ(*toy, toy::kProtocol);
  EXPECT_EQ(toy->index(), protocol_count() - 1) << "registered after the built-in protocols";
  EXPECT_EQ(select_protocols({"toy"}).size(), 1u);
  const detection::Rule* stop = detection::find_rule("toy.stop");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->severity, Severity::Critical);
  EXPECT_EQ(stop->technique, "T0858");
  EXPECT_EQ(detection::rule_of(toy::kStopCommand), stop->id);
}

TEST_F(ToyProtocol, TheEngineCountsAggregatesAndIdentifiesIt) {
  const AnalysisResult r = analyze_captures({capture_});
  ASSERT_TRUE(r.protocols.count("toy"));
  const ProtocolStats& stats = r.protocols.at("toy");
  EXPECT_EQ(stats.messages, 16u);  // 8 requests, 8 responses
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.functions.at(toy::kRead), 10u);
  EXPECT_EQ(stats.functions.at(toy::kStop), 2u);

  const auto reads = r.find_operations(toy::kProtocol, toy::kRead);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]->function_name, "Read");
  EXPECT_EQ(reads[0]->requests, 5u);
  EXPECT_EQ(reads[0]->responses, 5u);
  ASSERT_EQ(reads[0]->ranges.size(), 1u);
  EXPECT_EQ(reads[0]->ranges[0].space, "register");
  EXPECT_EQ(reads[0]->ranges[0].start, 10u);
  EXPECT_EQ(reads[0]->ranges[0].count, 4u);
  EXPECT_EQ(r.identity(IpAddress::v4(0x0A000014), "vendor"), "ToyWorks");
  ASSERT_TRUE(std::any_of(r.links.begin(), r.links.end(),
                          [](const LinkRecord& l) { return l.protocol == "toy"; }));
}

TEST_F(ToyProtocol, DetectionRaisesItsCommandAndJudgesItByThePolicy) {
  const std::string policy = (dir_ / "policy.toml").string();
  std::ofstream(policy) << "[toy]\nmasters = [\"" << kHmi << "\"]\n";
  const std::string db = (dir_ / "toy.db").string();
  cli::OfflineOptions options;
  options.db = db;
  options.detection.policy = policy;
  cli::OfflineRun run(options, {capture_});
  const cli::RunOutcome outcome = run.run();
  ASSERT_TRUE(outcome.database_error.empty()) << outcome.database_error;

  const Database database = Database::open_readonly(db);
  json alerts = json::array();
  for (const detection::StoredAlert& a : detection::load_alerts(database))
    alerts.push_back(detection::alert_json(a.alert, a.id, a.state));
  auto has = [&](const std::string& rule, const std::string& src) {
    return std::any_of(alerts.begin(), alerts.end(), [&](const json& a) {
      return a["rule"] == rule && a["protocol"] == "toy" && a["src"] == src;
    });
  };
  EXPECT_TRUE(has("toy.stop", kRogue)) << alerts.dump(2);
  EXPECT_TRUE(has("policy.unauthorised_master", kRogue)) << alerts.dump(2);
  EXPECT_FALSE(has("policy.unauthorised_master", kHmi)) << alerts.dump(2);
}

TEST_F(ToyProtocol, TheDatabaseAndTheJsonKeepIt) {
  const std::string db = (dir_ / "toy.db").string();
  cli::OfflineOptions options;
  options.db = db;
  cli::OfflineRun run(options, {capture_});
  const cli::RunOutcome outcome = run.run();
  ASSERT_TRUE(outcome.database_error.empty()) << outcome.database_error;
  const json summary = cli::summary_json(outcome.summary, outcome.counts);
  EXPECT_EQ(summary["protocols"]["toy"]["messages"], 16);

  const Database database = Database::open_readonly(db);
  const json ops = cli::operations_json(database);
  const auto stop = std::find_if(ops.begin(), ops.end(), [](const json& o) {
    return o["protocol"] == "toy" && o["function"] == toy::kStop;
  });
  ASSERT_NE(stop, ops.end()) << ops.dump(2);
  EXPECT_EQ((*stop)["function_name"], "Stop");
  EXPECT_EQ((*stop)["class"], "mode_change");
  EXPECT_EQ((*stop)["client"], kRogue);
}

TEST_F(ToyProtocol, TheCliHandlesIt) {
  const std::string cli = OTSCOPE_TOY_CLI;
  const std::string db = (dir_ / "cli.db").string();
  const auto analyze =
      test::run_command({cli, "analyze", "--db", db, "--json", "--protocols", "toy", capture_});
  ASSERT_EQ(analyze.exit_code, 0) << analyze.err;
  const json summary = json::parse(analyze.out);
  EXPECT_EQ(summary["protocols"]["toy"]["messages"], 16);
  EXPECT_GE(summary["alerts"].get<int>(), 1);

  const auto alerts = test::run_command({cli, "alerts", "--db", db, "--json"});
  ASSERT_EQ(alerts.exit_code, 0) << alerts.err;
  EXPECT_NE(alerts.out.find("\"toy.stop\""), std::string::npos) << alerts.out;

  const auto ops = test::run_command({cli, "operations", "--db", db});
  ASSERT_EQ(ops.exit_code, 0) << ops.err;
  EXPECT_NE(ops.out.find("toy"), std::string::npos) << ops.out;

  const auto rules = test::run_command({cli, "rules"});
  EXPECT_NE(rules.out.find("toy.stop"), std::string::npos) << rules.out;

  const auto unknown =
      test::run_command({cli, "analyze", "--no-db", "--protocols", "toys", capture_});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("toy"), std::string::npos) << "the error lists the known protocols";
}

}  // namespace
}  // namespace otscope
