#include "engine/detection/process_values.h"

#include <charconv>
#include <cmath>

namespace otscope::detection {
namespace {

// "modbus unit 1 holding_register 100", "dnp3 outstation 10 g41 3": the point as a user finds it.
std::string point_text(Protocol protocol, std::int64_t unit, const WrittenValue& v) {
  std::string s(protocol_name(protocol));
  if (unit >= 0) s += " unit " + std::to_string(unit);
  s += " " + v.space.str() + " " + std::to_string(v.address);
  return s;
}

FactValue fact_value(const WrittenValue& v, double value) {
  return {v.space, v.address, v.kind, value, std::string(v.label)};
}

std::string count_text(std::uint64_t count) {
  return std::to_string(count) + (count == 1 ? " write" : " writes");
}

}  // namespace

std::string value_text(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

std::string learned_text(const LearnedValues& learned) {
  if (learned.kind == ValueKind::Number)
    return "[" + value_text(learned.min) + ", " + value_text(learned.max) + "]";
  std::string s;
  for (const LearnedOperation& op : learned.operations) {
    if (!s.empty()) s += ", ";
    s += op.name.empty() ? "code " + std::to_string(op.code) : op.name;
  }
  return s;
}

void ProcessValues::judge(const Baseline& baseline, Protocol protocol, const IpAddress& server,
                          std::int64_t unit, std::span<const WrittenValue> values,
                          const Thresholds& thresholds, std::vector<ValueFinding>& out) {
  for (const WrittenValue& v : values) {
    const ValuePoint point{protocol, server, unit, v.space, v.address};
    const LearnedValues* learned = baseline.values(point);
    if (learned == nullptr || learned->kind != v.kind || learned->count == 0) continue;
    if (v.kind == ValueKind::Operation) {
      const auto code = static_cast<std::uint32_t>(v.value);
      if (learned->knows_operation(code)) continue;
      out.push_back({RuleId::ValueOutOfRange,
                     point_text(protocol, unit, v) + " operated " +
                         (v.label.empty() ? "code " + std::to_string(code) : std::string(v.label)) +
                         ", never used on it while learning (learned: " + learned_text(*learned) +
                         "; " + count_text(learned->count) + ")",
                     std::nullopt,
                     {fact_value(v, v.value)}});
      continue;
    }
    const bool in_range =
        std::isfinite(v.value) && v.value >= learned->min && v.value <= learned->max;
    if (!in_range) {
      const bool two_state =
          learned->min >= 0 && learned->max <= 1 && (v.value == 0 || v.value == 1);
      out.push_back({RuleId::ValueOutOfRange,
                     point_text(protocol, unit, v) + " set to " + value_text(v.value) +
                         ", outside the learned range " + learned_text(*learned) + " (" +
                         (two_state ? "a two-state point set to its other state; " : "") +
                         count_text(learned->count) + ", last " + value_text(learned->last) + ")",
                     two_state ? std::optional<Severity>(Severity::Low) : std::nullopt,
                     {fact_value(v, v.value)}});
      continue;  // the range rule says more than a jump would; the value is not remembered
    }
    if (previous_.size() >= kMaxRemembered && !previous_.contains(point)) previous_.clear();
    auto [it, first] = previous_.try_emplace(point, v.value);
    if (first) continue;
    const double before = it->second;
    it->second = v.value;
    const double span = learned->max - learned->min;
    const double step = std::fabs(v.value - before);
    if (span <= 0 || step <= learned->max_step ||
        step * 100.0 <= span * static_cast<double>(thresholds.setpoint_jump_percent))
      continue;
    out.push_back({RuleId::SetpointJump,
                   point_text(protocol, unit, v) + " jumped from " + value_text(before) + " to " +
                       value_text(v.value) + ", " +
                       value_text(std::round(step * 1000.0 / span) / 10.0) +
                       " % of the learned range " + learned_text(*learned) +
                       " (largest change while learning " + value_text(learned->max_step) + ")",
                   std::nullopt,
                   {fact_value(v, before), fact_value(v, v.value)}});
  }
}

}  // namespace otscope::detection
