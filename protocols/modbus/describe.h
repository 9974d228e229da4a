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

/// The address spaces as range names, made by the compiler.
inline constexpr SpaceName kCoilSpace("coil");
inline constexpr SpaceName kDiscreteInputSpace("discrete_input");
inline constexpr SpaceName kHoldingRegisterSpace("holding_register");
inline constexpr SpaceName kInputRegisterSpace("input_register");
inline constexpr SpaceName kFileSpace("file");
inline constexpr SpaceName kNoSpace;

/// The same as the name every range of the function carries.
constexpr const SpaceName& range_space(std::uint8_t function) {
  switch (function) {
    case 1:
    case 5:
    case 15:
      return kCoilSpace;
    case 2:
      return kDiscreteInputSpace;
    case 3:
    case 6:
    case 16:
    case 22:
    case 23:
    case 24:
      return kHoldingRegisterSpace;
    case 4:
      return kInputRegisterSpace;
    case 20:
    case 21:
      return kFileSpace;
    default:
      return kNoSpace;
  }
}

/// The writes whose response echoes the request's address and quantity (5, 6, 15, 16, 22).
constexpr bool response_echoes_request(std::uint8_t function) {
  return function == 5 || function == 6 || function == 15 || function == 16 || function == 22;
}

/// Ranges a request (or a write response that echoes them) touches. File records use space
/// "file" with start = file number << 16 | record number and count = record length in registers.
/// Read responses carry no addresses: the session copies the ranges of the matched request.
RangeList ranges_of(const Adu& adu);
/// ranges_of() of the functions other than the four reads, written into the empty `out`.
void other_ranges_of(const Adu& adu, RangeList& out);
/// The same, written into `out` (cleared first). The reads that nearly every request is are
/// answered inline; the rest out of line.
[[gnu::always_inline]] inline void ranges_of(const Adu& adu, RangeList& out) {
  out.clear();
  if (adu.exception) return;
  if (adu.function >= 1 && adu.function <= 4) {
    if (!adu.response) out.push_back({range_space(adu.function), adu.address, adu.quantity});
    return;
  }
  other_ranges_of(adu, out);
}

/// One readable line, e.g. "request unit 1 tid 7: Read Holding Registers 100..109 (10)".
std::string summarize(const Adu& adu);

/// The longest printable run (3 characters or more) in a Report Server ID response's data, which
/// is where devices put their identification text; "" when there is none.
std::string server_id_text(const Adu& adu);

}  // namespace otscope::modbus
