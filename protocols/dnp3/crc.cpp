#include "protocols/dnp3/crc.h"

#include <array>

namespace otscope::dnp3 {
namespace {

constexpr std::uint16_t kReflectedPolynomial = 0xA6BC;

constexpr std::array<std::uint16_t, 256> make_table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    std::uint16_t crc = static_cast<std::uint16_t>(i);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1) != 0 ? static_cast<std::uint16_t>((crc >> 1) ^ kReflectedPolynomial)
                           : static_cast<std::uint16_t>(crc >> 1);
    }
    table[i] = crc;
  }
  return table;
}

constexpr std::array<std::uint16_t, 256> kTable = make_table();

}  // namespace

std::uint16_t crc16(Bytes data) {
  std::uint16_t crc = 0;
  for (std::uint8_t byte : data) {
    crc = static_cast<std::uint16_t>((crc >> 8) ^ kTable[(crc ^ byte) & 0xFF]);
  }
  return static_cast<std::uint16_t>(~crc);
}

bool crc_matches(Bytes data, std::uint8_t low, std::uint8_t high) {
  std::uint16_t crc = crc16(data);
  return (crc & 0xFF) == low && (crc >> 8) == high;
}

}  // namespace otscope::dnp3
