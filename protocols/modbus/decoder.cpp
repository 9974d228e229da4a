#include "protocols/modbus/decoder.h"

#include <string>
#include <utility>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/umas.h"

namespace otscope::modbus {
namespace {

// Limits from the specification (V1.1b3, section 6).
constexpr std::uint16_t kMaxReadBits = 2000;           // 6.1, 6.2: Read Coils / Discrete Inputs
constexpr std::uint16_t kMaxReadRegisters = 125;       // 6.3, 6.4, 6.17 (read part)
constexpr std::uint16_t kMaxWriteBits = 1968;          // 6.11: Write Multiple Coils
constexpr std::uint16_t kMaxWriteRegisters = 123;      // 6.12: Write Multiple Registers
constexpr std::uint16_t kMaxReadWriteRegisters = 121;  // 6.17: Read/Write (write part)
constexpr std::uint16_t kMaxFifoCount = 31;            // 6.18: Read FIFO Queue
constexpr std::uint16_t kMaxRecordNumber = 0x270F;     // 6.14, 6.15: file record number
constexpr std::uint8_t kFileReferenceType = 6;         // 6.14, 6.15: file record reference type
// Byte counts from the specification.
constexpr std::uint16_t kMaxReadBitsBytes = (kMaxReadBits + 7) / 8;  // 6.1, 6.2: 250 bytes of bits
constexpr std::size_t kReadExceptionStatusBytes = 1;  // 6.7: one byte of output status
constexpr std::size_t kDiagnosticDataBytes = 2;       // 6.8.1: one data word per sub-function
constexpr std::uint8_t kEventLogHeaderBytes = 6;      // 6.10: status, event and message counts
constexpr std::uint8_t kMaxEventLogEvents = 64;       // 6.10: 0..64 event bytes
constexpr std::uint8_t kFileSubRequestBytes = 7;      // 6.14: reference type, file, record, length
constexpr std::uint8_t kMaxFileReadBytes = 0xF5;      // 6.14: read request / response byte count
constexpr std::uint8_t kMinFileWriteBytes = 0x09;     // 6.15: one sub-request of one register
constexpr std::uint8_t kMaxFileWriteBytes = 0xFB;     // 6.15: write request / response byte count

// always_inline (here, in session.cpp and describe.h): the parsing of the common functions and
// the session's request bookkeeping are inlined into the code every ADU runs through.
// bench: analyze --no-db on bench/out/ics-bench.pcap, -1.2 % instructions (+1.1 % wall without
// it, within noise: median of 61 paired runs, 2-core VM).

// The text of decode errors is built only on the error paths.
std::string hex_text(std::uint32_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kDigits[(value >> (4 * i)) & 0xf]);
  return out;
}

std::string range_text(std::uint32_t value, std::uint32_t lo, std::uint32_t hi) {
  return std::to_string(value) + " outside " + std::to_string(lo) + ".." + std::to_string(hi);
}

/// Sets the detail of an error and returns it.
DecodeError failed(std::string& detail, DecodeError e, std::string text) {
  detail = std::move(text);
  return e;
}

/// Decoding state of one PDU: the reader over the bytes after the function code, the message
/// being filled and the detail of the first error.
class PduParser {
 public:
  PduParser(Bytes body, Adu& adu, std::string& detail) : r_(body), adu_(adu), detail_(detail) {}

  [[gnu::always_inline]] DecodeError request() {
    switch (static_cast<FunctionCode>(adu_.function)) {
      case FunctionCode::ReadCoils:
      case FunctionCode::ReadDiscreteInputs:
        return read_request(kMaxReadBits);
      case FunctionCode::ReadHoldingRegisters:
      case FunctionCode::ReadInputRegisters:
        return read_request(kMaxReadRegisters);
      case FunctionCode::WriteSingleCoil:
      case FunctionCode::WriteSingleRegister:
        return single_write();
      case FunctionCode::ReadExceptionStatus:
      case FunctionCode::GetCommEventCounter:
      case FunctionCode::GetCommEventLog:
      case FunctionCode::ReportServerId:
        return DecodeError::None;  // no data in the request
      case FunctionCode::Diagnostics:
        return diagnostics();
      case FunctionCode::WriteMultipleCoils:
        return write_multiple_coils_request();
      case FunctionCode::WriteMultipleRegisters:
        return write_multiple_registers_request();
      case FunctionCode::ReadFileRecord:
        return read_file_record_request();
      case FunctionCode::WriteFileRecord:
        return write_file_record();
      case FunctionCode::MaskWriteRegister:
        return mask_write();
      case FunctionCode::ReadWriteMultipleRegisters:
        return read_write_request();
      case FunctionCode::ReadFifoQueue:
        return word(adu_.address);
      case FunctionCode::EncapsulatedInterfaceTransport:
        return mei_request();
      default:
        return adu_.function == kUmasFunction ? umas(false) : raw_rest();
    }
  }

  [[gnu::always_inline]] DecodeError response() {
    switch (static_cast<FunctionCode>(adu_.function)) {
      case FunctionCode::ReadCoils:
      case FunctionCode::ReadDiscreteInputs:
        return read_bits_response();
      case FunctionCode::ReadHoldingRegisters:
      case FunctionCode::ReadInputRegisters:
      case FunctionCode::ReadWriteMultipleRegisters:
        return read_registers_response();
      case FunctionCode::WriteSingleCoil:
      case FunctionCode::WriteSingleRegister:
        return single_write();
      case FunctionCode::ReadExceptionStatus:
        return raw_exact(kReadExceptionStatusBytes);
      case FunctionCode::Diagnostics:
        return diagnostics();
      case FunctionCode::GetCommEventCounter:
        return comm_event_counter();
      case FunctionCode::GetCommEventLog:
        return comm_event_log();
      case FunctionCode::WriteMultipleCoils:
        return write_multiple_response(kMaxWriteBits);
      case FunctionCode::WriteMultipleRegisters:
        return write_multiple_response(kMaxWriteRegisters);
      case FunctionCode::ReportServerId:
        return report_server_id();
      case FunctionCode::ReadFileRecord:
        return read_file_record_response();
      case FunctionCode::WriteFileRecord:
        return write_file_record();
      case FunctionCode::MaskWriteRegister:
        return mask_write();
      case FunctionCode::ReadFifoQueue:
        return fifo_response();
      case FunctionCode::EncapsulatedInterfaceTransport:
        return mei_response();
      default:
        return adu_.function == kUmasFunction ? umas(true) : raw_rest();
    }
  }

  DecodeError exception() {
    if (!r_.u8(adu_.exception_code)) return fail(DecodeError::PduTooShort, "no exception code");
    return DecodeError::None;
  }

  /// Bytes the function's layout left unread are an error of their own.
  [[gnu::always_inline]] DecodeError finish(DecodeError e) {
    if (e != DecodeError::None) return e;
    if (!r_.empty()) {
      return fail(DecodeError::PduTooLong, std::to_string(r_.remaining()) + " unexpected bytes");
    }
    return DecodeError::None;
  }

 private:
  DecodeError fail(DecodeError e, std::string detail) {
    return failed(detail_, e, std::move(detail));
  }
  DecodeError short_pdu() { return fail(DecodeError::PduTooShort, "PDU ends inside its fields"); }

  [[gnu::always_inline]] DecodeError word(std::uint16_t& out) {
    return r_.be16(out) ? DecodeError::None : short_pdu();
  }

  [[gnu::always_inline]] DecodeError quantity(std::uint16_t q, std::uint16_t max,
                                              const char* what) {
    if (q < 1 || q > max) {
      return fail(DecodeError::QuantityOutOfRange, std::string(what) + " " + range_text(q, 1, max));
    }
    return DecodeError::None;
  }

  /// A byte count followed by exactly that many bytes, which must end the PDU.
  [[gnu::always_inline]] DecodeError counted_bytes(std::size_t count, Bytes& out) {
    if (r_.remaining() < count) {
      return fail(DecodeError::PduTooShort, "byte count " + std::to_string(count) + " but " +
                                                std::to_string(r_.remaining()) + " bytes follow");
    }
    if (r_.remaining() > count) {
      return fail(DecodeError::PduTooLong, "byte count " + std::to_string(count) + " but " +
                                               std::to_string(r_.remaining()) + " bytes follow");
    }
    r_.take(count, out);
    return DecodeError::None;
  }

  // Fills `out` in place, so a reused result keeps its storage.
  static void words(Bytes bytes, std::vector<std::uint16_t>& out) {
    ByteReader(bytes).be16_words(bytes.size() / 2, out);
  }
  // Every caller has checked the count against a limit of the specification, within capacity.
  [[gnu::always_inline]] DecodeError words(Bytes bytes, RegisterValues& out) {
    if (out.assign_be16(bytes)) return DecodeError::None;
    return fail(DecodeError::ByteCountMismatch,
                std::to_string(bytes.size() / 2) + " registers, more than a PDU holds");
  }

  [[gnu::always_inline]] DecodeError read_request(std::uint16_t max) {
    if (auto e = word(adu_.address); e != DecodeError::None) return e;
    if (auto e = word(adu_.quantity); e != DecodeError::None) return e;
    return quantity(adu_.quantity, max, "quantity");
  }

  DecodeError single_write() {
    if (auto e = word(adu_.address); e != DecodeError::None) return e;
    if (auto e = word(adu_.value); e != DecodeError::None) return e;
    adu_.quantity = 1;
    if (adu_.function == code(FunctionCode::WriteSingleCoil) && adu_.value != kCoilOn &&
        adu_.value != kCoilOff) {
      return fail(DecodeError::InvalidCoilValue,
                  "coil value " + hex_text(adu_.value, 4) + " is neither ON nor OFF");
    }
    if (adu_.function == code(FunctionCode::WriteSingleRegister)) {
      adu_.registers.push_back(adu_.value);
    }
    return DecodeError::None;
  }

  DecodeError diagnostics() {
    if (auto e = word(adu_.sub_function); e != DecodeError::None) return e;
    Bytes rest = r_.rest();
    r_.skip(rest.size());
    adu_.data.assign(rest.begin(), rest.end());
    // Return Query Data echoes any data and Modbus Plus statistics carry a block; every other
    // defined sub-function has exactly one data word (0x0000, 0xFF00, a delimiter or a counter).
    bool one_word =
        adu_.sub_function != code(DiagnosticSubFunction::ReturnQueryData) &&
        adu_.sub_function != code(DiagnosticSubFunction::GetClearModbusPlusStatistics) &&
        diagnostic_is_defined(adu_.sub_function);
    if (one_word && rest.size() != kDiagnosticDataBytes) {
      return fail(DecodeError::InvalidDiagnosticData,
                  std::string(diagnostic_name(adu_.sub_function)) + " with " +
                      std::to_string(rest.size()) + " data bytes instead of " +
                      std::to_string(kDiagnosticDataBytes));
    }
    if (rest.size() >= kDiagnosticDataBytes)
      adu_.value = static_cast<std::uint16_t>(rest[0] << 8 | rest[1]);
    return DecodeError::None;
  }

  DecodeError write_multiple_coils_request() {
    if (auto e = read_request(kMaxWriteBits); e != DecodeError::None) return e;
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    Bytes bits;
    if (auto e = counted_bytes(count, bits); e != DecodeError::None) return e;
    std::size_t expected = (adu_.quantity + 7u) / 8u;
    if (count != expected) {
      return fail(DecodeError::ByteCountMismatch, "byte count " + std::to_string(count) + " for " +
                                                      std::to_string(adu_.quantity) + " coils");
    }
    adu_.bits.assign(bits.begin(), bits.end());
    return DecodeError::None;
  }

  DecodeError write_multiple_registers_request() {
    if (auto e = read_request(kMaxWriteRegisters); e != DecodeError::None) return e;
    return register_values(adu_.quantity);
  }

  /// Byte count + 2*quantity bytes of register values, ending the PDU.
  DecodeError register_values(std::uint16_t qty) {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    Bytes values;
    if (auto e = counted_bytes(count, values); e != DecodeError::None) return e;
    if (count != 2u * qty) {
      return fail(DecodeError::ByteCountMismatch, "byte count " + std::to_string(count) + " for " +
                                                      std::to_string(qty) + " registers");
    }
    return words(values, adu_.registers);
  }

  DecodeError read_write_request() {
    if (auto e = read_request(kMaxReadRegisters); e != DecodeError::None) return e;
    if (auto e = word(adu_.write_address); e != DecodeError::None) return e;
    if (auto e = word(adu_.write_quantity); e != DecodeError::None) return e;
    if (auto e = quantity(adu_.write_quantity, kMaxReadWriteRegisters, "write quantity");
        e != DecodeError::None) {
      return e;
    }
    return register_values(adu_.write_quantity);
  }

  DecodeError mask_write() {
    if (auto e = word(adu_.address); e != DecodeError::None) return e;
    if (auto e = word(adu_.and_mask); e != DecodeError::None) return e;
    adu_.quantity = 1;
    return word(adu_.or_mask);
  }

  DecodeError read_bits_response() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    if (count < 1 || count > kMaxReadBitsBytes) {
      return fail(DecodeError::InvalidByteCount,
                  "byte count " + range_text(count, 1, kMaxReadBitsBytes));
    }
    Bytes bits;
    if (auto e = counted_bytes(count, bits); e != DecodeError::None) return e;
    adu_.bits.assign(bits.begin(), bits.end());
    return DecodeError::None;
  }

  [[gnu::always_inline]] DecodeError read_registers_response() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    if (count < 2 || count > 2 * kMaxReadRegisters || count % 2 != 0) {
      return fail(DecodeError::InvalidByteCount, "register byte count " + std::to_string(count) +
                                                     " is not an even 2.." +
                                                     std::to_string(2 * kMaxReadRegisters));
    }
    Bytes values;
    if (auto e = counted_bytes(count, values); e != DecodeError::None) return e;
    adu_.quantity = static_cast<std::uint16_t>(count / 2);
    return words(values, adu_.registers);
  }

  DecodeError write_multiple_response(std::uint16_t max) {
    if (auto e = word(adu_.address); e != DecodeError::None) return e;
    if (auto e = word(adu_.quantity); e != DecodeError::None) return e;
    return quantity(adu_.quantity, max, "quantity");
  }

  DecodeError comm_event_counter() {
    if (auto e = word(adu_.status); e != DecodeError::None) return e;
    return word(adu_.event_count);
  }

  DecodeError comm_event_log() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    // Status, event count and message count then up to 64 event bytes.
    if (count < kEventLogHeaderBytes || count > kEventLogHeaderBytes + kMaxEventLogEvents) {
      return fail(DecodeError::InvalidByteCount,
                  "event log byte count " + range_text(count, kEventLogHeaderBytes,
                                                       kEventLogHeaderBytes + kMaxEventLogEvents));
    }
    Bytes body;
    if (auto e = counted_bytes(count, body); e != DecodeError::None) return e;
    ByteReader b(body);
    b.be16(adu_.status);
    b.be16(adu_.event_count);
    b.be16(adu_.message_count);
    Bytes events = b.rest();
    adu_.data.assign(events.begin(), events.end());
    return DecodeError::None;
  }

  DecodeError report_server_id() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    // Server id (device specific) and run indicator: at least one byte.
    if (count < 1) return fail(DecodeError::InvalidByteCount, "empty server id");
    Bytes body;
    if (auto e = counted_bytes(count, body); e != DecodeError::None) return e;
    adu_.data.assign(body.begin(), body.end());
    return DecodeError::None;
  }

  DecodeError record_header(ByteReader& r, FileRecord& rec) {
    std::uint8_t ref = 0;
    if (!r.u8(ref) || !r.be16(rec.file) || !r.be16(rec.record) || !r.be16(rec.length)) {
      return fail(DecodeError::ByteCountMismatch, "file record sub-request overruns byte count");
    }
    if (ref != kFileReferenceType) {
      return fail(DecodeError::InvalidReferenceType, "reference type " + std::to_string(ref) +
                                                         " instead of " +
                                                         std::to_string(kFileReferenceType));
    }
    if (rec.record > kMaxRecordNumber) {
      return fail(DecodeError::InvalidRecordNumber,
                  "record number " + range_text(rec.record, 0, kMaxRecordNumber));
    }
    return DecodeError::None;
  }

  DecodeError read_file_record_request() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    if (count < kFileSubRequestBytes || count > kMaxFileReadBytes ||
        count % kFileSubRequestBytes != 0) {
      return fail(DecodeError::InvalidByteCount, "file request byte count " +
                                                     std::to_string(count) + " not a multiple of " +
                                                     std::to_string(kFileSubRequestBytes) + " in " +
                                                     std::to_string(kFileSubRequestBytes) + ".." +
                                                     std::to_string(kMaxFileReadBytes));
    }
    Bytes body;
    if (auto e = counted_bytes(count, body); e != DecodeError::None) return e;
    ByteReader b(body);
    while (!b.empty()) {
      FileRecord rec;
      if (auto e = record_header(b, rec); e != DecodeError::None) return e;
      adu_.file_records.push_back(std::move(rec));
    }
    return DecodeError::None;
  }

  // Request and response of 21 have the same layout (the response echoes the request).
  DecodeError write_file_record() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    if (count < kMinFileWriteBytes || count > kMaxFileWriteBytes) {
      return fail(
          DecodeError::InvalidByteCount,
          "file write byte count " + range_text(count, kMinFileWriteBytes, kMaxFileWriteBytes));
    }
    Bytes body;
    if (auto e = counted_bytes(count, body); e != DecodeError::None) return e;
    ByteReader b(body);
    while (!b.empty()) {
      FileRecord rec;
      if (auto e = record_header(b, rec); e != DecodeError::None) return e;
      Bytes values;
      if (!b.take(2u * rec.length, values)) {
        return fail(DecodeError::ByteCountMismatch,
                    "record of " + std::to_string(rec.length) + " registers overruns byte count");
      }
      words(values, rec.values);
      adu_.file_records.push_back(std::move(rec));
    }
    return DecodeError::None;
  }

  DecodeError read_file_record_response() {
    std::uint8_t count = 0;
    if (!r_.u8(count)) return short_pdu();
    if (count < 1 || count > kMaxFileReadBytes) {
      return fail(DecodeError::InvalidByteCount,
                  "file response byte count " + range_text(count, 1, kMaxFileReadBytes));
    }
    Bytes body;
    if (auto e = counted_bytes(count, body); e != DecodeError::None) return e;
    ByteReader b(body);
    while (!b.empty()) {
      std::uint8_t length = 0;
      std::uint8_t ref = 0;
      b.u8(length);
      // The sub-response length counts the reference type and 2 bytes per register.
      if (length < 1 || (length - 1) % 2 != 0) {
        return fail(DecodeError::InvalidRecordLength,
                    "file sub-response length " + std::to_string(length) + " is not 1 + 2n");
      }
      if (!b.u8(ref)) {
        return fail(DecodeError::ByteCountMismatch, "file sub-response overruns byte count");
      }
      if (ref != kFileReferenceType) {
        return fail(DecodeError::InvalidReferenceType, "reference type " + std::to_string(ref) +
                                                           " instead of " +
                                                           std::to_string(kFileReferenceType));
      }
      Bytes values;
      if (!b.take(length - 1u, values)) {
        return fail(DecodeError::ByteCountMismatch, "file sub-response overruns byte count");
      }
      FileRecord rec;
      rec.length = static_cast<std::uint16_t>((length - 1) / 2);
      words(values, rec.values);
      adu_.file_records.push_back(std::move(rec));
    }
    return DecodeError::None;
  }

  DecodeError fifo_response() {
    std::uint16_t count = 0;
    std::uint16_t fifo = 0;
    if (auto e = word(count); e != DecodeError::None) return e;
    if (auto e = word(fifo); e != DecodeError::None) return e;
    if (fifo > kMaxFifoCount) {
      return fail(DecodeError::FifoCountTooLarge,
                  "FIFO count " + range_text(fifo, 0, kMaxFifoCount));
    }
    if (count != 2u + 2u * fifo) {
      return fail(DecodeError::ByteCountMismatch, "byte count " + std::to_string(count) +
                                                      " for FIFO count " + std::to_string(fifo));
    }
    Bytes values;
    if (auto e = counted_bytes(2u * fifo, values); e != DecodeError::None) return e;
    adu_.quantity = fifo;
    return words(values, adu_.registers);
  }

  DecodeError read_device_id_code() {
    if (!r_.u8(adu_.read_device_id_code)) return short_pdu();
    if (adu_.read_device_id_code < code(ReadDeviceIdCode::Basic) ||
        adu_.read_device_id_code > code(ReadDeviceIdCode::Individual)) {
      return fail(DecodeError::InvalidReadDeviceIdCode,
                  "read device id code " + range_text(adu_.read_device_id_code,
                                                      code(ReadDeviceIdCode::Basic),
                                                      code(ReadDeviceIdCode::Individual)));
    }
    return DecodeError::None;
  }

  DecodeError mei_request() {
    if (!r_.u8(adu_.mei_type)) return short_pdu();
    if (adu_.mei_type != kMeiReadDeviceIdentification) return raw_rest();
    if (auto e = read_device_id_code(); e != DecodeError::None) return e;
    if (!r_.u8(adu_.object_id)) return short_pdu();
    return DecodeError::None;
  }

  DecodeError mei_response() {
    if (!r_.u8(adu_.mei_type)) return short_pdu();
    if (adu_.mei_type != kMeiReadDeviceIdentification) return raw_rest();
    if (auto e = read_device_id_code(); e != DecodeError::None) return e;
    std::uint8_t more = 0;
    std::uint8_t count = 0;
    if (!r_.u8(adu_.conformity_level) || !r_.u8(more) || !r_.u8(adu_.next_object_id) ||
        !r_.u8(count)) {
      return short_pdu();
    }
    if (more != kNoMoreFollows && more != kMoreFollows) {
      return fail(DecodeError::InvalidMoreFollows, "more follows " + hex_text(more, 2));
    }
    adu_.more_follows = more == kMoreFollows;
    for (std::uint8_t i = 0; i < count; ++i) {
      DeviceIdObject obj;
      std::uint8_t length = 0;
      Bytes value;
      if (!r_.u8(obj.id) || !r_.u8(length) || !r_.take(length, value)) {
        return fail(DecodeError::PduTooShort, "device id object " + std::to_string(i + 1) + " of " +
                                                  std::to_string(count) + " overruns the PDU");
      }
      obj.value = printable_string(value);
      adu_.objects.push_back(std::move(obj));
    }
    if (!adu_.objects.empty()) adu_.object_id = adu_.objects.front().id;
    return DecodeError::None;
  }

  DecodeError umas(bool is_response) {
    Bytes body = r_.rest();
    r_.skip(body.size());
    UmasFields f;
    switch (split_umas(body, is_response, f, detail_)) {
      case UmasError::TooShort:
        return DecodeError::UmasTooShort;
      case UmasError::InvalidStatus:
        return DecodeError::UmasInvalidStatus;
      case UmasError::None:
        break;
    }
    adu_.umas_key = f.session_key;
    adu_.umas_code = f.code;
    adu_.umas_status = f.status;
    adu_.data.assign(f.data.begin(), f.data.end());
    return DecodeError::None;
  }

  DecodeError raw_rest() {
    Bytes rest = r_.rest();
    r_.skip(rest.size());
    adu_.data.assign(rest.begin(), rest.end());
    return DecodeError::None;
  }

  DecodeError raw_exact(std::size_t n) {
    Bytes bytes;
    if (!r_.take(n, bytes)) return short_pdu();
    adu_.data.assign(bytes.begin(), bytes.end());
    return DecodeError::None;
  }

  ByteReader r_;
  Adu& adu_;
  std::string& detail_;
};

}  // namespace

std::string_view to_string(DecodeError e) {
  switch (e) {
    case DecodeError::None:
      return "none";
    case DecodeError::AduTooShort:
      return "adu_too_short";
    case DecodeError::InvalidProtocolId:
      return "invalid_protocol_id";
    case DecodeError::InvalidLength:
      return "invalid_length";
    case DecodeError::LengthMismatch:
      return "length_mismatch";
    case DecodeError::InvalidFunction:
      return "invalid_function";
    case DecodeError::ExceptionInRequest:
      return "exception_in_request";
    case DecodeError::PduTooShort:
      return "pdu_too_short";
    case DecodeError::PduTooLong:
      return "pdu_too_long";
    case DecodeError::QuantityOutOfRange:
      return "quantity_out_of_range";
    case DecodeError::ByteCountMismatch:
      return "byte_count_mismatch";
    case DecodeError::InvalidByteCount:
      return "invalid_byte_count";
    case DecodeError::InvalidCoilValue:
      return "invalid_coil_value";
    case DecodeError::InvalidDiagnosticData:
      return "invalid_diagnostic_data";
    case DecodeError::InvalidReferenceType:
      return "invalid_reference_type";
    case DecodeError::InvalidRecordNumber:
      return "invalid_record_number";
    case DecodeError::InvalidRecordLength:
      return "invalid_record_length";
    case DecodeError::InvalidReadDeviceIdCode:
      return "invalid_read_device_id_code";
    case DecodeError::InvalidMoreFollows:
      return "invalid_more_follows";
    case DecodeError::FifoCountTooLarge:
      return "fifo_count_too_large";
    case DecodeError::UmasTooShort:
      return "umas_too_short";
    case DecodeError::UmasInvalidStatus:
      return "umas_invalid_status";
  }
  return "unknown";
}

namespace {
// The body of decode_pdu(), which decode_adu() calls too.
[[gnu::always_inline]] inline DecodeError pdu_into(Bytes pdu, bool is_response, Adu& out,
                                                   std::string& detail) {
  ByteReader r(pdu);
  std::uint8_t code = 0;
  out.response = is_response;
  if (!r.u8(code)) return failed(detail, DecodeError::AduTooShort, "no function code");
  out.function = static_cast<std::uint8_t>(code & ~kExceptionBit);
  out.exception = (code & kExceptionBit) != 0;
  if (out.function == kInvalidFunction) {
    return failed(detail, DecodeError::InvalidFunction, "function code " + hex_text(code, 2));
  }
  PduParser parser(r.rest(), out, detail);
  if (out.exception) {
    if (!is_response) {
      return failed(detail, DecodeError::ExceptionInRequest,
                    "function code " + hex_text(code, 2) + " in a request");
    }
    return parser.finish(parser.exception());
  }
  return parser.finish(is_response ? parser.response() : parser.request());
}
}  // namespace

DecodeError decode_pdu(Bytes pdu, bool is_response, Adu& out, std::string& detail) {
  return pdu_into(pdu, is_response, out, detail);
}

DecodeResult decode_adu(Bytes adu, bool is_response) {
  DecodeResult result;
  decode_adu(adu, is_response, result);
  return result;
}

void decode_adu(Bytes adu, bool is_response, DecodeResult& result) {
  // Start from a clean result but keep the vectors' storage.
  Adu& fresh = result.adu;
  static_cast<AduFields&>(fresh) = AduFields{};
  fresh.registers.clear();
  fresh.bits.clear();
  fresh.file_records.clear();
  fresh.objects.clear();
  fresh.data.clear();
  result.error = DecodeError::None;
  result.detail.clear();
  result.adu.response = is_response;
  if (adu.size() < kMbapSize + 1 || !read_mbap(adu, result.adu.header)) {
    result.error = failed(result.detail, DecodeError::AduTooShort,
                          std::to_string(adu.size()) + " bytes, fewer than MBAP header + function");
    return;
  }
  const MbapHeader& h = result.adu.header;
  if (h.protocol_id != kModbusProtocolId) {
    result.error = failed(result.detail, DecodeError::InvalidProtocolId,
                          "protocol id " + std::to_string(h.protocol_id));
    return;
  }
  if (h.length < kMinMbapLength || h.length > kMaxMbapLength) {
    result.error = failed(result.detail, DecodeError::InvalidLength,
                          "MBAP length " + range_text(h.length, kMinMbapLength, kMaxMbapLength));
    return;
  }
  if (adu.size() != adu_size(h)) {
    result.error = failed(result.detail, DecodeError::LengthMismatch,
                          "MBAP length " + std::to_string(h.length) + " but " +
                              std::to_string(adu.size() - (kMbapSize - 1)) + " bytes follow it");
    return;
  }
  result.error = pdu_into(adu.subspan(kMbapSize), is_response, result.adu, result.detail);
  return;
}

}  // namespace otscope::modbus
