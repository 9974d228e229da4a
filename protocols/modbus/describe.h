// What a decoded ADU means to a user: the data ranges it touches and a one-line summary.
#pragma once

#include <string>
#include <vector>

#include "protocols/common/events.h"
#include "protocols/modbus/codes.h"
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
  switch (static_cast<FunctionCode>(function)) {
    case FunctionCode::ReadCoils:
    case FunctionCode::WriteSingleCoil:
    case FunctionCode::WriteMultipleCoils:
      return kCoilSpace;
    case FunctionCode::ReadDiscreteInputs:
      return kDiscreteInputSpace;
    case FunctionCode::ReadHoldingRegisters:
    case FunctionCode::WriteSingleRegister:
    case FunctionCode::WriteMultipleRegisters:
    case FunctionCode::MaskWriteRegister:
    case FunctionCode::ReadWriteMultipleRegisters:
    case FunctionCode::ReadFifoQueue:
      return kHoldingRegisterSpace;
    case FunctionCode::ReadInputRegisters:
      return kInputRegisterSpace;
    case FunctionCode::ReadFileRecord:
    case FunctionCode::WriteFileRecord:
      return kFileSpace;
    default:
      return kNoSpace;
  }
}

/// The writes whose response echoes the request's address and quantity.
constexpr bool response_echoes_request(std::uint8_t function) {
  return function == code(FunctionCode::WriteSingleCoil) ||
         function == code(FunctionCode::WriteSingleRegister) ||
         function == code(FunctionCode::WriteMultipleCoils) ||
         function == code(FunctionCode::WriteMultipleRegisters) ||
         function == code(FunctionCode::MaskWriteRegister);
}

/// Ranges a request (or a write response that echoes them) touches. File records use space
/// "file" with start = file number << 16 | record number and count = record length in registers.
/// Read responses carry no addresses: the session copies the ranges of the matched request.
RangeList ranges_of(const Adu& adu);
/// ranges_of() of the functions other than the four reads, written into the empty `out`.
void other_ranges_of(const Adu& adu, RangeList& out);
/// The same, written into `out` (cleared first). The reads that nearly every request is are
/// answered here; the rest by other_ranges_of(). always_inline: bench figure in decoder.cpp.
[[gnu::always_inline]] inline void ranges_of(const Adu& adu, RangeList& out) {
  out.clear();
  if (adu.exception) return;
  // Read Coils, Read Discrete Inputs, Read Holding Registers, Read Input Registers.
  if (adu.function >= code(FunctionCode::ReadCoils) &&
      adu.function <= code(FunctionCode::ReadInputRegisters)) {
    if (!adu.response) out.push_back({range_space(adu.function), adu.address, adu.quantity});
    return;
  }
  other_ranges_of(adu, out);
}

/// One readable line, e.g. "request unit 1 tid 7: Read Holding Registers 100..109 (10)".
std::string summarize(const Adu& adu);
/// The same, for a function-90 (UMAS) response naming the UMAS code of the request it answers
/// (`umas_code`, -1 when unknown: the response itself carries no code).
std::string summarize(const Adu& adu, int umas_code);

/// The longest printable run (3 characters or more) in a Report Server ID response's data, which
/// is where devices put their identification text; "" when there is none.
std::string server_id_text(const Adu& adu);

}  // namespace otscope::modbus
