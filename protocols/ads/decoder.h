// Beckhoff AMS/TCP and ADS (ADS specification): the 6-byte AMS/TCP header, the 32-byte AMS
// header (target and source AMS NetId and port, command id, state flags, data length, error
// code, invoke id) and the ADS command data this decoder reads. Pure functions, every
// malformation its own error, and the StreamFramer policy of AMS/TCP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/common/framer.h"

namespace otscope::ads {

inline constexpr std::size_t kTcpHeaderSize = 6;
inline constexpr std::size_t kAmsHeaderSize = 32;
/// The largest AMS packet taken (ADS reads of several megabytes exist; beyond this the stream is
/// garbage).
inline constexpr std::size_t kMaxAmsLength = 16u << 20;
inline constexpr std::uint16_t kFlagResponse = 0x0001;
inline constexpr std::uint16_t kFlagAdsCommand = 0x0004;

enum class AdsError : std::uint8_t {
  None,
  Truncated,       // fewer bytes than the headers need
  LengthMismatch,  // the AMS/TCP length or the AMS data length disagree with the bytes
  NotAdsCommand,   // the state flags do not say ADS command
};
std::string_view ads_error_kind(AdsError e);

struct AmsPacket {
  std::string target_net_id;  // "5.1.204.160.1.1"
  std::uint16_t target_port = 0;
  std::string source_net_id;
  std::uint16_t source_port = 0;
  std::uint16_t command = 0;
  std::uint16_t flags = 0;
  std::uint32_t length = 0;
  std::uint32_t error = 0;
  std::uint32_t invoke_id = 0;
  bool response() const { return (flags & kFlagResponse) != 0; }
  Bytes data;
};
/// A whole AMS/TCP message (6-byte header, AMS header, data).
AdsError decode_packet(Bytes bytes, AmsPacket& out);
/// Can these bytes start an AMS/TCP message? Reserved zero, a length covering an AMS header, a
/// defined command id, the ADS command flag, and an AMS data length that fits the AMS/TCP length.
/// Sets `need_more` when they fit so far but are too few to tell.
bool plausible_packet(Bytes bytes, bool& need_more);

/// Read Device Info response: result, version, device name.
struct DeviceInfo {
  std::uint32_t result = 0;
  std::uint8_t major = 0, minor = 0;
  std::uint16_t build = 0;
  std::string name;
};
bool decode_device_info(Bytes data, DeviceInfo& out);

/// Write Control request: the requested ADS state and device state.
struct WriteControl {
  std::uint16_t ads_state = 0;
  std::uint16_t device_state = 0;
};
bool decode_write_control(Bytes data, WriteControl& out);

/// Read State response: result, ADS state, device state.
struct ReadState {
  std::uint32_t result = 0;
  std::uint16_t ads_state = 0;
  std::uint16_t device_state = 0;
};
bool decode_read_state(Bytes data, ReadState& out);

/// Index group, offset and length of a Read, Write or Read Write request.
struct IndexAccess {
  std::uint32_t group = 0;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};
bool decode_index_access(Bytes data, IndexAccess& out);

/// A datagram of the TwinCAT router's UDP service (48899): cookie, invoke id, service, the
/// sender's AMS NetId and port, then tag/length/value items.
struct UdpMessage {
  std::uint32_t invoke_id = 0;
  std::uint32_t service = 0;
  std::string net_id;
  std::uint16_t port = 0;
  struct Tag {
    std::uint16_t id = 0;
    Bytes data;
  };
  std::vector<Tag> tags;
  bool response() const;
  /// The first tag `id`, nullptr when absent.
  const Tag* tag(std::uint16_t id) const;
};
AdsError decode_udp(Bytes bytes, UdpMessage& out);
/// Does a datagram start like the UDP service: the cookie, then a known service?
bool plausible_udp(Bytes bytes);

enum class FrameError : std::uint8_t { BadHeader, Resync, MidStream };
struct TcpFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = kTcpHeaderSize;
  static constexpr std::size_t kMaxMessage = kTcpHeaderSize + kMaxAmsLength;
  static Cut<Error> cut(Bytes bytes);
  static Hunt hunt(Bytes bytes);
  static constexpr std::optional<Error> kAfterGap = FrameError::Resync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};
using TcpFramer = StreamFramer<TcpFraming>;

}  // namespace otscope::ads
