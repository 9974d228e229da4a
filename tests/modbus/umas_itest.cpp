// Schneider UMAS through the whole pipeline, on pcaps/attack_umas_stop.pcap (an unknown laptop
// identifies the M340 over UMAS, takes its reservation and stops it): the alerts a user sees with
// each policy, their severity and evidence, the operations and the identity `otscope` lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/detection/policy.h"
#include "engine/engine.h"
#include "model/detection/keys.h"
#include "model/detection/rules.h"
#include "protocols/modbus/modbus.h"
#include "protocols/modbus/session.h"
#include "protocols/modbus/umas.h"
#include "tests/modbus/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using Lines = std::vector<std::string>;
using detection::DetectorConfig;
using nlohmann::json;

std::string capture() {
  return (test::project_pcaps() / "attack_umas_stop.pcap").string();
}

/// The STOP_PLC request's frame in the capture (tshark -Y 'modbus.func_code == 90': the fifth
/// query).
constexpr std::uint64_t kStopFrame = 65;

struct UmasRun {
  Lines alerts;
  std::vector<detection::Alert> records;
  AnalysisResult result;
};

UmasRun run(DetectorConfig config = {}) {
  EngineOptions options;
  options.detection = std::move(config);
  Engine engine(std::move(options));
  engine.run_files({capture()});
  UmasRun r;
  r.result = engine.take_result();
  r.records = engine.detector().alerts();
  for (const detection::Alert& a : r.records) {
    r.alerts.push_back(std::string(detection::rule(a.rule).name) + " " + detection::ip_text(a.src) +
                       ">" + detection::ip_text(a.dst) + " x" + std::to_string(a.count));
  }
  std::sort(r.alerts.begin(), r.alerts.end());
  return r;
}

DetectorConfig with_policy(std::string_view text) {
  DetectorConfig c;
  c.policy = std::make_shared<const detection::Policy>(detection::parse_policy(text, "test"));
  return c;
}

const detection::Alert& alert_of(const UmasRun& r, std::string_view rule) {
  for (const detection::Alert& a : r.records)
    if (detection::rule(a.rule).name == rule) return a;
  static const detection::Alert kNone;
  ADD_FAILURE() << "no " << rule << " alert";
  return kNone;
}

TEST(UmasScenario, StopFromAnUnknownHostIsCriticalWithItsFrame) {
  const UmasRun r = run();
  EXPECT_EQ(r.alerts, (Lines{"modbus.umas_reservation 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_stop_plc 10.10.1.66>10.10.1.20 x1"}));
  const detection::Alert& stop = alert_of(r, "modbus.umas_stop_plc");
  EXPECT_EQ(stop.severity, detection::Severity::Critical);
  EXPECT_EQ(detection::rule(stop.rule).technique, "T0858");
  ASSERT_EQ(stop.evidence.size(), 1u);
  EXPECT_EQ(stop.evidence[0].capture, capture());
  EXPECT_EQ(stop.evidence[0].frame, kStopFrame);
  EXPECT_NE(stop.evidence[0].summary.find("UMAS STOP_PLC (0x41), session key 0x1c"),
            std::string::npos)
      << stop.evidence[0].summary;
  EXPECT_EQ(stop.functions, (std::vector<std::string>{"UMAS STOP_PLC"}));
  EXPECT_EQ(alert_of(r, "modbus.umas_reservation").severity, detection::Severity::Medium);
  // Nothing in the capture is malformed.
  EXPECT_TRUE(r.result.anomalies.empty());
}

TEST(UmasScenario, WithAPolicyTheIntruderIsUnauthorisedAndItsReadsAreRecon) {
  const UmasRun r = run(with_policy("[modbus]\nmasters = [\"10.10.1.10\"]\n"));
  // Six UMAS requests; READ_ID and READ_PROJECT_INFO identify the PLC.
  EXPECT_EQ(r.alerts, (Lines{"modbus.umas_reservation 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_stop_plc 10.10.1.66>10.10.1.20 x1",
                             "policy.unauthorised_master 10.10.1.66>10.10.1.20 x6",
                             "recon.identification 10.10.1.66>10.10.1.20 x2"}));
  EXPECT_EQ(alert_of(r, "modbus.umas_stop_plc").severity, detection::Severity::Critical);

  // The documented example policy allows no UMAS code: the session management the other rules
  // leave alone (INIT_COMM, RELEASE_PLC_RESERVATION) is a function it does not allow.
  DetectorConfig example;
  example.policy = std::make_shared<const detection::Policy>(detection::load_policy_file(
      (std::filesystem::path(OTSCOPE_SOURCE_DIR) / "docs" / "policy.example.toml").string()));
  const UmasRun e = run(example);
  EXPECT_EQ(e.alerts, (Lines{"modbus.umas_reservation 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_stop_plc 10.10.1.66>10.10.1.20 x1",
                             "policy.function_not_allowed 10.10.1.66>10.10.1.20 x2",
                             "policy.unauthorised_master 10.10.1.66>10.10.1.20 x6",
                             "recon.identification 10.10.1.66>10.10.1.20 x2"}));
  EXPECT_EQ(alert_of(e, "policy.function_not_allowed").functions,
            (std::vector<std::string>{"UMAS INIT_COMM", "UMAS RELEASE_PLC_RESERVATION"}));
}

TEST(UmasScenario, FromAPolicyListedEngineeringStationTheCommandsAreLow) {
  const UmasRun r =
      run(with_policy("[modbus]\nmasters = [\"10.10.1.10\"]\nengineering = [\"10.10.1.66\"]\n"));
  EXPECT_EQ(r.alerts, (Lines{"modbus.umas_reservation 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_stop_plc 10.10.1.66>10.10.1.20 x1"}));
  for (const detection::Alert& a : r.records) {
    EXPECT_EQ(a.severity, detection::Severity::Low) << detection::rule(a.rule).name;
    EXPECT_NE(a.summary.find("from an engineering station"), std::string::npos) << a.summary;
  }
}

TEST(UmasScenario, ABaselineKnowsEachUmasCodeApart) {
  // A baseline learned from the whole capture knows the stop: enforced on the same traffic, the
  // commands are kept at low severity and nothing else is raised.
  const detection::Baseline learned = [] {
    EngineOptions options;
    options.detection = with_policy("[learning]\nmode = \"learn\"\n");
    Engine engine(std::move(options));
    engine.run_files({capture()});
    return engine.detector().learned();
  }();
  DetectorConfig known = with_policy("[learning]\nmode = \"enforce\"\n");
  known.baseline = learned;
  const UmasRun r = run(known);
  EXPECT_EQ(r.alerts, (Lines{"modbus.umas_reservation 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_stop_plc 10.10.1.66>10.10.1.20 x1"}));
  for (const detection::Alert& a : r.records)
    EXPECT_EQ(a.severity, detection::Severity::Low) << detection::rule(a.rule).name;

  // A baseline in which the laptop only ever identified the PLC (READ_ID, and function 90 as a
  // plain code) does not know the stop: it stays critical, and the project read is new.
  auto ip = [](const char* text) {
    IpAddress a;
    IpAddress::parse(text, a);
    return a;
  };
  DetectorConfig partial = with_policy("[learning]\nmode = \"enforce\"\n");
  partial.baseline.learn({modbus::kProtocol, ip("10.10.1.10"), ip("10.10.1.20"), 255}, 3,
                         "Read Holding Registers", RangeList{{"holding_register", 0, 10}}, 1);
  const detection::PathKey laptop{modbus::kProtocol, ip("10.10.1.66"), ip("10.10.1.20"), 255};
  partial.baseline.learn(laptop, modbus::umas_function_key(0x02), "UMAS READ_ID", {}, 1);
  partial.baseline.learn(laptop, modbus::kUmasFunction, "UMAS", {}, 1);
  const UmasRun p = run(partial);
  EXPECT_EQ(p.alerts, (Lines{"baseline.new_function 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_reservation 10.10.1.66>10.10.1.20 x1",
                             "modbus.umas_stop_plc 10.10.1.66>10.10.1.20 x1"}));
  EXPECT_EQ(alert_of(p, "modbus.umas_stop_plc").severity, detection::Severity::Critical);
  EXPECT_EQ(alert_of(p, "baseline.new_function").functions,
            (std::vector<std::string>{"UMAS READ_PROJECT_INFO"}));
}

json command_json(const std::vector<std::string>& argv) {
  const test::CommandResult r = test::run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json();
}

TEST(UmasScenario, OtscopeListsTheUmasOperationsAndThePlcIdentity) {
  test::TempDir dir;
  const std::string db = (dir.path() / "umas.db").string();
  const std::string bin = test::otscope_binary().string();
  const test::CommandResult analysed = test::run_command({bin, "analyze", "--db", db, capture()});
  ASSERT_EQ(analysed.exit_code, 0) << analysed.err;

  // Each UMAS code is an operation of its own, named, between the laptop and the PLC.
  std::vector<std::string> laptop_ops;
  json stop;
  for (const json& op : command_json({bin, "operations", "--db", db, "--json"})) {
    if (op["client"] != "10.10.1.66") continue;
    laptop_ops.push_back(op["function_name"].get<std::string>());
    if (op["function_name"] == "UMAS STOP_PLC") stop = op;
  }
  std::sort(laptop_ops.begin(), laptop_ops.end());
  EXPECT_EQ(laptop_ops,
            (std::vector<std::string>{"UMAS INIT_COMM", "UMAS READ_ID", "UMAS READ_PROJECT_INFO",
                                      "UMAS RELEASE_PLC_RESERVATION", "UMAS STOP_PLC",
                                      "UMAS TAKE_PLC_RESERVATION"}));
  ASSERT_TRUE(stop.is_object());
  EXPECT_EQ(stop["server"], "10.10.1.20");
  EXPECT_EQ(stop["function"], 0x5A41);
  EXPECT_EQ(stop["class"], "mode_change");
  EXPECT_EQ(stop["requests"], 1);
  EXPECT_EQ(stop["responses"], 1);
  EXPECT_EQ(stop["unit"], 255);

  // The PLC's answers name it and its application, with the message that said so.
  json plc;
  for (const json& a : command_json({bin, "assets", "--db", db, "--json"}))
    if (a["ips"] == json::array({"10.10.1.20"})) plc = a;
  ASSERT_TRUE(plc.is_object());
  EXPECT_EQ(plc["identity"]["device_id"], "BMX P34 2020");
  EXPECT_EQ(plc["identity"]["user_application"], "PUMP_STATION_1");
  std::vector<std::string> sources;
  for (const json& s : plc["identity_sources"])
    sources.push_back(s["field"].get<std::string>() + " <- " + s["source"].get<std::string>());
  EXPECT_NE(std::find(sources.begin(), sources.end(), "device_id <- modbus UMAS READ_ID"),
            sources.end());
  EXPECT_NE(std::find(sources.begin(), sources.end(),
                      "user_application <- modbus UMAS READ_PROJECT_INFO"),
            sources.end());

  // The rules are listed with their ATT&CK techniques.
  std::vector<std::string> rules;
  for (const json& rule : command_json({bin, "rules", "--json"})) {
    const std::string name = rule["rule"].get<std::string>();
    if (name.rfind("modbus.umas_", 0) == 0)
      rules.push_back(name + " " + rule["attack"].get<std::string>() + " " +
                      rule["severity"].get<std::string>());
  }
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules,
            (std::vector<std::string>{
                "modbus.umas_program_download T0843 critical",
                "modbus.umas_program_upload T0845 high", "modbus.umas_reservation T0855 medium",
                "modbus.umas_start_plc T0858 high", "modbus.umas_stop_plc T0858 critical"}));
}

/// A Modbus session whose events go straight to a detector: the session's command facts judged as
/// the engine judges them.
struct DetectorSink final : EventSink {
  detection::Detector& detector;
  explicit DetectorSink(detection::Detector& d) : detector(d) {}
  void message(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) override {
    detector.on_message(flow, meta, ev);
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent&) override {}
  void anomaly(const FlowInfo& flow, const PacketMeta& meta, const AnomalyEvent& ev) override {
    detector.on_anomaly(flow, meta, ev);
  }
};

/// Sends each request PDU (hex) from `client` to the PLC 10.10.1.20, each answered `fe`.
void converse(detection::Detector& detector, const char* client, std::uint64_t flow_id,
              const std::vector<std::string>& requests) {
  FlowInfo flow;
  flow.id = flow_id;
  flow.transport = Transport::Tcp;
  IpAddress::parse(client, flow.a.ip);
  IpAddress::parse("10.10.1.20", flow.b.ip);
  flow.a.port = 49152;
  flow.b.port = 502;
  flow.saw_handshake = true;
  DetectorSink sink(detector);
  modbus::ModbusSession session(flow, sink);
  std::uint16_t tid = 1;
  for (const std::string& pdu : requests) {
    PacketMeta meta;
    meta.frame = 2 * tid;
    meta.ts_us = 1'772'438'400'000'000 + tid * 100'000;
    session.on_data(Direction::AtoB, modbus::test::adu(tid, 255, pdu), meta);
    meta.frame += 1;
    session.on_data(Direction::BtoA, modbus::test::adu(tid, 255, "5a 01 fe"), meta);
    ++tid;
  }
  session.on_close(PacketMeta{});
}

TEST(UmasDetection, ProgramTransfersAreCommandsGradedByWhoSendsThem) {
  const std::vector<std::string> download = {"5a 00 10 04 45 57 53 31",
                                             "5a 01 41 ff 00",
                                             "5a 01 30 00 01",
                                             "5a 01 31 00 01 01 00 02 00 ab cd",
                                             "5a 01 31 00 01 02 00 02 00 ef 01",
                                             "5a 01 32 00 01 02 00",
                                             "5a 01 40 ff 00"};
  const std::vector<std::string> upload = {"5a 00 33 00 01", "5a 00 34 00 01 01 00",
                                           "5a 00 35 00 01"};
  DetectorConfig config =
      with_policy("[modbus]\nmasters = [\"10.10.1.10\"]\nengineering = [\"10.10.1.11\"]\n");
  detection::Detector detector(config);
  converse(detector, "10.10.1.11", 1, download);  // the engineering station: a program change
  converse(detector, "10.10.1.66", 2, upload);    // an unknown host copies the program
  converse(detector, "10.10.1.66", 3, download);  // ... and replaces it
  Lines lines;
  for (const detection::Alert& a : detector.alerts()) {
    lines.push_back(std::string(detection::rule(a.rule).name) + " " + detection::ip_text(a.src) +
                    " x" + std::to_string(a.count) + " " +
                    std::string(detection::severity_name(a.severity)));
  }
  std::sort(lines.begin(), lines.end());
  // A download is INITIALIZE_UPLOAD, two UPLOAD_BLOCKs and END_STRATEGY_UPLOAD: one alert of 4.
  EXPECT_EQ(lines, (Lines{"modbus.umas_program_download 10.10.1.11 x4 low",
                          "modbus.umas_program_download 10.10.1.66 x4 critical",
                          "modbus.umas_program_upload 10.10.1.66 x3 high",
                          "modbus.umas_reservation 10.10.1.11 x1 low",
                          "modbus.umas_reservation 10.10.1.66 x1 medium",
                          "modbus.umas_start_plc 10.10.1.11 x1 low",
                          "modbus.umas_start_plc 10.10.1.66 x1 high",
                          "modbus.umas_stop_plc 10.10.1.11 x1 low",
                          "modbus.umas_stop_plc 10.10.1.66 x1 critical",
                          "policy.unauthorised_master 10.10.1.66 x10 high"}));
}

}  // namespace
}  // namespace otscope
