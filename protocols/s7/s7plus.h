// S7comm-plus (protocol id 0x72, S7-1200/1500): frame header and trailer, the reassembly of PDUs
// split over several frames (only the last carries the trailer), the integrity digest of V3, the
// opcode header (request, response, notification) with function code, sequence number and
// session id, and the PLC's order number and firmware from the session-setup reply.
// Encrypted or otherwise unreadable PDUs are counted, never failed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/common/events.h"
#include "protocols/s7/codes.h"
#include "protocols/s7/szl.h"

namespace otscope::s7 {

enum class S7PlusError : std::uint8_t {
  None,
  TooShort,         // no room for the 4-byte header, or an empty data part
  BadProtocolId,    // first byte is not 0x72
  LengthMismatch,   // the data length runs past the frame, or bytes follow that are no trailer
  BadTrailer,       // the 4 bytes after the data are not 0x72 <version> 0x0000
  BadDigest,        // V3 integrity digest runs past the data
  TruncatedHeader,  // request/response header shorter than its fixed fields
};
/// Stable anomaly suffix, e.g. "bad_trailer" (reported as "s7comm_plus.bad_trailer").
std::string_view s7plus_error_kind(S7PlusError e);

/// One S7comm-plus frame as carried by one COTP TSDU: a whole PDU or one part of a split PDU.
struct S7PlusFrame {
  std::uint8_t version = 0;
  std::uint16_t data_length = 0;
  Bytes data;
  bool has_trailer = false;  // the last (or only) frame of a PDU
};
S7PlusError decode_s7plus_frame(Bytes tsdu, S7PlusFrame& out);

struct S7PlusPdu {
  std::uint8_t version = 0;
  bool integrity = false;  // V3: a digest precedes the opcode
  std::uint8_t opcode = 0;
  bool readable = false;  // opcode is request, response or notification
  bool has_function = false;
  std::uint16_t function = 0;
  std::uint16_t sequence = 0;
  bool has_session = false;  // requests carry the session id
  std::uint32_t session_id = 0;
  std::uint8_t transport_flags = 0;
  bool has_object = false;      // requests: the object id the request addresses
  std::uint32_t object_id = 0;  // notifications: the subscription object
  Bytes body;                   // after the fixed header
};
/// Decodes the data part of a whole PDU.
S7PlusError decode_s7plus_pdu(std::uint8_t version, Bytes data, S7PlusPdu& out);

/// Name and OpClass of a readable PDU, refined by what it addresses: CreateObject in protocol
/// version 1 opens the session; DeleteObject and SetMultiVariables on the session object manage
/// the session; SetVariable on the CPU execution unit changes the operating mode.
struct S7PlusOperation {
  CodeInfo info;
  std::string detail;
};
S7PlusOperation s7plus_operation(const S7PlusPdu& pdu);

/// Order number, firmware and product family from strings such as "1;6ES7 214-1HE30-0XB0 ;V2.2"
/// in a PDU body (the CreateObject reply that opens a session).
std::vector<IdentityFact> s7plus_identity(const S7PlusPdu& pdu);

/// Joins the frames of a split PDU of one direction.
class S7PlusReassembler {
 public:
  enum class Result : std::uint8_t { Whole, Part, Complete, Overflow };
  static constexpr std::size_t kMaxBytes = 1024 * 1024;

  /// On Whole and Complete, `data` views the whole data part (valid until the next call) and
  /// `version` is the first frame's protocol version.
  Result add(const S7PlusFrame& frame, Bytes& data, std::uint8_t& version);
  void reset() {
    in_progress_ = false;
    buf_.clear();
  }

 private:
  bool in_progress_ = false;
  std::uint8_t version_ = 0;
  std::vector<std::uint8_t> buf_;
  std::vector<std::uint8_t> done_;
};

}  // namespace otscope::s7
