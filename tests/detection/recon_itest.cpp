// Precision of the reconnaissance rules on whole captures: plain polling (the shared real
// captures of HMIs and masters reading their devices, the demo plant) raises nothing of medium
// severity or more, with the built-in policy, and once the capture's own traffic is learned.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using detection::DetectorConfig;

std::vector<detection::Alert> alerts_of(const std::filesystem::path& file,
                                        DetectorConfig config = {}) {
  EngineOptions options;
  options.detection = std::move(config);
  Engine engine(std::move(options));
  engine.run_files({file.string()});
  return engine.detector().alerts();
}

detection::Baseline learned_from(const std::filesystem::path& file) {
  DetectorConfig learn;
  learn.learn_only = true;
  EngineOptions options;
  options.detection = std::move(learn);
  Engine engine(std::move(options));
  engine.run_files({file.string()});
  return engine.detector().learned();
}

/// The alerts of medium severity or more, as "rule src>dst" for a readable failure.
std::vector<std::string> medium_or_more(const std::vector<detection::Alert>& alerts) {
  std::vector<std::string> out;
  for (const detection::Alert& a : alerts)
    if (a.severity >= detection::Severity::Medium)
      out.push_back(std::string(detection::rule(a.rule).name) + " " + detection::ip_text(a.src) +
                    ">" + detection::ip_text(a.dst));
  return out;
}

/// No medium alert without knowledge, and none at all of the behaviour rules once learned.
void expect_quiet(const std::filesystem::path& file) {
  SCOPED_TRACE(file.string());
  EXPECT_EQ(medium_or_more(alerts_of(file)), std::vector<std::string>{});
  DetectorConfig enforce;
  enforce.baseline = learned_from(file);
  ASSERT_FALSE(enforce.baseline.empty());
  EXPECT_EQ(medium_or_more(alerts_of(file, std::move(enforce))), std::vector<std::string>{});
}

TEST(ReconPrecision, DemoPlantPollingRaisesNoMediumAlert) {
  expect_quiet(test::project_pcaps() / "demo_plant.pcap");
}

TEST(ReconPrecision, SharedPollingCapturesRaiseNoMediumAlert) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(root);
  // A Modbus master polling 13 slaves; a master writing coils; DNP3 masters reading class data.
  for (const char* file :
       {"modbus/ModbusTCP.pcap", "modbus/modbusSmall.pcap", "modbus/modbus_test_2.pcap",
        "dnp3/bro_dnp3_read.pcap", "dnp3/bro_dnp3_read_p20001.pcap", "dnp3/read_and_response.pcap"})
    expect_quiet(root / file);
}

}  // namespace
}  // namespace otscope
