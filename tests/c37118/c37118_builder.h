// IEEE C37.118.2 frames built for the tests: header, body, CRC-CCITT computed here (not with
// the code under test).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace otscope::c37118::build {

using Bytes = std::vector<std::uint8_t>;

inline std::uint16_t crc(const Bytes& b) {
  std::uint16_t c = 0xFFFF;
  for (std::uint8_t x : b) {
    c ^= static_cast<std::uint16_t>(x << 8);
    for (int i = 0; i < 8; ++i)
      c = (c & 0x8000) ? static_cast<std::uint16_t>((c << 1) ^ 0x1021)
                       : static_cast<std::uint16_t>(c << 1);
  }
  return c;
}

inline Bytes frame(std::uint8_t type, std::uint16_t idcode, const Bytes& body) {
  const std::size_t size = 14 + body.size() + 2;
  const std::uint8_t header[14] = {0xAA,
                                   static_cast<std::uint8_t>(type << 4 | 0x01),
                                   static_cast<std::uint8_t>(size >> 8),
                                   static_cast<std::uint8_t>(size),
                                   static_cast<std::uint8_t>(idcode >> 8),
                                   static_cast<std::uint8_t>(idcode),
                                   0x5F,
                                   0x00,
                                   0x00,
                                   0x00,  // SOC
                                   0x00,
                                   0x00,
                                   0x10,
                                   0x00};  // FRACSEC
  Bytes b;
  b.reserve(size);
  for (std::uint8_t x : header) b.push_back(x);
  for (std::uint8_t x : body) b.push_back(x);
  const std::uint16_t c = crc(b);
  b.push_back(static_cast<std::uint8_t>(c >> 8));
  b.push_back(static_cast<std::uint8_t>(c));
  return b;
}

inline Bytes command(std::uint16_t idcode, std::uint16_t cmd) {
  return frame(4, idcode, {static_cast<std::uint8_t>(cmd >> 8), static_cast<std::uint8_t>(cmd)});
}

/// CFG-2 with one PMU named `station` (the rest of the PMU description left short).
inline Bytes config2(std::uint16_t idcode, const std::string& station) {
  Bytes body = {0x00, 0x0F, 0x42, 0x40, 0x00, 0x01};  // TIME_BASE 1000000, NUM_PMU 1
  std::string stn = station;
  stn.resize(16, ' ');
  body.insert(body.end(), stn.begin(), stn.end());
  body.insert(body.end(), {static_cast<std::uint8_t>(idcode >> 8),
                           static_cast<std::uint8_t>(idcode), 0x00, 0x00});
  return frame(3, idcode, body);
}

}  // namespace otscope::c37118::build
