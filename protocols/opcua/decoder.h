// Pure OPC UA binary decoders (OPC 10000-6): the UA TCP message header, Hello and Error
// messages, the secure conversation headers, the service's type NodeId, and the few service
// bodies the monitor reads (application descriptions in GetEndpoints, FindServers and
// CreateSession; the node counts of Write, Call, AddNodes, DeleteNodes). Little-endian
// throughout. Bytes in, a struct or a specific error out; no events, no state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::opcua {

enum class Error : std::uint8_t {
  None,
  Truncated,       // fewer bytes than a field needs
  BadMessageType,  // not one of HEL ACK ERR RHE OPN CLO MSG
  BadChunkType,    // not F, C or A (HEL/ACK/ERR/RHE: not F)
  BadSize,         // message size below the header or above the limit
  BadEncoding,     // a NodeId, string or array encoding that is not valid
  UnexpectedType,  // the body's type id is not the one expected
};
std::string_view error_name(Error e);

inline constexpr std::size_t kHeaderSize = 8;
/// The largest chunk accepted (OPC 10000-6 leaves it to the buffers the ends negotiate).
inline constexpr std::size_t kMaxChunk = 16u << 20;

struct Header {
  std::uint32_t type = 0;  // message_type_code()
  char chunk = 'F';
  std::uint32_t size = 0;
};
/// The first 8 bytes of a message.
Error decode_header(Bytes bytes, Header& out);

struct Hello {
  std::uint32_t version = 0;
  std::uint32_t receive_buffer = 0;
  std::uint32_t send_buffer = 0;
  std::uint32_t max_message = 0;
  std::uint32_t max_chunks = 0;
  std::string endpoint_url;
};
/// HEL (after the 8-byte header).
Error decode_hello(Bytes body, Hello& out);

struct ErrorMessage {
  std::uint32_t status = 0;
  std::string reason;
};
/// ERR, or the body of an abort chunk (after the 8-byte header / the security headers).
Error decode_error_message(Bytes body, ErrorMessage& out);

struct SecureHeader {
  std::uint32_t channel_id = 0;
  /// OPN: the security policy URI (the asymmetric security header).
  std::optional<std::string> policy_uri;
  std::uint32_t token_id = 0;
  std::uint32_t sequence = 0;
  std::uint32_t request_id = 0;
  /// What follows the sequence header: the service (type id first), encrypted or not.
  Bytes body;
};
/// OPN, CLO or MSG chunk (after the 8-byte header); `type` is the header's.
Error decode_secure(Bytes after_header, std::uint32_t type, SecureHeader& out);

/// The policy URI of an unsecured channel.
inline constexpr std::string_view kPolicyNone = "http://opcfoundation.org/UA/SecurityPolicy#None";

struct NodeId {
  std::uint16_t ns = 0;
  bool numeric = true;
  std::uint32_t id = 0;
};
Error read_node_id(ByteReader& r, NodeId& out);
/// A service body's type id: a numeric NodeId in namespace 0 (the encoding id). `rest` is the
/// service after it.
Error decode_type_id(Bytes body, std::uint32_t& encoding_id, Bytes& rest);

struct ApplicationDescription {
  std::string application_uri;
  std::string product_uri;
  std::string application_name;
  std::uint32_t application_type = 0;  // 0 server, 1 client, 2 both, 3 discovery server
};

/// ResponseHeader: the service result (a StatusCode).
Error read_response_header(ByteReader& r, std::uint32_t& service_result);
Error skip_request_header(ByteReader& r);

/// GetEndpointsResponse (after the type id): the server description of each endpoint.
Error decode_get_endpoints_response(Bytes service, std::vector<ApplicationDescription>& out,
                                    std::uint32_t& status);
/// FindServersResponse: the servers listed.
Error decode_find_servers_response(Bytes service, std::vector<ApplicationDescription>& out,
                                   std::uint32_t& status);
/// CreateSessionResponse: the server description of each server endpoint.
Error decode_create_session_response(Bytes service, std::vector<ApplicationDescription>& out,
                                     std::uint32_t& status);
/// CreateSessionRequest: the client's description.
Error decode_create_session_request(Bytes service, ApplicationDescription& out);
/// Write, Call, AddNodes, DeleteNodes, Read requests: how many nodes (methods) the request
/// names. `encoding_id` says which.
Error decode_request_count(Bytes service, std::uint32_t encoding_id, std::int32_t& count);
/// A node a Read or Write request names, with the attribute and, for a Write of a numeric
/// scalar, the value written.
struct NodeValue {
  NodeId node;
  std::uint32_t attribute = 0;  // 13: Value
  std::optional<double> value;
};
/// ReadRequest (after the type id): the nodes read, at most `max` kept.
Error decode_read_nodes(Bytes service, std::vector<NodeValue>& out, std::size_t max);
/// WriteRequest: the nodes written and their numeric values, at most `max` kept.
Error decode_write_nodes(Bytes service, std::vector<NodeValue>& out, std::size_t max);

/// A response's service result (ServiceFault and every response).
Error decode_service_result(Bytes service, std::uint32_t& status);

}  // namespace otscope::opcua
