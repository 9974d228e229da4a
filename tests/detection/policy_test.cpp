// The policy file: the documented example loads, every mistake is reported with its position.
#include "engine/detection/policy.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/modbus.h"
#include "protocols/registry.h"
#include "protocols/s7/s7.h"
#include "tests/detection/detection_fixtures.h"

namespace otscope::detection {
namespace {

using test::ip;

std::string error_of(std::string_view text) {
  try {
    parse_policy(text, "p.toml");
  } catch (const PolicyError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Policy, DocumentedExampleLoads) {
  const auto path = std::filesystem::path(OTSCOPE_SOURCE_DIR) / "docs" / "policy.example.toml";
  const Policy p = load_policy_file(path.string());
  EXPECT_EQ(p.source, path.string());
  EXPECT_EQ(p.learning, LearningMode::Auto);
  EXPECT_EQ(p.learning_duration_us, 0);
  EXPECT_EQ(p.thresholds.window_us, 60'000'000);
  const ProtocolPolicy& modbus = p.protocol(modbus::kProtocol);
  EXPECT_TRUE(modbus.masters.contains(ip("10.10.1.10")));
  EXPECT_TRUE(modbus.masters.contains(ip("10.10.5.20")));
  EXPECT_FALSE(modbus.masters.contains(ip("10.10.1.66")));
  ASSERT_TRUE(modbus.allowed_functions);
  EXPECT_TRUE(modbus.allowed_functions->contains(16));
  EXPECT_FALSE(modbus.allowed_functions->contains(5));
  ASSERT_EQ(modbus.write_ranges.size(), 1u);
  EXPECT_EQ(modbus.write_ranges[0].space, "holding_register");
  EXPECT_EQ(modbus.write_ranges[0].start, 100u);
  EXPECT_EQ(modbus.write_ranges[0].count, 10u);
  EXPECT_TRUE(p.protocol(s7::kS7comm).engineering.contains(ip("10.10.1.11")));
  EXPECT_TRUE(p.protocol(dnp3::kProtocol).lists_clients());
  EXPECT_EQ(p.severity(find_rule("s7.set_clock")->id), Severity::Low);
  EXPECT_EQ(p.severity(find_rule("s7.plc_stop")->id), Severity::Critical);
  EXPECT_TRUE(p.enabled(RuleId::DeviceRestartObserved));
}

TEST(Policy, BuiltInDefaults) {
  const Policy p;
  EXPECT_EQ(p.source, "built-in");
  EXPECT_EQ(p.learning, LearningMode::Auto);
  for (const Rule& r : builtin_rules()) {
    EXPECT_TRUE(p.enabled(r.id));
    EXPECT_EQ(p.severity(r.id), r.severity);
  }
  EXPECT_FALSE(p.protocol(modbus::kProtocol).lists_clients());
}

TEST(Policy, RulesSwitchedOffAndRegraded) {
  const Policy p = parse_policy(
      "[rules.\"command.unverified_write\"]\nenabled = false\n"
      "[rules.\"s7.plc_stop\"]\nseverity = \"medium\"\n",
      "p.toml");
  EXPECT_FALSE(p.enabled(RuleId::UnverifiedWrite));
  EXPECT_EQ(p.severity(find_rule("s7.plc_stop")->id), Severity::Medium);
  EXPECT_TRUE(p.enabled(find_rule("s7.plc_stop")->id));
}

TEST(Policy, LearningAndThresholds) {
  const Policy p = parse_policy(
      "[learning]\nmode = \"enforce\"\nduration = 90\n"
      "[thresholds]\nwindow = \"2m\"\nfunction_scan = 7\n",
      "p.toml");
  EXPECT_EQ(p.learning, LearningMode::Enforce);
  EXPECT_EQ(p.learning_duration_us, 90'000'000);
  EXPECT_EQ(p.thresholds.window_us, 120'000'000);
  EXPECT_EQ(p.thresholds.function_scan, 7u);
  EXPECT_EQ(p.thresholds.exception_burst, 10u);
}

TEST(Policy, NetworksAndIpv6) {
  const Policy p = parse_policy(
      "[dnp3]\nmasters = [\"10.10.20.0/24\", \"fd00::5\"]\nengineering = [\"0.0.0.0/0\"]\n",
      "p.toml");
  const ProtocolPolicy& d = p.protocol(dnp3::kProtocol);
  EXPECT_TRUE(d.masters.contains(ip("10.10.20.5")));
  EXPECT_TRUE(d.masters.contains(ip("10.10.20.254")));
  EXPECT_FALSE(d.masters.contains(ip("10.10.21.5")));
  EXPECT_TRUE(d.masters.contains(ip("fd00::5")));
  EXPECT_FALSE(d.masters.contains(ip("fd00::6")));
  EXPECT_TRUE(d.engineering.contains(ip("192.0.2.1")));
  EXPECT_FALSE(d.engineering.contains(ip("fd00::6")));  // an IPv4 network holds no IPv6 host
}

TEST(Policy, ErrorsNameTheLineAndColumn) {
  EXPECT_EQ(error_of("[modbus]\nmastres = [\"10.0.0.1\"]\n"),
            "p.toml:2:1: unknown key 'mastres' in [modbus] (expected one of: masters, "
            "engineering, allowed_functions, write_ranges)");
  // Every registered protocol has its section, in registry order.
  std::string sections;
  for (Protocol p : all_protocols()) sections += std::string(p.name()) + ", ";
  EXPECT_EQ(error_of("\n\n[profinet]\nx = 1\n"),
            "p.toml:3:2: unknown key 'profinet' in the policy (expected one of: learning, "
            "thresholds, limits, " +
                sections + "rules)");
  EXPECT_EQ(sections.rfind("modbus, dnp3, s7comm, s7comm_plus, ", 0), 0u);
  EXPECT_EQ(error_of("[dnp3]\nmasters = [\"10.0.0.300\"]\n"),
            "p.toml:2:12: dnp3.masters entry '10.0.0.300' is not an IP address or network "
            "(a.b.c.d/n)");
  EXPECT_EQ(error_of("[dnp3]\nmasters = [\"10.0.0.0/33\"]\n"),
            "p.toml:2:12: dnp3.masters entry '10.0.0.0/33' is not an IP address or network "
            "(a.b.c.d/n)");
  EXPECT_EQ(error_of("[dnp3]\nmasters = \"10.0.0.1\"\n"),
            "p.toml:2:11: dnp3.masters must be an array");
  EXPECT_EQ(error_of("[rules.\"s7.plc_stopp\"]\nenabled = false\n"),
            "p.toml:1:8: unknown rule 's7.plc_stopp' in [rules] (see `otscope rules`)");
  EXPECT_EQ(error_of("[rules.\"s7.plc_stop\"]\nseverity = \"urgent\"\n"),
            "p.toml:2:12: [rules.\"s7.plc_stop\"] severity 'urgent' must be low, medium, high or "
            "critical");
  EXPECT_EQ(error_of("[rules.\"s7.plc_stop\"]\nenabled = \"no\"\n"),
            "p.toml:2:11: [rules.\"s7.plc_stop\"] enabled must be true or false");
  EXPECT_EQ(error_of("[learning]\nmode = \"sometimes\"\n"),
            "p.toml:2:8: learning.mode 'sometimes' must be one of: auto, off, learn, enforce");
  EXPECT_EQ(error_of("[learning]\nduration = \"ten minutes\"\n"),
            "p.toml:2:12: learning.duration 'ten minutes' is not a duration (e.g. \"90s\", "
            "\"10m\", \"1h\")");
  EXPECT_EQ(error_of("[thresholds]\nfunction_scan = 0\n"),
            "p.toml:2:17: thresholds.function_scan must be between 1 and 1000000");
  EXPECT_EQ(error_of("[[modbus.write_ranges]]\nspace = \"coil\"\nstart = 0\n"),
            "p.toml:1:1: modbus.write_ranges entries need space, start and count");
  EXPECT_EQ(error_of("[[modbus.write_ranges]]\nspace = \"coil\"\nstart = 0\ncount = 1\nend = 2\n"),
            "p.toml:5:1: unknown key 'end' in [[modbus.write_ranges]] (expected one of: server, "
            "space, start, count)");
  // TOML syntax errors keep the parser's own description and position.
  const std::string syntax = error_of("[modbus\nmasters = []\n");
  EXPECT_EQ(syntax.rfind("p.toml:1:", 0), 0u) << syntax;
}

TEST(Policy, UnreadableFileIsAnError) {
  try {
    load_policy_file("/no/such/policy.toml");
    FAIL() << "no error";
  } catch (const PolicyError& e) {
    EXPECT_STREQ(e.what(), "cannot read policy file '/no/such/policy.toml'");
  }
}

TEST(Policy, Durations) {
  EXPECT_EQ(parse_duration_us("90s"), 90'000'000);
  EXPECT_EQ(parse_duration_us("10m"), 600'000'000);
  EXPECT_EQ(parse_duration_us("2h"), 7'200'000'000);
  EXPECT_EQ(parse_duration_us("1d"), 86'400'000'000);
  EXPECT_EQ(parse_duration_us("15"), 15'000'000);
  EXPECT_EQ(parse_duration_us("0s"), 0);
  EXPECT_FALSE(parse_duration_us(""));
  EXPECT_FALSE(parse_duration_us("m"));
  EXPECT_FALSE(parse_duration_us("-5s"));
  EXPECT_FALSE(parse_duration_us("5 s"));
  EXPECT_FALSE(parse_duration_us("99999999999999999999d"));
}

}  // namespace
}  // namespace otscope::detection
