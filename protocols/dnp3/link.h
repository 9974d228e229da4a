// DNP3 data link layer (IEEE 1815 clause 9): the 10-byte header with its CRC, then user data in
// blocks of up to 16 bytes, each followed by its own CRC. Pure decoding, no state.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/bytes.h"

namespace otscope::dnp3 {

inline constexpr std::uint8_t kStart1 = 0x05;
inline constexpr std::uint8_t kStart2 = 0x64;
inline constexpr std::size_t kLinkHeaderSize = 10;
/// LEN counts control, destination and source (5 bytes) plus the user data.
inline constexpr std::uint8_t kMinLinkLength = 5;
inline constexpr std::size_t kMaxUserData = 250;
inline constexpr std::size_t kBlockSize = 16;
/// 10-byte header + 250 user bytes + 16 block CRCs.
inline constexpr std::size_t kMaxFrameSize = 292;

struct LinkHeader {
  std::uint8_t length = 0;
  std::uint8_t control = 0;
  std::uint16_t destination = 0;
  std::uint16_t source = 0;

  /// DIR: set when the frame comes from the master.
  bool from_master() const { return (control & 0x80) != 0; }
  /// PRM: set for primary (initiating) frames.
  bool primary() const { return (control & 0x40) != 0; }
  /// FCB (primary) / reserved (secondary).
  bool frame_count_bit() const { return (control & 0x20) != 0; }
  /// FCV (primary) / DFC data flow control (secondary).
  bool frame_count_valid() const { return (control & 0x10) != 0; }
  std::uint8_t function() const { return control & 0x0F; }
  std::size_t user_data_length() const {
    return length >= kMinLinkLength ? std::size_t{length} - kMinLinkLength : 0;
  }
};

/// Size on the wire of a frame whose LEN field is `length` (>= 5): header, data and block CRCs.
std::size_t link_frame_size(std::uint8_t length);

enum class LinkError : std::uint8_t {
  None,
  NotEnoughData,  // fewer bytes than the header or the frame announces
  BadStart,       // the first two bytes are not 0x05 0x64
  HeaderCrc,      // header CRC mismatch
  BadLength,      // LEN below 5 (header CRC was good)
  BlockCrc,       // a user data block's CRC mismatch
};
/// Stable anomaly kind, e.g. "dnp3.block_crc".
std::string_view link_error_kind(LinkError error);

struct LinkFrame {
  LinkHeader header;
  /// User data with the block CRCs removed.
  std::array<std::uint8_t, kMaxUserData> data{};
  std::size_t data_size = 0;
  /// On BlockCrc: the 0-based index of the first bad block.
  std::size_t bad_block = 0;

  Bytes user_data() const { return Bytes(data.data(), data_size); }
};

/// Decodes the header at the start of `bytes`. On HeaderCrc and BadLength `out` is still filled.
LinkError parse_link_header(Bytes bytes, LinkHeader& out);

/// Decodes the frame at the start of `bytes` (which may continue with further frames). On
/// success `consumed` is the frame's size on the wire. On BlockCrc the header is valid and
/// `consumed` still spans the whole frame, so that a stream can carry on after it.
LinkError parse_link_frame(Bytes bytes, LinkFrame& out, std::size_t& consumed);

}  // namespace otscope::dnp3
