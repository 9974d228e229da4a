// Schneider Electric UMAS, the engineering protocol of Modicon PLCs, carried in Modbus function 90
// (0x5A): its code table (names and OpClass), its function key and the split of a function-90 PDU
// into session key, UMAS code or status, and data.
// Facts from public research (no specification is published): Kaspersky ICS CERT, "The secrets
// of Schneider Electric's UMAS protocol" (2022), and the "Unity (UMAS) protocol" series at
// lirasenlared.blogspot.com (2017), which name the codes and the byte layout used here. Its
// "upload" is engineering PC -> PLC (ATT&CK's program download) and "download" PLC -> PC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/events.h"

namespace otscope::modbus {

/// The Modbus function code that carries UMAS (reserved in the Modbus specification).
inline constexpr std::uint8_t kUmasFunction = 90;

/// Request: function 90, session key (0 until a reservation hands one out), UMAS code, data.
/// Response: function 90, session key, status (0xFE OK, 0xFD error), data.
inline constexpr std::uint8_t kUmasStatusOk = 0xFE;
inline constexpr std::uint8_t kUmasStatusError = 0xFD;

/// The UMAS codes public research names.
enum class UmasCode : std::uint8_t {
  InitComm = 0x01,
  ReadId = 0x02,
  ReadProjectInfo = 0x03,
  ReadPlcInfo = 0x04,
  ReadCardInfo = 0x06,
  Repeat = 0x0A,
  TakePlcReservation = 0x10,
  ReleasePlcReservation = 0x11,
  KeepAlive = 0x12,
  ReadMemoryBlock = 0x20,
  ReadVariables = 0x22,
  WriteVariables = 0x23,
  ReadCoilsRegisters = 0x24,
  WriteCoilsRegisters = 0x25,
  InitializeUpload = 0x30,  // engineering PC -> PLC
  UploadBlock = 0x31,
  EndStrategyUpload = 0x32,
  InitializeDownload = 0x33,  // PLC -> engineering PC
  DownloadBlock = 0x34,
  EndStrategyDownload = 0x35,
  ReadEthMasterData = 0x39,
  StartPlc = 0x40,
  StopPlc = 0x41,
  MonitorPlc = 0x50,
  CheckPlc = 0x58,
  ReadIoObject = 0x70,
  WriteIoObject = 0x71,
  GetStatusModule = 0x73,
};

struct UmasCodeInfo {
  std::uint8_t code = 0;
  /// "UMAS STOP_PLC"; "UMAS 0x5F" for a code public research does not name.
  std::string_view name;
  OpClass op = OpClass::Other;
  /// Named by public research.
  bool known = false;
};

/// Table entry of every code 0..255 (static storage: names are MessageEvent::function_name).
const UmasCodeInfo& umas_code_info(std::uint8_t code);

/// MessageEvent::function and function_key of a UMAS message: 0x5A00 | UMAS code, so that
/// UMAS STOP_PLC (0x5A41) is an operation of its own, apart from the plain Modbus codes 0..127.
inline constexpr std::uint32_t umas_function_key(std::uint8_t code) {
  return std::uint32_t{kUmasFunction} << 8 | code;
}

/// What a function-90 PDU holds after its function code.
struct UmasFields {
  std::uint8_t session_key = 0;
  /// Requests: the UMAS code.
  std::uint8_t code = 0;
  /// Responses: 0xFE or 0xFD.
  std::uint8_t status = 0;
  /// The bytes after the code (request) or status (response).
  Bytes data;
};

/// Why a function-90 PDU is not UMAS. Anomaly kinds "modbus.umas_too_short",
/// "modbus.umas_invalid_status".
enum class UmasError : std::uint8_t {
  None,
  TooShort,       // no session key, or no code / status after it
  InvalidStatus,  // a response whose status is neither 0xFE nor 0xFD
};

/// Splits the bytes after function code 90. Pure; `detail` says what was wrong.
UmasError split_umas(Bytes body, bool is_response, UmasFields& out, std::string& detail);

/// The identity field a successful answer to `code` fills, or "" when it fills none:
/// READ_ID and READ_PLC_INFO name the device ("device_id"), READ_PROJECT_INFO the application
/// it runs ("user_application").
std::string_view umas_identity_field(std::uint8_t code);

/// The longest run of 4 or more printable characters in `data` (where the answers above carry
/// their text: its offset differs between PLC families and firmware), "" when there is none.
std::string umas_text(Bytes data);

}  // namespace otscope::modbus
