// IEC 61850 MMS (ISO 9506 over the OSI stack of ISO-on-TCP, TCP 102) as the rest of otscope sees
// it: its descriptor, its command rules and the rule a request is. It shares TCP 102, TPKT and
// COTP with S7comm; the probe tells them apart by what the first data TPDU carries (an ISO session
// SPDU here, protocol id 0x32 or 0x72 for S7).
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::mms {

inline constexpr std::uint16_t kPort = 102;

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

/// The dangerous commands.
extern const CommandRule kControl;
extern const CommandRule kWrite;
extern const CommandRule kProgramDownload;
extern const CommandRule kProgramUpload;
extern const CommandRule kProgramDelete;
extern const CommandRule kProgramStop;
extern const CommandRule kProgramStart;
extern const CommandRule kFileDelete;

/// The command rule a confirmed request of `service` is; for a write, `fc` is the functional
/// constraint of its first variable (writes to control blocks, "RP", "BR", "LG", "GO", "MS",
/// "US", "SV", are how every client sets up reporting: none). nullptr when none.
const CommandRule* command_rule(std::uint32_t service, std::string_view fc);

}  // namespace otscope::mms
