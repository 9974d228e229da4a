#include "protocols/profinet/dcp.h"

#include "protocols/profinet/codes.h"

namespace otscope::profinet {

std::string_view dcp_error_name(DcpError e) {
  switch (e) {
    case DcpError::None:
      return "none";
    case DcpError::TooShort:
      return "shorter than a DCP header";
    case DcpError::LengthBeyondFrame:
      return "DCPDataLength runs past the frame";
    case DcpError::BlockTruncated:
      return "a block runs past DCPDataLength";
  }
  return "unknown";
}

DcpError decode_dcp(Bytes pdu, DcpPdu& out) {
  ByteReader r(pdu);
  std::uint16_t length = 0;
  if (!r.u8(out.service) || !r.u8(out.service_type) || !r.be32(out.xid) ||
      !r.be16(out.delay_or_reserved) || !r.be16(length))
    return DcpError::TooShort;
  Bytes data;
  if (!r.take(length, data)) return DcpError::LengthBeyondFrame;
  // Blocks carry BlockInfo in responses and Hello, a BlockQualifier in Set requests; Identify
  // and Get requests carry bare filters or option lists.
  const bool qualified = out.response() ||
                         out.service == static_cast<std::uint8_t>(DcpService::Set) ||
                         out.service == static_cast<std::uint8_t>(DcpService::Hello);
  ByteReader blocks(data);
  while (!blocks.empty()) {
    DcpBlock b;
    std::uint16_t block_length = 0;
    Bytes body;
    if (!blocks.u8(b.option) || !blocks.u8(b.suboption) || !blocks.be16(block_length) ||
        !blocks.take(block_length, body))
      return DcpError::BlockTruncated;
    // Get requests list options as bare (option, suboption) pairs; the all-selector of an
    // Identify request has no value.
    const bool has_info = qualified && block_length >= 2;
    if (has_info) {
      b.info = static_cast<std::uint16_t>(body[0] << 8 | body[1]);
      b.data = body.subspan(2);
    } else {
      b.data = body;
    }
    out.blocks.push_back(b);
    if (block_length % 2 != 0) blocks.skip(1);  // padding to an even length (absent at the end)
  }
  return DcpError::None;
}

std::optional<DcpIpSettings> dcp_ip_settings(const DcpBlock& b) {
  if (b.option != dcp_option::kIp ||
      (b.suboption != dcp_ip::kParameter && b.suboption != dcp_ip::kFullSuite))
    return std::nullopt;
  ByteReader r(b.data);
  DcpIpSettings s;
  if (!r.be32(s.ip) || !r.be32(s.mask) || !r.be32(s.gateway)) return std::nullopt;
  return s;
}

std::string ipv4_text(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string(ip >> 16 & 0xFF) + "." +
         std::to_string(ip >> 8 & 0xFF) + "." + std::to_string(ip & 0xFF);
}

}  // namespace otscope::profinet
