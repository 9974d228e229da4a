// HART-IP (HCF_SPEC-085) header and the HART PDU it passes through (HCF_SPEC-081 token-passing
// data link layer: delimiter, address, command, byte count, data, check byte), with the names of
// the universal and common-practice commands (HCF_SPEC-127, -151) the monitor reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/events.h"

namespace otscope::hartip {

inline constexpr std::uint16_t kPort = 5094;
inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kMaxMessage = 65535;

enum MessageType : std::uint8_t {
  kRequest = 0,
  kResponse = 1,
  kPublish = 2,
  kError = 3,
  kNak = 15,
};

enum MessageId : std::uint8_t {
  kSessionInitiate = 0,
  kSessionClose = 1,
  kKeepAlive = 2,
  kPassThrough = 3,
  kDirectPdu = 4,
  kReadAuditLog = 5,
};

/// MessageEvent::function: the HART command of a pass-through PDU; 0x100 | message id for the
/// other HART-IP messages (session initiate = 0x100).
inline constexpr std::uint32_t kMessageBase = 0x100;

enum class Error : std::uint8_t {
  None,
  Truncated,    // fewer bytes than the byte count or a PDU field needs
  BadHeader,    // version, message type or id out of range, byte count below 8
  BadPdu,       // a HART PDU delimiter that is not STX/ACK/BACK
  BadChecksum,  // the PDU's check byte does not match
};
std::string_view error_name(Error e);

struct Header {
  std::uint8_t version = 0;
  std::uint8_t type = 0;
  std::uint8_t id = 0;
  std::uint8_t status = 0;
  std::uint16_t sequence = 0;
  std::uint16_t length = 0;  // byte count: the whole message
};
Error decode_header(Bytes bytes, Header& out);

struct HartPdu {
  std::uint8_t delimiter = 0;
  bool long_address = false;
  Bytes address;
  std::uint8_t command = 0;
  /// ACK frames: response code and field device status (the first two data bytes).
  std::optional<std::uint8_t> response_code;
  Bytes data;  // after the status bytes in an ACK
};
/// A token-passing PDU (the body of a pass-through message).
Error decode_pdu(Bytes body, HartPdu& out);

struct CommandName {
  std::uint8_t command;
  std::string_view name;
  OpClass op;
};
/// The table entry of a command, nullptr when not in the table.
const CommandName* find_command(std::uint8_t command);
std::string_view message_id_name(std::uint8_t id);

}  // namespace otscope::hartip
