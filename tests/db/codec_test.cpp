// The value encodings behind the columns: range union, JSON text, addresses; and that damaged
// column values are reported rather than misread.
#include "db/codec.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "db/database.h"
#include "protocols/s7/s7.h"
#include "tests/db/db_fixtures.h"

namespace otscope::db {
namespace {

std::string text_of(const std::vector<AddressRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ' ';
    out += r.space.str() + ":" + std::to_string(r.start) + "+" + std::to_string(r.count);
  }
  return out;
}

TEST(RangeUnion, JoinsOverlappingContainedAndAdjacentRangesPerSpace) {
  EXPECT_EQ(text_of(union_ranges({{"holding_register", 100, 10},
                                  {"coil", 0, 16},
                                  {"holding_register", 0, 10},
                                  {"holding_register", 10, 5},      // adjacent to 0+10
                                  {"holding_register", 2, 3},       // contained
                                  {"holding_register", 105, 20},    // overlaps 100+10
                                  {"input_register", 10, 5},        // same numbers, other space
                                  {"holding_register", 200, 0}})),  // empty: dropped
            "coil:0+16 holding_register:0+15 holding_register:100+25 input_register:10+5");
}

TEST(RangeUnion, KeepsGapsAndSortsByStart) {
  EXPECT_EQ(text_of(union_ranges({{"DB5", 30, 2}, {"DB5", 10, 2}, {"DB5", 13, 2}})),
            "DB5:10+2 DB5:13+2 DB5:30+2");
}

TEST(RangeUnion, CountSaturatesInsteadOfWrapping) {
  constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();
  auto merged = union_ranges({{"x", 0, kMax}, {"x", kMax - 1, kMax}});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].start, 0u);
  EXPECT_EQ(merged[0].count, kMax);
}

TEST(RangeJson, RoundTrips) {
  std::vector<AddressRange> ranges{{"holding_register", 0, 10}, {"DB\"1'", 4294967295u, 1}};
  auto back = ranges_from_json(ranges_to_json(ranges));
  EXPECT_EQ(text_of(back), text_of(ranges));
  EXPECT_EQ(ranges_to_json({}), "[]");
}

// The stored text is the same whoever writes it (databases written before the writer was made
// faster hold the same text), and a value written in another key order or spacing reads back.
TEST(RangeJson, StoredTextIsCanonicalJson) {
  std::vector<AddressRange> ranges{{"holding_register", 0, 10}, {"g30", 4294967295u, 1}};
  EXPECT_EQ(ranges_to_json(ranges), R"([{"count":10,"space":"holding_register","start":0},)"
                                    R"({"count":1,"space":"g30","start":4294967295}])");
  EXPECT_EQ(ranges_to_json({{"DB\"1\xc3\xa9", 1, 2}}),
            R"([{"count":2,"space":"DB\"1é","start":1}])");
  const auto spaced = ranges_from_json(R"([ {"start": 7, "space": "coil", "count": 3} ])");
  EXPECT_EQ(text_of(spaced), "coil:7+3");
  EXPECT_THROW(ranges_from_json(R"([{"count":1,"space":"coil","start":4294967296}])"), DbError);
  EXPECT_THROW(ranges_from_json(R"([{"count":1,"space":"coil","start":1}] x)"), DbError);
}

// Roles are stored as a JSON writer writes them, whatever the confidence, and read back.
TEST(RoleJson, StoredTextIsWhatAJsonWriterWrites) {
  for (int hundredths = 0; hundredths <= 100; ++hundredths) {
    const std::vector<RoleAssessment> roles{
        {AssetRole::Plc, hundredths / 100.0 + 0.001, {"answers Modbus reads", "polled by 2"}},
        {AssetRole::Hmi, 0.5, {}}};
    nlohmann::json expected = nlohmann::json::array();
    for (const RoleAssessment& r : roles)
      expected.push_back(
          {{"role", asset_role_name(r.role)},
           {"confidence", static_cast<double>(std::lround(r.confidence * 100)) / 100.0},
           {"reasons", r.reasons}});
    const std::string text = roles_to_json(roles);
    EXPECT_EQ(text, expected.dump()) << hundredths;
    const auto back = roles_from_json(text);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_NEAR(back[0].confidence, hundredths / 100.0, 1e-9);
    EXPECT_EQ(back[0].reasons, roles[0].reasons);
  }
  // A reason that needs escaping (a name from the wire) is escaped.
  const std::vector<RoleAssessment> quoted{{AssetRole::Plc, 1, {"named \"P1\"\n"}}};
  EXPECT_EQ(roles_to_json(quoted),
            R"([{"confidence":1.0,"reasons":["named \"P1\"\n"],"role":"plc"}])");
  EXPECT_EQ(roles_from_json(roles_to_json(quoted))[0].reasons, quoted[0].reasons);
}

TEST(FrameJson, StoredTextRoundTrips) {
  const std::vector<FrameRef> frames{{4, 1700000000000001}, {5, -3}};
  EXPECT_EQ(frames_to_json(frames),
            R"([{"frame":4,"time":1700000000000001},{"frame":5,"time":-3}])");
  EXPECT_EQ(frames_from_json(frames_to_json(frames)), frames);
  EXPECT_EQ(frames_to_json({}), "[]");
}

TEST(RangeJson, DamagedValueIsReported) {
  EXPECT_THROW(ranges_from_json("[{\"space\":\"coil\"}]"), DbError);
  EXPECT_THROW(ranges_from_json("{}"), DbError);
  EXPECT_THROW(ranges_from_json("not json"), DbError);
  EXPECT_THROW(ranges_from_json("[{\"space\":\"coil\",\"start\":-1,\"count\":1}]"), DbError);
}

TEST(ExceptionCodeJson, RoundTripsAndRejectsBadKeys) {
  std::map<std::uint32_t, std::uint64_t> codes{{2, 5}, {131, 1}};
  EXPECT_EQ(exception_codes_to_json(codes), R"({"131":1,"2":5})");
  EXPECT_EQ(exception_codes_from_json(exception_codes_to_json(codes)), codes);
  EXPECT_THROW(exception_codes_from_json(R"({"two":1})"), DbError);
  EXPECT_THROW(exception_codes_from_json("[]"), DbError);
}

TEST(AddressText, MacAndIpRoundTrip) {
  MacAddress m = test::mac("00:1b:1b:ab:cd:ef");
  EXPECT_EQ(mac_text(m), "00:1b:1b:ab:cd:ef");
  EXPECT_EQ(parse_mac("00:1b:1b:ab:cd:ef"), m);
  EXPECT_EQ(mac_text(MacAddress{}), "");
  EXPECT_TRUE(parse_mac("").is_zero());
  EXPECT_THROW(parse_mac("00:1b:1b:ab:cd"), DbError);
  EXPECT_THROW(parse_mac("00-1b-1b-ab-cd-ef"), DbError);
  EXPECT_EQ(parse_ip("2001:db8::1"), test::ip("2001:db8::1"));
  EXPECT_THROW(parse_ip("10.0.0.256"), DbError);
}

TEST(EnumText, NamesRoundTrip) {
  EXPECT_EQ(parse_transport(std::string(transport_text(Transport::Udp))), Transport::Udp);
  EXPECT_EQ(parse_protocol("s7comm_plus"), s7::kS7commPlus);
  EXPECT_THROW(parse_protocol("bitbus"), DbError);
  EXPECT_EQ(parse_op_class("mode_change"), OpClass::ModeChange);
  EXPECT_EQ(parse_op_class("something_new"), OpClass::Other);
}

TEST(DamagedDatabase, BadStoredValueIsAClearReadError) {
  test::TempDir dir;
  const std::string path = test::db_file(dir);
  Database db = Database::open(path);
  db.merge(test::sample_delta(), db.begin_run({.source = "a.pcap"}));
  {
    test::RawSqlite raw(path);
    raw.exec("UPDATE links SET server_ip = 'not-an-ip'");
  }
  EXPECT_EQ(test::db_error_of([&] { db.links(); }),
            "cannot read database '" + path + "': invalid IP address 'not-an-ip' in the database");
}

}  // namespace
}  // namespace otscope::db
