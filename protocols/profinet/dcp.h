// The PROFINET DCP PDU as a pure decoder: bytes after the frame id in, the header and its blocks
// (or one specific error) out. No events, no state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::profinet {

enum class DcpError : std::uint8_t {
  None,
  TooShort,           // fewer than the 10 bytes of the DCP header
  LengthBeyondFrame,  // DCPDataLength runs past the frame
  BlockTruncated,     // a block's length runs past DCPDataLength
};
std::string_view dcp_error_name(DcpError e);

struct DcpBlock {
  std::uint8_t option = 0;
  std::uint8_t suboption = 0;
  /// BlockInfo (responses) or BlockQualifier (Set requests); absent in Identify and Get requests,
  /// whose blocks are filters or bare option lists.
  std::optional<std::uint16_t> info;
  Bytes data;  // the block's value after BlockInfo/BlockQualifier
};

struct DcpPdu {
  std::uint8_t service = 0;
  std::uint8_t service_type = 0;
  std::uint32_t xid = 0;
  std::uint16_t delay_or_reserved = 0;
  std::vector<DcpBlock> blocks;
  bool response() const { return (service_type & 0x01) != 0; }
};

/// Decodes a DCP PDU; `frame_kind_hello` says the frame id was 0xFEFC (a Hello carries blocks
/// with BlockInfo like a response).
DcpError decode_dcp(Bytes pdu, DcpPdu& out);

/// The identity a block states, read from an Identify or Hello response, or the value a Set
/// request writes.
struct DcpIpSettings {
  std::uint32_t ip = 0, mask = 0, gateway = 0;
};
std::optional<DcpIpSettings> dcp_ip_settings(const DcpBlock& b);
/// "a.b.c.d"
std::string ipv4_text(std::uint32_t ip);

}  // namespace otscope::profinet
