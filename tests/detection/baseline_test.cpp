// The learned baseline: what it knows, how ranges merge, and its JSON exchange format.
#include "model/detection/baseline.h"

#include <gtest/gtest.h>

#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/s7.h"
#include "tests/detection/detection_fixtures.h"

namespace otscope::detection {
namespace {

using test::ip;

const PathKey kHmiToPlc{modbus::kProtocol, ip("10.10.1.10"), ip("10.10.1.20"), 255};

AddressRange hr(std::uint32_t start, std::uint32_t count) {
  return {"holding_register", start, count};
}

TEST(Baseline, KnowsWhatItLearned) {
  Baseline b;
  EXPECT_TRUE(b.empty());
  EXPECT_TRUE(b.learn(kHmiToPlc, 3, "Read Holding Registers", RangeList{hr(0, 10)}, 1'000'000));
  EXPECT_FALSE(b.learn(kHmiToPlc, 3, "Read Holding Registers", RangeList{hr(2, 5)}, 2'000'000));
  EXPECT_TRUE(b.learn(kHmiToPlc, 6, "Write Single Register", RangeList{hr(100, 1)}, 3'000'000));
  EXPECT_FALSE(b.empty());
  EXPECT_EQ(b.path_count(), 1u);
  EXPECT_EQ(b.function_count(), 2u);
  EXPECT_TRUE(b.knows_asset(ip("10.10.1.10")));
  EXPECT_TRUE(b.knows_asset(ip("10.10.1.20")));
  EXPECT_FALSE(b.knows_asset(ip("10.10.1.66")));
  EXPECT_TRUE(b.knows_client(modbus::kProtocol, ip("10.10.1.10")));
  EXPECT_FALSE(b.knows_client(modbus::kProtocol, ip("10.10.1.20")));
  EXPECT_FALSE(b.knows_client(s7::kS7comm, ip("10.10.1.10")));
  EXPECT_TRUE(b.knows_pair(modbus::kProtocol, ip("10.10.1.10"), ip("10.10.1.20")));
  EXPECT_TRUE(b.knows_path(kHmiToPlc));
  PathKey other_unit = kHmiToPlc;
  other_unit.unit = 3;
  EXPECT_FALSE(b.knows_path(other_unit));
  const BaselineFunction* f = b.function(kHmiToPlc, 3);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->first_seen_us, 1'000'000);
  EXPECT_EQ(f->last_seen_us, 2'000'000);
  EXPECT_EQ(b.function(kHmiToPlc, 16), nullptr);
}

TEST(Baseline, RangesMergeAndCover) {
  std::vector<AddressRange> r;
  EXPECT_TRUE(add_range(r, hr(0, 10)));
  EXPECT_TRUE(add_range(r, hr(10, 5)));  // adjacent: joined
  EXPECT_FALSE(add_range(r, hr(3, 4)));  // inside: nothing new
  EXPECT_TRUE(add_range(r, hr(100, 1)));
  EXPECT_TRUE(add_range(r, {"coil", 0, 16}));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].space, "coil");
  EXPECT_EQ(r[1].start, 0u);
  EXPECT_EQ(r[1].count, 15u);
  EXPECT_TRUE(ranges_cover(r, RangeList{hr(0, 15), hr(100, 1)}));
  EXPECT_FALSE(ranges_cover(r, RangeList{hr(14, 2)}));
  EXPECT_FALSE(ranges_cover(r, RangeList{{"input_register", 0, 1}}));
  EXPECT_TRUE(ranges_cover(r, {}));
  EXPECT_FALSE(add_range(r, hr(7, 0)));  // empty ranges are ignored
}

TEST(Baseline, AFragmentedSpaceIsKeptAsItsSpan) {
  std::vector<AddressRange> r;
  for (std::uint32_t i = 0; i < 200; ++i) add_range(r, hr(i * 10, 1));
  EXPECT_LE(r.size(), 65u);
  EXPECT_TRUE(ranges_cover(r, RangeList{hr(1990, 1)}));
}

TEST(Baseline, JsonRoundTrip) {
  Baseline b;
  b.learn(kHmiToPlc, 3, "Read Holding Registers", RangeList{hr(0, 10)}, 1'772'438'400'123'456);
  b.learn(kHmiToPlc, 3, "Read Holding Registers", {}, 1'772'438'460'000'000);
  b.learn({dnp3::kProtocol, ip("10.10.20.5"), ip("10.10.20.21"), 10}, 1, "READ",
          RangeList{{"g1", 0, 8}}, 1'772'438'401'000'000);
  b.learn({s7::kS7comm, ip("fd00::11"), ip("fd00::40"), -1}, 4, "Read Var", {}, 0);
  const std::string text = b.to_json();
  EXPECT_NE(text.find("\"otscope_baseline\": 1"), std::string::npos);
  EXPECT_NE(text.find("\"first_seen\": \"2026-03-02T08:00:00.123456Z\""), std::string::npos);
  const Baseline back = Baseline::from_json(text, "b.json");
  EXPECT_EQ(back.to_json(), text);
  const BaselineFunction* f = back.function(kHmiToPlc, 3);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->ranges.size(), 1u);
  EXPECT_EQ(f->last_seen_us, 1'772'438'460'000'000);
  EXPECT_TRUE(back.knows_path({s7::kS7comm, ip("fd00::11"), ip("fd00::40"), -1}));
}

std::string import_error(const std::string& text) {
  try {
    Baseline::from_json(text, "b.json");
  } catch (const BaselineError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Baseline, ImportRejectsWhatItDoesNotUnderstand) {
  const std::string link =
      R"({"protocol": "modbus", "client": "10.0.0.1", "server": "10.0.0.2", "unit": 1, )";
  EXPECT_EQ(import_error("{"), "b.json: not valid JSON (byte 2)");
  // Found by fuzzing: the parser refuses a number beyond any type with another exception.
  EXPECT_EQ(import_error("[[50e692"), "b.json: not valid JSON (a number out of range)");
  EXPECT_EQ(import_error("[]"), "b.json: top level: must be an object");
  EXPECT_EQ(import_error(R"({"otscope_baseline": 2, "links": []})"),
            "b.json: otscope_baseline: unsupported version (this build reads version 1)");
  EXPECT_EQ(import_error(R"({"otscope_baseline": 1, "links": [], "extra": 1})"),
            "b.json: top level: unknown key 'extra'");
  EXPECT_EQ(import_error(R"({"otscope_baseline": 1, "links": [)" + link +
                         R"("functions": [{"function": 3, "colour": "red"}]}]})"),
            "b.json: links[0].functions[0]: unknown key 'colour'");
  EXPECT_EQ(
      import_error(
          R"({"otscope_baseline": 1, "links": [{"protocol": "profinet", "client": "10.0.0.1", "server": "10.0.0.2", "unit": 1, "functions": [{"function": 3}]}]})"),
      "b.json: links[0]: unknown protocol 'profinet'");
  EXPECT_EQ(
      import_error(
          R"({"otscope_baseline": 1, "links": [{"protocol": "modbus", "client": "10.0.0.x", "server": "10.0.0.2", "unit": 1, "functions": [{"function": 3}]}]})"),
      "b.json: links[0]: client '10.0.0.x' is not an IP address");
  EXPECT_EQ(import_error(R"({"otscope_baseline": 1, "links": [)" + link +
                         R"("functions": [{"function": "3"}]}]})"),
            "b.json: links[0].functions[0]: 'function' must be an integer");
  EXPECT_EQ(import_error(R"({"otscope_baseline": 1, "links": [)" + link + R"("functions": []}]})"),
            "b.json: links[0]: 'functions' must be a non-empty array");
  EXPECT_EQ(
      import_error(
          R"({"otscope_baseline": 1, "links": [)" + link +
          R"("functions": [{"function": 3, "ranges": [{"space": "coil", "start": 0, "count": 0}]}]}]})"),
      "b.json: links[0].functions[0].ranges[0]: 'count' must be between 1 and 4294967295");
  EXPECT_EQ(
      import_error(
          R"({"otscope_baseline": 1, "links": [)" + link +
          R"("functions": [{"function": 3, "ranges": [{"space": "holding_register_of_the_boiler", "start": 0, "count": 1}]}]}]})"),
      "b.json: links[0].functions[0].ranges[0]: 'space' is longer than 23 characters: no decoder "
      "names an address space so");
}

TEST(Baseline, IsoTimes) {
  EXPECT_EQ(iso8601_us(1'772'438'400'000'001), "2026-03-02T08:00:00.000001Z");
  EXPECT_EQ(parse_iso8601_us("2026-03-02T08:00:00.000001Z"), 1'772'438'400'000'001);
  EXPECT_EQ(parse_iso8601_us("2026-03-02T08:00:00Z"), 1'772'438'400'000'000);
  EXPECT_EQ(parse_iso8601_us("2026-03-02T08:00:00.5Z"), 1'772'438'400'500'000);
  EXPECT_FALSE(parse_iso8601_us("2026-03-02 08:00:00Z"));
  EXPECT_FALSE(parse_iso8601_us("2026-13-02T08:00:00Z"));
  EXPECT_FALSE(parse_iso8601_us("2026-03-02T08:00:00"));
  EXPECT_EQ(iso8601_us(0), "");
}

}  // namespace
}  // namespace otscope::detection
