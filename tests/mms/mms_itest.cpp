// MMS through the whole pipeline on a crafted capture: a station HMI associates with an IED on TCP
// 102 (COTP CR/CC with MMS TSAPs, session CONNECT/ACCEPT with the initiate PDUs), identifies it,
// reads, enables a report, operates a breaker; a rogue host stops and deletes a program
// invocation; an S7 engineering station talks to a PLC on the same port. The IED is identified,
// the MMS and S7 connections are each their protocol's, and the alerts are those a user would
// expect (none for the reads and the report set-up).
//
// No shared capture holds MMS. The layout of these bytes (mms_fixtures.h) was checked against
// tshark 4.0: a capture written from the same PDUs decodes without error as initiate-Request/
// ResponsePDU, identify (vendor, model, revision), read, write, stop with a confirmed-ErrorPDU,
// deleteProgramInvocation, unconfirmed informationReport and conclude-RequestPDU, the service
// numbers tshark prints (mms.confirmedServiceRequest/Response) being otscope's functions.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/run.h"
#include "cli/summary.h"
#include "db/alert_store.h"
#include "db/database.h"
#include "engine/engine.h"
#include "model/detection/alert.h"
#include "protocols/mms/codes.h"
#include "protocols/mms/mms.h"
#include "tests/mms/mms_fixtures.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using mms::test::cat;
using mms::test::tlv;
using nlohmann::json;
using Frame = std::vector<std::uint8_t>;

constexpr const char* kHmi = "10.0.1.10";
constexpr const char* kIed = "10.0.1.20";
constexpr const char* kRogue = "10.0.1.66";
constexpr const char* kPlc = "10.0.1.30";

/// One TCP connection from `client` to `server`:102: the handshake, then each payload in its
/// direction (true: from the client).
void conversation(std::vector<test::TimedFrame>& out, std::int64_t& ts, const std::string& client,
                  const std::string& server, std::uint16_t port,
                  const std::vector<std::pair<bool, Frame>>& payloads) {
  const std::string cmac = "02:00:00:00:01:" + client.substr(client.rfind('.') + 1);
  const std::string smac = "02:00:00:00:02:" + server.substr(server.rfind('.') + 1);
  std::uint32_t cseq = 1000, sseq = 5000;
  auto segment = [&](bool from_client, std::uint8_t flags, const Frame& payload) {
    std::uint32_t& seq = from_client ? cseq : sseq;
    const Frame tcp = from_client ? test::tcp_segment(port, 102, cseq, sseq, flags, payload)
                                  : test::tcp_segment(102, port, sseq, cseq, flags, payload);
    out.push_back(
        {ts += 1000, test::ethernet(from_client ? cmac : smac, from_client ? smac : cmac, 0x0800,
                                    test::ipv4(from_client ? client : server,
                                               from_client ? server : client, 6, tcp))});
    seq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
  };
  segment(true, 0x02, {});
  segment(false, 0x12, {});
  segment(true, 0x10, {});
  for (const auto& [from_client, payload] : payloads) segment(from_client, 0x18, payload);
}

Frame request(std::uint8_t invoke, const Frame& service) {
  return mms::test::dt(mms::test::data(mms::test::confirmed_request(invoke, service)));
}
Frame response(std::uint8_t invoke, const Frame& service) {
  return mms::test::dt(mms::test::data(mms::test::confirmed_response(invoke, service)));
}
Frame association(bool accept) {
  return mms::test::dt(mms::test::connect(accept, mms::test::initiate(accept)));
}

std::string write_capture(const std::filesystem::path& dir) {
  using namespace mms::test;
  std::vector<test::TimedFrame> frames;
  std::int64_t ts = 1'700'000'000'000'000;
  const Frame identify_response =
      tlv(0xA2, cat({tlv(0x80, text("MZ Automation")), tlv(0x81, text("LIBIEC61850")),
                     tlv(0x82, text("1.5.1"))}));
  const Frame ok = tlv(0xA5, tlv(0x81, {}));  // write response: success
  conversation(
      frames, ts, kHmi, kIed, 49152,
      {{true, cr()},
       {false, cc()},
       {true, association(false)},
       {false, association(true)},
       {true, request(1, tlv(0x82, {}))},
       {false, response(1, identify_response)},
       {true, request(2, read_service(domain_name("IED1LD0", "MMXU1$MX$TotW$mag$f")))},
       {false, response(2, tlv(0xA4, tlv(0xA1, tlv(0x87, {0x08, 0x42, 0x48, 0x00, 0x00}))))},
       {true, request(3, write_service(domain_name("IED1LD0", "LLN0$BR$brcb01$RptEna"),
                                       tlv(0x83, {0x01})))},
       {false, response(3, ok)},
       {true, request(4, write_service(domain_name("IED1LD0", "XCBR1$CO$Pos$Oper"),
                                       tlv(0xA2, tlv(0x83, {0x01}))))},
       {false, response(4, ok)}});
  conversation(frames, ts, kRogue, kIed, 49153,
               {{true, cr()},
                {false, cc()},
                {true, association(false)},
                {false, association(true)},
                {true, request(1, tlv(Frame{0xBF, 0x29}, tlv(0x80, text("PI1"))))},
                {false, response(1, tlv(Frame{0x9F, 0x29}, {}))},
                {true, request(2, tlv(Frame{0x9F, 0x27}, text("PI1")))},
                {false, response(2, tlv(Frame{0x9F, 0x27}, {}))}});
  // S7comm on the same port: CR with S7 TSAPs, setup communication job and its answer.
  conversation(frames, ts, "10.0.1.40", kPlc, 49154,
               {{true, test::hex("0300001611e00000000700c1020100c2020102c0010a")},
                {false, test::hex("0300001611d00007000300c0010ac1020100c2020102")},
                {true, test::hex("0300001902f08032010000000000080000f0000001000101e0")},
                {false, test::hex("0300001b02f080320300000000000800000000f0000001000100f0")}});
  const std::string path = (dir / "mms.pcap").string();
  test::write_file(path, test::pcap_file(1, frames));
  return path;
}

class MmsCrafted : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("otscope-mms-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    capture_ = write_capture(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string capture_;
};

TEST_F(MmsCrafted, TheIedIsIdentifiedAndMmsToldFromS7) {
  const AnalysisResult r = analyze_captures({capture_});
  ASSERT_TRUE(r.protocols.count("mms"));
  const ProtocolStats& s = r.protocols.at("mms");
  // Per connection: initiate request and response, then every confirmed request and response.
  EXPECT_EQ(s.messages, 16u);
  EXPECT_EQ(s.malformed, 0u);
  EXPECT_EQ(s.functions.at(mms::kPduBase | mms::pdu::kInitiateRequest), 2u);
  EXPECT_EQ(s.functions.at(mms::svc::kWrite), 4u);
  EXPECT_EQ(s.functions.at(mms::svc::kStop), 2u);
  EXPECT_EQ(s.functions.at(mms::svc::kDeleteProgramInvocation), 2u);
  ASSERT_TRUE(r.protocols.count("s7comm"));
  EXPECT_EQ(r.protocols.at("s7comm").messages, 2u);
  IpAddress ied;
  ASSERT_TRUE(IpAddress::parse(kIed, ied));
  EXPECT_EQ(r.identity(ied, "vendor"), "MZ Automation");
  EXPECT_EQ(r.identity(ied, "model"), "LIBIEC61850");
  EXPECT_EQ(r.identity(ied, "firmware"), "1.5.1");
  // The links are labelled by what their first data TPDU carried.
  IpAddress plc;
  ASSERT_TRUE(IpAddress::parse(kPlc, plc));
  auto protocol_to = [&](const IpAddress& server) {
    std::vector<std::string> out;
    for (const LinkRecord& l : r.links)
      if (l.server == server) out.push_back(l.protocol);
    return out;
  };
  EXPECT_EQ(protocol_to(ied), (std::vector<std::string>{"mms", "mms"}));
  EXPECT_EQ(protocol_to(plc), std::vector<std::string>{"s7comm"});
}

TEST_F(MmsCrafted, ControlsAndProgramCommandsAreAlerts) {
  const std::string db = (dir_ / "mms.db").string();
  cli::OfflineOptions options;
  options.db = db;
  cli::OfflineRun run(options, {capture_});
  const cli::RunOutcome outcome = run.run();
  ASSERT_TRUE(outcome.database_error.empty()) << outcome.database_error;
  const json summary = cli::summary_json(outcome.summary, outcome.counts);
  EXPECT_EQ(summary["protocols"]["mms"]["messages"], 16);
  EXPECT_EQ(summary["protocols"]["mms"]["functions"]["5"], 4);

  const Database database = Database::open_readonly(db);
  json all = json::array();
  for (const detection::StoredAlert& a : detection::load_alerts(database))
    all.push_back(detection::alert_json(a.alert, a.id, a.state));
  auto has = [&](const std::string& rule, const std::string& src, const std::string& severity) {
    return std::any_of(all.begin(), all.end(), [&](const json& a) {
      return a["rule"] == rule && a["src"] == src && a["dst"] == kIed &&
             a["severity"] == severity && a["protocol"] == "mms";
    });
  };
  EXPECT_TRUE(has("mms.control", kHmi, "high")) << all.dump(2);
  EXPECT_TRUE(has("mms.program_stop", kRogue, "critical")) << all.dump(2);
  EXPECT_TRUE(has("mms.program_delete", kRogue, "critical")) << all.dump(2);
  // Reading, identifying and enabling a report are what every client does.
  for (const json& a : all) {
    EXPECT_NE(a["rule"], "mms.write") << a.dump(2);
    EXPECT_EQ(a["function"].get<std::string>().find("read"), std::string::npos) << a.dump(2);
  }
}

}  // namespace
}  // namespace otscope
