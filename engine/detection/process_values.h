// Learned process values: what writes set, point by point (a Modbus register or coil, a DNP3
// analog output or CROB), judged against what the baseline learned of the point.
//
// - process.value_out_of_range: a number below the learned minimum or above the maximum (or not
//   finite), or a control operation never used on the point while learning. A two-state point
//   (learned values and the new one all 0 or 1: a coil) set to its other state is reported at
//   low severity: switching a state is what such points are for, while a value the point
//   never had is what a manipulated setpoint looks like;
// - process.setpoint_jump: a number inside the learned range that moved from the previous value
//   written to the point in this run by more than thresholds.setpoint_jump_percent of the
//   learned range (max - min) and by more than the largest change seen while learning. The
//   first write to a point in a run has no previous value: the learned `last` may be days old.
//
// A point the baseline never saw written is not judged here: a write to addresses never written
// is baseline.new_write_range's. Points of a baseline whose value cap was reached are not known
// either, so they raise nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/detection/policy.h"
#include "model/detection/alert.h"
#include "model/detection/baseline.h"
#include "model/detection/rules.h"
#include "protocols/common/events.h"

namespace otscope::detection {

/// One written value the learned values say something about.
struct ValueFinding {
  RuleId rule = RuleId::ValueOutOfRange;
  /// Self-contained text for the alert's evidence: protocol, unit, point, the learned range or
  /// operations, the new value (and for a jump the previous one).
  std::string text;
  /// Set when the finding weighs less than its rule: a two-state point (a coil, a register
  /// only ever written 0 and 1) set to its other state is low.
  std::optional<Severity> severity;
  /// What `alerts accept` teaches the point: the previous value of a jump, then the new one.
  std::vector<FactValue> values;
};

class ProcessValues {
 public:
  /// Points whose previous value is remembered at most; past it the memory is cleared (a jump
  /// is then judged from the next write on).
  static constexpr std::size_t kMaxRemembered = 1 << 16;

  /// Judges the values a request to (`protocol`, `server`, `unit`) sets against `baseline`,
  /// appending what is remarkable to `out`, and remembers them as the points' previous values.
  void judge(const Baseline& baseline, Protocol protocol, const IpAddress& server,
             std::int64_t unit, std::span<const WrittenValue> values, const Thresholds& thresholds,
             std::vector<ValueFinding>& out);

 private:
  std::unordered_map<ValuePoint, double, ValuePointHash> previous_;
};

/// "950", "12.5", "-3.25e+20": the shortest text that reads back as `v`.
std::string value_text(double v);
/// "[0, 100]" for a Number point, "LATCH_ON, LATCH_OFF" for an Operation point.
std::string learned_text(const LearnedValues& learned);

}  // namespace otscope::detection
