// OMRON FINS frames (W227/W342) and the FINS/TCP header that carries them on TCP 9600 (W421):
// pure functions over one message's bytes, every malformation its own error, and the
// StreamFramer policy of FINS/TCP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/framer.h"

namespace otscope::fins {

/// ICF .. SID, before the command code.
inline constexpr std::size_t kFrameHeaderSize = 10;
/// "FINS", length, command, error code.
inline constexpr std::size_t kTcpHeaderSize = 16;
/// The length field counts the bytes after it; a FINS frame is at most 2012 bytes.
inline constexpr std::size_t kMaxTcpLength = 8 + 2048;
inline constexpr std::uint8_t kIcfResponse = 0x40;
inline constexpr std::uint8_t kIcfNoResponse = 0x01;

enum class FinsError : std::uint8_t {
  None,
  Truncated,     // fewer bytes than a header needs
  BadIcf,        // reserved ICF bits set, or RSV not zero
  BadTcpHeader,  // no "FINS" magic, or a length the message does not have
  NoEndCode,     // a response without its two end code bytes
};
/// "truncated", "bad_icf", ... (the anomaly kind after "fins.").
std::string_view fins_error_kind(FinsError e);

struct FinsFrame {
  std::uint8_t icf = 0, rsv = 0, gct = 0;
  std::uint8_t dna = 0, da1 = 0, da2 = 0;  // destination network, node, unit
  std::uint8_t sna = 0, sa1 = 0, sa2 = 0;  // source network, node, unit
  std::uint8_t sid = 0;
  std::uint16_t command = 0;  // MRC << 8 | SRC
  bool response = false;
  std::uint16_t end_code = 0;  // responses: MRES << 8 | SRES
  Bytes data;                  // after the command code (requests) or the end code (responses)
};
FinsError decode_frame(Bytes bytes, FinsFrame& out);
/// Can these bytes start a FINS frame? ICF with its reserved bits clear, RSV 0, a gateway count
/// up to 7, and a command code the manuals define.
bool plausible_frame(Bytes bytes);
/// The end code says the command completed (relay and CPU error flag bits aside).
bool end_code_ok(std::uint16_t end_code);

struct TcpMessage {
  std::uint32_t length = 0;
  std::uint32_t command = 0;
  std::uint32_t error = 0;
  Bytes body;  // the FINS frame (command 2), node addresses (0, 1)
};
FinsError decode_tcp(Bytes bytes, TcpMessage& out);
/// Do these bytes start a FINS/TCP message? Sets `need_more` when they fit so far but are too
/// few to tell.
bool plausible_tcp(Bytes bytes, bool& need_more);

/// The area, start and count of a Memory Area Read/Write/Fill request.
struct MemoryAccess {
  std::uint8_t area = 0;
  std::uint16_t word = 0;
  std::uint8_t bit = 0;
  std::uint16_t count = 0;
  Bytes values;  // what a write carries after the count
};
bool decode_memory_access(Bytes data, MemoryAccess& out);

/// A Controller Data Read response: model and version (20 bytes each, NUL padded).
struct ControllerData {
  std::string model;
  std::string version;
};
bool decode_controller_data(Bytes data, ControllerData& out);

enum class FrameError : std::uint8_t { BadHeader, Resync, MidStream };
struct TcpFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = 8;
  static constexpr std::size_t kMaxMessage = kMaxTcpLength + 8;
  static Cut<Error> cut(Bytes bytes);
  static Hunt hunt(Bytes bytes);
  static constexpr std::optional<Error> kAfterGap = FrameError::Resync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};
using TcpFramer = StreamFramer<TcpFraming>;

}  // namespace otscope::fins
