// The Modbus/TCP protocol as the rest of otscope sees it: its descriptor for the dispatcher, its
// identity and the dangerous commands its code table defines.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::modbus {

/// Name, ports, command rules and role hints of Modbus/TCP.
extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

/// The dangerous commands (diagnostics sub-functions that change the device's state).
extern const CommandRule kRestartCommunications;  // 08/01
extern const CommandRule kForceListenOnly;        // 08/04
extern const CommandRule kClearCounters;          // 08/0A..0x14 that clear counters

/// The command rule a diagnostics request with this sub-function is, or nullptr.
const CommandRule* diagnostic_command(std::uint16_t sub_function);

/// The dangerous UMAS (function 90) commands: PLC stop and start, the program going to the PLC
/// (UMAS "upload", 0x30..0x32) or coming from it ("download", 0x33..0x35), and taking the
/// reservation an engineering tool holds while it changes the PLC.
extern const CommandRule kUmasStopPlc;          // 90/0x41
extern const CommandRule kUmasStartPlc;         // 90/0x40
extern const CommandRule kUmasProgramDownload;  // 90/0x30..0x32
extern const CommandRule kUmasProgramUpload;    // 90/0x33..0x35
extern const CommandRule kUmasReservation;      // 90/0x10

/// The command rule a UMAS request with this code is, or nullptr.
const CommandRule* umas_command(std::uint8_t umas_code);

}  // namespace otscope::modbus
