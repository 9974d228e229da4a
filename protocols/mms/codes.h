// The one MMS code table: the PDU types of ISO 9506-2 (MMSpdu), the confirmed services with
// their names and operation classes, the unconfirmed services, and the ISO session SPDU types the
// OSI stack under MMS uses. Every name and OpClass the decoder, the session, detection and the
// console show for MMS comes from here.
//
// Facts from ISO 9506-2 (MMS protocol specification, the ASN.1 of MMSpdu and
// ConfirmedServiceRequest), ISO 8327-1 (session SPDU codes), ISO 8823-1 (presentation PPDUs) and
// IEC 61850-8-1 (the mapping of IEC 61850 onto MMS), cross-checked with the value tables of
// Wireshark's mms and ses dissectors.
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::mms {

/// MMSpdu choice numbers (context-specific tags).
namespace pdu {
inline constexpr std::uint8_t kConfirmedRequest = 0;
inline constexpr std::uint8_t kConfirmedResponse = 1;
inline constexpr std::uint8_t kConfirmedError = 2;
inline constexpr std::uint8_t kUnconfirmed = 3;
inline constexpr std::uint8_t kReject = 4;
inline constexpr std::uint8_t kCancelRequest = 5;
inline constexpr std::uint8_t kCancelResponse = 6;
inline constexpr std::uint8_t kCancelError = 7;
inline constexpr std::uint8_t kInitiateRequest = 8;
inline constexpr std::uint8_t kInitiateResponse = 9;
inline constexpr std::uint8_t kInitiateError = 10;
inline constexpr std::uint8_t kConcludeRequest = 11;
inline constexpr std::uint8_t kConcludeResponse = 12;
inline constexpr std::uint8_t kConcludeError = 13;
}  // namespace pdu
/// "confirmed-RequestPDU", ...; empty beyond 13.
std::string_view pdu_name(std::uint8_t tag);

/// Confirmed services (ConfirmedServiceRequest choice numbers) that the session and the command
/// rules name.
namespace svc {
inline constexpr std::uint32_t kStatus = 0;
inline constexpr std::uint32_t kGetNameList = 1;
inline constexpr std::uint32_t kIdentify = 2;
inline constexpr std::uint32_t kRead = 4;
inline constexpr std::uint32_t kWrite = 5;
inline constexpr std::uint32_t kInitiateDownloadSequence = 26;
inline constexpr std::uint32_t kDownloadSegment = 27;
inline constexpr std::uint32_t kTerminateDownloadSequence = 28;
inline constexpr std::uint32_t kInitiateUploadSequence = 29;
inline constexpr std::uint32_t kRequestDomainDownload = 32;
inline constexpr std::uint32_t kRequestDomainUpload = 33;
inline constexpr std::uint32_t kLoadDomainContent = 34;
inline constexpr std::uint32_t kStoreDomainContent = 35;
inline constexpr std::uint32_t kDeleteDomain = 36;
inline constexpr std::uint32_t kCreateProgramInvocation = 38;
inline constexpr std::uint32_t kDeleteProgramInvocation = 39;
inline constexpr std::uint32_t kStart = 40;
inline constexpr std::uint32_t kStop = 41;
inline constexpr std::uint32_t kResume = 42;
inline constexpr std::uint32_t kReset = 43;
inline constexpr std::uint32_t kKill = 44;
inline constexpr std::uint32_t kFileOpen = 72;
inline constexpr std::uint32_t kFileDelete = 76;
}  // namespace svc

struct ServiceInfo {
  std::string_view name;
  OpClass op = OpClass::Other;
};
/// The confirmed service's entry; nullptr for a choice number ISO 9506 does not define.
const ServiceInfo* confirmed_service(std::uint32_t tag);
/// "informationReport", "unsolicitedStatus", "eventNotification"; empty otherwise.
std::string_view unconfirmed_service_name(std::uint32_t tag);

/// MessageEvent::function: a confirmed service is its choice number (0..86), an unconfirmed
/// service 0x100 | its choice number, any other PDU 0x200 | its MMSpdu choice number
/// (0x208 initiate-RequestPDU, 0x20B conclude-RequestPDU, 0x204 rejectPDU, ...).
inline constexpr std::uint32_t kUnconfirmedBase = 0x100;
inline constexpr std::uint32_t kPduBase = 0x200;

// ---------------------------------------------------------------------------------------------
// ISO 8327 session SPDU identifiers (SI)

namespace spdu {
inline constexpr std::uint8_t kGiveTokensOrData = 0x01;  // GIVE TOKENS (category 0) / DATA TRANSFER
inline constexpr std::uint8_t kFinish = 0x09;
inline constexpr std::uint8_t kDisconnect = 0x0A;
inline constexpr std::uint8_t kRefuse = 0x0C;
inline constexpr std::uint8_t kConnect = 0x0D;
inline constexpr std::uint8_t kAccept = 0x0E;
inline constexpr std::uint8_t kAbort = 0x19;
inline constexpr std::uint8_t kAbortAccept = 0x1A;
/// Parameter group identifier of the session user data.
inline constexpr std::uint8_t kUserData = 0xC1;
/// Parameter group of extended user data (CONNECT beyond 512 octets).
inline constexpr std::uint8_t kExtendedUserData = 0xC2;
}  // namespace spdu
/// "CONNECT", "ACCEPT", ...; empty for an SI not listed.
std::string_view spdu_name(std::uint8_t si);

}  // namespace otscope::mms
