// Identity changes across two crafted captures: a PLC answering Modbus 43/14 with one firmware
// revision on Monday and another on Tuesday, then replaced by a device with another MAC. The
// change lands in the analysis result, in the database history, in `otscope history` and in the
// "history" array of `otscope assets --json`.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "tests/inventory/crafted_captures.h"
#include "tests/inventory/inventory_fixtures.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::ModbusPeer;
using test::run_command;

constexpr std::int64_t kMonday = 1'772'438'400'000'000;  // 2026-03-02 08:00 UTC
constexpr std::int64_t kTuesday = kMonday + 86'400'000'000;
constexpr std::int64_t kWednesday = kTuesday + 86'400'000'000;

const ModbusPeer kHmi{"f8:b1:56:6d:0a:11", "10.10.1.10"};
const ModbusPeer kPlc{"00:80:f4:2a:61:c3", "10.10.1.20"};
const ModbusPeer kReplacement{"00:80:f4:2a:99:01", "10.10.1.20"};

test::IdentityObjects identity(const std::string& revision, const std::string& code) {
  return {{0, "Schneider Electric"}, {1, code}, {2, revision}, {4, "Modicon M340"}};
}

struct Captures {
  test::TempDir dir;
  std::string monday, tuesday, wednesday;
  Captures() {
    monday = test::write_capture(
        dir.path() / "monday.pcap",
        test::modbus_identity_exchange(kMonday, kHmi, kPlc, identity("v3.20", "BMX P34 2020")));
    tuesday = test::write_capture(
        dir.path() / "tuesday.pcap",
        test::modbus_identity_exchange(kTuesday, kHmi, kPlc, identity("v3.30", "BMX P34 2020")));
    wednesday =
        test::write_capture(dir.path() / "wednesday.pcap",
                            test::modbus_identity_exchange(kWednesday, kHmi, kReplacement,
                                                           identity("v2.70", "BMX P34 2030")));
  }
};

TEST(IdentityHistory, FirmwareChangeBetweenTwoCapturesOfOneRun) {
  Captures c;
  const AnalysisResult r = analyze_captures({c.monday, c.tuesday});
  const IpAddress plc = test::ip_of("10.10.1.20");
  ASSERT_NE(r.asset_for(plc), nullptr);
  const auto changes = r.changes_for(plc);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0]->field, "firmware");
  EXPECT_EQ(changes[0]->old_value, "v3.20");
  EXPECT_EQ(changes[0]->new_value, "v3.30");
  EXPECT_EQ(changes[0]->changed_us, kTuesday + 4'000);
  EXPECT_EQ(changes[0]->old_last_seen_us, kMonday + 4'000);
  EXPECT_EQ(changes[0]->source, "modbus 43/14 read device identification");
  EXPECT_EQ(changes[0]->capture, 1u);
  EXPECT_EQ(r.identity(plc, "vendor"), "Schneider Electric");
}

// Hardening: every non-ASCII byte of a device string became '?' ("Électric" -> "??lectric", a
// Chinese station name lost entirely). Valid UTF-8 now reaches the database and the command line
// as it is; only an invalid byte or a control character is escaped, as the text \xNN.
TEST(IdentityHistory, NonAsciiDeviceStringsReachTheCommandLineIntact) {
  test::TempDir dir;
  const std::string cap =
      test::write_capture(dir.path() / "utf8.pcap",
                          test::modbus_identity_exchange(kMonday, kHmi, kPlc,
                                                         {{0, "Schneider \xc3\x89lectric"},
                                                          {1, "BMX\xff P34\x1b 2020"},
                                                          {2, "v3.20\xff\x01  "},
                                                          {4, "\xe6\xb3\xb5\xe7\xab\x99 Nord"}}));
  const std::string db = (dir.path() / "o.db").string();
  const std::string bin = test::otscope_binary().string();
  ASSERT_EQ(run_command({bin, "analyze", "-q", "--db", db, cap}).exit_code, 0);
  auto a = run_command({bin, "assets", "--db", db, "--json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const json assets = json::parse(a.out);
  const json* plc = nullptr;
  for (const json& asset : assets)
    if (asset["mac"] == kPlc.mac) plc = &asset;
  ASSERT_NE(plc, nullptr) << a.out;
  const json& id = (*plc)["identity"];
  EXPECT_EQ(id["vendor"], "Schneider \u00c9lectric") << id.dump();
  EXPECT_EQ(id["product"], "\u6cf5\u7ad9 Nord") << id.dump();
  EXPECT_EQ(id["product_code"], "BMX\\xff P34\\x1b 2020") << id.dump();
  EXPECT_EQ(id["firmware"], "v3.20") << id.dump();  // padding at the end trimmed
  // The text table shows the names as they are, without control characters.
  auto t = run_command({bin, "assets", "--db", db});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("Schneider \xc3\x89lectric"), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find('\x1b'), std::string::npos) << t.out;
}

// A Chinese-made controller names itself in GBK, and a device's text holds a literal backslash.
// Without a declared encoding the GBK bytes are escaped, and so is the backslash (so that \xNN
// is always an escape); with --legacy-encoding GBK the name is the Chinese text it is.
TEST(IdentityHistory, DeclaredLegacyEncodingShowsGbkDeviceStringsAsText) {
  test::TempDir dir;
  const std::string cap = test::write_capture(
      dir.path() / "gbk.pcap",
      test::modbus_identity_exchange(
          kMonday, kHmi, kPlc,
          {{0, "\xba\xcd\xc0\xfb\xca\xb1"}, {1, "LK\\xff 2000"}, {4, "\xb1\xc3\xd5\xbe Nord"}}));
  const std::string bin = test::otscope_binary().string();
  auto identity_of_plc = [&](const std::string& db) {
    auto a = run_command({bin, "assets", "--db", db, "--json"});
    EXPECT_EQ(a.exit_code, 0) << a.err;
    for (const json& asset : json::parse(a.out))
      if (asset["mac"] == kPlc.mac) return asset["identity"];
    return json();
  };
  const std::string plain = (dir.path() / "plain.db").string();
  ASSERT_EQ(run_command({bin, "analyze", "-q", "--db", plain, cap}).exit_code, 0);
  json id = identity_of_plc(plain);
  // The last GBK character's two bytes happen to be valid UTF-8 (U+02B1): kept as they are.
  EXPECT_EQ(id["vendor"], "\\xba\\xcd\\xc0\\xfb\u02b1") << id.dump();
  EXPECT_EQ(id["product_code"], "LK\\x5cxff 2000") << id.dump();

  const std::string gbk = (dir.path() / "gbk.db").string();
  auto r = run_command({bin, "analyze", "-q", "--legacy-encoding", "GBK", "--db", gbk, cap});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  id = identity_of_plc(gbk);
  EXPECT_EQ(id["vendor"], "\u548c\u5229\u65f6") << id.dump();  // 和利时
  EXPECT_EQ(id["product"], "\u6cf5\u7ad9 Nord") << id.dump();  // 泵站 Nord
  EXPECT_EQ(id["product_code"], "LK\\x5cxff 2000") << id.dump();

  auto bad = run_command({bin, "analyze", "-q", "--legacy-encoding", "KLINGON", "--db",
                          (dir.path() / "bad.db").string(), cap});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown character encoding 'KLINGON'"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad.db"));
}

TEST(IdentityHistory, ReplacedDeviceAcrossRunsThroughTheCommandLine) {
  Captures c;
  const std::string db = (c.dir.path() / "o.db").string();
  const std::string bin = test::otscope_binary().string();
  for (const std::string& cap : {c.monday, c.tuesday, c.wednesday})
    ASSERT_EQ(run_command({bin, "analyze", "-q", "--db", db, cap}).exit_code, 0);

  auto h = run_command({bin, "history", "--db", db, "--json", "--ip", "10.10.1.20"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  const json history = json::parse(h.out);
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_field;
  for (const json& e : history)
    by_field[e["field"].get<std::string>()].emplace_back(e["old"].get<std::string>(),
                                                         e["new"].get<std::string>());
  using Changes = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(by_field["firmware"], (Changes{{"v3.20", "v3.30"}, {"v3.30", "v2.70"}})) << h.out;
  EXPECT_EQ(by_field["product_code"], (Changes{{"BMX P34 2020", "BMX P34 2030"}})) << h.out;
  EXPECT_EQ(by_field["mac"], (Changes{{kPlc.mac, kReplacement.mac}})) << h.out;
  for (const json& e : history) {
    EXPECT_FALSE(e["changed_at"].get<std::string>().empty());
    EXPECT_FALSE(e["source"].get<std::string>().empty());
  }

  // The same history on the devices in `assets --json`.
  auto a = run_command({bin, "assets", "--db", db, "--json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const json assets = json::parse(a.out);
  const json* replacement = nullptr;
  for (const json& asset : assets)
    if (asset["mac"] == kReplacement.mac) replacement = &asset;
  ASSERT_NE(replacement, nullptr) << a.out;
  EXPECT_EQ((*replacement)["identity"]["firmware"], "v2.70");
  bool saw_mac_change = false;
  for (const json& e : (*replacement)["history"])
    saw_mac_change = saw_mac_change ||
                     (e["field"] == "mac" && e["old"] == kPlc.mac && e["new"] == kReplacement.mac &&
                      e["changed_at"] == "2026-03-04T08:00:00.000000Z");
  EXPECT_TRUE(saw_mac_change) << replacement->dump(2);

  // Analysing Tuesday again adds nothing to the history.
  ASSERT_EQ(run_command({bin, "analyze", "-q", "--db", db, c.tuesday}).exit_code, 0);
  EXPECT_EQ(json::parse(run_command({bin, "history", "--db", db, "--json"}).out).size(),
            history.size());
}

}  // namespace
}  // namespace otscope
