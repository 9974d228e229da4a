// BACnet/IP (ASHRAE 135 Annex J, UDP 47808) as the rest of otscope sees it: its name, port,
// dangerous commands, role hints, probe and session factory.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::bacnet {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

/// The dangerous commands.
extern const CommandRule kReinitialize;
extern const CommandRule kBackup;
extern const CommandRule kRestore;
extern const CommandRule kCommunicationDisabled;
extern const CommandRule kInitiationDisabled;
extern const CommandRule kLifeSafetyPriorityWrite;
extern const CommandRule kFileWrite;
extern const CommandRule kObjectDeleted;

/// Signature probe (UDP datagrams starting with a valid BVLC header) and session factory.
const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::bacnet
