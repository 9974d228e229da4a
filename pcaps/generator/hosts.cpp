#include "pcaps/generator/hosts.h"

#include <array>

namespace otscope::pcapgen {

MacAddress mac_from(std::uint32_t oui, std::uint32_t device) {
  const std::array<std::uint8_t, 6> b = {
      static_cast<std::uint8_t>(oui >> 16),   static_cast<std::uint8_t>(oui >> 8),
      static_cast<std::uint8_t>(oui),         static_cast<std::uint8_t>(device >> 16),
      static_cast<std::uint8_t>(device >> 8), static_cast<std::uint8_t>(device)};
  return MacAddress(b.data());
}

}  // namespace otscope::pcapgen
