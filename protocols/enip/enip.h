// EtherNet/IP and CIP as the rest of otscope sees them: one descriptor for TCP/UDP 44818 and
// class-1 I/O on UDP 2222 whose sessions report the encapsulation (`enip`) and the CIP messages
// it carries (`cip`), their identities and the dangerous commands of CIP.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"
#include "protocols/enip/cip.h"

namespace otscope::enip {

/// Name, ports, command rules and role hints of the encapsulation and of CIP.
extern const ProtocolInfo kEnipInfo;
extern const ProtocolInfo kCipInfo;
inline constexpr Protocol kEnip{&kEnipInfo};
inline constexpr Protocol kCip{&kCipInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();
/// The probe on its own, for tests.
ProbeResult probe(Bytes first_bytes, Transport transport);

/// The dangerous commands.
extern const CommandRule kStop;
extern const CommandRule kStart;
extern const CommandRule kReset;
extern const CommandRule kFirmwareUpdate;
extern const CommandRule kProgramDownload;
extern const CommandRule kProgramUpload;
extern const CommandRule kLock;
extern const CommandRule kNetworkSettings;
extern const CommandRule kPcccModeChange;

/// The command rule a CIP request (service without the response bit, its path and data) is, or
/// nullptr.
const CommandRule* cip_command(std::uint8_t service, const CipPath& path, Bytes data);

}  // namespace otscope::enip
