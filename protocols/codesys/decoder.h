// CODESYS V3 communication (3S-Smart Software Solutions), as far as it is publicly described
// (security research on the CODESYS V3 protocol stack; no specification is published): the TCP
// block driver header (magic 0x000117E8 then a length, little-endian), the datagram layer (magic
// 0xC5, header length, service id, sender and receiver addresses), the channel layer's frame
// type, and the layer-7 service header (protocol id 0xCD55, service group, service). Only what
// those magics confirm is decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.h"

namespace otscope::codesys {

inline constexpr std::uint16_t kTcpPort = 11740;
inline constexpr std::uint16_t kUdpPort = 1740;
inline constexpr std::size_t kTcpHeaderSize = 8;
inline constexpr std::size_t kMaxBlock = 64 * 1024;
/// The block driver's magic as its bytes appear on the wire.
inline constexpr std::uint8_t kTcpMagic[4] = {0x00, 0x01, 0x17, 0xE8};
inline constexpr std::uint8_t kDatagramMagic = 0xC5;
inline constexpr std::uint16_t kServiceProtocolId = 0xCD55;
inline constexpr std::uint16_t kSecureProtocolId = 0x7557;

enum DatagramService : std::uint8_t {
  kAddressNotificationRequest = 1,
  kAddressNotificationResponse = 2,
  kNameServiceServer = 3,
  kNameServiceClient = 4,
  kChannelManager = 64,
};

enum ChannelType : std::uint8_t {
  kApplicationBlock = 0x01,
  kApplicationAck = 0x02,
  kKeepAlive = 0x03,
  kOpenChannelResponse = 0x83,
  kGetInfo = 0xC2,
  kOpenChannelRequest = 0xC3,
  kCloseChannel = 0xC4,
};

// Layer-7 service groups.
enum ServiceGroup : std::uint8_t {
  kGroupDevice = 0x01,
  kGroupApplication = 0x02,
  kGroupFileTransfer = 0x08,
  kGroupUserManagement = 0x0C,
  kGroupPlcShell = 0x11,
  kGroupForce = 0x13,
};

/// MessageEvent::function: group << 8 | service for a layer-7 service header; otherwise
/// 0x10000 | datagram service << 8 | channel frame type (0 when there is none).
inline constexpr std::uint32_t kDatagramBase = 0x10000;

enum class Error : std::uint8_t {
  None,
  Truncated,  // fewer bytes than a header or its addresses need
  BadMagic,   // no datagram-layer magic, or a header length other than 3 words
};
std::string_view error_name(Error e);

struct Datagram {
  std::uint8_t service = 0;
  std::uint8_t message_id = 0;
  std::optional<std::uint8_t> channel_type;
  /// Layer-7 header (first block of an application message).
  std::optional<std::uint8_t> group;
  std::uint16_t subservice = 0;
  bool response = false;
  bool secure = false;  // protocol id 0x7557: the service is encrypted
};
/// A datagram-layer PDU (a UDP datagram, or a TCP block after its 8-byte header).
Error decode_datagram(Bytes pdu, Datagram& out);

std::string_view group_name(std::uint8_t group);
std::string_view channel_type_name(std::uint8_t type);
std::string_view service_name(std::uint8_t service);

}  // namespace otscope::codesys
