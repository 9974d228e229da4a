// Codes as people read them in a protocol's documentation: "0x4C", "0x0501".
#pragma once

#include <cstdint>
#include <string>

namespace otscope {

/// "0x" and at least `digits` upper-case hex digits of `v` (more when `v` needs them). By hand:
/// snprintf costs more than the decoding of a message that names a code in its detail.
inline std::string hex_code(std::uint32_t v, int digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  int n = 1;
  while (n < 8 && (v >> (4 * n)) != 0) ++n;
  if (digits > 8) digits = 8;
  if (n < digits) n = digits;
  std::string out(static_cast<std::size_t>(n) + 2, '0');
  out[1] = 'x';
  for (int i = 0; i < n; ++i)
    out[out.size() - 1 - static_cast<std::size_t>(i)] = kDigits[v >> (4 * i) & 0xF];
  return out;
}

}  // namespace otscope
