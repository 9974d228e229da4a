#include "protocols/modbus/framer.h"

#include "protocols/modbus/codes.h"
#include "protocols/modbus/decoder.h"

namespace otscope::modbus {

bool plausible_header(Bytes bytes, bool& need_more) {
  need_more = false;
  // Check byte by byte so that a short prefix can already be refused.
  // [0,1] transaction id: any. [2,3] protocol id: 0. [4,5] length: 2..254. [6] unit: any.
  // [7] function: not 0 and not 0x80.
  if (bytes.size() > 2 && bytes[2] != 0) return false;
  if (bytes.size() > 3 && bytes[3] != 0) return false;
  if (bytes.size() > 4 && bytes[4] != 0) return false;
  if (bytes.size() > 5 && (bytes[5] < kMinMbapLength || bytes[5] > kMaxMbapLength)) return false;
  if (bytes.size() > 7 && (bytes[7] & ~kExceptionBit) == 0) return false;
  if (bytes.size() < kMbapSize + 1) {
    need_more = true;
    return false;
  }
  return true;
}

Hunt MbapFraming::hunt(Bytes bytes) {
  bool need_more = false;
  if (!plausible_header(bytes, need_more)) {
    return need_more ? Hunt::need_more() : Hunt::skip_bytes(1);
  }
  MbapHeader h;
  read_mbap(bytes, h);
  const std::size_t size = adu_size(h);
  if (bytes.size() < size) return Hunt::need_more();
  bool next_more = false;
  if (bytes.size() > size && !plausible_header(bytes.subspan(size), next_more) && !next_more) {
    return Hunt::skip_bytes(1);
  }
  return Hunt::found();
}

}  // namespace otscope::modbus
