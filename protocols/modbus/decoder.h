// Modbus/TCP ADU decoding: a pure function from the bytes of one whole ADU (MBAP header + PDU, as
// cut by the framer) to a decoded message or a specific error. No I/O, no state, no exceptions.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::modbus {

/// MBAP header: transaction id, protocol id (0 for Modbus), length of unit id + PDU, unit id.
struct MbapHeader {
  std::uint16_t transaction_id = 0;
  std::uint16_t protocol_id = 0;
  std::uint16_t length = 0;
  std::uint8_t unit = 0;
};

inline constexpr std::size_t kMbapSize = 7;
/// The MBAP protocol identifier of Modbus (Messaging on TCP/IP Implementation Guide V1.0b).
inline constexpr std::uint16_t kModbusProtocolId = 0;
/// The MBAP length counts the unit id plus the PDU: at least a function code, at most the 253-byte
/// PDU of the specification.
inline constexpr std::uint16_t kMinMbapLength = 2;
inline constexpr std::uint16_t kMaxMbapLength = 254;
inline constexpr std::size_t kMaxAduSize = kMbapSize - 1 + kMaxMbapLength;  // 260

/// Reads the 7 MBAP bytes; false (and `out` untouched) when fewer are there. Does not judge the
/// values. Inline: the framer and the decoder read every ADU's header.
inline bool read_mbap(Bytes bytes, MbapHeader& out) {
  if (bytes.size() < kMbapSize) return false;
  auto be16 = [&bytes](std::size_t i) {
    return static_cast<std::uint16_t>(bytes[i] << 8 | bytes[i + 1]);
  };
  out.transaction_id = be16(0);
  out.protocol_id = be16(2);
  out.length = be16(4);
  out.unit = bytes[6];
  return true;
}
/// Bytes of the ADU whose header is `h`: the MBAP length counts from the unit id on.
inline std::size_t adu_size(const MbapHeader& h) {
  return kMbapSize - 1 + h.length;
}
/// Protocol id 0 and a length in 2..254: a header the framer may cut an ADU by.
inline bool mbap_is_valid(const MbapHeader& h) {
  return h.protocol_id == kModbusProtocolId && h.length >= kMinMbapLength &&
         h.length <= kMaxMbapLength;
}

/// Every reason an ADU cannot be decoded. to_string() gives the stable suffix of the anomaly kind
/// ("modbus.<reason>").
enum class DecodeError : std::uint8_t {
  None,
  AduTooShort,              // fewer than MBAP + function code
  InvalidProtocolId,        // MBAP protocol id is not 0
  InvalidLength,            // MBAP length outside 2..254
  LengthMismatch,           // MBAP length disagrees with the bytes of the ADU
  InvalidFunction,          // function code 0 (or 0x80)
  ExceptionInRequest,       // exception bit set in a request
  PduTooShort,              // fewer bytes than the function's layout needs
  PduTooLong,               // bytes left over after the function's layout
  QuantityOutOfRange,       // quantity of coils/registers outside the specification's limits
  ByteCountMismatch,        // byte count disagrees with the quantity or with the bytes present
  InvalidByteCount,         // byte count outside its allowed range (or odd for registers)
  InvalidCoilValue,         // write single coil value other than 0x0000 / 0xFF00
  InvalidDiagnosticData,    // diagnostics sub-function whose data field is not one word
  InvalidReferenceType,     // file record reference type other than 6
  InvalidRecordNumber,      // file record number above 0x270F
  InvalidRecordLength,      // file record sub-response length that is not 1 + 2n
  InvalidReadDeviceIdCode,  // read device id code outside 1..4
  InvalidMoreFollows,       // read device id "more follows" other than 0x00 / 0xFF
  FifoCountTooLarge,        // FIFO count above 31
  UmasTooShort,             // function 90 (UMAS) without session key and code / status
  UmasInvalidStatus,        // UMAS response status other than 0xFE (OK) / 0xFD (error)
};
std::string_view to_string(DecodeError e);

struct FileRecord {
  std::uint16_t file = 0;
  std::uint16_t record = 0;
  /// Record length in registers.
  std::uint16_t length = 0;
  /// Register values (write requests/responses, read responses).
  std::vector<std::uint16_t> values;
};

struct DeviceIdObject {
  std::uint8_t id = 0;
  /// printable_string() of the object's bytes.
  std::string value;
};

/// One decoded ADU. Which fields are set depends on the function and on request/response; the
/// comment on each says where it comes from.
/// The fixed-size fields of an ADU (see Adu).
struct AduFields {
  MbapHeader header;
  /// Function code without the exception bit.
  std::uint8_t function = 0;
  bool response = false;
  bool exception = false;
  std::uint8_t exception_code = 0;

  /// Starting address: 1-6, 15, 16, 22 (reference address), 23 (read part), 24 (FIFO pointer).
  std::uint16_t address = 0;
  /// Quantity of coils/registers: 1-4 requests, 15/16, 23 (read part); 1 for 5, 6, 22.
  std::uint16_t quantity = 0;
  /// 23: the write part.
  std::uint16_t write_address = 0;
  std::uint16_t write_quantity = 0;
  /// 5 (0x0000 or 0xFF00), 6 (register value), 8 (first data word).
  std::uint16_t value = 0;
  /// 22.
  std::uint16_t and_mask = 0;
  std::uint16_t or_mask = 0;
  /// 8.
  std::uint16_t sub_function = 0;
  /// 11, 12: status word and event counter; 12: message counter.
  std::uint16_t status = 0;
  std::uint16_t event_count = 0;
  std::uint16_t message_count = 0;
  /// 43.
  std::uint8_t mei_type = 0;
  /// 43/14: read device id code, object id (requested, or the first returned), conformity level,
  /// more follows, next object id.
  std::uint8_t read_device_id_code = 0;
  std::uint8_t object_id = 0;
  std::uint8_t conformity_level = 0;
  bool more_follows = false;
  std::uint8_t next_object_id = 0;
  /// 90 (UMAS, see umas.h): the session key; the UMAS code of a request; the status of a
  /// response (0xFE OK, 0xFD error). The bytes after code or status are in `data`.
  std::uint8_t umas_key = 0;
  std::uint8_t umas_code = 0;
  std::uint8_t umas_status = 0;
};

/// The register values of one PDU, held in place: a PDU has room for 125 at most (a read
/// response: 253 bytes less the function code and the byte count), so decoding them takes neither
/// the heap nor a pass that zeroes the storage first. Reads like a vector.
class RegisterValues {
 public:
  static constexpr std::size_t kCapacity = 125;
  using value_type = std::uint16_t;
  using iterator = const std::uint16_t*;
  using const_iterator = const std::uint16_t*;

  RegisterValues() = default;
  RegisterValues(std::initializer_list<std::uint16_t> values) {
    for (std::uint16_t v : values) push_back(v);
  }
  RegisterValues(const RegisterValues& o) : size_(o.size_) {
    std::copy(o.begin(), o.end(), values_.begin());
  }
  RegisterValues& operator=(const RegisterValues& o) {
    size_ = o.size_;
    std::copy(o.begin(), o.end(), values_.begin());
    return *this;
  }
  ~RegisterValues() = default;

  /// The big-endian words of `bytes` (an odd last byte is ignored); false, and nothing kept,
  /// when there are more than kCapacity.
  bool assign_be16(Bytes bytes) {
    const std::size_t count = bytes.size() / 2;
    if (count > kCapacity) {
      size_ = 0;
      return false;
    }
    read_be16_words(bytes.data(), count, values_.data());
    size_ = static_cast<std::uint8_t>(count);
    return true;
  }
  /// Appends a value; false when full.
  bool push_back(std::uint16_t v) {
    if (size_ == kCapacity) return false;
    values_[size_++] = v;
    return true;
  }
  void clear() { size_ = 0; }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::uint16_t* data() const { return values_.data(); }
  const std::uint16_t* begin() const { return values_.data(); }
  const std::uint16_t* end() const { return values_.data() + size_; }
  std::uint16_t operator[](std::size_t i) const { return values_[i]; }
  std::span<const std::uint16_t> span() const { return {begin(), end()}; }
  std::vector<std::uint16_t> to_vector() const { return {begin(), end()}; }

  friend bool operator==(const RegisterValues& a, const RegisterValues& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend bool operator==(const RegisterValues& a, const std::vector<std::uint16_t>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::array<std::uint16_t, kCapacity> values_;  // only the first size_ are ever read
  std::uint8_t size_ = 0;
};

/// One decoded ADU: the fixed fields, then what varies in length.
struct Adu : AduFields {
  /// Register values: 3/4/23 responses, 16 and 23 requests (written values), 24 response, and
  /// the value of 6.
  RegisterValues registers;
  /// Packed bits, least significant bit first: 1/2 responses, 15 requests.
  std::vector<std::uint8_t> bits;
  /// 20, 21.
  std::vector<FileRecord> file_records;
  /// 43/14 objects.
  std::vector<DeviceIdObject> objects;
  /// Bytes without a public layout: 7 output status, 8 data, 12 event bytes, 17 server data,
  /// 43/13 and reserved MEI payloads, user-defined and reserved function payloads, UMAS (90)
  /// data after the code or status.
  std::vector<std::uint8_t> data;
};

struct DecodeResult {
  DecodeError error = DecodeError::None;
  /// Human detail of the error, e.g. "quantity 300 outside 1..125".
  std::string detail;
  /// Filled as far as decoding got: header and function are valid whenever the ADU had them.
  Adu adu;
  bool ok() const { return error == DecodeError::None; }
};

/// Decodes one whole ADU. `is_response` says which side sent it (request and response layouts
/// differ for every function code).
DecodeResult decode_adu(Bytes adu, bool is_response);
/// The same into `result`, whose vectors keep their storage from one ADU to the next (a session
/// decodes every ADU of a connection into one result).
void decode_adu(Bytes adu, bool is_response, DecodeResult& result);

/// Decodes a PDU (function code + data) without the MBAP header; `out.header` is left untouched.
DecodeError decode_pdu(Bytes pdu, bool is_response, Adu& out, std::string& detail);

}  // namespace otscope::modbus
