// The small part of ASN.1 BER that GOOSE and Sampled Values PDUs use: one tag byte, short or long
// definite lengths, unsigned integers, visible strings. Bounds-checked; no recursion.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.h"

namespace otscope::goose {

struct BerElement {
  std::uint8_t tag = 0;
  Bytes value;
};

/// Reads the next element of `r`'s bytes; nullopt when its header or value runs past them (or the
/// length is indefinite, which IEC 61850-8-1 does not use).
std::optional<BerElement> read_element(ByteReader& r);

/// The value as an unsigned integer (at most 8 bytes; a leading zero byte allowed on top).
std::optional<std::uint64_t> ber_unsigned(Bytes value);

}  // namespace otscope::goose
