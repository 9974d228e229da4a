// HART-IP (TCP/UDP 5094) as the rest of otscope sees it: HART-IP messages recognised by their
// header, the HART command passed through as the function, device reset, configuration writes
// and loop-current overrides as dangerous commands.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::hartip {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

extern const CommandRule kDeviceReset;
extern const CommandRule kConfigurationWrite;
extern const CommandRule kLoopOverride;

/// The command rule of a HART command sent to a device, or nullptr.
const CommandRule* hart_command_rule(std::uint8_t command);

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::hartip
