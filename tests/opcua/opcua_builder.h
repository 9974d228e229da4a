// OPC UA binary messages built field by field from OPC 10000-6 (little-endian, UA TCP header,
// secure conversation headers, request/response headers), for the tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace otscope::opcua::build {

using Bytes = std::vector<std::uint8_t>;

inline void u8(Bytes& b, std::uint8_t v) {
  b.push_back(v);
}
inline void u32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void u64(Bytes& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void str(Bytes& b, const std::string& s) {
  u32(b, static_cast<std::uint32_t>(s.size()));
  b.insert(b.end(), s.begin(), s.end());
}
inline void null_str(Bytes& b) {
  u32(b, 0xFFFFFFFFu);
}
/// A four-byte NodeId in namespace 0.
inline void node(Bytes& b, std::uint16_t id) {
  b.push_back(0x01);
  b.push_back(0x00);
  b.push_back(static_cast<std::uint8_t>(id));
  b.push_back(static_cast<std::uint8_t>(id >> 8));
}
inline void append(Bytes& b, const Bytes& more) {
  b.insert(b.end(), more.begin(), more.end());
}

/// The UA TCP header around `body`.
inline Bytes message(const char* type, char chunk, const Bytes& body) {
  Bytes b = {static_cast<std::uint8_t>(type[0]), static_cast<std::uint8_t>(type[1]),
             static_cast<std::uint8_t>(type[2]), static_cast<std::uint8_t>(chunk)};
  u32(b, static_cast<std::uint32_t>(8 + body.size()));
  append(b, body);
  return b;
}

inline Bytes hello(const std::string& url) {
  Bytes body;
  u32(body, 0);
  u32(body, 65536);
  u32(body, 65536);
  u32(body, 0);
  u32(body, 0);
  str(body, url);
  return message("HEL", 'F', body);
}

inline Bytes acknowledge() {
  Bytes body;
  for (std::uint32_t v : {0u, 65536u, 65536u, 0u, 0u}) u32(body, v);
  return message("ACK", 'F', body);
}

inline Bytes request_header() {
  Bytes b = {0x00, 0x00};                 // authentication token: two-byte NodeId 0
  u64(b, 0);                              // timestamp
  u32(b, 1);                              // request handle
  u32(b, 0);                              // return diagnostics
  null_str(b);                            // audit entry id
  u32(b, 10000);                          // timeout hint
  b.insert(b.end(), {0x00, 0x00, 0x00});  // additional header: null ExtensionObject
  return b;
}

inline Bytes response_header(std::uint32_t status = 0) {
  Bytes b;
  u64(b, 0);
  u32(b, 1);
  u32(b, status);
  u8(b, 0);     // diagnostic info: nothing
  null_str(b);  // string table
  b.insert(b.end(), {0x00, 0x00, 0x00});
  return b;
}

/// OpenSecureChannel with `policy` (the body: OpenSecureChannelRequest/Response type id and
/// a header).
inline Bytes open_channel(bool request, const std::string& policy, std::uint32_t request_id) {
  Bytes body;
  u32(body, request ? 0 : 7);  // secure channel id
  str(body, policy);
  null_str(body);  // sender certificate
  null_str(body);  // receiver thumbprint
  u32(body, 1);    // sequence number
  u32(body, request_id);
  node(body, request ? 446 : 449);
  append(body, request ? request_header() : response_header());
  return message("OPN", 'F', body);
}

/// A MSG chunk with a service: type id then its fields.
inline Bytes service(std::uint16_t type_id, const Bytes& fields, std::uint32_t request_id,
                     char chunk = 'F') {
  Bytes body;
  u32(body, 7);  // secure channel id
  u32(body, 1);  // token id
  u32(body, request_id + 1);
  u32(body, request_id);
  node(body, type_id);
  append(body, fields);
  return message("MSG", chunk, body);
}

/// ApplicationDescription.
inline Bytes application(const std::string& uri, const std::string& product,
                         const std::string& name, std::uint32_t type) {
  Bytes b;
  str(b, uri);
  str(b, product);
  u8(b, 0x02);  // LocalizedText: text only
  str(b, name);
  u32(b, type);
  null_str(b);  // gateway server URI
  null_str(b);  // discovery profile URI
  u32(b, 1);
  str(b, "opc.tcp://plc:4840");
  return b;
}

/// GetEndpointsResponse listing one endpoint of the server described.
inline Bytes get_endpoints_response(const Bytes& server) {
  Bytes b = response_header();
  u32(b, 1);
  str(b, "opc.tcp://plc:4840");
  append(b, server);
  null_str(b);  // certificate
  u32(b, 1);    // security mode None
  str(b, "http://opcfoundation.org/UA/SecurityPolicy#None");
  u32(b, 1);  // one user token policy
  str(b, "anonymous");
  u32(b, 0);
  null_str(b);
  null_str(b);
  null_str(b);
  str(b, "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary");
  u8(b, 0);
  return b;
}

/// A request whose fields are the request header and an array of `count` entries (only the
/// count is written: the session reads no further).
inline Bytes counted_request(std::uint32_t count) {
  Bytes b = request_header();
  u32(b, count);
  return b;
}

}  // namespace otscope::opcua::build

namespace otscope::opcua::build {

/// A WriteRequest setting Double values on numeric nodes of namespace `ns`, and one Int32 on
/// the string node "Line3.Speed".
inline Bytes write_request(std::uint16_t ns,
                           const std::vector<std::pair<std::uint32_t, double>>& nodes) {
  Bytes b = request_header();
  u32(b, static_cast<std::uint32_t>(nodes.size() + 1));
  for (const auto& [id, value] : nodes) {
    u8(b, 0x02);  // numeric NodeId
    b.push_back(static_cast<std::uint8_t>(ns));
    b.push_back(static_cast<std::uint8_t>(ns >> 8));
    u32(b, id);
    u32(b, 13);   // Value attribute
    null_str(b);  // index range
    u8(b, 0x01);  // DataValue: value only
    u8(b, 11);    // Variant: Double
    std::uint64_t bits = 0;
    static_assert(sizeof(double) == 8);
    std::memcpy(&bits, &value, 8);
    u64(b, bits);
  }
  u8(b, 0x03);  // string NodeId
  b.push_back(static_cast<std::uint8_t>(ns));
  b.push_back(static_cast<std::uint8_t>(ns >> 8));
  str(b, "Line3.Speed");
  u32(b, 13);
  null_str(b);
  u8(b, 0x01);
  u8(b, 6);  // Int32
  u32(b, 1500);
  return b;
}

/// A ReadRequest of the Value of numeric nodes of namespace `ns`.
inline Bytes read_request(std::uint16_t ns, const std::vector<std::uint32_t>& ids) {
  Bytes b = request_header();
  u64(b, 0);  // max age
  u32(b, 0);  // timestamps to return
  u32(b, static_cast<std::uint32_t>(ids.size()));
  for (std::uint32_t id : ids) {
    u8(b, 0x02);
    b.push_back(static_cast<std::uint8_t>(ns));
    b.push_back(static_cast<std::uint8_t>(ns >> 8));
    u32(b, id);
    u32(b, 13);
    null_str(b);
    b.push_back(0);
    b.push_back(0);
    null_str(b);  // data encoding: null QualifiedName
  }
  return b;
}

}  // namespace otscope::opcua::build
