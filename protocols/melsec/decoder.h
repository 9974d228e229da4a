// MELSEC communication protocol (MC protocol) and SLMP binary 3E and 4E frames: subheader (0x5000
// request / 0xD000 response, 4E: 0x5400 / 0xD400 with a serial number), network and station
// route, request data length, then the monitoring timer, command and subcommand of a request or
// the end code of a response. Pure functions, every malformation its own error, and the
// StreamFramer policy of TCP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/framer.h"

namespace otscope::melsec {

/// The longest fixed part: the 4E header (subheader, serial, fixed zero, route, length).
inline constexpr std::size_t kMaxHeaderSize = 13;
/// A request or response data length above this is no MC frame (the longest batch write is
/// 960 words).
inline constexpr std::size_t kMaxLength = 8192;

enum class McError : std::uint8_t {
  None,
  Truncated,       // fewer bytes than the header or the request fields need
  BadSubheader,    // not a 3E/4E binary subheader
  LengthMismatch,  // the data length disagrees with the bytes of the message
};
std::string_view mc_error_kind(McError e);

struct McMessage {
  bool response = false;
  bool e4 = false;
  std::uint16_t serial = 0;  // 4E only
  std::uint8_t network = 0;
  std::uint8_t pc = 0;
  std::uint16_t module_io = 0;
  std::uint8_t station = 0;
  std::uint16_t length = 0;
  // Requests.
  std::uint16_t timer = 0;
  std::uint16_t command = 0;
  std::uint16_t subcommand = 0;
  // Responses.
  std::uint16_t end_code = 0;
  Bytes data;  // after the subcommand (requests) or the end code (responses)
};
McError decode_message(Bytes bytes, McMessage& out);
/// Can these bytes start an MC request? A 3E/4E request subheader, a data length of 6..8192 and
/// a command from the table. `exact`: the bytes must be the whole message (a datagram). Sets
/// `need_more` when they fit so far but are too few to tell.
bool plausible_request(Bytes bytes, bool exact, bool& need_more);

/// Batch read/write: head device, device code and number of points (Q/L form for subcommands
/// 0x0000/0x0001, iQ-R form for 0x0002/0x0003).
struct DeviceAccess {
  std::uint32_t head = 0;
  std::uint16_t device = 0;
  std::uint16_t points = 0;
  Bytes values;
};
bool decode_device_access(std::uint16_t subcommand, Bytes data, DeviceAccess& out);

/// Read CPU model name response: the model (16 characters, space padded) and model code.
struct CpuModel {
  std::string model;
  std::uint16_t code = 0;
};
bool decode_cpu_model(Bytes data, CpuModel& out);

enum class FrameError : std::uint8_t { BadHeader, Resync, MidStream };
struct TcpFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = kMaxHeaderSize;
  static constexpr std::size_t kMaxMessage = kMaxHeaderSize + kMaxLength;
  static Cut<Error> cut(Bytes bytes);
  static Hunt hunt(Bytes bytes);
  static constexpr std::optional<Error> kAfterGap = FrameError::Resync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};
using TcpFramer = StreamFramer<TcpFraming>;

}  // namespace otscope::melsec
