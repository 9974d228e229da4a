// IEC 104 through the whole pipeline: the shared captures that carry it agree with tshark, and a
// crafted conversation raises the alerts a plant engineer would see for the dangerous commands
// (and none for the routine polling around them).
//
// tshark 4.0 figures, per APDU (a frame holding several APDUs prints several values):
//   APDU formats: tshark -r F -Y iec60870_104 -T fields -e iec60870_104.type     (0 I, 1 S, 3 U)
//   U functions:  tshark -r F -Y iec60870_104 -T fields -e iec60870_104.utype    (0x01..0x20)
//   ASDU types:   tshark -r F -Y iec60870_asdu -T fields -e iec60870_asdu.typeid
//   commands:     tshark -r F -Y "iec60870_asdu.typeid >= 45 && iec60870_asdu.causetx == 6"
//                 -T fields -e iec60870_asdu.typeid -e iec60870_asdu.causetx -e iec60870_asdu.ioa
// otscope's functions: the type id for I frames, 0x100 | utype for U frames, 0x200 for S frames.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/run.h"
#include "cli/summary.h"
#include "db/alert_store.h"
#include "db/database.h"
#include "engine/engine.h"
#include "model/detection/alert.h"
#include "protocols/iec104/iec104.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::Frame;

struct Expected {
  const char* file;
  std::uint64_t messages;
  std::map<std::uint32_t, std::uint64_t> functions;
  std::uint64_t malformed;
};

// clang-format off
const std::vector<Expected> kExpected = {
    // 72 I + 10 S + 4 U APDUs, one connection picked up mid-stream.
    {"090813_diverse.pcap", 86,
     {{1, 1}, {13, 14}, {30, 8}, {45, 5}, {46, 6}, {50, 10}, {58, 5}, {59, 10}, {61, 5}, {63, 5},
      {100, 3}, {0x110, 2}, {0x120, 2}, {0x200, 10}}, 0},
    // 128 I + 45 S + 62 U APDUs on two connections.
    {"JavaRMI_and_IEC_Misc.pcap", 235,
     {{1, 21}, {3, 21}, {11, 21}, {70, 2}, {100, 63}, {0x101, 2}, {0x102, 2}, {0x110, 29},
      {0x120, 29}, {0x200, 45}}, 0},
    // Wireshark's own test capture: six connections, five of them feeding the dissector bytes
    // that start no APDU. tshark reads 24 I, 14 S and 27 U APDUs, 8 of them in error (5 I frames
    // "Malformed Packet", 2 S frames and 1 U frame with "<ERR prefix>"/"<ERR>", besides 4 frames
    // "APDU less than 4 bytes"); the 57 well-formed ones (19 I, 12 S, 26 U) agree type by type.
    // otscope skips the garbage in 9 runs, each malformed (iec104.bad_start).
    {"TestDissectIec104.pcap", 57,
     {{1, 1}, {3, 1}, {30, 1}, {45, 7}, {46, 2}, {70, 2}, {100, 3}, {103, 2}, {0x101, 6},
      {0x102, 6}, {0x110, 7}, {0x120, 7}, {0x200, 12}}, 9},
};
// clang-format on

TEST(Iec104Captures, MessagesPerTypeAgreeWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  for (const Expected& e : kExpected) {
    SCOPED_TRACE(e.file);
    AnalysisResult r;
    ASSERT_NO_THROW(r = analyze_captures({(dir / "other" / e.file).string()}));
    ASSERT_TRUE(r.protocols.count("iec104"));
    const ProtocolStats& s = r.protocols.at("iec104");
    EXPECT_EQ(s.messages, e.messages);
    EXPECT_EQ(s.functions, e.functions);
    EXPECT_EQ(s.malformed, e.malformed);
  }
}

// The commands of TestDissectIec104.pcap as tshark reads them (type id, cause, IOA):
//   tshark -r TestDissectIec104.pcap -Y "iec60870_asdu.typeid >= 45 && !_ws.malformed"
//          -T fields -e iec60870_asdu.typeid -e iec60870_asdu.causetx -e iec60870_asdu.ioa
// 45 act x4 (IOA 10010 twice, 22222 with the test bit, 33333 with P/N), 45 actcon x3,
// 46 act and actcon (IOA 15000, the confirmation negative), 100 act, actcon and actterm (IOA 0),
// 103 act and actcon (IOA 0).
TEST(Iec104Captures, CommandsAgreeWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r = analyze_captures({(dir / "other" / "TestDissectIec104.pcap").string()});
  struct Want {
    std::uint32_t type;
    std::uint64_t requests, responses, exceptions;
    std::set<std::uint32_t> ioas;
  };
  for (const Want& w : {Want{45, 4, 3, 1, {10010, 22222, 33333}}, Want{46, 1, 1, 1, {15000}},
                        Want{100, 1, 2, 0, {}}, Want{103, 1, 1, 0, {}}}) {
    SCOPED_TRACE(w.type);
    std::uint64_t requests = 0, responses = 0, exceptions = 0;
    std::set<std::uint32_t> ioas;
    for (const OperationRecord* op : r.find_operations(iec104::kProtocol, w.type)) {
      requests += op->requests;
      responses += op->responses;
      exceptions += op->exceptions;
      EXPECT_EQ(op->unit, 37133);
      for (const AddressRange& range : op->ranges)
        for (std::uint32_t i = 0; i < range.count; ++i) ioas.insert(range.start + i);
    }
    EXPECT_EQ(requests, w.requests);
    EXPECT_EQ(responses, w.responses);
    EXPECT_EQ(exceptions, w.exceptions);
    EXPECT_EQ(ioas, w.ioas);
  }
}

}  // namespace
}  // namespace otscope

namespace otscope {
namespace {

constexpr const char* kMaster = "10.0.0.10";
constexpr const char* kOutstation = "10.0.0.20";
constexpr const char* kRogue = "10.0.0.66";

/// An I frame: N(S), N(R) and the ASDU.
Frame i_frame(std::uint16_t ns, std::uint16_t nr, const std::string& asdu_hex) {
  Frame out = {0x68,
               0,
               static_cast<std::uint8_t>(ns << 1),
               static_cast<std::uint8_t>(ns >> 7),
               static_cast<std::uint8_t>(nr << 1),
               static_cast<std::uint8_t>(nr >> 7)};
  const Frame a = test::hex(asdu_hex);
  out.insert(out.end(), a.begin(), a.end());
  out[1] = static_cast<std::uint8_t>(out.size() - 2);
  return out;
}

/// One TCP connection from `client` to the outstation on 2404: the handshake, then each APDU in
/// its direction (true: from the client).
void conversation(std::vector<test::TimedFrame>& out, std::int64_t& ts, const std::string& client,
                  std::uint16_t port, const std::vector<std::pair<bool, Frame>>& apdus) {
  const std::string cmac = client == kMaster ? "02:00:00:00:00:10" : "02:00:00:00:00:66";
  const std::string smac = "02:00:00:00:00:20";
  std::uint32_t cseq = 1000, sseq = 5000;
  auto segment = [&](bool from_client, std::uint8_t flags, const Frame& payload) {
    std::uint32_t& seq = from_client ? cseq : sseq;
    const Frame tcp = from_client ? test::tcp_segment(port, 2404, cseq, sseq, flags, payload)
                                  : test::tcp_segment(2404, port, sseq, cseq, flags, payload);
    out.push_back(
        {ts += 1000, test::ethernet(from_client ? cmac : smac, from_client ? smac : cmac, 0x0800,
                                    test::ipv4(from_client ? client : kOutstation,
                                               from_client ? kOutstation : client, 6, tcp))});
    seq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
  };
  segment(true, 0x02, {});
  segment(false, 0x12, {});
  segment(true, 0x10, {});
  for (const auto& [from_client, apdu] : apdus) segment(from_client, 0x18, apdu);
}

/// The master starts data transfer, interrogates, syncs the clock and operates a breaker; the
/// outstation reports; a rogue host resets the outstation's process and sends a set point.
std::string write_capture(const std::filesystem::path& dir) {
  std::vector<test::TimedFrame> frames;
  std::int64_t ts = 1'700'000'000'000'000;
  const Frame startdt_act = test::hex("680407000000"), startdt_con = test::hex("68040b000000");
  conversation(frames, ts, kMaster, 40000,
               {{true, startdt_act},
                {false, startdt_con},
                {true, i_frame(0, 0, "640106000d9100000014")},              // C_IC_NA_1 act
                {false, i_frame(0, 1, "640107000d9100000014")},             // actcon
                {false, i_frame(1, 1, "018314000d911a2700010001")},         // M_SP_NA_1 inrogen
                {false, i_frame(2, 1, "64010a000d9100000014")},             // actterm
                {true, i_frame(1, 3, "670106000d9100000000000c0a0b0c17")},  // C_CS_NA_1 act
                {false, i_frame(3, 2, "670107000d9100000000000c0a0b0c17")},
                {true, i_frame(2, 4, "2e0106000d91983a0082")},  // C_DC_NA_1 select ON
                {false, i_frame(4, 3, "2e0107000d91983a0082")},
                {true, i_frame(3, 5, "2e0106000d91983a0002")},  // C_DC_NA_1 execute ON
                {false, i_frame(5, 4, "2e0107000d91983a0002")},
                {false, i_frame(6, 4, "1f0103000d91983a00025530000101017a")},    // M_DP_TB_1 spont
                {false, i_frame(9, 4, "1f0103000d91983a00015530000101017a")}});  // N(S) 7, 8 lost
  conversation(frames, ts, kRogue, 40001,
               {{true, startdt_act},
                {false, startdt_con},
                {true, i_frame(0, 0, "690106000d9100000001")},  // C_RP_NA_1 act
                {false, i_frame(0, 1, "690107000d9100000001")},
                {true, i_frame(1, 1, "320106000d919c13000000404100")}});  // C_SE_NC_1 12.0
  const std::string path = (dir / "iec104.pcap").string();
  test::write_file(path, test::pcap_file(1, frames));
  return path;
}

class Iec104Crafted : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("otscope-iec104-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    capture_ = write_capture(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  /// The alerts a user lists after `otscope analyze`, as `alerts --json` prints them.
  json alerts() {
    const std::string db = (dir_ / "iec104.db").string();
    cli::OfflineOptions options;
    options.db = db;
    cli::OfflineRun run(options, {capture_});
    const cli::RunOutcome outcome = run.run();
    EXPECT_TRUE(outcome.database_error.empty()) << outcome.database_error;
    summary_ = cli::summary_json(outcome.summary, outcome.counts);
    const Database database = Database::open_readonly(db);
    json all = json::array();
    for (const detection::StoredAlert& a : detection::load_alerts(database))
      all.push_back(detection::alert_json(a.alert, a.id, a.state));
    return all;
  }
  std::filesystem::path dir_;
  std::string capture_;
  json summary_;
};

TEST_F(Iec104Crafted, DangerousCommandsAreAlertsAndPollingIsNot) {
  const json all = alerts();
  auto find = [&](const std::string& rule) -> const json* {
    for (const json& a : all)
      if (a["rule"] == rule) return &a;
    return nullptr;
  };
  const json* reset = find("iec104.reset_process");
  ASSERT_NE(reset, nullptr) << all.dump(2);
  EXPECT_EQ((*reset)["src"], kRogue);
  EXPECT_EQ((*reset)["dst"], kOutstation);
  EXPECT_EQ((*reset)["severity"], "high");
  EXPECT_EQ((*reset)["attack"], "T0816");
  EXPECT_EQ((*reset)["protocol"], "iec104");
  ASSERT_FALSE((*reset)["evidence"].empty());
  EXPECT_NE((*reset)["evidence"][0]["summary"].get<std::string>().find("C_RP_NA_1"),
            std::string::npos)
      << (*reset)["evidence"].dump(2);

  const json* control = find("iec104.control_command");
  ASSERT_NE(control, nullptr) << all.dump(2);
  EXPECT_EQ((*control)["src"], kMaster);
  EXPECT_EQ((*control)["severity"], "medium");
  EXPECT_EQ((*control)["attack"], "T0855");
  EXPECT_EQ((*control)["count"], 2) << "select and execute";

  const json* setpoint = find("iec104.setpoint_command");
  ASSERT_NE(setpoint, nullptr) << all.dump(2);
  EXPECT_EQ((*setpoint)["src"], kRogue);
  const json* clock = find("iec104.clock_sync");
  ASSERT_NE(clock, nullptr) << all.dump(2);
  EXPECT_EQ((*clock)["severity"], "low");
  // Two I frames of the outstation went missing although TCP lost nothing.
  const json* gap = find("iec104.sequence_gap");
  ASSERT_NE(gap, nullptr) << all.dump(2);
  EXPECT_EQ((*gap)["src"], kOutstation);
  EXPECT_EQ((*gap)["severity"], "low");
  EXPECT_EQ((*gap)["attack"], "T0830");

  // The general interrogation and the outstation's reports raise nothing of their own.
  for (const json& a : all) {
    EXPECT_EQ(a["function"].get<std::string>().find("C_IC_NA_1"), std::string::npos) << a.dump(2);
    EXPECT_EQ(a["function"].get<std::string>().find("M_"), std::string::npos) << a.dump(2);
  }

  // analyze --json: protocols.iec104 with messages, functions (decimal keys) and malformed.
  const json& p = summary_["protocols"]["iec104"];
  EXPECT_EQ(p["messages"], 19);
  EXPECT_EQ(p["malformed"], 0);
  EXPECT_EQ(p["functions"]["46"], 4);
  EXPECT_EQ(p["functions"]["257"], 2) << "STARTDT act: 0x101";
}

TEST_F(Iec104Crafted, TheOutstationIsAnRtuAndTheMasterAScadaMaster) {
  const AnalysisResult r = analyze_captures({capture_});
  IpAddress outstation, master;
  ASSERT_TRUE(IpAddress::parse(kOutstation, outstation));
  ASSERT_TRUE(IpAddress::parse(kMaster, master));
  EXPECT_EQ(r.identity(outstation, "iec104_common_address"), "37133");
  // Two I frames of the outstation were lost: a sequence anomaly (`otscope anomalies`).
  const auto gap = std::find_if(r.anomalies.begin(), r.anomalies.end(),
                                [](const auto& a) { return a.kind == "iec104.sequence_gap"; });
  ASSERT_NE(gap, r.anomalies.end());
  EXPECT_EQ(gap->src, outstation);
  EXPECT_FALSE(gap->malformed);
  EXPECT_NE(gap->detail.find("2 I frames missing"), std::string::npos) << gap->detail;
  const auto ops = r.find_operations(iec104::kProtocol, 46);
  ASSERT_FALSE(ops.empty());
  EXPECT_EQ(ops[0]->client, master);
  EXPECT_EQ(ops[0]->server, outstation);
}

}  // namespace
}  // namespace otscope
