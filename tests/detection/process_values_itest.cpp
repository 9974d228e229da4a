// Learned process values through the otscope command: `baseline learn` on the demo plant,
// `operations --json` showing the learned values of its write rows, the intruder's writes to the
// operator's setpoints raising process.value_out_of_range, and the values surviving
// `baseline export` and `baseline import` into a fresh database.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::run_command;

std::string bin() {
  return test::otscope_binary().string();
}
std::string pcap(const char* name) {
  return (test::project_pcaps() / name).string();
}
json command_json(const std::vector<std::string>& argv) {
  auto r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

TEST(ProcessValuesCli, LearnShowEnforceExportImport) {
  test::TempDir dir;
  const std::string db = (dir.path() / "plant.db").string();
  auto r = run_command({bin(), "baseline", "learn", "--db", db, pcap("demo_plant.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" now holds 7 paths, 19 functions, 3 value points (3 learned now)\n"),
            std::string::npos)
      << r.out;

  // The plant itself is quiet against its baseline; the intruder's writes are not.
  r = run_command({bin(), "analyze", "--db", db, "-q", pcap("demo_plant.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(command_json({bin(), "alerts", "--db", db, "--json"}).empty());

  // The run stored the plant's operations. Its setpoint writes on the PLC: HR100 = 780 (Write
  // Single Register) and HR103..104 = 1420 (Write Multiple Registers).
  json write_rows = json::array();
  for (const json& op : command_json({bin(), "operations", "--db", db, "--json"})) {
    ASSERT_TRUE(op.contains("values"));
    if (!op["values"].empty()) write_rows.push_back(op);
  }
  ASSERT_EQ(write_rows.size(), 2u) << write_rows.dump();
  for (const json& op : write_rows) {
    EXPECT_EQ(op["server"], "10.10.1.20");
    EXPECT_EQ(op["class"], "write");
    EXPECT_EQ(op["values_omitted"], 0);
    for (const json& v : op["values"]) {
      EXPECT_EQ(v["space"], "holding_register");
      EXPECT_EQ(v["kind"], "number");
      EXPECT_EQ(v["count"], 1);
      EXPECT_EQ(v["min"], v["max"]);
      EXPECT_EQ(v["last"], v["max"]);
    }
  }
  json single = write_rows[0]["function"] == 6 ? write_rows[0] : write_rows[1];
  ASSERT_EQ(single["values"].size(), 1u);
  EXPECT_EQ(single["values"][0]["address"], 100);
  EXPECT_EQ(single["values"][0]["min"], 780.0);

  r = run_command({bin(), "analyze", "--db", db, "-q", pcap("attack_modbus_write.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json value_alert;
  for (const json& a : command_json({bin(), "alerts", "--db", db, "--json"}))
    if (a["rule"] == "process.value_out_of_range") value_alert = a;
  ASSERT_FALSE(value_alert.is_null());
  EXPECT_EQ(value_alert["severity"], "medium");
  EXPECT_EQ(value_alert["count"], 3);
  EXPECT_NE(value_alert["summary"].get<std::string>().find(
                "modbus unit 255 holding_register 100 set to 0, outside the learned range "
                "[780, 780]"),
            std::string::npos)
      << value_alert.dump();

  // The alert carries the values it judged; accepting it teaches them to the points, and the
  // same writes are no longer outside the range.
  ASSERT_TRUE(value_alert.contains("id"));
  const std::string id = std::to_string(value_alert["id"].get<int>());
  r = run_command({bin(), "alerts", "accept", id, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command({bin(), "analyze", "--db", db, "-q", pcap("attack_modbus_write.pcap")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const json& a : command_json({bin(), "alerts", "--db", db, "--json"}))
    EXPECT_NE(a["rule"], "process.value_out_of_range") << a.dump();
  json hr100;
  for (const json& op : command_json({bin(), "operations", "--db", db, "--json"}))
    for (const json& v : op["values"])
      if (v["address"] == 100) hr100 = v;
  EXPECT_EQ(hr100["min"], 0.0);
  EXPECT_EQ(hr100["max"], 780.0);

  // Exported and imported into a fresh database: the same values.
  const std::string exported = (dir.path() / "baseline.json").string();
  r = run_command({bin(), "baseline", "export", "--db", db, exported});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string fresh = (dir.path() / "fresh.db").string();
  r = run_command({bin(), "baseline", "import", "--db", fresh, exported});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string again = (dir.path() / "again.json").string();
  r = run_command({bin(), "baseline", "export", "--db", fresh, again});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream a(exported), b(again);
  const json first = json::parse(a), second = json::parse(b);
  ASSERT_EQ(first["values"].size(), 3u);
  EXPECT_EQ(first["values"], second["values"]);
}

}  // namespace
}  // namespace otscope
