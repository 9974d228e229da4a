// Mitsubishi MELSEC MC protocol / SLMP as the rest of otscope sees them: one descriptor for 3E/4E
// binary frames over TCP and UDP (5007, 5006, 5000 and whatever the site configured: the bytes
// decide) whose sessions report `melsec` messages, the CPU's model and the remote operations.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::melsec {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

extern const CommandRule kRemoteRun;
extern const CommandRule kRemoteStop;
extern const CommandRule kRemotePause;
extern const CommandRule kRemoteReset;
extern const CommandRule kLatchClear;
extern const CommandRule kPassword;

/// The command rule of a request with this command, or nullptr.
const CommandRule* melsec_command(std::uint16_t command);

}  // namespace otscope::melsec
