// SNMP v1/v2c/v3 (UDP 161 and 162) as the rest of otscope sees it: recognised for identity
// (system group in responses) and for SetRequest, the one dangerous operation.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::snmp {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

extern const CommandRule kSet;

/// Signature probe (a BER SEQUENCE holding version 0, 1 or 3, then a community or a v3 header,
/// then a PDU) and session factory.
const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::snmp
