// The one IEC 60870-5-104 code table: APCI control field formats and U functions, ASDU type
// identifications (name, description, operation class, size of one information element), causes
// of transmission and the qualifiers of the commands. Every name and OpClass the decoder, the
// session, detection and the console show for IEC 104 comes from here.
//
// Facts from IEC 60870-5-101 (2003) clause 7.2 (type identification, cause of transmission,
// information elements) and IEC 60870-5-104 (2006) clauses 5 (APCI) and 8 (the ASDUs allowed over
// TCP/IP), cross-checked with the value tables of Wireshark's iec60870_asdu dissector
// (`tshark -G values`).
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::iec104 {

/// Every APDU starts with this byte, then one length byte (the bytes after it: 4..253).
inline constexpr std::uint8_t kStartByte = 0x68;
inline constexpr std::uint8_t kMinApduLength = 4;
inline constexpr std::uint8_t kMaxApduLength = 253;
/// ASDU data unit identifier over IEC 104: type id, variable structure qualifier, two octets of
/// cause of transmission, two of common address; then three octets per information object address.
inline constexpr std::size_t kAsduHeaderSize = 6;
inline constexpr std::size_t kIoaSize = 3;

// ---------------------------------------------------------------------------------------------
// APCI

enum class FrameFormat : std::uint8_t { I, S, U };

/// U-format functions: the bits of the first control octet above the two format bits, numbered
/// as Wireshark's `iec60870_104.utype` numbers them.
namespace ufn {
inline constexpr std::uint8_t kStartDtAct = 0x01;
inline constexpr std::uint8_t kStartDtCon = 0x02;
inline constexpr std::uint8_t kStopDtAct = 0x04;
inline constexpr std::uint8_t kStopDtCon = 0x08;
inline constexpr std::uint8_t kTestFrAct = 0x10;
inline constexpr std::uint8_t kTestFrCon = 0x20;
}  // namespace ufn

/// MessageEvent::function of the frames that carry no ASDU, outside the type id range (1..255):
/// a U frame is 0x100 | its function bit (0x101 STARTDT act .. 0x120 TESTFR con), an S frame
/// 0x200.
inline constexpr std::uint32_t kUFunctionBase = 0x100;
inline constexpr std::uint32_t kSFunction = 0x200;
inline constexpr std::uint32_t u_function_code(std::uint8_t ufn) {
  return kUFunctionBase | ufn;
}

/// "STARTDT act", ...; empty for a value that is not exactly one U function.
std::string_view u_function_name(std::uint8_t ufn);
/// An activation (act) rather than a confirmation (con).
inline constexpr bool u_function_is_act(std::uint8_t ufn) {
  return (ufn & (ufn::kStartDtAct | ufn::kStopDtAct | ufn::kTestFrAct)) != 0;
}

// ---------------------------------------------------------------------------------------------
// Type identification

/// What a type does, for the session's roles, ranges, values and command rules.
enum class TypeKind : std::uint8_t {
  Monitor,        // process information in monitor direction (1..44)
  EndOfInit,      // 70 M_EI_NA_1
  Command,        // single, double, regulating step, bitstring commands (45..47, 51, 58..60, 64)
  Setpoint,       // set point commands (48..50, 61..63)
  Interrogation,  // 100 general interrogation, 101 counter interrogation
  Read,           // 102
  ClockSync,      // 103
  Test,           // 104, 107
  ResetProcess,   // 105
  DelayAcquire,   // 106
  Parameter,      // 110..112 parameter of measured values
  ParameterActivation,  // 113
  File,                 // 120..127
};

/// How one information element of a command is read into a WrittenValue.
enum class ValueCoding : std::uint8_t {
  None,
  SingleCommand,  // SCO: bit 0 the state
  DoubleCommand,  // DCO: bits 0-1 the state
  StepCommand,    // RCO: bits 0-1 lower/higher
  Normalized,     // NVA: int16 / 32768
  Scaled,         // SVA: int16
  Float,          // IEEE 754 short float
  Bitstring,      // BSI: 32 bits
};

inline constexpr std::uint8_t kVariableElement = 0xFF;

struct TypeInfo {
  std::uint8_t id = 0;
  std::string_view name;         // "C_SC_NA_1"
  std::string_view description;  // "single command"
  OpClass op = OpClass::Other;
  TypeKind kind = TypeKind::Monitor;
  /// Octets of one information element (without its address): 0 for C_RD_NA_1 (an address
  /// alone), kVariableElement for F_SG_NA_1, whose one element takes the rest of the ASDU.
  std::uint8_t element_size = 0;
  ValueCoding value = ValueCoding::None;
  /// The element ends with a CP56Time2a time tag (the time-tagged commands).
  bool time_tag = false;
};

/// The type's entry; nullptr for a type identification no standard defines.
const TypeInfo* type_info(std::uint8_t id);

// ---------------------------------------------------------------------------------------------
// Cause of transmission

namespace cot {
inline constexpr std::uint8_t kPeriodic = 1;
inline constexpr std::uint8_t kBackground = 2;
inline constexpr std::uint8_t kSpontaneous = 3;
inline constexpr std::uint8_t kInitialized = 4;
inline constexpr std::uint8_t kRequest = 5;
inline constexpr std::uint8_t kActivation = 6;
inline constexpr std::uint8_t kActivationCon = 7;
inline constexpr std::uint8_t kDeactivation = 8;
inline constexpr std::uint8_t kDeactivationCon = 9;
inline constexpr std::uint8_t kActivationTerm = 10;
inline constexpr std::uint8_t kReturnRemote = 11;
inline constexpr std::uint8_t kReturnLocal = 12;
inline constexpr std::uint8_t kFileTransfer = 13;
inline constexpr std::uint8_t kInterrogatedGeneral = 20;  // 21..36 by group 1..16
inline constexpr std::uint8_t kCounterGeneral = 37;       // 38..41 by group 1..4
inline constexpr std::uint8_t kUnknownType = 44;
inline constexpr std::uint8_t kUnknownCause = 45;
inline constexpr std::uint8_t kUnknownCommonAddress = 46;
inline constexpr std::uint8_t kUnknownIoa = 47;
/// Bits of the first cause octet beside the cause (0..63).
inline constexpr std::uint8_t kNegativeBit = 0x40;
inline constexpr std::uint8_t kTestBit = 0x80;
}  // namespace cot

/// "act", "actcon", "spont", "inrogen", "inro5", ... (Wireshark's abbreviations); empty for a
/// cause no standard defines.
std::string_view cause_name(std::uint8_t cause);
/// The answer of an outstation to the one who asked (confirmations, terminations, interrogated
/// and requested data, the unknown-* refusals), as opposed to data it sends by itself.
bool cause_is_answer(std::uint8_t cause);
/// The outstation refuses: unknown type, cause, common address or IOA (44..47).
bool cause_is_refusal(std::uint8_t cause);

/// "OFF"/"ON" of a double command, "LOWER"/"HIGHER" of a step command, "not permitted" for the
/// values 0 and 3 (static storage).
std::string_view double_command_name(std::uint8_t dcs);
std::string_view step_command_name(std::uint8_t rcs);
/// Reset process qualifier (QRP): "general reset of process", "reset of pending information
/// with time tag of the event buffer"; "reserved" otherwise.
std::string_view reset_qualifier_name(std::uint8_t qrp);

}  // namespace otscope::iec104
