#include "protocols/dnp3/framer.h"

#include <algorithm>

namespace otscope::dnp3 {

Hunt LinkFraming::hunt(Bytes bytes) {
  if (bytes[0] != kStart1) {
    // Jump to the next candidate start byte in one step.
    const auto it = std::find(bytes.begin() + 1, bytes.end(), kStart1);
    return Hunt::skip_bytes(static_cast<std::size_t>(it - bytes.begin()));
  }
  if (bytes.size() < 2) return Hunt::need_more();
  if (bytes[1] != kStart2) return Hunt::skip_bytes(1);
  if (bytes.size() < kLinkHeaderSize) return Hunt::need_more();
  if (!crc_matches(bytes.first(kLinkHeaderSize - 2), bytes[8], bytes[9])) {
    return Hunt::skip_bytes(1, true);
  }
  return Hunt::found();
}

}  // namespace otscope::dnp3
