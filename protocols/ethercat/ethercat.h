// EtherCAT (IEC 61158 type 12) in Ethernet frames of type 0x88A4 as the rest of otscope sees it:
// each frame's datagrams (commands of the master), the slaves' state changes the master requests
// through the AL Control register, and a request for the bootstrap state (firmware update).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/common/events.h"
#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::ethercat {

inline constexpr std::uint16_t kEthertype = 0x88A4;
/// The AL Control register: a write there asks the slave for a new state.
inline constexpr std::uint16_t kAlControl = 0x0120;

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};
extern const CommandRule kBootstrap;

enum class FrameError : std::uint8_t {
  None,
  TooShort,           // fewer than the 2 header bytes
  LengthBeyondFrame,  // the header's length runs past the frame
  DatagramTruncated,  // a datagram's header or data runs past the frame's length
};
std::string_view frame_error_name(FrameError e);

struct Datagram {
  std::uint8_t command = 0;
  std::uint8_t index = 0;
  std::uint16_t adp = 0;  // position/station address (or the logical address's low half)
  std::uint16_t ado = 0;  // register offset (or the logical address's high half)
  Bytes data;
  std::uint16_t working_counter = 0;
};
struct Frame {
  std::uint8_t type = 0;  // 1: EtherCAT commands
  std::vector<Datagram> datagrams;
};

/// The bytes after the Ethernet type.
FrameError decode_frame(Bytes bytes, Frame& out);
std::string_view command_name(std::uint8_t command);
OpClass command_op(std::uint8_t command);
/// "INIT", "PRE-OP", "BOOTSTRAP", "SAFE-OP", "OP", or "" for another value.
std::string_view al_state_name(std::uint8_t state);

/// Signature probe and session factory for the dispatcher (declared in CMakeLists.txt).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::ethercat
