// OPC UA binary code tables (OPC 10000-4 services, OPC 10000-6 UA TCP and UA Secure
// Conversation): message types and the binary encoding ids of the service requests and
// responses (namespace 0 NodeIds, "..._Encoding_DefaultBinary").
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::opcua {

inline constexpr std::uint16_t kPort = 4840;

/// A message type as a number: its three ASCII letters, big-endian ('MSG' = 0x4D5347). Used as
/// MessageEvent::function for messages whose service is not readable (HEL, ACK, ERR, RHE,
/// encrypted MSG chunks).
inline constexpr std::uint32_t message_type_code(char a, char b, char c) {
  return static_cast<std::uint32_t>(static_cast<std::uint8_t>(a)) << 16 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b)) << 8 |
         static_cast<std::uint8_t>(c);
}
inline constexpr std::uint32_t kHel = message_type_code('H', 'E', 'L');
inline constexpr std::uint32_t kAck = message_type_code('A', 'C', 'K');
inline constexpr std::uint32_t kErr = message_type_code('E', 'R', 'R');
inline constexpr std::uint32_t kRhe = message_type_code('R', 'H', 'E');
inline constexpr std::uint32_t kOpn = message_type_code('O', 'P', 'N');
inline constexpr std::uint32_t kClo = message_type_code('C', 'L', 'O');
inline constexpr std::uint32_t kMsg = message_type_code('M', 'S', 'G');

// Binary encoding ids of the services the session reads.
enum ServiceId : std::uint32_t {
  kServiceFault = 397,
  kFindServersRequest = 422,
  kFindServersResponse = 425,
  kGetEndpointsRequest = 428,
  kGetEndpointsResponse = 431,
  kOpenSecureChannelRequest = 446,
  kOpenSecureChannelResponse = 449,
  kCloseSecureChannelRequest = 452,
  kCreateSessionRequest = 461,
  kCreateSessionResponse = 464,
  kActivateSessionRequest = 467,
  kAddNodesRequest = 488,
  kAddReferencesRequest = 494,
  kDeleteNodesRequest = 500,
  kDeleteReferencesRequest = 506,
  kBrowseRequest = 527,
  kReadRequest = 631,
  kHistoryUpdateRequest = 700,
  kWriteRequest = 673,
  kCallRequest = 712,
};

struct Service {
  std::uint32_t request;   // encoding id of the request: MessageEvent::function of both
  std::uint32_t response;  // encoding id of the response
  std::string_view name;
  OpClass op;
};

/// The service whose request or response has this encoding id; nullptr when not in the table.
const Service* find_service(std::uint32_t encoding_id);
/// Name of a message type code (kHel...): "Hello", ...; empty when unknown.
std::string_view message_type_name(std::uint32_t code);
/// Name of a few common StatusCodes (Bad_...), empty when not in the table.
std::string_view status_name(std::uint32_t status);

}  // namespace otscope::opcua
