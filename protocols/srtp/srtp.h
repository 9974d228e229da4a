// GE SRTP (TCP 18245) as the rest of otscope sees it: packets recognised by the 56-byte header,
// the service request code as the function, PLC state changes, program loads, forces and fault
// table clears as dangerous commands.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::srtp {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

extern const CommandRule kPlcState;
extern const CommandRule kProgramLoad;
extern const CommandRule kProgramStore;
extern const CommandRule kForce;
extern const CommandRule kClearFaults;

const CommandRule* service_command(std::uint8_t service);

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::srtp
