// What a decoded message means for detection, decided from the protocols' own code tables
// (protocols/*/codes.h): which built-in command rule a request triggers, and which responses say
// "no such function" or "no such address" (the raw material of scans and exception bursts).
#pragma once

#include <optional>

#include "model/detection/rules.h"
#include "protocols/common/events.h"

namespace otscope::detection {

/// The dangerous-command rule a request matches (PLC stop, download, restart, ...), or nullopt.
/// Only meaningful for MessageRole::Request events.
std::optional<RuleId> command_rule(const MessageEvent& ev);

/// What kind of command authorisation applies to a request, if any.
enum class CommandKind : std::uint8_t { None, Write, Control, Identification };
CommandKind command_kind(const MessageEvent& ev);

/// DNP3 WRITE of the time (g50) or of the internal indications (g80, clearing DEVICE_RESTART):
/// protocol housekeeping every master performs, not a process write.
bool is_housekeeping_write(const MessageEvent& ev);

/// A request whose function code the protocol's table does not define (reserved, user-defined,
/// unknown): what a function-code scanner sends.
bool is_undefined_function(const MessageEvent& ev);
/// A response saying the function is not supported (Modbus exception 1, DNP3 IIN2.0, S7
/// "service not implemented").
bool is_unsupported_function_response(const MessageEvent& ev);
/// A response saying the address or object does not exist (Modbus exception 2, DNP3 IIN2.1/2.2,
/// S7 "address out of range" / "object does not exist").
bool is_bad_address_response(const MessageEvent& ev);

/// Anomaly kinds reporting a link-layer checksum failure.
bool is_crc_anomaly(std::string_view kind);
/// "<proto>.non_<proto>_traffic" from the dispatcher.
bool is_non_ics_traffic_anomaly(std::string_view kind);

}  // namespace otscope::detection
