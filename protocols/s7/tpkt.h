// ISO-on-TCP transport below S7: TPKT framing of the TCP byte stream (RFC 1006), COTP PDU
// decoding (ISO 8073 class 0: CR, CC, DR, DT, ER and the other PDU types) and the reassembly of
// COTP-segmented data (DT without EOT). Framing is separate from decoding: the framer only finds
// TPKT boundaries; decode_cotp() is a pure function over one TPKT payload.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/bytes.h"

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

/// What the framer found: either one whole TPKT (frame = its COTP part), or bytes it had to skip.
struct TpktEvent {
  bool is_frame = false;
  Bytes cotp;  // valid during the callback only
  TpktError error = TpktError::BadVersion;
  std::size_t skipped = 0;  // bytes discarded (error events)
};

/// Receives what the framer finds.
class TpktHandler {
 public:
  virtual void on_tpkt(const TpktEvent& ev) = 0;

 protected:
  ~TpktHandler() = default;
};

/// Finds TPKT frames in one direction of a TCP stream: several per segment, split across
/// segments, and resynchronised after a gap or after bytes that are not TPKT.
class TpktFramer {
 public:
  /// Takes stream bytes and reports every complete frame and every skipped run in order. Whole
  /// frames are passed straight from `data`; only an incomplete tail is copied and held.
  void push(Bytes data, TpktHandler& out);
  /// The same with any callable taking a `const TpktEvent&`.
  template <typename F>
  requires std::invocable<F&, const TpktEvent&>
  void push(Bytes data, F&& out) {
    struct Adapter final : TpktHandler {
      explicit Adapter(F& f) : f_(f) {}
      void on_tpkt(const TpktEvent& ev) override { f_(ev); }
      F& f_;
    } adapter(out);
    push(data, static_cast<TpktHandler&>(adapter));
  }
  /// Bytes were lost: drop the partial frame and look for the next frame start.
  void on_gap();
  /// The flow was picked up mid-stream: the first bytes may be the tail of a frame.
  void start_mid_stream() {
    resync_ = true;
    resync_reason_ = TpktError::MidStream;
  }
  /// Bytes held waiting for the rest of a frame.
  std::size_t buffered() const { return buf_.size(); }

 private:
  /// Reports what `bytes` holds; returns how many bytes it consumed.
  std::size_t drain(Bytes bytes, TpktHandler& out);

  std::vector<std::uint8_t> buf_;
  bool resync_ = false;
  // Why the framer is resynchronising: a gap, or a header that was not TPKT.
  TpktError resync_reason_ = TpktError::Resync;
};

/// Does a frame plausibly start at `at`? Checks the TPKT header and, as far as the bytes go,
/// the COTP header and the protocol id after a DT header. Used to resynchronise and by the probe.
enum class FrameStart : std::uint8_t { Yes, No, NeedMore };
FrameStart frame_start(Bytes bytes);

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
