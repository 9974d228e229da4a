// Learned process values: the values Modbus and DNP3 write requests carry, learned per point
// while learning and judged while enforcing (process.value_out_of_range, process.setpoint_jump);
// the baseline's JSON and database forms of them. Conversations are real protocol bytes fed
// through the protocols' sessions into the detector.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "db/alert_store.h"
#include "engine/detection/detector.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/dnp3/session.h"
#include "protocols/modbus/modbus.h"
#include "protocols/modbus/session.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/dnp3/dnp3_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::detection {
namespace {

using nlohmann::json;
using test::at;
using test::ip;
using Bytes8 = std::vector<std::uint8_t>;

std::shared_ptr<const Policy> policy(const std::string& text) {
  return std::make_shared<const Policy>(parse_policy(text, "test.toml"));
}

// ---- Modbus requests ---------------------------------------------------------------------------

Bytes8 adu(std::uint16_t tid, std::uint8_t unit, Bytes8 pdu) {
  const auto len = static_cast<std::uint16_t>(pdu.size() + 1);
  Bytes8 out = {static_cast<std::uint8_t>(tid >> 8), static_cast<std::uint8_t>(tid), 0,   0,
                static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len), unit};
  out.insert(out.end(), pdu.begin(), pdu.end());
  return out;
}
std::uint8_t hi(std::uint32_t v) {
  return static_cast<std::uint8_t>(v >> 8);
}
std::uint8_t lo(std::uint32_t v) {
  return static_cast<std::uint8_t>(v);
}
Bytes8 write_register(std::uint16_t tid, std::uint16_t address, std::uint16_t value) {
  return adu(tid, 1, {6, hi(address), lo(address), hi(value), lo(value)});
}
Bytes8 write_registers(std::uint16_t tid, std::uint16_t address,
                       std::vector<std::uint16_t> values) {
  Bytes8 pdu = {16,
                hi(address),
                lo(address),
                0,
                static_cast<std::uint8_t>(values.size()),
                static_cast<std::uint8_t>(values.size() * 2)};
  for (std::uint16_t v : values) {
    pdu.push_back(hi(v));
    pdu.push_back(lo(v));
  }
  return adu(tid, 1, pdu);
}

// ---- DNP3 requests (master 1 to outstation 10) -------------------------------------------------

Bytes8 dnp3_request(std::uint8_t seq, std::uint8_t function, Bytes8 objects) {
  Bytes8 fragment = {static_cast<std::uint8_t>(0xC0 | (seq & 0x0F)), function};
  fragment.insert(fragment.end(), objects.begin(), objects.end());
  return dnp3::test::fragment_frames(dnp3::test::kFromMaster, 10, 1, fragment, seq);
}
// g41v2 (int16) at `index`, qualifier 0x28 (2-byte index prefix, 2-byte count).
Bytes8 analog_output(std::uint16_t index, std::int16_t value) {
  const auto v = static_cast<std::uint16_t>(value);
  return {41, 2, 0x28, 1, 0, lo(index), hi(index), lo(v), hi(v), 0};
}
// g41v3 (float32).
Bytes8 analog_output_float(std::uint16_t index, float value) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return {
      41, 3, 0x28, 1, 0, lo(index), hi(index), lo(bits), hi(bits), lo(bits >> 16), hi(bits >> 16),
      0};
}
// g41v1 (int32) and g41v4 (float64).
Bytes8 analog_output_int32(std::uint16_t index, std::int32_t value) {
  const auto v = static_cast<std::uint32_t>(value);
  return {41, 1, 0x28, 1, 0, lo(index), hi(index), lo(v), hi(v), lo(v >> 16), hi(v >> 16), 0};
}
Bytes8 analog_output_double(std::uint16_t index, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  Bytes8 out = {41, 4, 0x28, 1, 0, lo(index), hi(index)};
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  out.push_back(0);
  return out;
}
// g12v1 CROB with control code `code`, count 1, on 100 ms, off 0.
Bytes8 crob(std::uint16_t index, std::uint8_t code) {
  return {12, 1, 0x28, 1, 0, lo(index), hi(index), code, 1, 100, 0, 0, 0, 0, 0, 0, 0, 0};
}
constexpr std::uint8_t kDirectOperate = 0x05;
constexpr std::uint8_t kSelect = 0x03;
constexpr std::uint8_t kOperate = 0x04;
constexpr std::uint8_t kLatchOn = 0x03;
constexpr std::uint8_t kLatchOff = 0x04;
constexpr std::uint8_t kPulseOnClose = 0x41;

// ---- Sessions into a detector ------------------------------------------------------------------

/// Forwards what a session reports to a detector, and keeps the written values it saw.
class DetectorSink final : public EventSink {
 public:
  explicit DetectorSink(Detector* d) : detector_(d) {}
  void message(const FlowInfo& f, const PacketMeta& m, const MessageEvent& ev) override {
    values.push_back(ev.values);
    if (detector_ != nullptr) detector_->on_message(f, m, ev);
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent&) override {}
  void anomaly(const FlowInfo& f, const PacketMeta& m, const AnomalyEvent& ev) override {
    // Requests only: their responses are not part of these conversations.
    if (ev.kind.ends_with(".unanswered_request")) return;
    anomalies.push_back(ev.kind);
    if (detector_ != nullptr) detector_->on_anomaly(f, m, ev);
  }
  std::vector<std::vector<WrittenValue>> values;
  std::vector<std::string> anomalies;

 private:
  Detector* detector_;
};

/// Feeds requests (one per second) from the HMI 10.10.1.10 to the PLC 10.10.1.20 (Modbus) or
/// from the master 10.10.20.5 to the outstation 10.10.20.21 (DNP3).
template <class Session>
std::vector<std::vector<WrittenValue>> feed(Detector* d, const std::vector<Bytes8>& requests,
                                            double start = 0) {
  constexpr bool is_modbus = std::is_same_v<Session, modbus::ModbusSession>;
  const FlowInfo flow = is_modbus ? test::flow("10.10.1.10", "10.10.1.20", 502)
                                  : test::flow("10.10.20.5", "10.10.20.21", 20000);
  DetectorSink sink(d);
  std::unique_ptr<Session> session;
  if constexpr (is_modbus) {
    session = std::make_unique<Session>(flow, sink, 64);
  } else {
    session = std::make_unique<Session>(flow, sink);
  }
  std::uint64_t frame = 1;
  for (const Bytes8& r : requests) {
    session->on_data(Direction::AtoB, Bytes(r.data(), r.size()),
                     at(start + static_cast<double>(frame), frame));
    ++frame;
  }
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{});
  return sink.values;
}

Baseline learn_modbus(const std::vector<Bytes8>& requests) {
  DetectorConfig c;
  c.learn_only = true;
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, requests);
  EXPECT_TRUE(d.alerts().empty());
  return d.learned();
}

const Alert* find_alert(const Detector& d, RuleId rule) {
  for (const Alert& a : d.alerts())
    if (a.rule == rule) return &a;
  return nullptr;
}

// ---- What the sessions report ------------------------------------------------------------------

TEST(ProcessValues, ModbusWritesReportTheirValuesAndReadsNone) {
  const auto values = feed<modbus::ModbusSession>(
      nullptr, {write_register(1, 100, 42), write_registers(2, 200, {7, 65535}),
                adu(3, 1, {5, 0, 9, 0xFF, 0x00}),                         // coil 9 on
                adu(4, 1, {15, 0, 20, 0, 3, 1, 0b101}),                   // coils 20..22: 1 0 1
                adu(5, 1, {23, 0, 0, 0, 2, 0, 50, 0, 1, 2, 0x01, 0x02}),  // write 258 to HR 50
                adu(6, 1, {3, 0, 0, 0, 10}),                              // a read
                adu(7, 1, {22, 0, 60, 0xFF, 0x00, 0x00, 0x12})});         // mask write
  ASSERT_EQ(values.size(), 7u);
  using V = std::vector<WrittenValue>;
  const auto hr = ValueKind::Number;
  EXPECT_EQ(values[0], (V{{"holding_register", 100, hr, 42, {}}}));
  EXPECT_EQ(values[1],
            (V{{"holding_register", 200, hr, 7, {}}, {"holding_register", 201, hr, 65535, {}}}));
  EXPECT_EQ(values[2], (V{{"coil", 9, hr, 1, {}}}));
  EXPECT_EQ(values[3],
            (V{{"coil", 20, hr, 1, {}}, {"coil", 21, hr, 0, {}}, {"coil", 22, hr, 1, {}}}));
  EXPECT_EQ(values[4], (V{{"holding_register", 50, hr, 258, {}}}));
  EXPECT_TRUE(values[5].empty());
  EXPECT_TRUE(values[6].empty());  // the value set depends on what the register held
}

TEST(ProcessValues, ModbusWriteOfManyRegistersReportsTheFirst64) {
  std::vector<std::uint16_t> many(100);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<std::uint16_t>(i * 3);
  const auto values = feed<modbus::ModbusSession>(nullptr, {write_registers(1, 1000, many)});
  ASSERT_EQ(values.size(), 1u);
  ASSERT_EQ(values[0].size(), MessageEvent::kMaxWrittenValues);
  EXPECT_EQ(values[0].back().address, 1063u);
  EXPECT_EQ(values[0].back().value, 189);
}

TEST(ProcessValues, Dnp3OperatesReportAnalogOutputsAndCrobOperations) {
  const auto values = feed<dnp3::Dnp3Session>(
      nullptr, {dnp3_request(0, kSelect, analog_output(3, 120)),
                dnp3_request(1, kOperate, analog_output(3, 120)),
                dnp3_request(2, kDirectOperate, analog_output(3, -120)),
                dnp3_request(3, kDirectOperate, analog_output_float(4, 12.5f)),
                dnp3_request(4, kDirectOperate, crob(5, kPulseOnClose)),
                dnp3_request(5, kDirectOperate, analog_output_int32(6, -100000)),
                dnp3_request(6, kDirectOperate, analog_output_double(7, 0.125))});
  ASSERT_EQ(values.size(), 7u);
  using V = std::vector<WrittenValue>;
  EXPECT_TRUE(values[0].empty());  // SELECT sets nothing until its OPERATE
  EXPECT_EQ(values[1], (V{{"g41", 3, ValueKind::Number, 120, {}}}));
  EXPECT_EQ(values[2], (V{{"g41", 3, ValueKind::Number, -120, {}}}));
  EXPECT_EQ(values[3], (V{{"g41", 4, ValueKind::Number, 12.5, {}}}));
  ASSERT_EQ(values[4].size(), 1u);
  EXPECT_EQ(values[4][0].space, "g12");
  EXPECT_EQ(values[4][0].address, 5u);
  EXPECT_EQ(values[4][0].kind, ValueKind::Operation);
  EXPECT_EQ(values[4][0].value, 0x41);
  EXPECT_EQ(values[4][0].label, "PULSE_ON CLOSE");
  EXPECT_EQ(values[5], (V{{"g41", 6, ValueKind::Number, -100000, {}}}));
  EXPECT_EQ(values[6], (V{{"g41", 7, ValueKind::Number, 0.125, {}}}));
}

// ---- Learning, then enforcing ------------------------------------------------------------------

// The HMI moves HR100 between 10 and 30 in steps of 2 and writes HR200..201 as a pair.
std::vector<Bytes8> modbus_learning() {
  std::vector<Bytes8> out;
  std::uint16_t tid = 1;
  for (std::uint16_t v = 10; v <= 30; v += 2) out.push_back(write_register(tid++, 100, v));
  out.push_back(write_registers(tid++, 200, {500, 1}));
  out.push_back(write_registers(tid++, 200, {520, 0}));
  return out;
}

TEST(ProcessValues, BaselineLearnsRangeLastCountAndLargestStep) {
  const Baseline b = learn_modbus(modbus_learning());
  ASSERT_EQ(b.value_point_count(), 3u);
  const LearnedValues* hr100 =
      b.values({modbus::kProtocol, ip("10.10.1.20"), 1, "holding_register", 100});
  ASSERT_NE(hr100, nullptr);
  EXPECT_EQ(hr100->min, 10);
  EXPECT_EQ(hr100->max, 30);
  EXPECT_EQ(hr100->last, 30);
  EXPECT_EQ(hr100->max_step, 2);
  EXPECT_EQ(hr100->count, 11u);
  EXPECT_EQ(hr100->first_seen_us, at(1).ts_us);
  EXPECT_EQ(hr100->last_seen_us, at(11).ts_us);
}

TEST(ProcessValues, ModbusWritesInsideTheLearnedRangeRaiseNothing) {
  DetectorConfig c;
  c.baseline = learn_modbus(modbus_learning());
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {write_register(1, 100, 10), write_register(2, 100, 12),
                                   write_register(3, 100, 11), write_registers(4, 200, {510, 1})});
  EXPECT_EQ(test::alert_lines(d), std::vector<std::string>{});
}

TEST(ProcessValues, ModbusWriteOutsideTheRangeNamesRegisterRangeAndValue) {
  DetectorConfig c;
  c.baseline = learn_modbus(modbus_learning());
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {write_register(1, 100, 950), write_registers(2, 200, {1, 5})});
  EXPECT_EQ(test::alert_lines(d),
            std::vector<std::string>{"process.value_out_of_range 10.10.1.10>10.10.1.20 x3"});
  const Alert* a = find_alert(d, RuleId::ValueOutOfRange);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, Severity::Medium);
  EXPECT_EQ(a->summary.rfind("10.10.1.10 -> 10.10.1.20: modbus unit 1 holding_register 100 set to "
                             "950, outside the learned range [10, 30] (11 writes, last 30): ",
                             0),
            0u)
      << a->summary;
  ASSERT_EQ(a->evidence.size(), 3u);
  EXPECT_EQ(a->evidence[1].summary.rfind("modbus unit 1 holding_register 200 set to 1, outside "
                                         "the learned range [500, 520] (2 writes, last 520)",
                                         0),
            0u)
      << a->evidence[1].summary;
  EXPECT_EQ(a->evidence[2].summary.rfind("modbus unit 1 holding_register 201 set to 5, outside "
                                         "the learned range [0, 1]",
                                         0),
            0u)
      << a->evidence[2].summary;
  EXPECT_EQ(a->evidence[0].frame, 1u);
  EXPECT_EQ(a->functions,
            std::vector<std::string>({"Write Single Register", "Write Multiple Registers"}));
}

TEST(ProcessValues, ModbusSetpointJumpInsideTheRange) {
  DetectorConfig c;
  c.baseline = learn_modbus(modbus_learning());
  Detector d(std::move(c));
  // 12 -> 14 is a learned step; 14 -> 30 is 80 % of the range [10, 30] and 8 times the
  // largest learned change.
  feed<modbus::ModbusSession>(
      &d, {write_register(1, 100, 12), write_register(2, 100, 14), write_register(3, 100, 30)});
  EXPECT_EQ(test::alert_lines(d),
            std::vector<std::string>{"process.setpoint_jump 10.10.1.10>10.10.1.20 x1"});
  const Alert* a = find_alert(d, RuleId::SetpointJump);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, Severity::Low);
  ASSERT_EQ(a->evidence.size(), 1u);
  EXPECT_EQ(a->evidence[0].frame, 3u);
  EXPECT_EQ(a->evidence[0].summary.rfind(
                "modbus unit 1 holding_register 100 jumped from 14 to 30, 80 % of the learned "
                "range [10, 30] (largest change while learning 2)",
                0),
            0u)
      << a->evidence[0].summary;
}

TEST(ProcessValues, ACoilSetToItsOtherStateIsLowAValueNeverSeenIsMedium) {
  // Coil 9 was only ever switched on, HR100 moved within [10, 30].
  std::vector<Bytes8> learning = modbus_learning();
  learning.push_back(adu(90, 1, {5, 0, 9, 0xFF, 0x00}));
  DetectorConfig c;
  c.baseline = learn_modbus(learning);
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {adu(1, 1, {5, 0, 9, 0x00, 0x00})});
  const Alert* a = find_alert(d, RuleId::ValueOutOfRange);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, Severity::Low);
  EXPECT_EQ(a->evidence[0].summary.rfind(
                "modbus unit 1 coil 9 set to 0, outside the learned range [1, 1] (a two-state "
                "point set to its other state; 1 write, last 1)",
                0),
            0u)
      << a->evidence[0].summary;
  // The same alert grows to medium with a value the setpoint never had.
  feed<modbus::ModbusSession>(&d, {write_register(2, 100, 31)}, 10);
  EXPECT_EQ(test::alert_lines(d),
            std::vector<std::string>{"process.value_out_of_range 10.10.1.10>10.10.1.20 x2"});
  EXPECT_EQ(a->severity, Severity::Medium);
}

TEST(ProcessValues, SetpointJumpPercentFromThePolicy) {
  // At 90 % an 80 % move is no jump.
  DetectorConfig c;
  c.baseline = learn_modbus(modbus_learning());
  c.policy = policy("[thresholds]\nsetpoint_jump_percent = 90\n");
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {write_register(1, 100, 14), write_register(2, 100, 30)});
  EXPECT_EQ(test::alert_lines(d), std::vector<std::string>{});
  EXPECT_THROW(parse_policy("[thresholds]\nsetpoint_jump_percent = 0\n", "p.toml"), PolicyError);
  EXPECT_THROW(parse_policy("[thresholds]\nsetpoint_jump_percent = 101\n", "p.toml"), PolicyError);
}

TEST(ProcessValues, RegisterNeverWrittenIsANewWriteRangeNotAValueAlert) {
  DetectorConfig c;
  c.baseline = learn_modbus(modbus_learning());
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {write_register(1, 300, 60000)});
  EXPECT_EQ(test::alert_lines(d),
            std::vector<std::string>{"baseline.new_write_range 10.10.1.10>10.10.1.20 x1"});
}

TEST(ProcessValues, ValueRulesCanBeSwitchedOff) {
  DetectorConfig c;
  c.baseline = learn_modbus(modbus_learning());
  c.policy = policy("[rules.\"process.value_out_of_range\"]\nenabled = false\n");
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {write_register(1, 100, 950)});
  EXPECT_EQ(test::alert_lines(d), std::vector<std::string>{});
}

std::vector<Bytes8> dnp3_learning() {
  return {dnp3_request(0, kDirectOperate, analog_output(3, 100)),
          dnp3_request(1, kDirectOperate, analog_output(3, 200)),
          dnp3_request(2, kDirectOperate, crob(5, kLatchOn)),
          dnp3_request(3, kDirectOperate, crob(5, kLatchOff))};
}

TEST(ProcessValues, Dnp3AnalogOutputAndCrobOperation) {
  DetectorConfig learn;
  learn.learn_only = true;
  Detector learner(std::move(learn));
  feed<dnp3::Dnp3Session>(&learner, dnp3_learning());
  ASSERT_TRUE(learner.alerts().empty());
  const LearnedValues* point =
      learner.learned().values({dnp3::kProtocol, ip("10.10.20.21"), 10, "g12", 5});
  ASSERT_NE(point, nullptr);
  EXPECT_EQ(point->kind, ValueKind::Operation);
  EXPECT_EQ(point->operations, (std::vector<LearnedOperation>{{3, "LATCH_ON"}, {4, "LATCH_OFF"}}));

  // The same operations again: nothing.
  {
    DetectorConfig c;
    c.baseline = learner.learned();
    Detector d(std::move(c));
    feed<dnp3::Dnp3Session>(&d, dnp3_learning(), 100);
    EXPECT_EQ(test::alert_lines(d), std::vector<std::string>{});
  }
  DetectorConfig c;
  c.baseline = learner.learned();
  Detector d(std::move(c));
  feed<dnp3::Dnp3Session>(&d,
                          {dnp3_request(4, kDirectOperate, analog_output(3, 150)),
                           dnp3_request(5, kDirectOperate, analog_output(3, 5000)),
                           dnp3_request(6, kDirectOperate, crob(5, kPulseOnClose))},
                          100);
  EXPECT_EQ(test::alert_lines(d),
            std::vector<std::string>{"process.value_out_of_range 10.10.20.5>10.10.20.21 x2"});
  const Alert* a = find_alert(d, RuleId::ValueOutOfRange);
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->evidence.size(), 2u);
  EXPECT_EQ(a->evidence[0].summary.rfind("dnp3 unit 10 g41 3 set to 5000, outside the learned "
                                         "range [100, 200] (2 writes, last 200): DIRECT_OPERATE",
                                         0),
            0u)
      << a->evidence[0].summary;
  EXPECT_EQ(a->evidence[1].summary.rfind("dnp3 unit 10 g12 5 operated PULSE_ON CLOSE, never used "
                                         "on it while learning (learned: LATCH_ON, LATCH_OFF; 2 "
                                         "writes): DIRECT_OPERATE",
                                         0),
            0u)
      << a->evidence[1].summary;
}

TEST(ProcessValues, ANonFiniteValueIsNotLearnedAndIsOutOfRange) {
  DetectorConfig learn;
  learn.learn_only = true;
  Detector learner(std::move(learn));
  feed<dnp3::Dnp3Session>(&learner,
                          {dnp3_request(0, kDirectOperate, analog_output_float(4, NAN)),
                           dnp3_request(1, kDirectOperate, analog_output_float(4, 20.5f))});
  const LearnedValues* point =
      learner.learned().values({dnp3::kProtocol, ip("10.10.20.21"), 10, "g41", 4});
  ASSERT_NE(point, nullptr);
  EXPECT_EQ(point->count, 1u);
  EXPECT_EQ(point->min, 20.5);
  // The export of what was learned imports again.
  EXPECT_EQ(Baseline::from_json(learner.learned().to_json(), "b.json").value_point_count(), 1u);
  DetectorConfig c;
  c.baseline = learner.learned();
  Detector d(std::move(c));
  feed<dnp3::Dnp3Session>(&d, {dnp3_request(2, kDirectOperate, analog_output_float(4, INFINITY))},
                          10);
  EXPECT_EQ(test::alert_lines(d),
            std::vector<std::string>{"process.value_out_of_range 10.10.20.5>10.10.20.21 x1"});
}

TEST(ProcessValues, TheCapOnPointsIsRespectedAndReported) {
  DetectorConfig c;
  c.learn_only = true;
  c.policy = policy("[limits]\nvalue_points = 2\n");
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, modbus_learning());
  EXPECT_EQ(d.learned().value_point_count(), 2u);
  EXPECT_GT(d.learned().value_points_dropped(), 0u);
  EXPECT_EQ(test::alert_lines(d), std::vector<std::string>{"sensor.limit_reached  x1"});
  ASSERT_EQ(d.alerts().size(), 1u);
  EXPECT_EQ(d.alerts()[0].functions, std::vector<std::string>{"value_points"});
  // The points past the cap are not known: writing them raises no value alert.
  DetectorConfig e;
  e.baseline = d.learned();
  Detector enforce(std::move(e));
  feed<modbus::ModbusSession>(&enforce, {write_register(1, 201, 5)});
  for (const Alert& a : enforce.alerts()) EXPECT_NE(a.rule, RuleId::ValueOutOfRange);
}

// ---- The baseline's JSON and database forms ----------------------------------------------------

Baseline learned_plant() {
  Baseline b = learn_modbus(modbus_learning());
  DetectorConfig learn;
  learn.learn_only = true;
  Detector learner(std::move(learn));
  feed<dnp3::Dnp3Session>(&learner, dnp3_learning());
  b.merge(learner.learned());
  return b;
}

void expect_same_values(const Baseline& a, const Baseline& b) {
  const auto x = a.value_entries();
  const auto y = b.value_entries();
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].point, y[i].point);
    EXPECT_EQ(x[i].values.kind, y[i].values.kind);
    EXPECT_EQ(x[i].values.min, y[i].values.min);
    EXPECT_EQ(x[i].values.max, y[i].values.max);
    EXPECT_EQ(x[i].values.last, y[i].values.last);
    EXPECT_EQ(x[i].values.max_step, y[i].values.max_step);
    EXPECT_EQ(x[i].values.operations, y[i].values.operations);
    EXPECT_EQ(x[i].values.count, y[i].values.count);
    EXPECT_EQ(x[i].values.first_seen_us, y[i].values.first_seen_us);
    EXPECT_EQ(x[i].values.last_seen_us, y[i].values.last_seen_us);
  }
}

TEST(ProcessValues, JsonExportImportRoundTripsTheValues) {
  const Baseline b = learned_plant();
  ASSERT_EQ(b.value_point_count(), 5u);
  const std::string text = b.to_json();
  const json doc = json::parse(text);
  ASSERT_EQ(doc["values"].size(), 5u);
  json hr100;
  for (const json& v : doc["values"])
    if (v["space"] == "holding_register" && v["address"] == 100) hr100 = v;
  EXPECT_EQ(hr100["protocol"], "modbus");
  EXPECT_EQ(hr100["server"], "10.10.1.20");
  EXPECT_EQ(hr100["unit"], 1);
  EXPECT_EQ(hr100["kind"], "number");
  EXPECT_EQ(hr100["min"], 10.0);
  EXPECT_EQ(hr100["max"], 30.0);
  EXPECT_EQ(hr100["last"], 30.0);
  EXPECT_EQ(hr100["count"], 11);
  json crob_point;
  for (const json& v : doc["values"])
    if (v["space"] == "g12") crob_point = v;
  EXPECT_EQ(crob_point["kind"], "operation");
  EXPECT_EQ(crob_point["operations"],
            json::parse(R"([{"code":3,"name":"LATCH_ON"},{"code":4,"name":"LATCH_OFF"}])"));

  const Baseline back = Baseline::from_json(text, "b.json");
  expect_same_values(b, back);
  EXPECT_EQ(back.to_json(), text);
}

TEST(ProcessValues, OldJsonWithoutValuesImports) {
  const std::string old = R"({"otscope_baseline": 1, "links": [{"protocol": "modbus",
      "client": "10.10.1.10", "server": "10.10.1.20", "unit": 1, "functions": [{"function": 6,
      "name": "Write Single Register", "ranges": [{"space": "holding_register", "start": 100,
      "count": 1}]}]}]})";
  const Baseline b = Baseline::from_json(old, "old.json");
  EXPECT_EQ(b.path_count(), 1u);
  EXPECT_EQ(b.value_point_count(), 0u);
  // Enforcing it: the register is known, its values are not: no value alert.
  DetectorConfig c;
  c.baseline = b;
  Detector d(std::move(c));
  feed<modbus::ModbusSession>(&d, {write_register(1, 100, 950)});
  EXPECT_EQ(test::alert_lines(d), std::vector<std::string>{});
}

TEST(ProcessValues, BadValuesInJsonAreRefusedWithTheirPlace) {
  auto with = [](const std::string& value) {
    return R"({"otscope_baseline": 1, "links": [], "values": [)" + value + "]}";
  };
  const std::string point =
      R"("protocol": "modbus", "server": "10.10.1.20", "unit": 1, "space": "coil", "address": 1)";
  auto error = [&](const std::string& value) {
    try {
      Baseline::from_json(with(value), "v.json");
    } catch (const BaselineError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(
      error("{" + point + R"(, "kind": "number", "min": 5, "max": 1, "last": 1, "count": 1})"),
      "v.json: values[0]: 'min' is greater than 'max'");
  EXPECT_EQ(error("{" + point + R"(, "kind": "level", "count": 1})"),
            "v.json: values[0]: 'kind' must be \"number\" or \"operation\"");
  EXPECT_EQ(error("{" + point + R"(, "kind": "operation", "operations": [], "count": 1})"),
            "v.json: values[0]: 'operations' must be a non-empty array");
  EXPECT_EQ(
      error("{" + point + R"(, "kind": "number", "min": 0, "max": 1, "last": "x", "count": 1})"),
      "v.json: values[0]: 'last' must be a number");
  EXPECT_EQ(error("{" + point +
                  R"(, "kind": "number", "min": 0, "max": 1, "last": 1, "count": 1, "x": 1})"),
            "v.json: values[0]: unknown key 'x'");
}

TEST(ProcessValues, MergingUnitesRangesAndOperations) {
  Baseline a = learn_modbus({write_register(1, 100, 10), write_register(2, 100, 20)});
  const Baseline b = learn_modbus({write_register(1, 100, 5), write_register(2, 100, 8)});
  a.merge(b);
  const LearnedValues* v =
      a.values({modbus::kProtocol, ip("10.10.1.20"), 1, "holding_register", 100});
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->min, 5);
  EXPECT_EQ(v->max, 20);
  EXPECT_EQ(v->count, 4u);
  EXPECT_EQ(v->max_step, 10);
}

class ProcessValuesStore : public ::testing::Test {
 protected:
  std::string path() const { return (dir_.path() / "otscope.db").string(); }
  test::TempDir dir_;
};

TEST_F(ProcessValuesStore, SavedValuesLoadBackAndMergeAcrossSaves) {
  const Baseline b = learned_plant();
  {
    Database db = Database::open(path());
    save_baseline(db, b, "learned");
  }
  Database db = Database::open(path());
  expect_same_values(b, load_baseline(db));
  // A later learning run widens the range and adds to the count.
  save_baseline(db, learn_modbus({write_register(1, 100, 2)}), "learned");
  const Baseline stored = load_baseline(db);
  const LearnedValues* v =
      stored.values({modbus::kProtocol, ip("10.10.1.20"), 1, "holding_register", 100});
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->min, 2);
  EXPECT_EQ(v->max, 30);
  EXPECT_EQ(v->count, 12u);
  EXPECT_EQ(load_baseline_values(db).size(), 5u);
  clear_baseline(db);
  EXPECT_TRUE(load_baseline_values(db).empty());
}

}  // namespace
}  // namespace otscope::detection
