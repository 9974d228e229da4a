// IEEE C37.118.2-2011 synchrophasor frames: the common header (SYNC, FRAMESIZE, IDCODE, SOC,
// FRACSEC), the command word of command frames, the configuration frame's station names, and the
// CRC-CCITT check word. Frame types and commands are the standard's tables 2 and 15.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::c37118 {

inline constexpr std::uint8_t kSync = 0xAA;
inline constexpr std::size_t kHeaderSize = 14;  // SYNC .. FRACSEC
inline constexpr std::size_t kMinFrame = kHeaderSize + 2;
inline constexpr std::size_t kMaxFrame = 65535;

enum FrameType : std::uint8_t {
  kData = 0,
  kHeader = 1,
  kConfig1 = 2,
  kConfig2 = 3,
  kCommand = 4,
  kConfig3 = 5,
};

enum Command : std::uint16_t {
  kDataOff = 1,
  kDataOn = 2,
  kSendHeader = 3,
  kSendConfig1 = 4,
  kSendConfig2 = 5,
  kSendConfig3 = 6,
  kExtended = 8,
};

/// MessageEvent::function: the frame type for data, header and configuration frames; for
/// command frames 0x100 | the command word (turn off data = 0x101).
inline constexpr std::uint32_t kCommandBase = 0x100;

enum class Error : std::uint8_t {
  None,
  Truncated,    // fewer bytes than FRAMESIZE says, or FRAMESIZE below the minimum
  BadSync,      // first byte not 0xAA, a reserved frame type or version
  BadChecksum,  // CRC-CCITT does not match
};
std::string_view error_name(Error e);

struct Frame {
  std::uint8_t type = 0;
  std::uint8_t version = 0;
  std::uint16_t size = 0;
  std::uint16_t idcode = 0;
  std::uint32_t soc = 0;
  std::uint32_t fracsec = 0;
  std::uint16_t command = 0;  // command frames
  /// CFG-1/CFG-2: the first station name (16 characters, trailing spaces removed).
  std::string station_name;
};

/// CRC-CCITT (polynomial 0x1021, initial 0xFFFF, no reflection) as C37.118 computes CHK.
std::uint16_t crc_ccitt(Bytes data);
/// Is `b` the start of a frame header (SYNC, a defined type, version 1..3)?
bool is_sync(std::uint8_t b0, std::uint8_t b1);
/// One whole frame (`bytes` exactly FRAMESIZE long, CRC included).
Error decode_frame(Bytes bytes, Frame& out);
/// Name of a frame type / command, empty when reserved.
std::string_view frame_type_name(std::uint8_t type);
std::string_view command_name(std::uint16_t command);

}  // namespace otscope::c37118
