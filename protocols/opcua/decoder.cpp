#include "protocols/opcua/decoder.h"

#include <bit>
#include <vector>

#include "protocols/opcua/codes.h"

namespace otscope::opcua {
namespace {

constexpr std::int32_t kMaxArray = 1 << 16;
constexpr int kMaxDiagnosticDepth = 4;

bool i32(ByteReader& r, std::int32_t& out) {
  std::uint32_t v = 0;
  if (!r.le32(v)) return false;
  out = static_cast<std::int32_t>(v);
  return true;
}

// String / ByteString / XmlElement: Int32 length, -1 for null.
Error read_string(ByteReader& r, std::string* out) {
  std::int32_t n = 0;
  if (!i32(r, n)) return Error::Truncated;
  if (n == -1) return Error::None;
  if (n < 0) return Error::BadEncoding;
  Bytes b;
  if (!r.take(static_cast<std::size_t>(n), b)) return Error::Truncated;
  if (out != nullptr) {
    out->clear();
    for (std::size_t i = 0; i < b.size();) {  // keep valid UTF-8, control characters as '?'
      const std::size_t len = utf8_sequence(b.subspan(i));
      if (len == 0 || (len == 1 && b[i] < 0x20)) {
        out->push_back('?');
        ++i;
        continue;
      }
      out->append(reinterpret_cast<const char*>(b.data() + i), len);
      i += len;
    }
  }
  return Error::None;
}

Error read_array_count(ByteReader& r, std::int32_t& n) {
  if (!i32(r, n)) return Error::Truncated;
  if (n == -1) {
    n = 0;
    return Error::None;
  }
  if (n < 0 || n > kMaxArray) return Error::BadEncoding;
  return Error::None;
}

Error skip_string_array(ByteReader& r) {
  std::int32_t n = 0;
  if (const Error e = read_array_count(r, n); e != Error::None) return e;
  for (std::int32_t i = 0; i < n; ++i)
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;
  return Error::None;
}

Error read_localized_text(ByteReader& r, std::string* text) {
  std::uint8_t mask = 0;
  if (!r.u8(mask)) return Error::Truncated;
  if (mask & 0x01)
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // locale
  if (mask & 0x02)
    if (const Error e = read_string(r, text); e != Error::None) return e;
  return Error::None;
}

Error skip_diagnostic_info(ByteReader& r, int depth) {
  if (depth > kMaxDiagnosticDepth) return Error::BadEncoding;
  std::uint8_t mask = 0;
  if (!r.u8(mask)) return Error::Truncated;
  for (const int bit : {0x01, 0x02, 0x04, 0x08})  // symbolic id, namespace, text, locale
    if ((mask & bit) && !r.skip(4)) return Error::Truncated;
  if (mask & 0x10)
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;
  if ((mask & 0x20) && !r.skip(4)) return Error::Truncated;  // inner status code
  if (mask & 0x40) return skip_diagnostic_info(r, depth + 1);
  return Error::None;
}

Error skip_extension_object(ByteReader& r) {
  NodeId type;
  if (const Error e = read_node_id(r, type); e != Error::None) return e;
  std::uint8_t encoding = 0;
  if (!r.u8(encoding)) return Error::Truncated;
  if (encoding == 0) return Error::None;
  if (encoding > 2) return Error::BadEncoding;
  return read_string(r, nullptr);
}

Error read_application_description(ByteReader& r, ApplicationDescription& out) {
  if (const Error e = read_string(r, &out.application_uri); e != Error::None) return e;
  if (const Error e = read_string(r, &out.product_uri); e != Error::None) return e;
  if (const Error e = read_localized_text(r, &out.application_name); e != Error::None) return e;
  if (!r.le32(out.application_type)) return Error::Truncated;
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // gateway server
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // discovery profile
  return skip_string_array(r);                                              // discovery URLs
}

// EndpointDescription: keeps the server description, skips the rest.
Error read_endpoint(ByteReader& r, ApplicationDescription& server) {
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // endpoint URL
  if (const Error e = read_application_description(r, server); e != Error::None) return e;
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // certificate
  if (!r.skip(4)) return Error::Truncated;                                  // security mode
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // policy URI
  std::int32_t tokens = 0;
  if (const Error e = read_array_count(r, tokens); e != Error::None) return e;
  for (std::int32_t i = 0; i < tokens; ++i) {                                 // UserTokenPolicy
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // policy id
    if (!r.skip(4)) return Error::Truncated;                                  // token type
    for (int s = 0; s < 3; ++s)  // issued token type, issuer endpoint URL, policy URI
      if (const Error e = read_string(r, nullptr); e != Error::None) return e;
  }
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // transport profile
  return r.skip(1) ? Error::None : Error::Truncated;                        // security level
}

Error read_endpoints(ByteReader& r, std::vector<ApplicationDescription>& out) {
  std::int32_t n = 0;
  if (const Error e = read_array_count(r, n); e != Error::None) return e;
  for (std::int32_t i = 0; i < n; ++i) {
    ApplicationDescription d;
    if (const Error e = read_endpoint(r, d); e != Error::None) return e;
    out.push_back(std::move(d));
  }
  return Error::None;
}

constexpr int kMaxVariantDepth = 4;

Error read_expanded_node_id(ByteReader& r) {
  std::uint8_t encoding = 0;
  if (!r.peek(0, encoding)) return Error::Truncated;
  // Read it as a NodeId without the two flags, then what the flags add.
  Bytes rest = r.rest();
  std::vector<std::uint8_t> copy(rest.begin(), rest.end());
  copy[0] = static_cast<std::uint8_t>(encoding & 0x3F);
  ByteReader c(copy);
  NodeId id;
  if (const Error e = read_node_id(c, id); e != Error::None) return e;
  if (!r.skip(c.offset())) return Error::Truncated;
  if (encoding & 0x80)
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // namespace URI
  if ((encoding & 0x40) && !r.skip(4)) return Error::Truncated;               // server index
  return Error::None;
}

Error read_data_value(ByteReader& r, std::optional<double>* number, int depth);

// One value of built-in type `type` (OPC 10000-6 5.1.2); its number when numeric.
Error read_builtin(ByteReader& r, std::uint8_t type, std::optional<double>* number, int depth) {
  const auto fixed = [&](std::size_t n) { return r.skip(n) ? Error::None : Error::Truncated; };
  switch (type) {
    case 0:  // null
      return Error::None;
    case 1:    // Boolean
    case 2:    // SByte
    case 3: {  // Byte
      std::uint8_t v = 0;
      if (!r.u8(v)) return Error::Truncated;
      if (number != nullptr)
        *number = type == 2 ? static_cast<double>(static_cast<std::int8_t>(v)) : v;
      return Error::None;
    }
    case 4:    // Int16
    case 5: {  // UInt16
      std::uint16_t v = 0;
      if (!r.le16(v)) return Error::Truncated;
      if (number != nullptr)
        *number = type == 4 ? static_cast<double>(static_cast<std::int16_t>(v)) : v;
      return Error::None;
    }
    case 6:     // Int32
    case 7:     // UInt32
    case 10: {  // Float
      std::uint32_t v = 0;
      if (!r.le32(v)) return Error::Truncated;
      if (number != nullptr)
        *number = type == 6   ? static_cast<double>(static_cast<std::int32_t>(v))
                  : type == 7 ? static_cast<double>(v)
                              : static_cast<double>(std::bit_cast<float>(v));
      return Error::None;
    }
    case 8:     // Int64
    case 9:     // UInt64
    case 11: {  // Double
      std::uint32_t lo = 0, hi = 0;
      if (!r.le32(lo) || !r.le32(hi)) return Error::Truncated;
      const std::uint64_t v = std::uint64_t{hi} << 32 | lo;
      if (number != nullptr)
        *number = type == 8   ? static_cast<double>(static_cast<std::int64_t>(v))
                  : type == 9 ? static_cast<double>(v)
                              : std::bit_cast<double>(v);
      return Error::None;
    }
    case 12:  // String
    case 15:  // ByteString
    case 16:  // XmlElement
      return read_string(r, nullptr);
    case 13:  // DateTime
      return fixed(8);
    case 14:  // Guid
      return fixed(16);
    case 17: {  // NodeId
      NodeId id;
      return read_node_id(r, id);
    }
    case 18:  // ExpandedNodeId
      return read_expanded_node_id(r);
    case 19:  // StatusCode
      return fixed(4);
    case 20:  // QualifiedName
      if (!r.skip(2)) return Error::Truncated;
      return read_string(r, nullptr);
    case 21:  // LocalizedText
      return read_localized_text(r, nullptr);
    case 22:  // ExtensionObject
      return skip_extension_object(r);
    case 23:  // DataValue
      return read_data_value(r, nullptr, depth + 1);
    case 24: {  // Variant
      if (depth >= kMaxVariantDepth) return Error::BadEncoding;
      std::uint8_t enc = 0;
      if (!r.u8(enc)) return Error::Truncated;
      const std::uint8_t inner = enc & 0x3F;
      if (enc & 0x80) {
        std::int32_t n = 0;
        if (const Error e = read_array_count(r, n); e != Error::None) return e;
        for (std::int32_t i = 0; i < n; ++i)
          if (const Error e = read_builtin(r, inner, nullptr, depth + 1); e != Error::None)
            return e;
        if (enc & 0x40) {
          std::int32_t dims = 0;
          if (const Error e = read_array_count(r, dims); e != Error::None) return e;
          if (!r.skip(4u * static_cast<std::size_t>(dims))) return Error::Truncated;
        }
        return Error::None;
      }
      return read_builtin(r, inner, number, depth + 1);
    }
    case 25:  // DiagnosticInfo
      return skip_diagnostic_info(r, 0);
    default:
      return Error::BadEncoding;
  }
}

Error read_data_value(ByteReader& r, std::optional<double>* number, int depth) {
  if (depth > kMaxVariantDepth) return Error::BadEncoding;
  std::uint8_t mask = 0;
  if (!r.u8(mask)) return Error::Truncated;
  if (mask & 0x01)
    if (const Error e = read_builtin(r, 24, number, depth); e != Error::None) return e;
  if ((mask & 0x02) && !r.skip(4)) return Error::Truncated;  // status
  if ((mask & 0x04) && !r.skip(8)) return Error::Truncated;  // source timestamp
  if ((mask & 0x08) && !r.skip(8)) return Error::Truncated;  // server timestamp
  if ((mask & 0x10) && !r.skip(2)) return Error::Truncated;  // source picoseconds
  if ((mask & 0x20) && !r.skip(2)) return Error::Truncated;  // server picoseconds
  return Error::None;
}

}  // namespace

std::string_view error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Truncated:
      return "truncated";
    case Error::BadMessageType:
      return "bad_message_type";
    case Error::BadChunkType:
      return "bad_chunk_type";
    case Error::BadSize:
      return "bad_size";
    case Error::BadEncoding:
      return "bad_encoding";
    case Error::UnexpectedType:
      return "unexpected_type";
  }
  return "unknown";
}

Error decode_header(Bytes bytes, Header& out) {
  out = Header{};
  if (bytes.size() < 4) return Error::Truncated;
  out.type = message_type_code(static_cast<char>(bytes[0]), static_cast<char>(bytes[1]),
                               static_cast<char>(bytes[2]));
  if (message_type_name(out.type).empty()) return Error::BadMessageType;
  out.chunk = static_cast<char>(bytes[3]);
  const bool secure = out.type == kOpn || out.type == kClo || out.type == kMsg;
  if (out.chunk != 'F' && !(secure && (out.chunk == 'C' || out.chunk == 'A')))
    return Error::BadChunkType;
  if (bytes.size() < kHeaderSize) return Error::Truncated;
  out.size = static_cast<std::uint32_t>(bytes[4]) | static_cast<std::uint32_t>(bytes[5]) << 8 |
             static_cast<std::uint32_t>(bytes[6]) << 16 |
             static_cast<std::uint32_t>(bytes[7]) << 24;
  const std::size_t minimum = secure ? kHeaderSize + 4 : kHeaderSize;
  if (out.size < minimum || out.size > kMaxChunk) return Error::BadSize;
  return Error::None;
}

Error decode_hello(Bytes body, Hello& out) {
  out = Hello{};
  ByteReader r(body);
  if (!r.le32(out.version) || !r.le32(out.receive_buffer) || !r.le32(out.send_buffer) ||
      !r.le32(out.max_message) || !r.le32(out.max_chunks))
    return Error::Truncated;
  return read_string(r, &out.endpoint_url);
}

Error decode_error_message(Bytes body, ErrorMessage& out) {
  out = ErrorMessage{};
  ByteReader r(body);
  if (!r.le32(out.status)) return Error::Truncated;
  return read_string(r, &out.reason);
}

Error decode_secure(Bytes after_header, std::uint32_t type, SecureHeader& out) {
  out = SecureHeader{};
  ByteReader r(after_header);
  if (!r.le32(out.channel_id)) return Error::Truncated;
  if (type == kOpn) {
    std::string policy;
    if (const Error e = read_string(r, &policy); e != Error::None) return e;
    out.policy_uri = std::move(policy);
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // certificate
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // thumbprint
  } else if (!r.le32(out.token_id)) {
    return Error::Truncated;
  }
  if (!r.le32(out.sequence) || !r.le32(out.request_id)) return Error::Truncated;
  out.body = r.rest();
  return Error::None;
}

Error read_node_id(ByteReader& r, NodeId& out) {
  out = NodeId{};
  std::uint8_t encoding = 0;
  if (!r.u8(encoding)) return Error::Truncated;
  // The high bits flag a namespace URI and a server index (ExpandedNodeId only).
  switch (encoding & 0x3F) {
    case 0x00: {
      std::uint8_t id = 0;
      if (!r.u8(id)) return Error::Truncated;
      out.id = id;
      break;
    }
    case 0x01: {
      std::uint8_t ns = 0;
      std::uint16_t id = 0;
      if (!r.u8(ns) || !r.le16(id)) return Error::Truncated;
      out.ns = ns;
      out.id = id;
      break;
    }
    case 0x02:
      if (!r.le16(out.ns) || !r.le32(out.id)) return Error::Truncated;
      break;
    case 0x03:
    case 0x05:
      out.numeric = false;
      if (!r.le16(out.ns)) return Error::Truncated;
      if (const Error e = read_string(r, nullptr); e != Error::None) return e;
      break;
    case 0x04:
      out.numeric = false;
      if (!r.le16(out.ns) || !r.skip(16)) return Error::Truncated;
      break;
    default:
      return Error::BadEncoding;
  }
  if ((encoding & 0xC0) != 0) return Error::BadEncoding;  // not valid for a plain NodeId
  return Error::None;
}

Error decode_type_id(Bytes body, std::uint32_t& encoding_id, Bytes& rest) {
  ByteReader r(body);
  NodeId id;
  if (const Error e = read_node_id(r, id); e != Error::None) return e;
  if (!id.numeric || id.ns != 0) return Error::UnexpectedType;
  encoding_id = id.id;
  rest = r.rest();
  return Error::None;
}

Error read_response_header(ByteReader& r, std::uint32_t& service_result) {
  if (!r.skip(8 + 4) || !r.le32(service_result)) return Error::Truncated;  // time, handle
  if (const Error e = skip_diagnostic_info(r, 0); e != Error::None) return e;
  if (const Error e = skip_string_array(r); e != Error::None) return e;
  return skip_extension_object(r);
}

Error skip_request_header(ByteReader& r) {
  NodeId token;
  if (const Error e = read_node_id(r, token); e != Error::None) return e;
  if (!r.skip(8 + 4 + 4)) return Error::Truncated;  // timestamp, handle, return diagnostics
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // audit entry id
  if (!r.skip(4)) return Error::Truncated;                                  // timeout hint
  return skip_extension_object(r);
}

Error decode_get_endpoints_response(Bytes service, std::vector<ApplicationDescription>& out,
                                    std::uint32_t& status) {
  out.clear();
  ByteReader r(service);
  if (const Error e = read_response_header(r, status); e != Error::None) return e;
  return read_endpoints(r, out);
}

Error decode_find_servers_response(Bytes service, std::vector<ApplicationDescription>& out,
                                   std::uint32_t& status) {
  out.clear();
  ByteReader r(service);
  if (const Error e = read_response_header(r, status); e != Error::None) return e;
  std::int32_t n = 0;
  if (const Error e = read_array_count(r, n); e != Error::None) return e;
  for (std::int32_t i = 0; i < n; ++i) {
    ApplicationDescription d;
    if (const Error e = read_application_description(r, d); e != Error::None) return e;
    out.push_back(std::move(d));
  }
  return Error::None;
}

Error decode_create_session_response(Bytes service, std::vector<ApplicationDescription>& out,
                                     std::uint32_t& status) {
  out.clear();
  ByteReader r(service);
  if (const Error e = read_response_header(r, status); e != Error::None) return e;
  NodeId session, token;
  if (const Error e = read_node_id(r, session); e != Error::None) return e;
  if (const Error e = read_node_id(r, token); e != Error::None) return e;
  if (!r.skip(8)) return Error::Truncated;                                  // session timeout
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // server nonce
  if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // certificate
  return read_endpoints(r, out);
}

Error decode_create_session_request(Bytes service, ApplicationDescription& out) {
  out = ApplicationDescription{};
  ByteReader r(service);
  if (const Error e = skip_request_header(r); e != Error::None) return e;
  return read_application_description(r, out);
}

Error decode_request_count(Bytes service, std::uint32_t encoding_id, std::int32_t& count) {
  ByteReader r(service);
  if (const Error e = skip_request_header(r); e != Error::None) return e;
  if (encoding_id == kReadRequest && !r.skip(8 + 4)) return Error::Truncated;  // max age, ts
  return read_array_count(r, count);
}

Error decode_service_result(Bytes service, std::uint32_t& status) {
  ByteReader r(service);
  if (!r.skip(8 + 4) || !r.le32(status)) return Error::Truncated;
  return Error::None;
}

Error decode_read_nodes(Bytes service, std::vector<NodeValue>& out, std::size_t max) {
  out.clear();
  ByteReader r(service);
  if (const Error e = skip_request_header(r); e != Error::None) return e;
  if (!r.skip(8 + 4)) return Error::Truncated;  // max age, timestamps to return
  std::int32_t n = 0;
  if (const Error e = read_array_count(r, n); e != Error::None) return e;
  for (std::int32_t i = 0; i < n; ++i) {
    NodeValue v;
    if (const Error e = read_node_id(r, v.node); e != Error::None) return e;
    if (!r.le32(v.attribute)) return Error::Truncated;
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // index range
    if (!r.skip(2)) return Error::Truncated;  // data encoding: QualifiedName
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;
    if (out.size() < max) out.push_back(v);
  }
  return Error::None;
}

Error decode_write_nodes(Bytes service, std::vector<NodeValue>& out, std::size_t max) {
  out.clear();
  ByteReader r(service);
  if (const Error e = skip_request_header(r); e != Error::None) return e;
  std::int32_t n = 0;
  if (const Error e = read_array_count(r, n); e != Error::None) return e;
  for (std::int32_t i = 0; i < n; ++i) {
    NodeValue v;
    if (const Error e = read_node_id(r, v.node); e != Error::None) return e;
    if (!r.le32(v.attribute)) return Error::Truncated;
    if (const Error e = read_string(r, nullptr); e != Error::None) return e;  // index range
    if (const Error e = read_data_value(r, &v.value, 0); e != Error::None) return e;
    if (out.size() < max) out.push_back(v);
  }
  return Error::None;
}

}  // namespace otscope::opcua
