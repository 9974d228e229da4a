// The DCE/RPC connectionless (version 4) header that PROFINET IO context management runs in, as a
// pure decoder. Only what telling PNIO apart and naming its operation needs.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "protocols/profinet/codes.h"

namespace otscope::profinet {

inline constexpr std::size_t kRpcHeaderSize = 80;

enum class RpcError : std::uint8_t {
  None,
  TooShort,                // fewer than the 80 bytes of the header
  NotVersion4,             // rpc_vers is not 4
  BadPacketType,           // ptype beyond the defined ones
  NotPnio,                 // the interface UUID is none of the PNIO ones
  FragmentBeyondDatagram,  // the fragment length runs past the datagram
};
std::string_view rpc_error_name(RpcError e);

struct RpcHeader {
  std::uint8_t ptype = 0;
  bool little_endian = false;
  PnioInterface interface = PnioInterface::None;
  std::uint16_t opnum = 0;
  std::uint32_t sequence = 0;
  std::uint16_t fragment_length = 0;
  std::uint16_t fragment_number = 0;
  Bytes body;  // the stub data
};

RpcError decode_rpc(Bytes datagram, RpcHeader& out);

}  // namespace otscope::profinet
