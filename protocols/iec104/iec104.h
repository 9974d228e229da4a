// IEC 60870-5-104 as the rest of otscope sees it: telecontrol between a controlling station (a
// SCADA master) and controlled stations (RTUs, substation outstations) over TCP 2404. Its
// descriptor, its command rules and the rule a request is.
#pragma once

#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"
#include "protocols/iec104/codes.h"

namespace otscope::iec104 {

inline constexpr std::uint16_t kPort = 2404;

/// Name, ports, command rules and role hints.
extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

/// The dangerous commands.
extern const CommandRule kControlCommand;
extern const CommandRule kSetpointCommand;
extern const CommandRule kResetProcess;
extern const CommandRule kClockSync;
extern const CommandRule kParameterChange;
/// Raised from the sequence_gap anomaly (AnomalyEvent::rule), not named on a request.
extern const CommandRule kSequenceGap;

/// The command rule an activation of `type` from the controlling station is, or nullptr.
const CommandRule* command_rule(const TypeInfo& type);

}  // namespace otscope::iec104
