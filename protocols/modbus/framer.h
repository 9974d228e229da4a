// How a Modbus/TCP byte stream (one direction of a connection) is cut into whole ADUs: the
// StreamFramer policy for the MBAP header. A message is due where the last one ended; bytes that
// carry no valid MBAP header there make the framer hunt for the next plausible header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "protocols/common/framer.h"
#include "protocols/modbus/decoder.h"

namespace otscope::modbus {

/// Why bytes were dropped.
enum class DiscardReason : std::uint8_t {
  InvalidHeader,  // no valid MBAP header where one was due: skipped while resynchronising
  Gap,            // part of an ADU whose rest the capture lost
  EndOfStream,    // the stream ended inside an ADU (the session's word for what finish() held)
};

/// True when `bytes` can start an ADU: protocol id 0, length 2..254 and a function code other
/// than 0/0x80. Sets `need_more` (and returns false) when too few bytes are there to tell, but
/// those present are consistent with a header.
bool plausible_header(Bytes bytes, bool& need_more);

struct MbapFraming {
  using Error = DiscardReason;
  static constexpr std::size_t kHeaderSize = kMbapSize;
  static constexpr std::size_t kMaxMessage = kMaxAduSize;

  /// In step: the 7 MBAP bytes decide (protocol id 0, length 2..254), whatever follows.
  static Cut<Error> cut(Bytes bytes) {
    MbapHeader h;
    if (!read_mbap(bytes, h)) return Cut<Error>::need_more();
    if (!mbap_is_valid(h)) return Cut<Error>::bad(DiscardReason::InvalidHeader);
    return Cut<Error>::message(adu_size(h));
  }
  /// Hunting: a plausible header whose whole ADU is there and is followed by another plausible
  /// header, unless the stream has nothing more yet; this stops garbage from being taken for an
  /// ADU. Otherwise one byte is skipped.
  static Hunt hunt(Bytes bytes);

  /// After a gap the next bytes are likely the tail of an ADU whose start was lost.
  static constexpr std::optional<Error> kAfterGap = DiscardReason::Gap;
  /// Bytes that carry no ADU are reported with the segment they came in, not when the stream
  /// is back in step (which may be at its end).
  static constexpr bool kReportSkipsPerPush = true;
  /// A plausible header waiting for its ADU when the stream breaks is more of what was skipped.
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

using MbapFramer = StreamFramer<MbapFraming>;

}  // namespace otscope::modbus
