// The process values a DNP3 control request sets, per point, for the baseline's learned value
// ranges (MessageEvent::values).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "protocols/common/events.h"
#include "protocols/dnp3/application.h"

namespace otscope::dnp3 {

/// The values an OPERATE, DIRECT_OPERATE or DIRECT_OPERATE_NR request sets, at most
/// MessageEvent::kMaxWrittenValues, into `out` (cleared first):
/// - analog output blocks (g41v1..v4: int32, int16, float, double): the number, space "g41";
/// - control relay output blocks (g12v1): the operation (control code without its queue and
///   clear bits, e.g. LATCH_ON, PULSE_ON CLOSE) as an Operation value, space "g12".
/// SELECT carries the same objects but sets nothing until its OPERATE; every other function
/// and every response gives nothing.
void written_values(const Fragment& fragment, std::vector<WrittenValue>& out);

/// "LATCH_ON", "PULSE_ON CLOSE", "PULSE_ON TRIP": the operation of a CROB control code
/// (static storage).
std::string_view crob_code_label(std::uint8_t code);

}  // namespace otscope::dnp3
