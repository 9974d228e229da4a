// MMS over the OSI stack of ISO-on-TCP, as pure functions: the framing policy that cuts the TCP
// stream into TPKT frames (RFC 1006; the TPKT/COTP code of protocols/s7 is shared), the ISO 8327
// session SPDU that carries the data, the ISO 8823 presentation PPDU (and the ACSE APDU of
// association set-up and release) around the MMS PDU, and the MMS PDU itself (ISO 9506-2, BER).
// No events, no state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/framer.h"
#include "protocols/mms/codes.h"
#include "protocols/s7/tpkt.h"

namespace otscope::mms {

// ---------------------------------------------------------------------------------------------
// Framing

/// Does a TPKT frame of the MMS stack plausibly start here: TPKT version 3, a COTP PDU type that
/// exists with a consistent length indicator, and for data a session SPDU identifier?
enum class FrameStart : std::uint8_t { Yes, No, NeedMore };
FrameStart frame_start(Bytes bytes);

/// The StreamFramer policy: TPKT frames as S7's, found again after garbage or a gap by
/// frame_start() above (S7's own looks for an S7 protocol id after COTP).
struct MmsFraming {
  using Error = s7::TpktError;
  static constexpr std::size_t kHeaderSize = s7::TpktFraming::kHeaderSize;
  static constexpr std::size_t kMaxMessage = s7::TpktFraming::kMaxMessage;
  static Cut<Error> cut(Bytes bytes) { return s7::TpktFraming::cut(bytes); }
  static Hunt hunt(Bytes bytes);
  static constexpr std::optional<Error> kAfterGap = s7::TpktError::Resync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};
using MmsFramer = StreamFramer<MmsFraming>;

/// Is `data`, the start of the first data TPDU's payload, the ISO session of an MMS association:
/// a CONNECT or ACCEPT SPDU whose user data is a presentation CP/CPA PPDU, or the GIVE TOKENS +
/// DATA TRANSFER SPDUs of data transfer followed by presentation fully-encoded data? NeedMore
/// when the bytes end before that is clear and `complete` is false.
enum class SessionStart : std::uint8_t { Yes, No, NeedMore };
SessionStart session_start(Bytes data, bool complete);

// ---------------------------------------------------------------------------------------------
// BER

/// One BER element: its first identifier octet (class, constructed bit, tag or 0x1F), its tag
/// number, and its contents. Views point into the decoded bytes.
struct BerElement {
  std::uint8_t identifier = 0;
  std::uint32_t tag = 0;
  Bytes content;
  std::size_t size = 0;  // identifier, length and contents
  bool context() const { return (identifier & 0xC0) == 0x80; }
  bool constructed() const { return (identifier & 0x20) != 0; }
};
/// Reads the element at the start of `bytes`; false when it is not all there, its length is
/// indefinite or its tag does not fit 32 bits.
bool read_ber(Bytes bytes, BerElement& out);

// ---------------------------------------------------------------------------------------------
// Session, presentation, ACSE

enum class MmsError : std::uint8_t {
  None,
  SessionTruncated,  // an SPDU header or parameter runs past the data
  UnknownSpdu,       // a session SPDU identifier MMS associations do not use
  PresentationBad,   // the presentation PPDU is not the BER expected
  AcseBad,           // the ACSE APDU's user information is not the BER expected
  PduBad,            // the MMS PDU is not BER, or not an MMSpdu choice
  PduTruncated,      // a confirmed PDU without its invoke id or its service
};
/// Stable anomaly suffix: "session_truncated", ...
std::string_view mms_error_kind(MmsError e);

/// What one TSDU (the reassembled payload of COTP data) carries.
struct OsiMessage {
  std::uint8_t spdu = 0;  // the SI of the SPDU
  /// The MMS PDU; empty when the SPDU carries none (an abort, a refusal, a release without MMS).
  Bytes mms;
};
MmsError decode_osi(Bytes tsdu, OsiMessage& out);

// ---------------------------------------------------------------------------------------------
// MMS PDU

struct MmsPdu {
  std::uint8_t type = 0;  // pdu::
  bool has_invoke_id = false;
  std::uint32_t invoke_id = 0;
  /// The confirmed or unconfirmed service's choice number, and its element.
  bool has_service = false;
  std::uint32_t service = 0;
  BerElement service_element;
};
MmsError decode_mms(Bytes bytes, MmsPdu& out);

/// The identify response: vendor name, model name, revision (ISO 9506-2 Identify-Response).
struct Identity {
  std::string vendor;
  std::string model;
  std::string revision;
};
bool decode_identify_response(const BerElement& service, Identity& out);

/// The first variable a read or write request names: "domain/item" of a domain-specific name,
/// the identifier of a VMD- or association-specific one; empty when there is none. A
/// Read-Request holds its variableAccessSpecification in [1], a Write-Request first.
std::string first_variable(const BerElement& service, bool read);
/// The IEC 61850-8-1 functional constraint of an item id ("XCBR1$CO$Pos$Oper" -> "CO"): the
/// second '$' part when it is two capital letters; empty otherwise.
std::string_view functional_constraint(std::string_view variable);

}  // namespace otscope::mms
