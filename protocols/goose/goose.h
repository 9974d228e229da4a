// IEC 61850 in Ethernet frames as the rest of otscope sees it: GOOSE (type 0x88B8, and GSE
// management 0x88B9), whose publishers multicast the state of a data set and whose state and
// sequence numbers tell a replayed or injected message, and Sampled Values (0x88BA).
#pragma once

#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::goose {

extern const ProtocolInfo kGooseInfo;
extern const ProtocolInfo kSvInfo;
inline constexpr Protocol kGoose{&kGooseInfo};
inline constexpr Protocol kSv{&kSvInfo};

/// A GOOSE message older than one already seen from its control block (same state, lower
/// sequence number, or an earlier state): replayed or spoofed.
extern const CommandRule kReplay;
/// A state number that jumps ahead by more than one: state changes nobody saw, the mark of an
/// injected message that takes over the subscribers.
extern const CommandRule kStateJump;

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::goose
