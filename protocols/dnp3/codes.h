// The DNP3 code tables: link functions, application functions (name + OpClass), IIN bits,
// qualifiers, object groups, device attribute variations, control codes and statuses.
// Everything that names a DNP3 code (decoder, session, CLI, console) reads it from here.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::dnp3 {

// ---- Link layer (IEEE 1815 clause 9.2.4.1.3) ----

/// Link function codes (control octet bits 0-3): primary (PRM=1) and secondary (PRM=0) ones.
inline constexpr std::uint8_t kLinkFuncUnconfirmedUserData = 4;  // primary
inline constexpr std::uint8_t kLinkFuncRequestLinkStatus = 9;    // primary
inline constexpr std::uint8_t kLinkFuncLinkStatus = 11;          // secondary

/// Name of a link function; PRM=1 frames use the primary table, PRM=0 the secondary one.
/// "RESERVED" for codes the standard does not define.
std::string_view link_function_name(bool primary, std::uint8_t code);
/// True for codes that IEEE 1815-2012 leaves reserved (or made obsolete) in that direction.
bool link_function_reserved(bool primary, std::uint8_t code);
/// Primary CONFIRMED_USER_DATA (3) and UNCONFIRMED_USER_DATA (4) carry transport segments.
bool link_function_carries_user_data(bool primary, std::uint8_t code);

/// Destinations 0xFFFD-0xFFFF address every outstation (broadcast).
inline bool is_broadcast_address(std::uint16_t address) {
  return address >= 0xFFFD;
}
/// 0xFFF0-0xFFFF are reserved (self address, broadcast), never a device's own address.
inline bool is_device_address(std::uint16_t address) {
  return address < 0xFFF0;
}

// ---- Application layer functions (IEEE 1815 clause 4.2.2.5) ----

inline constexpr std::uint8_t kFuncConfirm = 0x00;
inline constexpr std::uint8_t kFuncRead = 0x01;
inline constexpr std::uint8_t kFuncWrite = 0x02;
inline constexpr std::uint8_t kFuncSelect = 0x03;
inline constexpr std::uint8_t kFuncOperate = 0x04;
inline constexpr std::uint8_t kFuncDirectOperate = 0x05;
inline constexpr std::uint8_t kFuncDirectOperateNoAck = 0x06;
inline constexpr std::uint8_t kFuncFreezeAtTime = 0x0B;
inline constexpr std::uint8_t kFuncFreezeAtTimeNoAck = 0x0C;
inline constexpr std::uint8_t kFuncColdRestart = 0x0D;
inline constexpr std::uint8_t kFuncWarmRestart = 0x0E;
inline constexpr std::uint8_t kFuncInitializeData = 0x0F;
inline constexpr std::uint8_t kFuncInitializeApplication = 0x10;
inline constexpr std::uint8_t kFuncStartApplication = 0x11;
inline constexpr std::uint8_t kFuncStopApplication = 0x12;
inline constexpr std::uint8_t kFuncSaveConfiguration = 0x13;
inline constexpr std::uint8_t kFuncEnableUnsolicited = 0x14;
inline constexpr std::uint8_t kFuncDisableUnsolicited = 0x15;
inline constexpr std::uint8_t kFuncOpenFile = 0x19;
inline constexpr std::uint8_t kFuncCloseFile = 0x1A;
inline constexpr std::uint8_t kFuncDeleteFile = 0x1B;
inline constexpr std::uint8_t kFuncGetFileInfo = 0x1C;
inline constexpr std::uint8_t kFuncAuthenticateFile = 0x1D;
inline constexpr std::uint8_t kFuncAbortFile = 0x1E;
inline constexpr std::uint8_t kFuncActivateConfiguration = 0x1F;
inline constexpr std::uint8_t kFuncAuthenticateRequest = 0x20;
inline constexpr std::uint8_t kFuncResponse = 0x81;
inline constexpr std::uint8_t kFuncUnsolicitedResponse = 0x82;
inline constexpr std::uint8_t kFuncAuthenticateResponse = 0x83;

/// Which object headers of a request carry object data after their range.
enum class RequestObjects : std::uint8_t {
  HeadersOnly,      // READ, freezes, class assignment, ...: headers (and index prefixes) only
  WithData,         // WRITE, controls, file and authentication requests: headers followed by data
  TimeThenHeaders,  // FREEZE_AT_TIME: the g50 time object has data, the counter headers do not
};

struct FunctionInfo {
  std::uint8_t code;
  std::string_view name;
  OpClass op;
  RequestObjects objects;
  /// False for the "no acknowledgement" requests, confirms and every outstation message.
  bool expects_response;
};

/// Table entry for an application function code, or nullptr when the code is not defined.
const FunctionInfo* find_function(std::uint8_t code);

/// Messages sent by the outstation: RESPONSE, UNSOLICITED_RESPONSE, AUTHENTICATE_RESP.
inline bool is_outstation_function(std::uint8_t code) {
  return code == kFuncResponse || code == kFuncUnsolicitedResponse ||
         code == kFuncAuthenticateResponse;
}

// ---- Internal indications (IIN1 in the high byte, IIN2 in the low byte) ----

inline constexpr std::uint16_t kIinBroadcast = 0x0100;
inline constexpr std::uint16_t kIinClass1Events = 0x0200;
inline constexpr std::uint16_t kIinClass2Events = 0x0400;
inline constexpr std::uint16_t kIinClass3Events = 0x0800;
inline constexpr std::uint16_t kIinNeedTime = 0x1000;
inline constexpr std::uint16_t kIinLocalControl = 0x2000;
inline constexpr std::uint16_t kIinDeviceTrouble = 0x4000;
inline constexpr std::uint16_t kIinDeviceRestart = 0x8000;
inline constexpr std::uint16_t kIinNoFuncCodeSupport = 0x0001;
inline constexpr std::uint16_t kIinObjectUnknown = 0x0002;
inline constexpr std::uint16_t kIinParameterError = 0x0004;
inline constexpr std::uint16_t kIinEventBufferOverflow = 0x0008;
inline constexpr std::uint16_t kIinAlreadyExecuting = 0x0010;
inline constexpr std::uint16_t kIinConfigCorrupt = 0x0020;

struct IinBitInfo {
  std::uint16_t mask;
  std::string_view name;   // "DEVICE_RESTART"
  std::string_view label;  // "IIN1.7"
};
/// The 16 IIN bits in wire order (IIN1.0 .. IIN2.7).
std::span<const IinBitInfo> iin_bits();
/// Name of one IIN bit mask, "" when mask is not a single defined bit.
std::string_view iin_bit_name(std::uint16_t mask);
/// "DEVICE_RESTART|NEED_TIME", or "" for 0.
std::string iin_names(std::uint16_t iin);
/// Bits that say the outstation rejected the request (IIN2.0, 2.1, 2.2, 2.4).
inline constexpr std::uint16_t kIinRequestErrors =
    kIinNoFuncCodeSupport | kIinObjectUnknown | kIinParameterError | kIinAlreadyExecuting;
/// Bits reporting a device condition worth an anomaly when they appear.
inline constexpr std::uint16_t kIinConditions = kIinDeviceRestart | kIinDeviceTrouble |
                                                kIinLocalControl | kIinEventBufferOverflow |
                                                kIinConfigCorrupt;

// ---- Exceptions as reported in MessageEvent ----
// A response is an exception when IIN2 reports a request error (code = that single IIN bit value,
// the most fundamental one first: 1 function unsupported, 2 object unknown, 4 parameter error,
// 0x10 already executing) or, without such a bit, when a control object echoes a non-zero
// status (code = 0x100 + status, e.g. 0x104 NOT_SUPPORTED).
inline constexpr std::uint32_t kControlStatusExceptionBase = 0x100;
/// The exception code for an IIN value, 0 when there is none.
std::uint32_t iin_exception_code(std::uint16_t iin);
/// Name of an exception code from iin_exception_code() or the control status range.
std::string_view exception_name(std::uint32_t code);

// ---- Object headers (IEEE 1815 clause 4.2.2.7) ----

/// Object prefix codes (qualifier bits 4-6) and range specifier codes (bits 0-3).
inline constexpr std::uint8_t kPrefixNone = 0;
inline constexpr std::uint8_t kPrefix1OctetIndex = 1;
inline constexpr std::uint8_t kRange8BitStartStop = 0x0;
inline constexpr std::uint8_t kRangeAllObjects = 0x6;
inline constexpr std::uint8_t kRange8BitCount = 0x7;

/// Object prefix code (qualifier bits 4-6): "none", "1-octet index", ...; "reserved" otherwise.
std::string_view prefix_code_name(std::uint8_t code);
/// Range specifier code (qualifier bits 0-3): "8-bit start-stop", ...; "reserved" otherwise.
std::string_view range_code_name(std::uint8_t code);

/// Object groups.
inline constexpr std::uint8_t kGroupDeviceAttributes = 0;
inline constexpr std::uint8_t kGroupBinaryInput = 1;
inline constexpr std::uint8_t kGroupBinaryInputEvent = 2;
inline constexpr std::uint8_t kGroupCounter = 20;
inline constexpr std::uint8_t kGroupAnalogInput = 30;
inline constexpr std::uint8_t kGroupAnalogInputEvent = 32;
inline constexpr std::uint8_t kGroupTimeAndDate = 50;
inline constexpr std::uint8_t kGroupTimeDelay = 52;
inline constexpr std::uint8_t kGroupClassData = 60;
inline constexpr std::uint8_t kGroupFileControl = 70;
inline constexpr std::uint8_t kGroupInternalIndications = 80;

/// Object group name, "" when the group is not defined by IEEE 1815.
std::string_view group_name(std::uint8_t group);

// ---- Group 0 device attributes ----

/// Device attribute variations.
inline constexpr std::uint8_t kAttributeSoftwareVersion = 242;
inline constexpr std::uint8_t kAttributeHardwareVersion = 243;
inline constexpr std::uint8_t kAttributeLocationName = 245;
inline constexpr std::uint8_t kAttributeIdCode = 246;
inline constexpr std::uint8_t kAttributeDeviceName = 247;
inline constexpr std::uint8_t kAttributeSerialNumber = 248;
inline constexpr std::uint8_t kAttributeProductName = 250;
inline constexpr std::uint8_t kAttributeManufacturerName = 252;
inline constexpr std::uint8_t kAttributeAllAttributes = 254;
/// Device attribute data types.
inline constexpr std::uint8_t kAttributeTypeVstr = 1;

/// "Device manufacturer's software version" for 242, "" for undefined variations.
std::string_view attribute_name(std::uint8_t variation);
/// The identity field an attribute fills (242 -> "firmware", 252 -> "vendor", ...), or "".
std::string_view attribute_identity_field(std::uint8_t variation);
/// Attribute data type name (1 VSTR, 2 UINT, ...), "" when undefined.
std::string_view attribute_type_name(std::uint8_t type);

// ---- Control relay output block (group 12) and control status ----

/// Operation type (control code bits 0-3): NUL, PULSE_ON, PULSE_OFF, LATCH_ON, LATCH_OFF.
std::string_view crob_operation_name(std::uint8_t op_type);
/// Trip-close code (control code bits 6-7): NUL, CLOSE, TRIP, RESERVED.
std::string_view crob_trip_close_name(std::uint8_t tcc);
/// Control status (command status field): SUCCESS, TIMEOUT, NO_SELECT, ...
std::string_view control_status_name(std::uint8_t status);

// ---- Authentication (group 120) ----

/// Name of a g120 variation ("challenge", "reply", "aggressive mode request", ...).
std::string_view auth_variation_name(std::uint8_t variation);
/// Name of a g70 variation ("file command", "file transport", ...).
std::string_view file_variation_name(std::uint8_t variation);
/// g70 file command status / transport status code: SUCCESS, PERMISSION_DENIED, ...
std::string_view file_status_name(std::uint8_t status);
/// g70v3 operational mode: NULL, READ, WRITE, APPEND.
std::string_view file_mode_name(std::uint16_t mode);
/// g120v7 error code: AUTHENTICATION_FAILED, ...
std::string_view auth_error_name(std::uint8_t code);
/// g120v1 challenge reason: CRITICAL.
std::string_view challenge_reason_name(std::uint8_t code);
/// g120v5 key status: OK, NOT_INIT, COMM_FAIL, AUTH_FAIL.
std::string_view key_status_name(std::uint8_t code);

}  // namespace otscope::dnp3
