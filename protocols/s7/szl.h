// System status lists (SZL): the Read SZL request (ID and index) and response (partial list
// header and records), and the identity facts a passive monitor can take from the replies:
// module identification (0x0011/0x0111), component identification (0x001C/0x011C) and the
// operating mode (0x0424). Pure functions over the (reassembled) user-data payload.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::s7 {

struct SzlRequest {
  std::uint16_t id = 0;
  std::uint16_t index = 0;
};
bool decode_szl_request(Bytes payload, SzlRequest& out);

enum class SzlError : std::uint8_t {
  None,
  TooShort,   // fewer than the 8 header bytes
  Truncated,  // fewer record bytes than record length x record count
};
std::string_view szl_error_kind(SzlError e);

struct SzlResponse {
  std::uint16_t id = 0;
  std::uint16_t index = 0;
  std::uint16_t record_length = 0;
  std::uint16_t record_count = 0;
  /// The records actually present (all of them unless Truncated).
  std::vector<Bytes> records;
};
/// Decodes a response payload; on Truncated `out` still holds the whole records present.
SzlError decode_szl_response(Bytes payload, SzlResponse& out);

/// "SZL 0x0011" or "SZL 0x0131 index 0x0004" (the index only when it is not 0).
std::string szl_detail(std::uint16_t id, std::uint16_t index);

struct IdentityFact {
  std::string field;  // order_number, hardware, firmware, model, station_name, ...
  std::string value;
};
/// Identity facts a response states about the PLC that sent it; empty values are left out.
std::vector<IdentityFact> szl_identity(const SzlResponse& response);

/// Version words of an SZL 0x0011 record: 'V' 3 / 2 7 -> "V3.2.7"; a plain number -> "3".
std::string szl_version_text(std::uint16_t ausbg, std::uint16_t ausbe);

/// Product family from a Siemens order number: "6ES7 315-..." -> "S7-300"; empty if unknown.
std::string_view model_family(std::string_view order_number);

}  // namespace otscope::s7
