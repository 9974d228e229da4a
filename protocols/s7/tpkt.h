// ISO-on-TCP transport below S7: TPKT framing of the TCP byte stream (RFC 1006), COTP PDU
// decoding (ISO 8073 class 0: CR, CC, DR, DT, ER and the other PDU types) and the reassembly of
// COTP-segmented data (DT without EOT). Framing is separate from decoding: the framer only finds
// TPKT boundaries; decode_cotp() is a pure function over one TPKT payload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/common/framer.h"

namespace otscope::s7 {

/// TPKT: version 3, reserved 0, 16-bit length including the 4-byte header.
inline constexpr std::size_t kTpktHeaderSize = 4;
inline constexpr std::uint8_t kTpktVersion = 3;
/// A TPKT must carry at least the 3-byte COTP DT header.
inline constexpr std::size_t kTpktMinLength = 7;

/// Why bytes were skipped while framing.
enum class TpktError : std::uint8_t {
  BadVersion,      // first byte is not 3
  BadReserved,     // second byte is not 0
  LengthTooShort,  // length field below 7
  Resync,          // bytes skipped to find the next frame after a gap
  MidStream,       // bytes skipped to find the first frame of a flow picked up mid-stream
};
std::string_view tpkt_error_kind(TpktError e);

/// Does a frame plausibly start at `at`? Checks the TPKT header and, as far as the bytes go,
/// the COTP header and the protocol id after a DT header. Used to resynchronise and by the probe.
enum class FrameStart : std::uint8_t { Yes, No, NeedMore };
FrameStart frame_start(Bytes bytes);

/// How one direction of a TCP stream is cut into TPKT frames (RFC 1006): the StreamFramer policy.
/// A frame is the 4-byte header and its COTP part.
struct TpktFraming {
  using Error = TpktError;
  static constexpr std::size_t kHeaderSize = kTpktHeaderSize;
  static constexpr std::size_t kMaxMessage = 0xFFFF;

  /// In step: version 3, reserved 0 and a length of at least 7 make a frame.
  static Cut<Error> cut(Bytes bytes) {
    if (bytes.size() < kTpktHeaderSize) return Cut<Error>::need_more();
    const std::size_t length = static_cast<std::size_t>(bytes[2] << 8 | bytes[3]);
    if (bytes[0] != kTpktVersion) return Cut<Error>::bad(TpktError::BadVersion);
    if (bytes[1] != 0) return Cut<Error>::bad(TpktError::BadReserved);
    if (length < kTpktMinLength) return Cut<Error>::bad(TpktError::LengthTooShort);
    return Cut<Error>::message(length);
  }
  /// Hunting: skips to the first byte where frame_start() does not say No; Found when it says
  /// Yes there.
  static Hunt hunt(Bytes bytes);

  static constexpr std::optional<Error> kAfterGap = TpktError::Resync;
  /// Each push reports the bytes it skipped, even when the search goes on in the next one.
  static constexpr bool kReportSkipsPerPush = true;
  static constexpr bool kHeldWhileHuntingIsSkipped = false;
};

/// Finds TPKT frames in one direction of a TCP stream: several per segment, split across
/// segments, and resynchronised after a gap or after bytes that are not TPKT. A flow picked up
/// mid-stream starts with hunt(TpktError::MidStream).
using TpktFramer = StreamFramer<TpktFraming>;

// ---------------------------------------------------------------------------------------------
// COTP

enum class CotpType : std::uint8_t {
  ConnectionRequest = 0xE0,
  ConnectionConfirm = 0xD0,
  DisconnectRequest = 0x80,
  DisconnectConfirm = 0xC0,
  Data = 0xF0,
  ExpeditedData = 0x10,
  DataAck = 0x60,
  ExpeditedDataAck = 0x20,
  Reject = 0x50,
  Error = 0x70,
};
/// Is the high nibble of a COTP type byte a PDU type ISO 8073 defines?
bool cotp_type_known(std::uint8_t type_byte);
std::string_view cotp_type_name(CotpType t);

enum class CotpError : std::uint8_t {
  None,
  Empty,                    // no bytes after the TPKT header
  LengthIndicatorTooLarge,  // LI runs past the TPKT frame
  UnknownPduType,
  HeaderTooShort,  // LI too small for the PDU type's fixed part
  BadParameter,    // a parameter runs past the header
};
/// Stable anomaly suffix: "cotp_length_indicator", ...
std::string_view cotp_error_kind(CotpError e);

/// COTP parameter codes in CR/CC/DR headers.
inline constexpr std::uint8_t kCotpParamTpduSize = 0xC0;
inline constexpr std::uint8_t kCotpParamCallingTsap = 0xC1;
inline constexpr std::uint8_t kCotpParamCalledTsap = 0xC2;

/// One decoded COTP PDU. Byte views point into the decoded frame.
struct CotpPdu {
  CotpType type = CotpType::Data;
  std::uint8_t length_indicator = 0;
  std::uint16_t dst_ref = 0;        // CR, CC, DR, DC, ER
  std::uint16_t src_ref = 0;        // CR, CC, DR, DC
  std::uint8_t class_option = 0;    // CR, CC
  std::uint8_t reason = 0;          // DR: disconnect reason; ER: reject cause
  bool eot = true;                  // DT: last data unit of a TSDU
  std::uint8_t tpdu_number = 0;     // DT
  std::uint8_t tpdu_size_code = 0;  // parameter 0xC0 (size = 1 << code), 0 when absent
  Bytes calling_tsap;
  Bytes called_tsap;
  Bytes user_data;  // DT/ED payload
};

CotpError decode_cotp(Bytes frame, CotpPdu& out);

/// Rack and slot from a 2-byte S7 TSAP: second byte = rack * 32 + slot. False for other TSAPs
/// (S7-1200/1500 name theirs, e.g. "SIMATIC-ROOT-ES").
bool tsap_rack_slot(Bytes tsap, std::uint8_t& rack, std::uint8_t& slot);

/// What the first TPKT frames of one direction say about the protocol above COTP. ISO-on-TCP
/// carries S7comm, S7comm-plus and the OSI stack of IEC 61850 MMS alike; a connection request or
/// confirm does not say which (except by its TSAPs), the first data TPDU does.
struct IsoOpening {
  enum class Kind : std::uint8_t {
    NotIso,    // the bytes do not start with a TPKT frame holding a COTP PDU
    NeedMore,  // connection request/confirm frames only so far (or a frame not all there)
    Data,      // the first data TPDU starts: `data` holds its payload as far as the bytes go
    Other,     // after the connection frames came something else (another TPDU, not TPKT)
  };
  Kind kind = Kind::NotIso;
  /// Data: the payload bytes of the first DT present, and whether its frame is whole.
  Bytes data;
  bool data_complete = false;
  /// TSAPs of the last connection request or confirm seen, when whole.
  Bytes calling_tsap;
  Bytes called_tsap;
};
IsoOpening iso_opening(Bytes bytes);

/// Is this TSAP one Siemens S7 stations use: two bytes of connection type (1 PG, 2 OP, 3 S7
/// basic, up to 0x1F for the others) and rack/slot, or an S7-1200/1500 name ("SIMATIC-ROOT-ES")?
/// IEC 61850 MMS stacks use 0x0001 or four-byte selectors.
bool s7_tsap(Bytes tsap);

/// Joins the DT segments of one TSDU (DT without EOT ... DT with EOT).
class CotpReassembler {
 public:
  enum class Result : std::uint8_t { Complete, Pending, Overflow };
  /// Largest TSDU kept; S7 PDUs are at most 960 bytes and S7comm-plus fragments at most 64 KiB.
  static constexpr std::size_t kMaxTsdu = 64 * 1024;

  /// Adds one DT. On Complete, `tsdu` views the whole TSDU (valid until the next call).
  Result add(const CotpPdu& dt, Bytes& tsdu);
  void reset() { buf_.clear(); }
  bool pending() const { return !buf_.empty(); }

 private:
  std::vector<std::uint8_t> buf_;
  std::vector<std::uint8_t> done_;
};

}  // namespace otscope::s7
