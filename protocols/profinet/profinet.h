// PROFINET as the rest of otscope sees it: one folder whose sessions report PROFINET DCP (device
// discovery and configuration, in Ethernet frames of type 0x8892), PROFINET RT (cyclic I/O data,
// alarms and time synchronisation in the same frames) and PROFINET CM (context management over
// DCE/RPC on UDP 34964).
#pragma once

#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::profinet {

extern const ProtocolInfo kDcpInfo;
extern const ProtocolInfo kRtInfo;
extern const ProtocolInfo kCmInfo;
inline constexpr Protocol kDcp{&kDcpInfo};
inline constexpr Protocol kRt{&kRtInfo};
inline constexpr Protocol kCm{&kCmInfo};

/// The dangerous DCP requests.
extern const CommandRule kSetName;
extern const CommandRule kSetIp;
extern const CommandRule kFactoryReset;

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::profinet
