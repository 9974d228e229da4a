// How a DNP3 byte stream (TCP, or one UDP datagram) is cut into link frames: the StreamFramer
// policy for the link header. Only the start bytes, the header CRC and LEN decide a frame
// boundary; the frame itself is decoded by parse_link_frame(). Frames split across segments,
// several frames in one segment and garbage between them are all handled by the framer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "protocols/common/framer.h"
#include "protocols/dnp3/crc.h"
#include "protocols/dnp3/link.h"

namespace otscope::dnp3 {

/// Why bytes were skipped while looking for the next frame.
enum class SkipReason : std::uint8_t {
  NoStartBytes,  // bytes that do not begin with 0x05 0x64
  HeaderCrc,     // a 0x05 0x64 header whose CRC is wrong (and whatever followed it)
};

struct LinkFraming {
  using Error = SkipReason;
  static constexpr std::size_t kHeaderSize = kLinkHeaderSize;
  static constexpr std::size_t kMaxMessage = kMaxFrameSize;

  /// In step: 0x05 0x64 and a header CRC that matches. A byte that cannot start a header is
  /// refused at once, without waiting for ten bytes.
  static Cut<Error> cut(Bytes bytes) {
    if (bytes[0] != kStart1) return Cut<Error>::bad(SkipReason::NoStartBytes);
    if (bytes.size() < 2) return Cut<Error>::need_more();
    if (bytes[1] != kStart2) return Cut<Error>::bad(SkipReason::NoStartBytes);
    if (bytes.size() < kLinkHeaderSize) return Cut<Error>::need_more();
    if (!crc_matches(bytes.first(kLinkHeaderSize - 2), bytes[8], bytes[9])) {
      return Cut<Error>::bad(SkipReason::HeaderCrc);
    }
    // LEN below 5 is malformed; the 10 header bytes are handed over so that the decoder says so.
    const std::uint8_t length = bytes[2];
    return Cut<Error>::message(length < kMinLinkLength ? kLinkHeaderSize : link_frame_size(length));
  }
  /// Hunting: the same checks, skipping to the next 0x05 in one step. A header with a bad CRC
  /// (corrupted, or 0x05 0x64 inside other data) is skipped by one byte and counted.
  static Hunt hunt(Bytes bytes);

  /// After a gap the next bytes are judged like any others (the session knows about the gap).
  static constexpr std::optional<Error> kAfterGap = std::nullopt;
  static constexpr bool kReportSkipsPerPush = false;
  /// Bytes held while hunting (0x05, or a header waiting for its CRC) are an unfinished frame.
  static constexpr bool kHeldWhileHuntingIsSkipped = false;
};

using LinkFramer = StreamFramer<LinkFraming>;

}  // namespace otscope::dnp3
