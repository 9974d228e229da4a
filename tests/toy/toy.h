// A toy protocol, written the way protocols/README.md says a protocol folder is written, to prove
// that adding a protocol touches one folder: the engine, detection, the database, the JSON and
// the CLI handle it with no edit anywhere else. It lives in the test tree only.
//
// Wire format (TCP, port 7777): every message is
//   'T' (0x54) | length (1 byte, the whole message, >= 4) | function (1 byte, bit 7 set in a
//   response) | unit (1 byte) | payload
// Functions: 0x01 read (payload: address u16, count u16), 0x02 write (address, count, values),
// 0x03 identify (the response's payload is the vendor name), 0x7E stop (a dangerous command).
#pragma once

#include <cstdint>

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::toy {

inline constexpr std::uint16_t kPort = 7777;
inline constexpr std::uint8_t kMagic = 0x54;
inline constexpr std::uint8_t kResponseBit = 0x80;
inline constexpr std::uint8_t kRead = 0x01;
inline constexpr std::uint8_t kWrite = 0x02;
inline constexpr std::uint8_t kIdentify = 0x03;
inline constexpr std::uint8_t kStop = 0x7E;

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};
extern const CommandRule kStopCommand;

const ProtocolDescriptor& descriptor();

}  // namespace otscope::toy
