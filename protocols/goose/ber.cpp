#include "protocols/goose/ber.h"

namespace otscope::goose {

std::optional<BerElement> read_element(ByteReader& r) {
  BerElement e;
  std::uint8_t first = 0;
  if (!r.u8(e.tag) || !r.u8(first)) return std::nullopt;
  std::size_t length = first;
  if (first & 0x80) {
    const std::size_t octets = first & 0x7F;
    if (octets == 0 || octets > 4) return std::nullopt;  // indefinite, or beyond any frame
    length = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      std::uint8_t b = 0;
      if (!r.u8(b)) return std::nullopt;
      length = length << 8 | b;
    }
  }
  if (!r.take(length, e.value)) return std::nullopt;
  return e;
}

std::optional<std::uint64_t> ber_unsigned(Bytes value) {
  if (value.empty() || value.size() > 9 || (value.size() == 9 && value[0] != 0))
    return std::nullopt;
  std::uint64_t v = 0;
  for (std::uint8_t b : value) v = v << 8 | b;
  return v;
}

}  // namespace otscope::goose
