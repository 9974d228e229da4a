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

}  // namespace otscope::modbus
