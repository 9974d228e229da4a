// Pure SNMP decoders (RFC 1157 v1, RFC 3416 v2c PDUs, RFC 3412 v3 message header) over the BER
// subset SNMP uses (definite lengths, one-byte tags). Bytes in, a struct or a specific error out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::snmp {

enum class Error : std::uint8_t {
  None,
  Truncated,   // a length that runs past the data
  BadTag,      // a tag other than the one the message needs at that place
  BadLength,   // an indefinite or over-long length
  BadVersion,  // not 0 (v1), 1 (v2c) or 3 (v3)
  BadPdu,      // a PDU tag outside 0xA0..0xA8
};
std::string_view error_name(Error e);

enum PduType : std::uint8_t {
  kGetRequest = 0,
  kGetNextRequest = 1,
  kResponse = 2,
  kSetRequest = 3,
  kTrapV1 = 4,
  kGetBulkRequest = 5,
  kInformRequest = 6,
  kTrapV2 = 7,
  kReport = 8,
};

struct VarBind {
  std::string oid;        // dotted
  std::uint8_t type = 0;  // BER tag of the value
  Bytes value;
};

struct Pdu {
  std::uint8_t type = 0;  // PduType
  std::int64_t request_id = 0;
  std::int64_t error_status = 0;
  std::int64_t error_index = 0;
  std::string enterprise;  // v1 trap
  std::vector<VarBind> varbinds;
};

struct Message {
  std::int64_t version = 0;  // 0 v1, 1 v2c, 3 v3
  bool has_community = false;
  std::size_t community_length = 0;  // the community itself is never kept
  bool default_community = false;    // "public" or "private"
  /// v3: the PDU is encrypted (msgFlags privFlag): nothing more is readable.
  bool encrypted = false;
  std::optional<Pdu> pdu;
};

/// One SNMP message (a UDP datagram). At most `max_varbinds` variable bindings are kept.
Error decode_message(Bytes datagram, Message& out, std::size_t max_varbinds = 64);

/// An OID's content octets as dotted text; empty when malformed.
std::string oid_text(Bytes content);
/// An OCTET STRING value as printable text (non-printable bytes as '?'); nullopt when `type` is
/// not OCTET STRING.
std::optional<std::string> text_value(const VarBind& vb);

}  // namespace otscope::snmp
