// The process values a Modbus write request sets, per point, for the baseline's learned value
// ranges (MessageEvent::values).
#pragma once

#include <vector>

#include "protocols/common/events.h"
#include "protocols/modbus/decoder.h"

namespace otscope::modbus {

/// The values `adu` writes: 5 (coil 0/1), 6 (register), 15 (coils), 16 (registers), 23 (its
/// write part), at most MessageEvent::kMaxWrittenValues, into `out` (cleared first). Nothing for
/// responses, exceptions and every other function: 22 (mask write) sets a value that depends on
/// the register's current contents, which the request does not carry; 21 writes file records,
/// not process points.
void written_values(const Adu& adu, std::vector<WrittenValue>& out);

}  // namespace otscope::modbus
