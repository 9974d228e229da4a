// Beckhoff ADS/AMS as the rest of otscope sees them: one descriptor for AMS/TCP (48898) whose
// sessions report `ads` messages, the device's identity and ADS state changes.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::ads {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

extern const CommandRule kStop;
extern const CommandRule kRun;
extern const CommandRule kReset;
extern const CommandRule kConfigMode;
extern const CommandRule kStateChange;
extern const CommandRule kAddRoute;

/// The command rule of a Write Control request asking for ADS state `ads_state`.
const CommandRule* write_control_command(std::uint16_t ads_state);

}  // namespace otscope::ads
