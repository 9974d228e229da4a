// DNP3 link-layer CRC-16 (IEEE 1815 clause 9.2.5): polynomial 0x3D65, processed LSB first
// (reflected polynomial 0xA6BC), initial value 0, result complemented, sent low byte first.
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace otscope::dnp3 {

/// CRC over `data` as it is appended after a header or a block of user data.
std::uint16_t crc16(Bytes data);

/// True when the two bytes after `data` in a frame (little-endian) equal crc16(data).
bool crc_matches(Bytes data, std::uint8_t low, std::uint8_t high);

}  // namespace otscope::dnp3
