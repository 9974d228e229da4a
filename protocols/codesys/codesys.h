// CODESYS V3 (TCP 11740-11743, UDP 1740-1743) as the rest of otscope sees it: recognised only
// by its block driver and datagram-layer magics, the layer-7 service group/service as the
// function, PLC shell commands, forces and file transfers as dangerous commands.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::codesys {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

extern const CommandRule kPlcShell;
extern const CommandRule kForce;
extern const CommandRule kFileTransfer;

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::codesys
