// Captures replayed into one database that reuse an address: a PLC's IP taken by another device
// years later is a reassignment (low), not the ARP spoofing alarm (high) that two devices
// answering for one IP at the same time deserve. Through `otscope analyze`, in one run and across
// runs (the database's merge), as an analyst replaying an archive would.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/inventory/crafted_captures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::ModbusPeer;
using test::run_command;

constexpr std::int64_t kT0 = 1'600'000'000'000'000;  // 2020-09-13
constexpr std::int64_t kYear = 365LL * 86'400'000'000;
const ModbusPeer kHmi{"00:0c:29:00:00:01", "192.168.7.10"};
const ModbusPeer kOldPlc{"00:1b:1b:00:00:20", "192.168.7.20"};  // Siemens
const ModbusPeer kNewPlc{"00:80:f4:00:00:20", "192.168.7.20"};  // Telemecanique, same IP

struct Replay {
  test::TempDir dir;
  std::string db = (dir.path() / "archive.db").string();
  std::string bin = test::otscope_binary().string();

  std::string capture(const char* name, std::int64_t t0, const ModbusPeer& plc) {
    return test::write_capture(dir.path() / name,
                               test::modbus_identity_exchange(t0, kHmi, plc, {{0, "Vendor"}}));
  }
  void analyze(const std::vector<std::string>& captures) {
    std::vector<std::string> argv = {bin, "analyze", "-q", "--db", db};
    argv.insert(argv.end(), captures.begin(), captures.end());
    const auto r = run_command(argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // rule -> (severity, first evidence summary) of the stored alerts on the PLC's address.
  std::map<std::string, std::pair<std::string, std::string>> address_alerts() {
    const auto r = run_command({bin, "alerts", "--db", db, "--json", "--all"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (const auto& a : nlohmann::json::parse(r.out)) {
      const std::string rule = a.at("rule").get<std::string>();
      if (rule.rfind("network.", 0) != 0) continue;
      std::string evidence;
      if (a.contains("evidence") && !a.at("evidence").empty())
        evidence = a.at("evidence")[0].value("summary", "");
      out[rule] = {a.at("severity").get<std::string>(), evidence};
    }
    return out;
  }
};

TEST(AddressReuse, ACaptureYearsLaterWithTheAddressOnAnotherDeviceIsAReassignment) {
  Replay r;
  r.analyze({r.capture("2020.pcap", kT0, kOldPlc)});
  r.analyze({r.capture("2022.pcap", kT0 + 2 * kYear, kNewPlc)});
  const auto alerts = r.address_alerts();
  ASSERT_EQ(alerts.size(), 1u) << "no ip_conflict for an address reused years apart";
  ASSERT_TRUE(alerts.contains("network.address_reassigned"));
  const auto& [severity, evidence] = alerts.at("network.address_reassigned");
  EXPECT_EQ(severity, "low");
  EXPECT_NE(evidence.find("00:1b:1b:00:00:20"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("00:80:f4:00:00:20"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("Siemens"), std::string::npos) << "the old MAC's vendor: " << evidence;
}

TEST(AddressReuse, TwoDevicesAnsweringForOneAddressAtOnceStayAHighConflict) {
  Replay r;
  r.analyze({r.capture("a.pcap", kT0, kOldPlc)});
  r.analyze({r.capture("b.pcap", kT0 + 30'000'000, kNewPlc)});  // 30 s later
  const auto alerts = r.address_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  ASSERT_TRUE(alerts.contains("network.ip_conflict"));
  EXPECT_EQ(alerts.at("network.ip_conflict").first, "high");
}

TEST(AddressReuse, InOneRunTheSameHolds) {
  Replay years;
  years.analyze({years.capture("2020.pcap", kT0, kOldPlc),
                 years.capture("2022.pcap", kT0 + 2 * kYear, kNewPlc)});
  auto alerts = years.address_alerts();
  EXPECT_TRUE(alerts.contains("network.address_reassigned"));
  EXPECT_FALSE(alerts.contains("network.ip_conflict"));

  Replay moments;
  moments.analyze({moments.capture("a.pcap", kT0, kOldPlc),
                   moments.capture("b.pcap", kT0 + 30'000'000, kNewPlc)});
  alerts = moments.address_alerts();
  EXPECT_TRUE(alerts.contains("network.ip_conflict"));
  EXPECT_FALSE(alerts.contains("network.address_reassigned"));
}

}  // namespace
}  // namespace otscope
