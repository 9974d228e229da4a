// The S7 protocols as the rest of otscope sees them: one descriptor for ISO-on-TCP traffic (TCP
// 102) whose sessions report S7comm and S7comm-plus, their identities and the dangerous commands
// their code tables define.
#pragma once

#include <cstdint>

#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::s7 {

struct S7Pdu;

/// Name, ports, command rules and role hints of S7comm and of S7comm-plus.
extern const ProtocolInfo kS7commInfo;
extern const ProtocolInfo kS7commPlusInfo;
inline constexpr Protocol kS7comm{&kS7commInfo};
inline constexpr Protocol kS7commPlus{&kS7commPlusInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

/// The dangerous commands.
extern const CommandRule kPlcStop;
extern const CommandRule kPlcStart;
extern const CommandRule kModeChange;
extern const CommandRule kProgramDownload;
extern const CommandRule kConfigDownload;
extern const CommandRule kProgramUpload;
extern const CommandRule kProgramDelete;
extern const CommandRule kCopyRamToRom;
extern const CommandRule kPiService;
extern const CommandRule kPassword;
extern const CommandRule kSetClock;
extern const CommandRule kForce;
extern const CommandRule kPlusProgramTransfer;

/// The command rule an S7comm request is (`function` as in MessageEvent::function, `op` its
/// class), or nullptr.
const CommandRule* s7comm_command(const S7Pdu& pdu, std::uint32_t function, OpClass op);
/// The command rule an S7comm-plus request of class `op` is, or nullptr.
const CommandRule* s7plus_command(OpClass op);

}  // namespace otscope::s7
