// Link-layer discovery as the rest of otscope sees it: LLDP (Ethernet type 0x88CC) and Cisco CDP
// (IEEE 802.3 LLC frames), whose announcements name the device, its port, its software and its
// management address. Identity only: they command nothing.
#pragma once

#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::lldp {

extern const ProtocolInfo kLldpInfo;
extern const ProtocolInfo kCdpInfo;
inline constexpr Protocol kLldp{&kLldpInfo};
inline constexpr Protocol kCdp{&kCdpInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::lldp
