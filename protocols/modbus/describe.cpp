#include "protocols/modbus/describe.h"

#include <span>
#include <string>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/umas.h"

namespace otscope::modbus {
namespace {

// Summaries are evidence lines, not dumps: long value lists are cut.
constexpr std::size_t kMaxListedValues = 16;
constexpr std::size_t kMaxListedBytes = 32;

std::string hex16(std::uint16_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kDigits[(v >> shift) & 0xf]);
  return out;
}

std::string span_text(std::string_view space, std::uint32_t start, std::uint32_t count) {
  std::string out(space);
  out += ' ' + std::to_string(start);
  if (count != 1) out += ".." + std::to_string(start + count - 1);
  out += " (" + std::to_string(count) + ")";
  return out;
}

std::string register_list(std::span<const std::uint16_t> values) {
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < kMaxListedValues; ++i) {
    if (i) out += ", ";
    out += std::to_string(values[i]);
  }
  if (values.size() > kMaxListedValues) out += ", ...";
  return out;
}

/// Bits as 0/1 in wire order: each byte least significant bit first, `count` bits when known.
std::string bit_list(const std::vector<std::uint8_t>& bytes, std::size_t count) {
  if (count == 0) count = bytes.size() * 8;
  std::size_t shown = count < kMaxListedValues * 4 ? count : kMaxListedValues * 4;
  std::string out;
  for (std::size_t i = 0; i < shown && i / 8 < bytes.size(); ++i) {
    if (i && i % 8 == 0) out += ' ';
    out += (bytes[i / 8] >> (i % 8)) & 1 ? '1' : '0';
  }
  if (shown < count) out += " ...";
  return out;
}

std::string data_text(const std::vector<std::uint8_t>& data) {
  std::string out = std::to_string(data.size()) + " data bytes";
  if (!data.empty()) out += " " + to_hex(Bytes(data.data(), data.size()), kMaxListedBytes);
  return out;
}

std::string file_records_text(const std::vector<FileRecord>& records, bool with_address) {
  std::string out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const FileRecord& r = records[i];
    if (i) out += "; ";
    if (with_address) {
      out += "file " + std::to_string(r.file) + " record " + std::to_string(r.record) + " (" +
             std::to_string(r.length) + " registers)";
    } else {
      out += std::to_string(r.length) + " registers";
    }
    if (!r.values.empty()) out += " = " + register_list(r.values);
  }
  return out;
}

std::string device_id_text(const Adu& adu) {
  std::string out(read_device_id_code_name(adu.read_device_id_code));
  if (!adu.response) return out + " from object " + std::to_string(adu.object_id);
  out += ", conformity " + hex16(adu.conformity_level) + ", " + std::to_string(adu.objects.size()) +
         " objects";
  for (std::size_t i = 0; i < adu.objects.size(); ++i) {
    out += i ? ", " : ": ";
    out +=
        std::string(device_id_object_name(adu.objects[i].id)) + "=\"" + adu.objects[i].value + "\"";
  }
  if (adu.more_follows) out += "; more follows from object " + std::to_string(adu.next_object_id);
  return out;
}

std::string hex8(std::uint8_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[v >> 4] + kDigits[v & 0xf];
}

/// "UMAS STOP_PLC (0x41), session key 0x00, 2 data bytes 0000"; a response says OK or error and
/// shows the text it carries.
std::string umas_text_of(const Adu& adu, int umas_code) {
  std::string out;
  if (!adu.response) {
    out = std::string(umas_code_info(adu.umas_code).name) + " (" + hex8(adu.umas_code) + ")";
  } else {
    out = umas_code >= 0 ? std::string(umas_code_info(static_cast<std::uint8_t>(umas_code)).name)
                         : std::string("UMAS");
    out += adu.umas_status == kUmasStatusOk ? " OK" : " error";
  }
  out += ", session key " + hex8(adu.umas_key) + ", " + data_text(adu.data);
  if (adu.response) {
    const std::string text = umas_text(Bytes(adu.data.data(), adu.data.size()));
    if (!text.empty()) out += " \"" + text + "\"";
  }
  return out;
}

std::string body_text(const Adu& adu) {
  std::string_view space = address_space(adu.function);
  const bool rsp = adu.response;
  switch (static_cast<FunctionCode>(adu.function)) {
    case FunctionCode::ReadCoils:
    case FunctionCode::ReadDiscreteInputs:
      if (rsp) return std::to_string(adu.bits.size()) + " bytes of bits " + bit_list(adu.bits, 0);
      return span_text(space, adu.address, adu.quantity);
    case FunctionCode::ReadHoldingRegisters:
    case FunctionCode::ReadInputRegisters:
      if (rsp) {
        return std::to_string(adu.registers.size()) + " registers: " + register_list(adu.registers);
      }
      return span_text(space, adu.address, adu.quantity);
    case FunctionCode::WriteSingleCoil:
      return span_text(space, adu.address, 1) + " = " + (adu.value == kCoilOn ? "ON" : "OFF");
    case FunctionCode::WriteSingleRegister:
      return span_text(space, adu.address, 1) + " = " + std::to_string(adu.value);
    case FunctionCode::ReadExceptionStatus:
      return rsp && !adu.data.empty() ? "output status " + hex16(adu.data[0]) : "";
    case FunctionCode::Diagnostics: {
      std::string out =
          std::string(diagnostic_name(adu.sub_function)) + " (" + hex16(adu.sub_function) + ")";
      return out + ", " + data_text(adu.data);
    }
    case FunctionCode::GetCommEventCounter:
      if (!rsp) return {};
      return "status " + hex16(adu.status) + ", event count " + std::to_string(adu.event_count);
    case FunctionCode::GetCommEventLog:
      if (!rsp) return {};
      return "status " + hex16(adu.status) + ", event count " + std::to_string(adu.event_count) +
             ", message count " + std::to_string(adu.message_count) + ", " +
             std::to_string(adu.data.size()) + " events";
    case FunctionCode::WriteMultipleCoils:
      if (rsp) return span_text(space, adu.address, adu.quantity) + " written";
      return span_text(space, adu.address, adu.quantity) + " = " + bit_list(adu.bits, adu.quantity);
    case FunctionCode::WriteMultipleRegisters:
      if (rsp) return span_text(space, adu.address, adu.quantity) + " written";
      return span_text(space, adu.address, adu.quantity) + " = " + register_list(adu.registers);
    case FunctionCode::ReportServerId: {
      if (!rsp) return {};
      std::string out = data_text(adu.data);
      std::string text = server_id_text(adu);
      if (!text.empty()) out += " \"" + text + "\"";
      return out;
    }
    case FunctionCode::ReadFileRecord:
      return file_records_text(adu.file_records, !rsp);
    case FunctionCode::WriteFileRecord:
      return file_records_text(adu.file_records, true);
    case FunctionCode::MaskWriteRegister:
      return span_text(space, adu.address, 1) + " AND " + hex16(adu.and_mask) + " OR " +
             hex16(adu.or_mask);
    case FunctionCode::ReadWriteMultipleRegisters:
      if (rsp) {
        return std::to_string(adu.registers.size()) + " registers: " + register_list(adu.registers);
      }
      return "read " + span_text(space, adu.address, adu.quantity) + ", write " +
             span_text(space, adu.write_address, adu.write_quantity) + " = " +
             register_list(adu.registers);
    case FunctionCode::ReadFifoQueue:
      if (rsp) {
        return std::to_string(adu.registers.size()) + " queued: " + register_list(adu.registers);
      }
      return "FIFO pointer " + std::to_string(adu.address);
    case FunctionCode::EncapsulatedInterfaceTransport: {
      std::string out(mei_type_name(adu.mei_type));
      if (adu.mei_type == kMeiReadDeviceIdentification) return out + " " + device_id_text(adu);
      return out + " (MEI " + std::to_string(adu.mei_type) + "), " + data_text(adu.data);
    }
    default:
      return "function " + std::to_string(adu.function) + ", " + data_text(adu.data);
  }
}

}  // namespace

std::string_view address_space(std::uint8_t function) {
  return range_space(function).view();
}

void other_ranges_of(const Adu& adu, RangeList& out) {
  const SpaceName& space = range_space(adu.function);
  switch (static_cast<FunctionCode>(adu.function)) {
    case FunctionCode::ReadWriteMultipleRegisters:
      if (!adu.response) {
        out.push_back({space, adu.address, adu.quantity});
        out.push_back({space, adu.write_address, adu.write_quantity});
      }
      break;
    case FunctionCode::ReadFifoQueue:
      // The FIFO count register; the queue behind it is only known from the response.
      if (!adu.response) out.push_back({space, adu.address, 1});
      break;
    case FunctionCode::ReadFileRecord:
    case FunctionCode::WriteFileRecord:
      if (adu.function == code(FunctionCode::WriteFileRecord) || !adu.response) {
        for (const FileRecord& r : adu.file_records) {
          out.push_back({space, std::uint32_t{r.file} << 16 | r.record, r.length});
        }
      }
      break;
    default:
      if (response_echoes_request(adu.function)) out.push_back({space, adu.address, adu.quantity});
      break;
  }
}

RangeList ranges_of(const Adu& adu) {
  RangeList out;
  ranges_of(adu, out);
  return out;
}

std::string summarize(const Adu& adu) {
  return summarize(adu, -1);
}

std::string summarize(const Adu& adu, int umas_code) {
  FunctionInfo info = function_info(adu.function);
  std::string out = adu.exception ? "exception response" : adu.response ? "response" : "request";
  out += " unit " + std::to_string(adu.header.unit) + " tid " +
         std::to_string(adu.header.transaction_id) + ": ";
  if (adu.function == kUmasFunction && !adu.exception) return out + umas_text_of(adu, umas_code);
  if (adu.function == kUmasFunction && umas_code >= 0) {
    // An exception to a UMAS request: name what was refused.
    info.name = umas_code_info(static_cast<std::uint8_t>(umas_code)).name;
    info.kind = FunctionKind::Public;
  }
  out += std::string(info.name);
  if (info.kind != FunctionKind::Public) out += " " + std::to_string(adu.function);
  if (adu.exception) {
    return out + ", exception " + std::to_string(adu.exception_code) + " " +
           std::string(exception_name(adu.exception_code));
  }
  std::string body = body_text(adu);
  if (!body.empty()) out += " " + body;
  return out;
}

std::string server_id_text(const Adu& adu) {
  if (adu.function != code(FunctionCode::ReportServerId) || !adu.response || adu.exception) {
    return {};
  }
  std::size_t best_start = 0;
  std::size_t best_len = 0;
  std::size_t run_start = 0;
  for (std::size_t i = 0; i <= adu.data.size(); ++i) {
    bool printable = i < adu.data.size() && adu.data[i] >= 0x20 && adu.data[i] < 0x7f;
    if (printable) continue;
    if (i - run_start > best_len) {
      best_start = run_start;
      best_len = i - run_start;
    }
    run_start = i + 1;
  }
  if (best_len < 3) return {};
  return printable_string(Bytes(adu.data.data() + best_start, best_len));
}

}  // namespace otscope::modbus
