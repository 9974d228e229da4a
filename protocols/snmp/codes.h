// SNMP code tables: PDU types (RFC 3416 with the RFC 1157 trap), error-status values, the
// system group OIDs read for identity (RFC 3418), and a few private enterprise numbers (IANA).
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::snmp {

inline constexpr std::uint16_t kAgentPort = 161;
inline constexpr std::uint16_t kTrapPort = 162;
/// MessageEvent::function of an SNMPv3 message whose PDU is encrypted.
inline constexpr std::uint32_t kEncryptedPdu = 0x100;

struct PduName {
  std::uint32_t code;
  std::string_view name;
  OpClass op;
  MessageRole role;
};
/// The entry of a PDU type (0..8) or kEncryptedPdu.
const PduName& pdu_name(std::uint32_t code);
/// error-status names (tooBig, noSuchName, ...); empty past the table.
std::string_view error_status_name(std::int64_t status);

inline constexpr std::string_view kSysDescr = "1.3.6.1.2.1.1.1.0";
inline constexpr std::string_view kSysObjectId = "1.3.6.1.2.1.1.2.0";
inline constexpr std::string_view kSysContact = "1.3.6.1.2.1.1.4.0";
inline constexpr std::string_view kSysName = "1.3.6.1.2.1.1.5.0";
inline constexpr std::string_view kSysLocation = "1.3.6.1.2.1.1.6.0";

/// The organisation of a private enterprise number (1.3.6.1.4.1.N), empty when not in the table.
std::string_view enterprise_name(std::uint64_t number);

}  // namespace otscope::snmp
