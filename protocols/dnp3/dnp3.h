// The DNP3 protocol as the rest of otscope sees it: its descriptor for the dispatcher, its
// identity and the dangerous commands its code table defines.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::dnp3 {

struct Fragment;

/// Name, ports, command rules and role hints of DNP3.
extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

/// The dangerous commands.
extern const CommandRule kRestart;              // COLD_RESTART, WARM_RESTART
extern const CommandRule kApplicationControl;   // INITIALIZE_DATA/APPL, START/STOP_APPL
extern const CommandRule kConfigurationChange;  // SAVE_CONFIG, ACTIVATE_CONFIG
extern const CommandRule kDisableUnsolicited;   // DISABLE_UNSOLICITED
extern const CommandRule kFileDelete;           // DELETE_FILE
extern const CommandRule kFileTransfer;         // OPEN/CLOSE/ABORT_FILE, GET_FILE_INFO, WRITE g70

/// The command rule a request is, or nullptr.
const CommandRule* request_command(const Fragment& request);
/// A WRITE of the time (g50) or of the internal indications (g80, clearing DEVICE_RESTART) only:
/// housekeeping every master performs, not a process write.
bool is_housekeeping_write(const Fragment& request);

}  // namespace otscope::dnp3
