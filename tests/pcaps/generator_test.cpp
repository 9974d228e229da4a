// The sample captures in pcaps/ are reproducible from the generator, readable by Wireshark
// without errors or warnings, and the message counts documented in pcaps/README.md (printed by
// `otscope-pcapgen --stats`) are what tshark itself counts in the files.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/test_support.h"

namespace {

namespace fs = std::filesystem;
using otscope::test::project_pcaps;
using otscope::test::run_command;
using otscope::test::TempDir;

const std::vector<std::string> kScenarios = {"demo_plant",
                                             "attack_plc_stop",
                                             "attack_program_download",
                                             "attack_modbus_write",
                                             "attack_modbus_fc_scan",
                                             "attack_dnp3_cold_restart",
                                             "attack_dnp3_disable_unsolicited",
                                             "attack_umas_stop"};

std::vector<std::uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

/// Number of records in a little-endian microsecond pcap; nullopt when the file is not one.
std::optional<std::size_t> pcap_record_count(const std::vector<std::uint8_t>& b) {
  if (b.size() < 24 || le32(b, 0) != 0xA1B2C3D4u || le32(b, 20) != 1) return std::nullopt;
  std::size_t at = 24;
  std::size_t n = 0;
  while (at + 16 <= b.size()) {
    const std::uint32_t incl = le32(b, at + 8);
    if (incl != le32(b, at + 12) || at + 16 + incl > b.size()) return std::nullopt;
    at += 16 + incl;
    ++n;
  }
  if (at != b.size()) return std::nullopt;
  return n;
}

std::optional<fs::path> find_tshark() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir) / "tshark";
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

using CountKey = std::tuple<std::string, std::string, unsigned>;  // protocol, kind, code
using Counts = std::map<CountKey, std::uint64_t>;

/// Parses the "  <protocol> <kind> <code> <count> <name>" lines of `--stats`.
Counts parse_generator_stats(const std::string& text) {
  Counts counts;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string protocol, kind, code;
    std::uint64_t count = 0;
    if (!(fields >> protocol >> kind >> code >> count)) continue;
    if (protocol != "modbus" && protocol != "dnp3" && protocol != "s7" && protocol != "cotp")
      continue;
    counts[{protocol, kind, static_cast<unsigned>(std::stoul(code, nullptr, 0))}] += count;
  }
  return counts;
}

/// The same counts, computed by tshark from the capture (one ICS message per frame here).
Counts tshark_counts(const fs::path& tshark, const fs::path& capture) {
  const std::vector<std::string> fields = {"tcp.dstport",
                                           "modbus.func_code",
                                           "modbus.exception_code",
                                           "dnp3.al.func",
                                           "dnp3.ctl.prifunc",
                                           "dnp3.ctl.secfunc",
                                           "s7comm.header.rosctr",
                                           "s7comm.param.func",
                                           "s7comm.param.userdata.type",
                                           "s7comm.param.userdata.subfunc",
                                           "cotp.type"};
  std::vector<std::string> argv = {tshark.string(), "-r", capture.string(), "-T",
                                   "fields",        "-E", "separator=/t"};
  for (const auto& f : fields) {
    argv.push_back("-e");
    argv.push_back(f);
  }
  const auto result = run_command(argv);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  Counts counts;
  std::istringstream lines(result.out);
  std::string line;
  auto num = [](const std::string& s) { return static_cast<unsigned>(std::stoul(s, nullptr, 0)); };
  while (std::getline(lines, line)) {
    std::vector<std::string> v;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, '\t')) v.push_back(cell);
    v.resize(fields.size());
    const auto& [dport, mb_fc, mb_exc, al_func, prifunc, secfunc, rosctr, s7_func, ud_type,
                 ud_subfunc, cotp_type] =
        std::tie(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    if (!mb_fc.empty()) {
      const char* kind = dport == "502" ? "request" : !mb_exc.empty() ? "exception" : "response";
      ++counts[{"modbus", kind, num(mb_fc)}];
    }
    if (!al_func.empty()) {
      const unsigned fc = num(al_func);
      const char* kind = fc == 0x00   ? "confirm"
                         : fc == 0x82 ? "unsolicited"
                         : fc >= 0x81 ? "response"
                                      : "request";
      ++counts[{"dnp3", kind, fc}];
    } else if (!prifunc.empty() || !secfunc.empty()) {
      ++counts[{"dnp3", "link", num(prifunc.empty() ? secfunc : prifunc)}];
    }
    if (!cotp_type.empty()) {
      const unsigned t = num(cotp_type);
      if (t == 0x0E) ++counts[{"cotp", "connect_request", 0xE0}];
      if (t == 0x0D) ++counts[{"cotp", "connect_confirm", 0xD0}];
    }
    if (!rosctr.empty()) {
      const unsigned r = num(rosctr);
      if (r == 1 || r == 3) ++counts[{"s7", r == 1 ? "job" : "ack_data", num(s7_func)}];
      if (r == 7) {
        const char* kind = num(ud_type) == 4 ? "userdata_request" : "userdata_response";
        ++counts[{"s7", kind, num(ud_subfunc)}];
      }
    }
  }
  return counts;
}

TEST(PcapGenerator, HelpListsEveryScenarioAndBench) {
  const auto result = run_command({OTSCOPE_PCAPGEN, "--help"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const auto& name : kScenarios) EXPECT_NE(result.out.find(name), std::string::npos) << name;
  EXPECT_NE(result.out.find("bench"), std::string::npos);
  EXPECT_NE(result.out.find("all"), std::string::npos);
}

TEST(PcapGenerator, RegeneratedScenariosAreByteIdenticalToCommittedCaptures) {
  TempDir dir;
  const auto result = run_command({OTSCOPE_PCAPGEN, "all", "--out-dir", dir.path().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::size_t written = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().extension(), ".pcap");
    ++written;
  }
  EXPECT_EQ(written, kScenarios.size());
  for (const auto& name : kScenarios) {
    const auto fresh = read_file(dir.path() / (name + ".pcap"));
    const fs::path committed_path = project_pcaps() / (name + ".pcap");
    ASSERT_TRUE(fs::exists(committed_path)) << committed_path << " is missing";
    const auto committed = read_file(committed_path);
    EXPECT_TRUE(pcap_record_count(fresh).has_value()) << name << " is not a valid pcap";
    EXPECT_EQ(fresh.size(), committed.size()) << name;
    EXPECT_TRUE(fresh == committed) << name << ".pcap differs from the committed capture";
  }
}

TEST(PcapGenerator, SingleScenarioCommandWritesTheSameBytesAsAll) {
  TempDir dir;
  const fs::path out = dir.path() / "stop.pcap";
  const auto result = run_command({OTSCOPE_PCAPGEN, "attack_plc_stop", "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(read_file(out) == read_file(project_pcaps() / "attack_plc_stop.pcap"));
}

TEST(PcapGenerator, CommittedCapturesStaySmall) {
  std::uintmax_t total = 0;
  for (const auto& name : kScenarios) {
    const auto size = fs::file_size(project_pcaps() / (name + ".pcap"));
    EXPECT_LT(size, 300u * 1024u) << name;
    total += size;
  }
  EXPECT_LT(total, 2u * 1024u * 1024u);
}

TEST(PcapGenerator, BenchIsDeterministicAndWritesTheRequestedPacketCount) {
  TempDir dir;
  const fs::path first = dir.path() / "first.pcap";
  const fs::path second = dir.path() / "second.pcap";
  for (const auto& out : {first, second}) {
    const auto result = run_command(
        {OTSCOPE_PCAPGEN, "bench", "--packets", "20000", "--flows", "300", "--out", out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  const auto a = read_file(first);
  const auto b = read_file(second);
  EXPECT_TRUE(a == b) << "two bench runs with the same options differ";
  const auto records = pcap_record_count(a);
  ASSERT_TRUE(records.has_value()) << "bench output is not a valid pcap";
  EXPECT_EQ(*records, 20000u);
}

TEST(PcapGenerator, BenchSeedChangesTheCapture) {
  TempDir dir;
  const fs::path a = dir.path() / "a.pcap";
  const fs::path b = dir.path() / "b.pcap";
  ASSERT_EQ(run_command({OTSCOPE_PCAPGEN, "bench", "--packets", "3000", "--flows", "50", "--out",
                         a.string()})
                .exit_code,
            0);
  ASSERT_EQ(run_command({OTSCOPE_PCAPGEN, "bench", "--packets", "3000", "--flows", "50", "--seed",
                         "7", "--out", b.string()})
                .exit_code,
            0);
  EXPECT_EQ(pcap_record_count(read_file(b)), std::optional<std::size_t>(3000));
  EXPECT_FALSE(read_file(a) == read_file(b));
}

TEST(PcapGenerator, TsharkFindsNoMalformedPacketsErrorsOrWarnings) {
  const auto tshark = find_tshark();
  if (!tshark) GTEST_SKIP() << "tshark is not installed";
  for (const auto& name : kScenarios) {
    const fs::path capture = project_pcaps() / (name + ".pcap");
    const auto summary = run_command({tshark->string(), "-r", capture.string()});
    ASSERT_EQ(summary.exit_code, 0) << summary.err;
    EXPECT_EQ(summary.out.find("Malformed"), std::string::npos) << name;
    const auto expert =
        run_command({tshark->string(), "-r", capture.string(), "-q", "-z", "expert,warn"});
    ASSERT_EQ(expert.exit_code, 0) << expert.err;
    EXPECT_EQ(expert.out.find("Errors ("), std::string::npos) << name << ":\n" << expert.out;
    EXPECT_EQ(expert.out.find("Warns ("), std::string::npos) << name << ":\n" << expert.out;
  }
}

TEST(PcapGenerator, StatsAgreeWithWhatTsharkDecodes) {
  const auto tshark = find_tshark();
  if (!tshark) GTEST_SKIP() << "tshark is not installed";
  for (const auto& name : kScenarios) {
    TempDir dir;
    const fs::path capture = dir.path() / (name + ".pcap");
    const auto result = run_command({OTSCOPE_PCAPGEN, name, "--out", capture.string(), "--stats"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const Counts generator = parse_generator_stats(result.out);
    EXPECT_FALSE(generator.empty()) << name;
    EXPECT_EQ(generator, tshark_counts(*tshark, capture)) << name;
  }
}

}  // namespace
