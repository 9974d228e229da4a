#include "protocols/profinet/rpc.h"

#include <algorithm>

namespace otscope::profinet {

std::string_view rpc_error_name(RpcError e) {
  switch (e) {
    case RpcError::None:
      return "none";
    case RpcError::TooShort:
      return "shorter than a DCE/RPC header";
    case RpcError::NotVersion4:
      return "not DCE/RPC version 4";
    case RpcError::BadPacketType:
      return "undefined DCE/RPC packet type";
    case RpcError::NotPnio:
      return "not a PROFINET IO interface";
    case RpcError::FragmentBeyondDatagram:
      return "fragment length runs past the datagram";
  }
  return "unknown";
}

RpcError decode_rpc(Bytes d, RpcHeader& out) {
  if (d.size() < kRpcHeaderSize) return RpcError::TooShort;
  if (d[0] != 4) return RpcError::NotVersion4;
  out.ptype = d[1];
  if (out.ptype > 10) return RpcError::BadPacketType;
  out.little_endian = (d[4] & 0xF0) == 0x10;
  // Header: vers(1) ptype(1) flags1(1) flags2(1) drep(3) serial_hi(1) object(16) interface(16)
  // activity(16) server_boot(4) if_vers(4) seqnum(4) opnum(2) ihint(2) ahint(2) len(2) fragnum(2)
  // auth_proto(1) serial_lo(1).
  const auto u16 = [&](std::size_t at) {
    return out.little_endian ? static_cast<std::uint16_t>(d[at] | d[at + 1] << 8)
                             : static_cast<std::uint16_t>(d[at] << 8 | d[at + 1]);
  };
  const auto u32 = [&](std::size_t at) {
    return out.little_endian
               ? static_cast<std::uint32_t>(d[at] | d[at + 1] << 8 | d[at + 2] << 16 |
                                            static_cast<std::uint32_t>(d[at + 3]) << 24)
               : static_cast<std::uint32_t>(static_cast<std::uint32_t>(d[at]) << 24 |
                                            d[at + 1] << 16 | d[at + 2] << 8 | d[at + 3]);
  };
  // The UUID's first three fields follow the data representation; put them in big-endian order.
  std::uint8_t uuid[16];
  std::copy_n(d.begin() + 24, 16, uuid);
  if (out.little_endian) {
    std::reverse(uuid, uuid + 4);
    std::reverse(uuid + 4, uuid + 6);
    std::reverse(uuid + 6, uuid + 8);
  }
  out.interface = pnio_interface(uuid);
  if (out.interface == PnioInterface::None) return RpcError::NotPnio;
  out.sequence = u32(64);
  out.opnum = u16(68);
  out.fragment_length = u16(74);
  out.fragment_number = u16(76);
  if (kRpcHeaderSize + out.fragment_length > d.size()) return RpcError::FragmentBeyondDatagram;
  out.body = d.subspan(kRpcHeaderSize, out.fragment_length);
  return RpcError::None;
}

}  // namespace otscope::profinet
