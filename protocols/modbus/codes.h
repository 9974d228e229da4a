// The one Modbus code table: function codes, exception codes, diagnostics sub-functions and
// device-identification objects, each with its name and (for functions) its OpClass. The decoder,
// the session, detection and the console all name things through here.
// Facts from the Modbus Application Protocol Specification V1.1b3 (modbus.org).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "protocols/common/events.h"

namespace otscope::modbus {

/// The wire value of a named code, to compare with a decoded field:
/// `adu.function == code(FunctionCode::WriteSingleCoil)`.
template <typename Code>
requires std::is_enum_v<Code>
constexpr std::underlying_type_t<Code> code(Code c) {
  return static_cast<std::underlying_type_t<Code>>(c);
}

/// The exception bit that turns a function code into an exception response.
inline constexpr std::uint8_t kExceptionBit = 0x80;
/// Function codes without the exception bit: 0..127.
inline constexpr std::size_t kFunctionCodeCount = kExceptionBit;
/// Function code 0 is never a function (section 4.1).
inline constexpr std::uint8_t kInvalidFunction = 0;

/// Public function codes named in the specification.
enum class FunctionCode : std::uint8_t {
  ReadCoils = 1,
  ReadDiscreteInputs = 2,
  ReadHoldingRegisters = 3,
  ReadInputRegisters = 4,
  WriteSingleCoil = 5,
  WriteSingleRegister = 6,
  ReadExceptionStatus = 7,
  Diagnostics = 8,
  GetCommEventCounter = 11,
  GetCommEventLog = 12,
  WriteMultipleCoils = 15,
  WriteMultipleRegisters = 16,
  ReportServerId = 17,
  ReadFileRecord = 20,
  WriteFileRecord = 21,
  MaskWriteRegister = 22,
  ReadWriteMultipleRegisters = 23,
  ReadFifoQueue = 24,
  EncapsulatedInterfaceTransport = 43,
};

/// Where a function code sits in the specification's code space.
enum class FunctionKind : std::uint8_t {
  Public,       // defined by the specification
  UserDefined,  // 65-72 and 100-110: vendor-specific, no public layout
  Reserved,     // everything else (some used by legacy products)
  Invalid,      // 0 (and 128, i.e. 0 with the exception bit): never a function
};

/// A closed range of function codes.
struct FunctionCodeRange {
  std::uint8_t first = 0;
  std::uint8_t last = 0;
  constexpr bool contains(std::uint8_t f) const { return f >= first && f <= last; }
};
/// User-defined function codes (section 5): 65..72 and 100..110.
inline constexpr FunctionCodeRange kUserDefinedFunctionsLow{65, 72};
inline constexpr FunctionCodeRange kUserDefinedFunctionsHigh{100, 110};

struct FunctionInfo {
  std::uint8_t code = 0;
  std::string_view name;
  OpClass op = OpClass::Other;
  FunctionKind kind = FunctionKind::Reserved;
};

/// Every function code without the exception bit (0..127), by index: see function_info().
extern const std::array<FunctionInfo, kFunctionCodeCount> kFunctionTable;

/// Table entry for a function code without the exception bit (0..127). Codes outside the public
/// set get a generic "User-Defined Function" / "Reserved Function" entry carrying the code.
/// Inline: every message asks.
inline const FunctionInfo& function_info(std::uint8_t function) {
  return kFunctionTable[function & ~kExceptionBit];
}

/// Exception codes, the byte after an exception response's function code.
enum class ExceptionCode : std::uint8_t {
  IllegalFunction = 1,
  IllegalDataAddress = 2,
  IllegalDataValue = 3,
  ServerDeviceFailure = 4,
  Acknowledge = 5,
  ServerDeviceBusy = 6,
  NegativeAcknowledge = 7,
  MemoryParityError = 8,
  GatewayPathUnavailable = 10,
  GatewayTargetDeviceFailedToRespond = 11,
};

/// Exception codes 1..11 (9 is unassigned); "Unassigned Exception Code" otherwise.
std::string_view exception_name(std::uint8_t exception_code);

/// True for the exception codes a gateway sends when the unit behind it did not answer: such a
/// response says nothing about the unit itself.
inline bool is_gateway_exception(std::uint8_t exception_code) {
  return exception_code == code(ExceptionCode::GatewayPathUnavailable) ||
         exception_code == code(ExceptionCode::GatewayTargetDeviceFailedToRespond);
}

/// Write Single Coil (5) values (section 6.5): 0xFF00 sets the coil, 0x0000 clears it.
inline constexpr std::uint16_t kCoilOn = 0xFF00;
inline constexpr std::uint16_t kCoilOff = 0x0000;

/// Diagnostics (function 8) sub-functions.
enum class DiagnosticSubFunction : std::uint16_t {
  ReturnQueryData = 0x00,
  RestartCommunicationsOption = 0x01,
  ReturnDiagnosticRegister = 0x02,
  ChangeAsciiInputDelimiter = 0x03,
  ForceListenOnlyMode = 0x04,
  ClearCountersAndDiagnosticRegister = 0x0A,
  ReturnBusMessageCount = 0x0B,
  ReturnBusCommunicationErrorCount = 0x0C,
  ReturnBusExceptionErrorCount = 0x0D,
  ReturnServerMessageCount = 0x0E,
  ReturnServerNoResponseCount = 0x0F,
  ReturnServerNakCount = 0x10,
  ReturnServerBusyCount = 0x11,
  ReturnBusCharacterOverrunCount = 0x12,
  ClearOverrunCounterAndFlag = 0x14,
  GetClearModbusPlusStatistics = 0x15,
};

/// Diagnostics (function 8) sub-function names; "Reserved Sub-function" for unassigned ones.
std::string_view diagnostic_name(std::uint16_t sub_function);

/// True for the sub-functions the specification (or PI-MBUS-300, for 0x15) defines.
bool diagnostic_is_defined(std::uint16_t sub_function);

/// Diagnostics sub-functions that change the state of the device (restart communications,
/// force listen-only, clear counters, clear overrun), which detection treats as intrusive.
bool diagnostic_changes_state(std::uint16_t sub_function);

/// MEI types carried by function 43.
inline constexpr std::uint8_t kMeiCanOpenGeneralReference = 13;
inline constexpr std::uint8_t kMeiReadDeviceIdentification = 14;
std::string_view mei_type_name(std::uint8_t mei_type);
/// What a 43 message does depends on its MEI type: 43/14 identifies the device.
OpClass mei_type_op(std::uint8_t mei_type);

/// Read Device Identification (43/14) read codes: 1 basic, 2 regular, 3 extended, 4 one object.
enum class ReadDeviceIdCode : std::uint8_t {
  Basic = 1,
  Regular = 2,
  Extended = 3,
  Individual = 4,
};
std::string_view read_device_id_code_name(std::uint8_t read_code);

/// Read Device Identification "more follows" (section 6.21): 0xFF when more objects follow.
inline constexpr std::uint8_t kMoreFollows = 0xFF;
inline constexpr std::uint8_t kNoMoreFollows = 0x00;

/// The standard device-identification objects 0x00..0x06.
enum class DeviceIdObjectId : std::uint8_t {
  VendorName = 0x00,
  ProductCode = 0x01,
  MajorMinorRevision = 0x02,
  VendorUrl = 0x03,
  ProductName = 0x04,
  ModelName = 0x05,
  UserApplicationName = 0x06,
};
/// Objects 0x07..0x7F are reserved, 0x80..0xFF private (section 6.21).
inline constexpr std::uint8_t kFirstPrivateObjectId = 0x80;

/// Names of the standard device-identification objects 0x00..0x06 as the specification spells
/// them ("VendorName", ...), "Reserved Object" for 0x07..0x7F, "Private Object" from 0x80.
std::string_view device_id_object_name(std::uint8_t object_id);

/// The otscope identity field for a standard object (VendorName -> "vendor", ...), or "" when the
/// object has no identity field.
std::string_view device_id_identity_field(std::uint8_t object_id);

}  // namespace otscope::modbus
