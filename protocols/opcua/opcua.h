// OPC UA binary (UA TCP, OPC 10000-6; TCP 4840) as the rest of otscope sees it: its name, port,
// dangerous services, role hints, probe and session factory.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::opcua {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

/// The dangerous services.
extern const CommandRule kWrite;
extern const CommandRule kMethodCall;
extern const CommandRule kNodesAdded;
extern const CommandRule kNodesDeleted;
extern const CommandRule kHistoryUpdate;

/// The command rule of a request service (its encoding id), or nullptr.
const CommandRule* request_command(std::uint32_t encoding_id);

/// Signature probe (a UA TCP header: HEL/ACK/ERR/RHE/OPN/CLO/MSG, a chunk type, a sane size)
/// and session factory.
const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::opcua
