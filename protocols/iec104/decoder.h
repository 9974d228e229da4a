// IEC 60870-5-104 APDUs as pure functions: the framing policy that cuts a TCP stream into APDUs
// (start byte 0x68, one length byte), the APCI control field (I, S and U formats) and the ASDU
// (data unit identifier and the addresses and elements of its information objects). No events, no
// state: the session turns the decoded APDU into events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.h"
#include "protocols/common/framer.h"
#include "protocols/iec104/codes.h"

namespace otscope::iec104 {

// ---------------------------------------------------------------------------------------------
// Framing

/// Does an APDU plausibly start here? Checks the start byte, the length and, as far as the bytes
/// go, the control field (and for an I frame its type identification). `strict` also asks an I
/// frame for a plausible ASDU header (at least one object, a defined cause): what the probe uses.
enum class ApduStart : std::uint8_t { Yes, No, NeedMore };
ApduStart apdu_start(Bytes bytes, bool strict);

/// Why bytes were skipped while framing.
enum class FrameError : std::uint8_t {
  BadStart,   // no 0x68 where an APDU was due
  BadLength,  // a length below 4 or above 253
  Resync,     // bytes skipped to find the next APDU after a gap
  MidStream,  // bytes skipped to find the first APDU of a flow picked up mid-stream
};
/// Stable anomaly suffix: "bad_start", "bad_length", "resync_after_gap", "resync_mid_stream".
std::string_view frame_error_kind(FrameError e);

/// The StreamFramer policy: an APDU is the start byte, the length byte and `length` more bytes.
struct ApduFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = 2;
  static constexpr std::size_t kMaxMessage = 2 + kMaxApduLength;

  static Cut<Error> cut(Bytes bytes) {
    if (bytes[0] != kStartByte) return Cut<Error>::bad(FrameError::BadStart);
    if (bytes.size() < kHeaderSize) return Cut<Error>::need_more();
    if (bytes[1] < kMinApduLength || bytes[1] > kMaxApduLength)
      return Cut<Error>::bad(FrameError::BadLength);
    return Cut<Error>::message(std::size_t{2} + bytes[1]);
  }
  /// Hunting: skips to the first byte where apdu_start() does not say No; Found when it says Yes.
  static Hunt hunt(Bytes bytes);

  static constexpr std::optional<Error> kAfterGap = FrameError::Resync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};
using ApduFramer = StreamFramer<ApduFraming>;

// ---------------------------------------------------------------------------------------------
// APDU

enum class ApduError : std::uint8_t {
  None,
  BadStart,         // not 0x68, or a length that does not match the bytes
  BadControlField,  // the control field's fixed bits are wrong for its format
  BadUFunction,     // a U frame with no function or several
  BadUFrameLength,  // a U frame carries more than its control field
  BadSFrameLength,  // an S frame carries more than its control field
  AsduTooShort,     // an I frame without a whole data unit identifier
  NoObjects,        // a variable structure qualifier of zero objects
  AsduLength,       // the objects the qualifier announces do not fill the ASDU exactly
};
/// Stable anomaly suffix: "bad_control_field", ...
std::string_view apdu_error_kind(ApduError e);

struct Apci {
  FrameFormat format = FrameFormat::I;
  std::uint16_t send_seq = 0;   // N(S), I frames
  std::uint16_t recv_seq = 0;   // N(R), I and S frames
  std::uint8_t u_function = 0;  // U frames: one of ufn::
};

/// The data unit identifier and the information objects of an I frame. Views point into the
/// decoded APDU.
struct Asdu {
  std::uint8_t type = 0;
  const TypeInfo* info = nullptr;  // nullptr: a type no standard defines (objects not read)
  bool sequence = false;           // SQ: one address, then `count` elements at consecutive IOAs
  std::uint8_t count = 0;
  std::uint8_t cause = 0;  // 0..63
  bool negative = false;   // P/N
  bool test = false;       // T
  std::uint8_t originator = 0;
  std::uint16_t common_address = 0;
  Bytes objects;  // the information objects, as on the wire
};

struct Apdu {
  Apci apci;
  Asdu asdu;  // I frames
};

/// Decodes one whole APDU (start byte, length, control field, ASDU) as cut by ApduFraming.
ApduError decode_apdu(Bytes frame, Apdu& out);

/// One information object: its address and its element.
struct InfoObject {
  std::uint32_t ioa = 0;
  Bytes element;
};

/// Walks the information objects of an ASDU decode_apdu() accepted with a known type.
class ObjectCursor {
 public:
  explicit ObjectCursor(const Asdu& asdu);
  bool next(InfoObject& out);

 private:
  const Asdu& asdu_;
  ByteReader reader_;
  std::uint8_t done_ = 0;
  std::uint32_t ioa_ = 0;
};

/// The process value one command element sets, as read by `coding`; false when the coding is
/// None or the element is too short.
struct CommandValue {
  double value = 0;
  bool is_operation = false;   // a state or a step (ON/OFF, LOWER/HIGHER) rather than a number
  std::string_view label;      // the state's name for an operation
  bool select = false;         // S/E: select (1) rather than execute (0)
  std::uint8_t qualifier = 0;  // QU of a command, QL of a set point
};
bool command_value(ValueCoding coding, Bytes element, CommandValue& out);

}  // namespace otscope::iec104
