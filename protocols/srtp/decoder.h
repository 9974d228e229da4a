// GE SRTP (Service Request Transport Protocol, TCP 18245) as described publicly (DFRWS 2017,
// "Leveraging the SRTP protocol for over-the-network memory acquisition of a GE Fanuc Series
// 90-30"; the service request codes are those of GE's SNP documentation, GFK-0529): a 56-byte
// header, a little-endian text length at bytes 4-5 counting the bytes after it, the message type
// at byte 31 and the service request code at byte 42.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/events.h"

namespace otscope::srtp {

inline constexpr std::uint16_t kPort = 18245;
inline constexpr std::size_t kHeaderSize = 56;
inline constexpr std::size_t kMaxMessage = kHeaderSize + 65535;

enum PacketType : std::uint8_t {
  kInit = 0x00,  // the 56 zero bytes that open a session
  kInitReply = 0x01,
  kRequest = 0x02,
  kResponse = 0x03,
};

enum MessageType : std::uint8_t {
  kServiceRequest = 0xC0,
  kAckWithData = 0x94,
  kAck = 0xD4,
  kNack = 0xD1,
};

/// MessageEvent::function of the packets without a service: 0x100 | packet type.
inline constexpr std::uint32_t kPacketBase = 0x100;

enum Service : std::uint8_t {
  kWriteSystemMemory = 0x07,
  kWriteTaskMemory = 0x08,
  kWriteProgramBlockMemory = 0x09,
  kChangePrivilegeLevel = 0x21,
  kSetCpuId = 0x22,
  kSetPlcState = 0x23,
  kSetPlcTime = 0x24,
  kClearFaultTable = 0x39,
  kProgramLoadService = 0x40,
  kToggleForce = 0x44,
};

enum class Error : std::uint8_t {
  None,
  Truncated,  // fewer than 56 bytes, or fewer than the text length says
  BadHeader,  // an unknown packet type
};
std::string_view error_name(Error e);

struct Header {
  std::uint8_t type = 0;
  std::uint8_t sequence = 0;
  std::uint16_t text_length = 0;
  std::uint8_t message_type = 0;
  std::uint8_t service = 0;
};
Error decode_header(Bytes bytes, Header& out);

struct ServiceName {
  std::uint8_t code;
  std::string_view name;
  OpClass op;
};
const ServiceName* find_service(std::uint8_t code);

}  // namespace otscope::srtp
