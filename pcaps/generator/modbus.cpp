#include "pcaps/generator/modbus.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace otscope::pcapgen::modbus {
namespace {

std::uint16_t be16_at(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

}  // namespace

Bytes read_bits_or_registers(FunctionCode fc, std::uint16_t address, std::uint16_t quantity) {
  return ByteWriter(5).u8(wire(fc)).be16(address).be16(quantity).take();
}

Bytes write_single_coil(std::uint16_t address, bool on) {
  return ByteWriter(5)
      .u8(wire(FunctionCode::WriteSingleCoil))
      .be16(address)
      .be16(on ? 0xFF00 : 0x0000)
      .take();
}

Bytes write_single_register(std::uint16_t address, std::uint16_t value) {
  return ByteWriter(5).u8(wire(FunctionCode::WriteSingleRegister)).be16(address).be16(value).take();
}

Bytes write_multiple_coils(std::uint16_t address, const std::vector<bool>& values) {
  ByteWriter w;
  const std::size_t nbytes = (values.size() + 7) / 8;
  w.u8(wire(FunctionCode::WriteMultipleCoils))
      .be16(address)
      .be16(static_cast<unsigned>(values.size()))
      .u8(static_cast<unsigned>(nbytes));
  for (std::size_t b = 0; b < nbytes; ++b) {
    unsigned byte = 0;
    for (std::size_t bit = 0; bit < 8 && b * 8 + bit < values.size(); ++bit) {
      if (values[b * 8 + bit]) byte |= 1u << bit;
    }
    w.u8(byte);
  }
  return w.take();
}

Bytes write_multiple_registers(std::uint16_t address, std::span<const std::uint16_t> values) {
  ByteWriter w;
  w.u8(wire(FunctionCode::WriteMultipleRegisters))
      .be16(address)
      .be16(static_cast<unsigned>(values.size()));
  w.u8(static_cast<unsigned>(values.size() * 2));
  for (std::uint16_t v : values) w.be16(v);
  return w.take();
}

Bytes mask_write_register(std::uint16_t address, std::uint16_t and_mask, std::uint16_t or_mask) {
  return ByteWriter(7)
      .u8(wire(FunctionCode::MaskWriteRegister))
      .be16(address)
      .be16(and_mask)
      .be16(or_mask)
      .take();
}

Bytes read_write_multiple_registers(std::uint16_t read_address, std::uint16_t read_quantity,
                                    std::uint16_t write_address,
                                    std::span<const std::uint16_t> values) {
  ByteWriter w;
  w.u8(wire(FunctionCode::ReadWriteMultipleRegisters))
      .be16(read_address)
      .be16(read_quantity)
      .be16(write_address);
  w.be16(static_cast<unsigned>(values.size())).u8(static_cast<unsigned>(values.size() * 2));
  for (std::uint16_t v : values) w.be16(v);
  return w.take();
}

Bytes read_device_identification(ReadDeviceIdCode read_code, DeviceIdObjectId object_id) {
  return ByteWriter(4)
      .u8(wire(FunctionCode::EncapsulatedInterfaceTransport))
      .u8(kMeiReadDeviceIdentification)
      .u8(wire(read_code))
      .u8(wire(object_id))
      .take();
}

Bytes diagnostics(DiagnosticSubFunction sub_function, std::uint16_t data) {
  return ByteWriter(5)
      .u8(wire(FunctionCode::Diagnostics))
      .be16(wire(sub_function))
      .be16(data)
      .take();
}

Bytes raw_pdu(std::uint8_t fc, std::span<const std::uint8_t> data) {
  return ByteWriter(1 + data.size()).u8(fc).bytes(data).take();
}

Bytes adu(std::uint16_t transaction_id, std::uint8_t unit_id, std::span<const std::uint8_t> pdu) {
  ByteWriter w(7 + pdu.size());
  w.be16(transaction_id).be16(0).be16(static_cast<unsigned>(pdu.size() + 1)).u8(unit_id).bytes(pdu);
  return w.take();
}

Bytes exception_pdu(std::uint8_t fc, ExceptionCode code) {
  return ByteWriter(2).u8(fc | kExceptionBit).u8(wire(code)).take();
}

Device::Device(DeviceIdentity identity, std::vector<FunctionCode> supported_functions,
               std::uint16_t registers, std::uint16_t bits)
    : identity_(std::move(identity)),
      supported_(std::move(supported_functions)),
      holding_(registers, 0),
      input_(registers, 0),
      coils_(bits, false),
      discrete_(bits, false) {}

bool Device::supports(std::uint8_t fc) const {
  return std::find(supported_.begin(), supported_.end(), static_cast<FunctionCode>(fc)) !=
         supported_.end();
}

Bytes Device::read_bits(std::uint8_t fc, const std::vector<bool>& table,
                        std::span<const std::uint8_t> req) {
  if (req.size() != 5) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
  const std::uint16_t address = be16_at(req, 1);
  const std::uint16_t quantity = be16_at(req, 3);
  if (quantity < 1 || quantity > 2000) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
  if (std::size_t{address} + quantity > table.size()) {
    return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
  }
  const std::size_t nbytes = (quantity + 7u) / 8u;
  ByteWriter w(2 + nbytes);
  w.u8(fc).u8(static_cast<unsigned>(nbytes));
  for (std::size_t b = 0; b < nbytes; ++b) {
    unsigned byte = 0;
    for (std::size_t bit = 0; bit < 8 && b * 8 + bit < quantity; ++bit) {
      if (table[address + b * 8 + bit]) byte |= 1u << bit;
    }
    w.u8(byte);
  }
  return w.take();
}

Bytes Device::read_registers(std::uint8_t fc, const std::vector<std::uint16_t>& table,
                             std::span<const std::uint8_t> req) {
  if (req.size() != 5) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
  const std::uint16_t address = be16_at(req, 1);
  const std::uint16_t quantity = be16_at(req, 3);
  if (quantity < 1 || quantity > 125) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
  if (std::size_t{address} + quantity > table.size()) {
    return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
  }
  ByteWriter w(2 + 2u * quantity);
  w.u8(fc).u8(2u * quantity);
  for (std::size_t i = 0; i < quantity; ++i) w.be16(table[address + i]);
  return w.take();
}

Bytes Device::device_identification(std::span<const std::uint8_t> req) {
  constexpr std::uint8_t kFc = wire(FunctionCode::EncapsulatedInterfaceTransport);
  if (req.size() != 4 || req[1] != kMeiReadDeviceIdentification) {
    return exception_pdu(kFc, ExceptionCode::IllegalFunction);
  }
  const std::uint8_t read_code = req[2];
  const std::uint8_t object_id = req[3];
  // Indexed by DeviceIdObjectId.
  const std::string* objects[7] = {&identity_.vendor_name,     &identity_.product_code,
                                   &identity_.revision,        &identity_.vendor_url,
                                   &identity_.product_name,    &identity_.model_name,
                                   &identity_.user_application};
  constexpr std::uint8_t kFirstObject = wire(DeviceIdObjectId::VendorName);
  constexpr std::uint8_t kLastBasic = wire(DeviceIdObjectId::MajorMinorRevision);
  constexpr std::uint8_t kLastRegular = wire(DeviceIdObjectId::UserApplicationName);
  std::uint8_t first = 0;
  std::uint8_t last = 0;
  switch (static_cast<ReadDeviceIdCode>(read_code)) {
    case ReadDeviceIdCode::Basic:  // the mandatory objects
      first = object_id <= kLastBasic ? object_id : kFirstObject;
      last = kLastBasic;
      break;
    // This device has no extended objects, so extended answers like regular.
    case ReadDeviceIdCode::Regular:
    case ReadDeviceIdCode::Extended:
      first = object_id <= kLastRegular ? object_id : kFirstObject;
      last = kLastRegular;
      break;
    case ReadDeviceIdCode::Individual:
      if (object_id > kLastRegular) return exception_pdu(kFc, ExceptionCode::IllegalDataAddress);
      first = object_id;
      last = object_id;
      break;
    default:
      return exception_pdu(kFc, ExceptionCode::IllegalDataValue);
  }
  ByteWriter w;
  // Conformity level 0x82: regular identification, stream and individual access.
  w.u8(kFc).u8(kMeiReadDeviceIdentification).u8(read_code).u8(0x82).u8(0x00).u8(0x00);
  w.u8(static_cast<unsigned>(last - first + 1));
  for (unsigned id = first; id <= last; ++id) {
    w.u8(id).u8(static_cast<unsigned>(objects[id]->size())).ascii(*objects[id]);
  }
  return w.take();
}

Bytes Device::respond(std::span<const std::uint8_t> req) {
  if (req.empty()) return {};
  const std::uint8_t fc = req[0];
  if (!supports(fc)) return exception_pdu(fc, ExceptionCode::IllegalFunction);
  switch (static_cast<FunctionCode>(fc)) {
    case FunctionCode::ReadCoils:
      return read_bits(fc, coils_, req);
    case FunctionCode::ReadDiscreteInputs:
      return read_bits(fc, discrete_, req);
    case FunctionCode::ReadHoldingRegisters:
      return read_registers(fc, holding_, req);
    case FunctionCode::ReadInputRegisters:
      return read_registers(fc, input_, req);
    case FunctionCode::WriteSingleCoil: {
      if (req.size() != 5) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      const std::uint16_t address = be16_at(req, 1);
      const std::uint16_t value = be16_at(req, 3);
      if (value != 0x0000 && value != 0xFF00) {
        return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      }
      if (address >= coils_.size()) return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
      coils_[address] = value == 0xFF00;
      return Bytes(req.begin(), req.end());
    }
    case FunctionCode::WriteSingleRegister: {
      if (req.size() != 5) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      const std::uint16_t address = be16_at(req, 1);
      if (address >= holding_.size()) return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
      holding_[address] = be16_at(req, 3);
      return Bytes(req.begin(), req.end());
    }
    case FunctionCode::WriteMultipleCoils: {
      if (req.size() < 6) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      const std::uint16_t address = be16_at(req, 1);
      const std::uint16_t quantity = be16_at(req, 3);
      if (quantity < 1 || quantity > 1968 || req[5] != (quantity + 7) / 8 ||
          req.size() != 6u + req[5]) {
        return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      }
      if (std::size_t{address} + quantity > coils_.size()) {
        return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
      }
      for (std::size_t i = 0; i < quantity; ++i) {
        coils_[address + i] = (req[6 + i / 8] >> (i % 8)) & 1u;
      }
      return ByteWriter(5).u8(fc).be16(address).be16(quantity).take();
    }
    case FunctionCode::WriteMultipleRegisters: {
      if (req.size() < 6) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      const std::uint16_t address = be16_at(req, 1);
      const std::uint16_t quantity = be16_at(req, 3);
      if (quantity < 1 || quantity > 123 || req[5] != quantity * 2 || req.size() != 6u + req[5]) {
        return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      }
      if (std::size_t{address} + quantity > holding_.size()) {
        return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
      }
      for (std::size_t i = 0; i < quantity; ++i) holding_[address + i] = be16_at(req, 6 + 2 * i);
      return ByteWriter(5).u8(fc).be16(address).be16(quantity).take();
    }
    case FunctionCode::MaskWriteRegister: {
      if (req.size() != 7) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      const std::uint16_t address = be16_at(req, 1);
      if (address >= holding_.size()) return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
      const std::uint16_t and_mask = be16_at(req, 3);
      const std::uint16_t or_mask = be16_at(req, 5);
      holding_[address] =
          static_cast<std::uint16_t>((holding_[address] & and_mask) | (or_mask & ~and_mask));
      return Bytes(req.begin(), req.end());
    }
    case FunctionCode::ReadWriteMultipleRegisters: {
      if (req.size() < 10) return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      const std::uint16_t read_address = be16_at(req, 1);
      const std::uint16_t read_quantity = be16_at(req, 3);
      const std::uint16_t write_address = be16_at(req, 5);
      const std::uint16_t write_quantity = be16_at(req, 7);
      if (read_quantity < 1 || read_quantity > 125 || write_quantity < 1 || write_quantity > 121 ||
          req[9] != write_quantity * 2 || req.size() != 10u + req[9]) {
        return exception_pdu(fc, ExceptionCode::IllegalDataValue);
      }
      if (std::size_t{read_address} + read_quantity > holding_.size() ||
          std::size_t{write_address} + write_quantity > holding_.size()) {
        return exception_pdu(fc, ExceptionCode::IllegalDataAddress);
      }
      for (std::size_t i = 0; i < write_quantity; ++i) {
        holding_[write_address + i] = be16_at(req, 10 + 2 * i);
      }
      ByteWriter w;
      w.u8(fc).u8(2u * read_quantity);
      for (std::size_t i = 0; i < read_quantity; ++i) w.be16(holding_[read_address + i]);
      return w.take();
    }
    case FunctionCode::EncapsulatedInterfaceTransport:
      return device_identification(req);
    default:
      return exception_pdu(fc, ExceptionCode::IllegalFunction);
  }
}

ClientSession::ClientSession(TcpConversation& tcp, ProtocolStats& stats,
                             std::uint16_t first_transaction)
    : tcp_(tcp), stats_(stats), next_transaction_(first_transaction) {}

Micros ClientSession::transact(Micros t, std::uint8_t unit, std::span<const std::uint8_t> request,
                               Device& server, Micros latency) {
  const Bytes response = server.respond(request);
  return transact_with(t, unit, request, response, latency);
}

Micros ClientSession::transact_with(Micros t, std::uint8_t unit,
                                    std::span<const std::uint8_t> request,
                                    std::span<const std::uint8_t> response, Micros latency) {
  const std::uint16_t tid = next_transaction_++;
  const std::uint8_t fc = request[0];
  const Micros sent = tcp_.send(Side::Client, adu(tid, unit, request), t);
  const std::string_view name = function_info(fc).name;
  stats_.count("modbus", "request", fc, name);
  const Micros answered = tcp_.send(Side::Server, adu(tid, unit, response), sent + latency);
  if (response[0] & kExceptionBit) {
    char detail[80];
    std::snprintf(detail, sizeof detail, "exception %02u %s", static_cast<unsigned>(response[1]),
                  std::string(exception_name(response[1])).c_str());
    stats_.count("modbus", "exception", fc, name, detail);
  } else {
    stats_.count("modbus", "response", fc, name);
  }
  return answered;
}

}  // namespace otscope::pcapgen::modbus
