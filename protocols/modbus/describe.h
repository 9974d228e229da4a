// What a decoded ADU means to a user: the data ranges it touches and a one-line summary.
#pragma once

#include <string>
#include <vector>

#include "protocols/common/events.h"
#include "protocols/modbus/decoder.h"

namespace otscope::modbus {

/// Address space of a data-access function: "coil", "discrete_input", "holding_register",
/// "input_register", or "" for functions that touch no data table.
std::string_view address_space(std::uint8_t function);

/// Ranges a request (or a write response that echoes them) touches. File records use space
/// "file" with start = file number << 16 | record number and count = record length in registers.
/// Read responses carry no addresses: the session copies the ranges of the matched request.
RangeList ranges_of(const Adu& adu);
/// The same, written into `out` (cleared first).
void ranges_of(const Adu& adu, RangeList& out);

/// One readable line, e.g. "request unit 1 tid 7: Read Holding Registers 100..109 (10)".
std::string summarize(const Adu& adu);

/// The longest printable run (3 characters or more) in a Report Server ID response's data, which
/// is where devices put their identification text; "" when there is none.
std::string server_id_text(const Adu& adu);

}  // namespace otscope::modbus
