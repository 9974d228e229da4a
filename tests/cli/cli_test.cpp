// The otscope command as a user and a script see it: exit codes, one-line errors, JSON keys,
// merging re-runs, spreadsheet-safe CSV.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/format.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::Frame;
using test::run_command;

std::string bin() {
  return test::otscope_binary().string();
}

// A capture with one Modbus/TCP poll (read holding registers) and its answer, after a handshake.
std::vector<std::uint8_t> modbus_capture() {
  auto frame = [](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  Frame payload) {
    return test::ethernet(
        c2s ? "00:1c:06:00:00:01" : "00:80:f4:00:00:02",
        c2s ? "00:80:f4:00:00:02" : "00:1c:06:00:00:01", 0x0800,
        test::ipv4(
            c2s ? "10.0.0.10" : "10.0.0.20", c2s ? "10.0.0.20" : "10.0.0.10", 6,
            test::tcp_segment(c2s ? 50000 : 502, c2s ? 502 : 50000, seq, ack, flags, payload)));
  };
  const Frame req = test::hex("0001 0000 0006 01 03 0000 0002");
  const Frame resp = test::hex("0001 0000 0007 01 03 04 000a 000b");
  std::vector<test::TimedFrame> frames = {
      {1'772'438'400'000'000, frame(true, 100, 0, 0x02, {})},
      {1'772'438'400'001'000, frame(false, 500, 101, 0x12, {})},
      {1'772'438'400'002'000, frame(true, 101, 501, 0x10, {})},
      {1'772'438'400'003'000, frame(true, 101, 501, 0x18, req)},
      {1'772'438'400'004'000, frame(false, 501, 113, 0x18, resp)},
  };
  return test::pcap_file(1, frames);
}

TEST(Cli, HelpOnEveryCommand) {
  for (const char* cmd :
       {"analyze", "capture", "assets", "links", "operations", "anomalies", "runs"}) {
    auto r = run_command({bin(), cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("--db"), std::string::npos) << cmd;
  }
  auto r = run_command({bin(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("analyze"), std::string::npos);
}

TEST(Cli, MissingCaptureIsOneLineAndNonZero) {
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  auto r = run_command({bin(), "analyze", "--db", db, "/no/such/file.pcap"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("/no/such/file.pcap"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(db)) << "a typo must not create a database";
}

TEST(Cli, CorruptCaptureIsOneLineAndNonZero) {
  test::TempDir dir;
  const std::string bad = (dir.path() / "bad.pcap").string();
  test::write_file(bad, std::vector<std::uint8_t>(64, 0x5a));
  auto r = run_command({bin(), "analyze", "--no-db", bad});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("not a pcap or pcapng file"), std::string::npos) << r.err;
}

TEST(Cli, NotADatabaseIsRefused) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  const std::string notdb = (dir.path() / "notes.txt").string();
  std::ofstream(notdb) << "shopping list\n";
  auto r = run_command({bin(), "analyze", "--db", notdb, cap});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("notes.txt"), std::string::npos) << r.err;
  auto l = run_command({bin(), "assets", "--db", (dir.path() / "missing.db").string()});
  EXPECT_NE(l.exit_code, 0);
}

TEST(Cli, AnalyzeJsonHasTheStableKeys) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  auto r = run_command({bin(), "analyze", "--db", (dir.path() / "o.db").string(), "--json", cap});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  for (const char* key : {"packets", "bytes", "protocols", "assets", "links", "alerts"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["packets"], 5);
  EXPECT_EQ(j["assets"], 2);
  EXPECT_EQ(j["links"], 1);
  const json& modbus = j["protocols"]["modbus"];
  EXPECT_EQ(modbus["messages"], 2);
  EXPECT_EQ(modbus["functions"]["3"], 2);
  EXPECT_EQ(modbus["malformed"], 0);
  for (const char* p : {"dnp3", "s7comm", "s7comm_plus"})
    EXPECT_TRUE(j["protocols"].contains(p)) << p;
}

TEST(Cli, ProtocolsOptionChoosesTheDecoders) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  auto only_dnp3 = run_command({bin(), "analyze", "--no-db", "--json", "--protocols", "dnp3", cap});
  ASSERT_EQ(only_dnp3.exit_code, 0) << only_dnp3.err;
  json j = json::parse(only_dnp3.out);
  // Modbus is not decoded, and its port carrying Modbus is not reported as foreign traffic.
  EXPECT_EQ(j["protocols"]["modbus"]["messages"], 0);
  EXPECT_EQ(j["protocols"]["modbus"]["malformed"], 0);
  EXPECT_EQ(j["links"], 1);

  auto both =
      run_command({bin(), "analyze", "--no-db", "--json", "--protocols", "dnp3,modbus", cap});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(json::parse(both.out)["protocols"]["modbus"]["messages"], 2);

  auto typo = run_command({bin(), "analyze", "--db", (dir.path() / "t.db").string(), "--protocols",
                           "modbus,bitbus", cap});
  EXPECT_EQ(typo.exit_code, 2);
  // The known ones in probe order, the built-in ones first.
  EXPECT_NE(typo.err.find("unknown protocol 'bitbus' (known: modbus, dnp3, "), std::string::npos)
      << typo.err;
  EXPECT_NE(typo.err.find("profinet_dcp"), std::string::npos) << typo.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "t.db"));  // refused before any work
}

TEST(Cli, ReRunMergesInsteadOfDuplicating) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  const std::string db = (dir.path() / "o.db").string();
  test::write_file(cap, modbus_capture());
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, cap}).exit_code, 0);
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, cap}).exit_code, 0);
  auto assets = json::parse(run_command({bin(), "assets", "--db", db, "--json"}).out);
  ASSERT_EQ(assets.size(), 2u);
  auto links = json::parse(run_command({bin(), "links", "--db", db, "--json"}).out);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0]["packets"], 10);
  EXPECT_EQ(links[0]["flows"], 2);
  EXPECT_EQ(links[0]["port"], 502);
  EXPECT_EQ(links[0]["protocol"], "modbus");
  EXPECT_EQ(links[0]["first_seen"], "2026-03-02T08:00:00.000000Z");
  auto ops = json::parse(run_command({bin(), "operations", "--db", db, "--json"}).out);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0]["requests"], 2);
  EXPECT_EQ(ops[0]["responses"], 2);
  EXPECT_EQ(ops[0]["client"], "10.0.0.10");
  EXPECT_EQ(ops[0]["server"], "10.0.0.20");
  auto runs = json::parse(run_command({bin(), "runs", "--db", db, "--json"}).out);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1]["status"], "complete");
  EXPECT_EQ(runs[1]["packets"], 5);
}

TEST(Cli, AssetsAsCsvAndText) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  const std::string db = (dir.path() / "o.db").string();
  test::write_file(cap, modbus_capture());
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, cap}).exit_code, 0);
  auto csv = run_command({bin(), "assets", "--db", db, "--csv"});
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("id,ip,mac,mac_vendor", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("TELEMECANIQUE ELECTRIQUE"), std::string::npos)
      << "MAC vendor of 00:80:f4 from ieee-data";
  auto text = run_command({bin(), "assets", "--db", db});
  EXPECT_NE(text.out.find("10.0.0.20"), std::string::npos);
}

TEST(Cli, CsvCellsCannotBecomeFormulas) {
  EXPECT_EQ(cli::csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(cli::csv_cell("+1"), "'+1");
  EXPECT_EQ(cli::csv_cell("-2"), "'-2");
  EXPECT_EQ(cli::csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(cli::csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(cli::csv_cell("PLC_1"), "PLC_1");
}

TEST(Cli, StandardInputIsACapture) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  auto r = run_command({"/bin/sh", "-c", bin() + " analyze --no-db --json - < " + cap});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["packets"], 5);
}

TEST(Cli, SeveralFilesInOrder) {
  test::TempDir dir;
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  auto r = run_command({bin(), "analyze", "--no-db", "--json", cap, cap});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["packets"], 10);
  EXPECT_EQ(j["captures"].size(), 2u);
}

TEST(Cli, CaptureCutShortExitsOneAndKeepsWhatWasRead) {
  // README: exit code 1 when a capture failed while being read; what was read before is kept.
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string cut = (dir.path() / "cut.pcap").string();
  std::vector<std::uint8_t> bytes = modbus_capture();
  bytes.resize(bytes.size() - 10);  // the answer is cut short
  test::write_file(cut, bytes);
  auto r = run_command({bin(), "analyze", "--db", db, "--json", cut});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("otscope: error: capture '" + cut + "' ends in the middle of a packet"),
            std::string::npos)
      << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["packets"], 4);
  EXPECT_EQ(j["captures"][0]["truncated"], true);
  ASSERT_EQ(j["errors"].size(), 1u);
  auto runs = json::parse(run_command({bin(), "runs", "--db", db, "--json"}).out);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["status"], "interrupted");
  EXPECT_EQ(runs[0]["packets"], 4);
}

TEST(Cli, DemoPlantCutInAPacketExitsOneAndStoresWhatWasRead) {
  // Hardening issue: a pcap cut in the middle of a packet must not exit 0.
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string cut = (dir.path() / "demo_cut.pcap").string();
  std::filesystem::copy_file(test::project_pcaps() / "demo_plant.pcap", cut);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2 + 1);
  auto r = run_command({bin(), "analyze", "--db", db, "--json", cut});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(cut), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
  json j = json::parse(r.out);
  EXPECT_GT(j["packets"].get<int>(), 0);
  auto assets = json::parse(run_command({bin(), "assets", "--db", db, "--json"}).out);
  EXPECT_FALSE(assets.empty()) << "what was read before the cut is stored";
  EXPECT_EQ(assets.size(), j["assets"].get<std::size_t>());
  auto runs = json::parse(run_command({bin(), "runs", "--db", db, "--json"}).out);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["status"], "interrupted");
  EXPECT_EQ(runs[0]["packets"], j["packets"]);
}

TEST(Cli, RunRecordThatCannotBeWrittenExitsThreeWithOneLine) {
  // Hardening issue: a database write failing at begin_run (there: a full disk) aborted with
  // "terminate called after throwing 'otscope::DbError'" (exit 134). Here the write of the run
  // record fails because another writer holds the lock byte of every next run id.
  test::TempDir dir;
  const std::string db = (dir.path() / "x.db").string();
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, cap}).exit_code, 0);  // run 1
  const int fd = ::open((db + "-lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 2;  // run ids 2, 3, ...
  fl.l_len = 0;
  ASSERT_EQ(::fcntl(fd, F_OFD_SETLK, &fl), 0);
  auto r = run_command({bin(), "analyze", "--db", db, cap});
  ::close(fd);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("otscope: error: cannot record a capture run in database '" + db + "'"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  // Nothing of the run was stored: still the one earlier run, its counts unchanged.
  auto runs = json::parse(run_command({bin(), "runs", "--db", db, "--json"}).out);
  ASSERT_EQ(runs.size(), 1u);
  auto ops = json::parse(run_command({bin(), "operations", "--db", db, "--json"}).out);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0]["requests"], 1);
}

TEST(Cli, LiveStartThatFailsLeavesNoDatabase) {
  // Hardening issue: `otscope capture` on an interface that cannot be opened (or with a bad
  // filter) left an empty database behind. Works without privileges: whatever libpcap reports
  // (no such device, no permission, a filter that does not compile), no file may remain.
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  auto r = run_command({bin(), "capture", "-i", "otscope-no-such-if0", "--db", db});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("otscope-no-such-if0"), std::string::npos) << r.err;
  r = run_command({bin(), "capture", "-i", "lo", "--filter", "tcp port nonsense((", "--db", db,
                   "--duration", "1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()))
      << std::filesystem::directory_iterator(dir.path())->path();
  // A database that was there before stays, with what it held.
  const std::string cap = (dir.path() / "m.pcap").string();
  test::write_file(cap, modbus_capture());
  ASSERT_EQ(run_command({bin(), "analyze", "-q", "--db", db, cap}).exit_code, 0);
  r = run_command({bin(), "capture", "-i", "otscope-no-such-if0", "--db", db});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  auto runs = json::parse(run_command({bin(), "runs", "--db", db, "--json"}).out);
  EXPECT_EQ(runs.size(), 1u);
}

}  // namespace
}  // namespace otscope
