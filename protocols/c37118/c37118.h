// IEEE C37.118 synchrophasor (TCP/UDP 4712, UDP 4713) as the rest of otscope sees it: frames
// recognised by SYNC and CRC, the command word of command frames as the function, the PMU's
// station name and IDCODE as identity, "turn off data" as a dangerous command.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::c37118 {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

extern const CommandRule kDataOffCommand;

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::c37118
