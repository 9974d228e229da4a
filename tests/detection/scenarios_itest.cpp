// The whole pipeline on the project's generated attack scenarios and demo plant (pcaps/): each
// raises exactly the expected alerts, with the built-in policy, with a learning period, and with
// the documented example policy; normal operation stays quiet once learned.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "protocols/modbus/modbus.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using Lines = std::vector<std::string>;
using detection::DetectorConfig;

std::string pcap(const char* name) {
  return (test::project_pcaps() / name).string();
}

struct ScenarioRun {
  Lines alerts;
  std::uint64_t raised = 0;
  detection::Baseline learned;
  std::vector<detection::Alert> records;
};

ScenarioRun run(const std::string& file, DetectorConfig config = {}) {
  EngineOptions options;
  options.detection = std::move(config);
  Engine engine(std::move(options));
  engine.run_files({file});
  ScenarioRun r;
  r.raised = engine.take_result().alerts;
  r.alerts = test::alert_lines(engine.detector());
  r.learned = engine.detector().learned();
  r.records = engine.detector().alerts();
  return r;
}

DetectorConfig with_policy(std::string_view text) {
  DetectorConfig c;
  c.policy = std::make_shared<const detection::Policy>(detection::parse_policy(text, "test"));
  return c;
}

DetectorConfig example_policy() {
  DetectorConfig c;
  c.policy = std::make_shared<const detection::Policy>(detection::load_policy_file(
      (std::filesystem::path(OTSCOPE_SOURCE_DIR) / "docs" / "policy.example.toml").string()));
  return c;
}

// Every intruder arrives after the first 10 s of its scenario: learn the first 8 s.
DetectorConfig learning_8s() {
  return with_policy("[learning]\nduration = \"8s\"\n");
}

TEST(Scenarios, PlcStop) {
  const ScenarioRun builtin = run(pcap("attack_plc_stop.pcap"));
  EXPECT_EQ(builtin.alerts, (Lines{"s7.plc_stop 10.10.1.66>10.10.1.40 x1"}));
  EXPECT_EQ(builtin.raised, 1u);
  const detection::Alert& stop = builtin.records.at(0);
  EXPECT_EQ(stop.severity, detection::Severity::Critical);
  ASSERT_EQ(stop.evidence.size(), 1u);
  EXPECT_EQ(stop.evidence[0].capture, pcap("attack_plc_stop.pcap"));
  EXPECT_GT(stop.evidence[0].frame, 0u);
  EXPECT_NE(stop.evidence[0].summary.find("PLC Stop"), std::string::npos);

  EXPECT_EQ(run(pcap("attack_plc_stop.pcap"), learning_8s()).alerts,
            (Lines{"baseline.new_master 10.10.1.66>10.10.1.40 x3",
                   "recon.identification 10.10.1.66>10.10.1.40 x1",
                   "s7.plc_stop 10.10.1.66>10.10.1.40 x1"}));
  EXPECT_EQ(run(pcap("attack_plc_stop.pcap"), example_policy()).alerts,
            (Lines{"policy.unauthorised_master 10.10.1.66>10.10.1.40 x3",
                   "recon.identification 10.10.1.66>10.10.1.40 x1",
                   "s7.plc_stop 10.10.1.66>10.10.1.40 x1"}));
}

TEST(Scenarios, ProgramDownload) {
  const ScenarioRun builtin = run(pcap("attack_program_download.pcap"));
  // OB1 and DB1 requested, then activated with _INSE: one aggregated download alert.
  EXPECT_EQ(builtin.alerts,
            (Lines{"s7.plc_start 10.10.1.66>10.10.1.40 x1", "s7.plc_stop 10.10.1.66>10.10.1.40 x1",
                   "s7.program_download 10.10.1.66>10.10.1.40 x3"}));
  EXPECT_EQ(run(pcap("attack_program_download.pcap"), learning_8s()).alerts,
            (Lines{"baseline.new_master 10.10.1.66>10.10.1.40 x11",
                   "recon.identification 10.10.1.66>10.10.1.40 x1",
                   "s7.plc_start 10.10.1.66>10.10.1.40 x1", "s7.plc_stop 10.10.1.66>10.10.1.40 x1",
                   "s7.program_download 10.10.1.66>10.10.1.40 x3"}));
}

TEST(Scenarios, ModbusWrite) {
  EXPECT_EQ(run(pcap("attack_modbus_write.pcap")).alerts,
            (Lines{"command.unverified_write 10.10.1.66>10.10.1.20 x4"}));
  EXPECT_EQ(run(pcap("attack_modbus_write.pcap"), learning_8s()).alerts,
            (Lines{"baseline.new_master 10.10.1.66>10.10.1.20 x5",
                   "command.unauthorised_write 10.10.1.66>10.10.1.20 x4",
                   "recon.identification 10.10.1.66>10.10.1.20 x1"}));
  EXPECT_EQ(run(pcap("attack_modbus_write.pcap"), example_policy()).alerts,
            (Lines{"command.unauthorised_write 10.10.1.66>10.10.1.20 x4",
                   "policy.unauthorised_master 10.10.1.66>10.10.1.20 x5",
                   "recon.identification 10.10.1.66>10.10.1.20 x1"}));
}

TEST(Scenarios, ModbusFunctionCodeScan) {
  const ScenarioRun builtin = run(pcap("attack_modbus_fc_scan.pcap"));
  // 127 probes: the scan, and the probes that were writes; the refusals are not a separate burst.
  ASSERT_EQ(builtin.alerts.size(), 2u);
  EXPECT_EQ(builtin.alerts[0], "command.unverified_write 10.10.1.66>10.10.1.20 x7");
  EXPECT_EQ(builtin.alerts[1].rfind("scan.function_codes 10.10.1.66>10.10.1.20 x", 0), 0u);
  const ScenarioRun learned = run(pcap("attack_modbus_fc_scan.pcap"), learning_8s());
  ASSERT_EQ(learned.alerts.size(), 4u);
  EXPECT_EQ(learned.alerts[0], "baseline.new_master 10.10.1.66>10.10.1.20 x127");
  EXPECT_EQ(learned.alerts[1], "command.unauthorised_write 10.10.1.66>10.10.1.20 x7");
  EXPECT_EQ(learned.alerts[2], "recon.identification 10.10.1.66>10.10.1.20 x2");
  EXPECT_EQ(learned.alerts[3].rfind("scan.function_codes 10.10.1.66>10.10.1.20 x", 0), 0u);
}

TEST(Scenarios, Dnp3ColdRestart) {
  // The command, and the outstation reporting the restart it caused.
  EXPECT_EQ(run(pcap("attack_dnp3_cold_restart.pcap")).alerts,
            (Lines{"device.restart_observed 10.10.20.21>10.10.20.5 x1",
                   "dnp3.restart 10.10.20.66>10.10.20.21 x1"}));
  EXPECT_EQ(run(pcap("attack_dnp3_cold_restart.pcap"), learning_8s()).alerts,
            (Lines{"baseline.new_master 10.10.20.66>10.10.20.21 x1",
                   "device.restart_observed 10.10.20.21>10.10.20.5 x1",
                   "dnp3.restart 10.10.20.66>10.10.20.21 x1"}));
}

TEST(Scenarios, Dnp3DisableUnsolicited) {
  EXPECT_EQ(run(pcap("attack_dnp3_disable_unsolicited.pcap")).alerts,
            (Lines{"dnp3.disable_unsolicited 10.10.20.66>10.10.20.22 x1"}));
  EXPECT_EQ(run(pcap("attack_dnp3_disable_unsolicited.pcap"), example_policy()).alerts,
            (Lines{"dnp3.disable_unsolicited 10.10.20.66>10.10.20.22 x1",
                   "policy.unauthorised_master 10.10.20.66>10.10.20.22 x1"}));
}

TEST(Scenarios, DemoPlantIsQuietOnceLearned) {
  const std::string demo = pcap("demo_plant.pcap");
  // Without any knowledge, the operator's two setpoint writes and the engineering station's one
  // write cannot be told from an attacker's: low-severity "unverified" alerts, nothing else.
  EXPECT_EQ(run(demo).alerts, (Lines{"command.unverified_write 10.10.1.10>10.10.1.20 x2",
                                     "command.unverified_write 10.10.1.11>10.10.1.40 x1"}));

  DetectorConfig learn;
  learn.learn_only = true;
  const ScenarioRun learning = run(demo, std::move(learn));
  EXPECT_TRUE(learning.alerts.empty());
  EXPECT_EQ(learning.learned.path_count(), 7u);

  DetectorConfig enforce;
  enforce.baseline = learning.learned;
  EXPECT_EQ(run(demo, std::move(enforce)).alerts, Lines{});

  // The documented example policy describes this plant: nothing to report either.
  EXPECT_EQ(run(demo, example_policy()).alerts, Lines{});
}

TEST(Scenarios, DemoBaselineCatchesTheAttacks) {
  DetectorConfig learn;
  learn.learn_only = true;
  const detection::Baseline plant = run(pcap("demo_plant.pcap"), std::move(learn)).learned;
  DetectorConfig enforce;
  enforce.baseline = plant;
  EXPECT_EQ(run(pcap("attack_dnp3_disable_unsolicited.pcap"), enforce).alerts,
            (Lines{"baseline.new_master 10.10.20.66>10.10.20.22 x1",
                   "dnp3.disable_unsolicited 10.10.20.66>10.10.20.22 x1"}));
  // The intruder's writes also set the operator's setpoints to values never used: HR100 to 0
  // (learned 780), HR103 and HR104 to 9999 (learned 1420).
  EXPECT_EQ(run(pcap("attack_modbus_write.pcap"), enforce).alerts,
            (Lines{"baseline.new_master 10.10.1.66>10.10.1.20 x5",
                   "command.unauthorised_write 10.10.1.66>10.10.1.20 x4",
                   "process.value_out_of_range 10.10.1.66>10.10.1.20 x3",
                   "recon.identification 10.10.1.66>10.10.1.20 x1"}));
  EXPECT_EQ(plant.value_point_count(), 3u);
  const detection::LearnedValues* hr103 =
      plant.values({modbus::kProtocol, test::ip("10.10.1.20"), 255, "holding_register", 103});
  ASSERT_NE(hr103, nullptr);
  EXPECT_EQ(hr103->min, 1420);
  EXPECT_EQ(hr103->max, 1420);
}

}  // namespace
}  // namespace otscope
