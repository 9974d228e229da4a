// OMRON FINS as the rest of otscope sees them: one descriptor for FINS/UDP and FINS/TCP (9600)
// whose sessions report `fins` messages, the controller's identity and FINS's dangerous
// commands.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::fins {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

extern const CommandRule kRun;
extern const CommandRule kStop;
extern const CommandRule kProgramDownload;
extern const CommandRule kProgramUpload;
extern const CommandRule kProgramClear;
extern const CommandRule kParameterChange;
extern const CommandRule kProtection;
extern const CommandRule kSetClock;
extern const CommandRule kForce;
extern const CommandRule kErrorClear;
extern const CommandRule kFileDestruction;

/// The command rule a FINS request with this command code is, or nullptr.
const CommandRule* fins_command(std::uint16_t code);

}  // namespace otscope::fins
