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

std::string function_name(std::uint8_t fc) {
  switch (fc) {
    case 1:
      return "Read Coils";
    case 2:
      return "Read Discrete Inputs";
    case 3:
      return "Read Holding Registers";
    case 4:
      return "Read Input Registers";
    case 5:
      return "Write Single Coil";
    case 6:
      return "Write Single Register";
    case 7:
      return "Read Exception Status";
    case 8:
      return "Diagnostics";
    case 11:
      return "Get Comm Event Counter";
    case 12:
      return "Get Comm Event Log";
    case 15:
      return "Write Multiple Coils";
    case 16:
      return "Write Multiple Registers";
    case 17:
      return "Report Server ID";
    case 20:
      return "Read File Record";
    case 21:
      return "Write File Record";
    case 22:
      return "Mask Write Register";
    case 23:
      return "Read/Write Multiple Registers";
    case 24:
      return "Read FIFO Queue";
    case 43:
      return "Encapsulated Interface Transport";
    default:
      break;
  }
  if ((fc >= 65 && fc <= 72) || (fc >= 100 && fc <= 110)) return "User Defined";
  if (fc == 9 || fc == 10 || fc == 13 || fc == 14 || fc == 41 || fc == 42 || fc == 90 || fc == 91 ||
      fc == 125 || fc == 126 || fc == 127) {
    return "Reserved";
  }
  return "Unassigned";
}

std::string exception_name(std::uint8_t code) {
  switch (code) {
    case 1:
      return "Illegal Function";
    case 2:
      return "Illegal Data Address";
    case 3:
      return "Illegal Data Value";
    case 4:
      return "Server Device Failure";
    case 5:
      return "Acknowledge";
    case 6:
      return "Server Device Busy";
    case 8:
      return "Memory Parity Error";
    case 10:
      return "Gateway Path Unavailable";
    case 11:
      return "Gateway Target Device Failed to Respond";
    default:
      return "Unknown Exception";
  }
}

Bytes read_bits_or_registers(std::uint8_t fc, std::uint16_t address, std::uint16_t quantity) {
  return ByteWriter(5).u8(fc).be16(address).be16(quantity).take();
}

Bytes write_single_coil(std::uint16_t address, bool on) {
  return ByteWriter(5).u8(5).be16(address).be16(on ? 0xFF00 : 0x0000).take();
}

Bytes write_single_register(std::uint16_t address, std::uint16_t value) {
  return ByteWriter(5).u8(6).be16(address).be16(value).take();
}

Bytes write_multiple_coils(std::uint16_t address, const std::vector<bool>& values) {
  ByteWriter w;
  const std::size_t nbytes = (values.size() + 7) / 8;
  w.u8(15)
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
  w.u8(16).be16(address).be16(static_cast<unsigned>(values.size()));
  w.u8(static_cast<unsigned>(values.size() * 2));
  for (std::uint16_t v : values) w.be16(v);
  return w.take();
}

Bytes mask_write_register(std::uint16_t address, std::uint16_t and_mask, std::uint16_t or_mask) {
  return ByteWriter(7).u8(22).be16(address).be16(and_mask).be16(or_mask).take();
}

Bytes read_write_multiple_registers(std::uint16_t read_address, std::uint16_t read_quantity,
                                    std::uint16_t write_address,
                                    std::span<const std::uint16_t> values) {
  ByteWriter w;
  w.u8(23).be16(read_address).be16(read_quantity).be16(write_address);
  w.be16(static_cast<unsigned>(values.size())).u8(static_cast<unsigned>(values.size() * 2));
  for (std::uint16_t v : values) w.be16(v);
  return w.take();
}

Bytes read_device_identification(std::uint8_t read_code, std::uint8_t object_id) {
  return ByteWriter(4).u8(43).u8(0x0E).u8(read_code).u8(object_id).take();
}

Bytes raw_pdu(std::uint8_t fc, std::span<const std::uint8_t> data) {
  return ByteWriter(1 + data.size()).u8(fc).bytes(data).take();
}

Bytes adu(std::uint16_t transaction_id, std::uint8_t unit_id, std::span<const std::uint8_t> pdu) {
  ByteWriter w(7 + pdu.size());
  w.be16(transaction_id).be16(0).be16(static_cast<unsigned>(pdu.size() + 1)).u8(unit_id).bytes(pdu);
  return w.take();
}

Bytes exception_pdu(std::uint8_t fc, std::uint8_t code) {
  return ByteWriter(2).u8(fc | 0x80u).u8(code).take();
}

Device::Device(DeviceIdentity identity, std::vector<std::uint8_t> supported_functions,
               std::uint16_t registers, std::uint16_t bits)
    : identity_(std::move(identity)),
      supported_(std::move(supported_functions)),
      holding_(registers, 0),
      input_(registers, 0),
      coils_(bits, false),
      discrete_(bits, false) {}

bool Device::supports(std::uint8_t fc) const {
  return std::find(supported_.begin(), supported_.end(), fc) != supported_.end();
}

Bytes Device::read_bits(std::uint8_t fc, const std::vector<bool>& table,
                        std::span<const std::uint8_t> req) {
  if (req.size() != 5) return exception_pdu(fc, 3);
  const std::uint16_t address = be16_at(req, 1);
  const std::uint16_t quantity = be16_at(req, 3);
  if (quantity < 1 || quantity > 2000) return exception_pdu(fc, 3);
  if (std::size_t{address} + quantity > table.size()) return exception_pdu(fc, 2);
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
  if (req.size() != 5) return exception_pdu(fc, 3);
  const std::uint16_t address = be16_at(req, 1);
  const std::uint16_t quantity = be16_at(req, 3);
  if (quantity < 1 || quantity > 125) return exception_pdu(fc, 3);
  if (std::size_t{address} + quantity > table.size()) return exception_pdu(fc, 2);
  ByteWriter w(2 + 2u * quantity);
  w.u8(fc).u8(2u * quantity);
  for (std::size_t i = 0; i < quantity; ++i) w.be16(table[address + i]);
  return w.take();
}

Bytes Device::device_identification(std::span<const std::uint8_t> req) {
  if (req.size() != 4 || req[1] != 0x0E) return exception_pdu(43, 1);
  const std::uint8_t read_code = req[2];
  const std::uint8_t object_id = req[3];
  const std::string* objects[7] = {&identity_.vendor_name,     &identity_.product_code,
                                   &identity_.revision,        &identity_.vendor_url,
                                   &identity_.product_name,    &identity_.model_name,
                                   &identity_.user_application};
  std::uint8_t first = 0;
  std::uint8_t last = 0;
  switch (read_code) {
    case 1:  // basic: mandatory objects 0..2
      first = object_id <= 2 ? object_id : 0;
      last = 2;
      break;
    case 2:  // regular: 0..6 (this device has no extended objects, so 3 answers the same)
    case 3:
      first = object_id <= 6 ? object_id : 0;
      last = 6;
      break;
    case 4:  // one specific object
      if (object_id > 6) return exception_pdu(43, 2);
      first = object_id;
      last = object_id;
      break;
    default:
      return exception_pdu(43, 3);
  }
  ByteWriter w;
  // Conformity level 0x82: regular identification, stream and individual access.
  w.u8(43).u8(0x0E).u8(read_code).u8(0x82).u8(0x00).u8(0x00);
  w.u8(static_cast<unsigned>(last - first + 1));
  for (unsigned id = first; id <= last; ++id) {
    w.u8(id).u8(static_cast<unsigned>(objects[id]->size())).ascii(*objects[id]);
  }
  return w.take();
}

Bytes Device::respond(std::span<const std::uint8_t> req) {
  if (req.empty()) return {};
  const std::uint8_t fc = req[0];
  if (!supports(fc)) return exception_pdu(fc, 1);
  switch (fc) {
    case 1:
      return read_bits(fc, coils_, req);
    case 2:
      return read_bits(fc, discrete_, req);
    case 3:
      return read_registers(fc, holding_, req);
    case 4:
      return read_registers(fc, input_, req);
    case 5: {
      if (req.size() != 5) return exception_pdu(fc, 3);
      const std::uint16_t address = be16_at(req, 1);
      const std::uint16_t value = be16_at(req, 3);
      if (value != 0x0000 && value != 0xFF00) return exception_pdu(fc, 3);
      if (address >= coils_.size()) return exception_pdu(fc, 2);
      coils_[address] = value == 0xFF00;
      return Bytes(req.begin(), req.end());
    }
    case 6: {
      if (req.size() != 5) return exception_pdu(fc, 3);
      const std::uint16_t address = be16_at(req, 1);
      if (address >= holding_.size()) return exception_pdu(fc, 2);
      holding_[address] = be16_at(req, 3);
      return Bytes(req.begin(), req.end());
    }
    case 15: {
      if (req.size() < 6) return exception_pdu(fc, 3);
      const std::uint16_t address = be16_at(req, 1);
      const std::uint16_t quantity = be16_at(req, 3);
      if (quantity < 1 || quantity > 1968 || req[5] != (quantity + 7) / 8 ||
          req.size() != 6u + req[5]) {
        return exception_pdu(fc, 3);
      }
      if (std::size_t{address} + quantity > coils_.size()) return exception_pdu(fc, 2);
      for (std::size_t i = 0; i < quantity; ++i) {
        coils_[address + i] = (req[6 + i / 8] >> (i % 8)) & 1u;
      }
      return ByteWriter(5).u8(fc).be16(address).be16(quantity).take();
    }
    case 16: {
      if (req.size() < 6) return exception_pdu(fc, 3);
      const std::uint16_t address = be16_at(req, 1);
      const std::uint16_t quantity = be16_at(req, 3);
      if (quantity < 1 || quantity > 123 || req[5] != quantity * 2 || req.size() != 6u + req[5]) {
        return exception_pdu(fc, 3);
      }
      if (std::size_t{address} + quantity > holding_.size()) return exception_pdu(fc, 2);
      for (std::size_t i = 0; i < quantity; ++i) holding_[address + i] = be16_at(req, 6 + 2 * i);
      return ByteWriter(5).u8(fc).be16(address).be16(quantity).take();
    }
    case 22: {
      if (req.size() != 7) return exception_pdu(fc, 3);
      const std::uint16_t address = be16_at(req, 1);
      if (address >= holding_.size()) return exception_pdu(fc, 2);
      const std::uint16_t and_mask = be16_at(req, 3);
      const std::uint16_t or_mask = be16_at(req, 5);
      holding_[address] =
          static_cast<std::uint16_t>((holding_[address] & and_mask) | (or_mask & ~and_mask));
      return Bytes(req.begin(), req.end());
    }
    case 23: {
      if (req.size() < 10) return exception_pdu(fc, 3);
      const std::uint16_t read_address = be16_at(req, 1);
      const std::uint16_t read_quantity = be16_at(req, 3);
      const std::uint16_t write_address = be16_at(req, 5);
      const std::uint16_t write_quantity = be16_at(req, 7);
      if (read_quantity < 1 || read_quantity > 125 || write_quantity < 1 || write_quantity > 121 ||
          req[9] != write_quantity * 2 || req.size() != 10u + req[9]) {
        return exception_pdu(fc, 3);
      }
      if (std::size_t{read_address} + read_quantity > holding_.size() ||
          std::size_t{write_address} + write_quantity > holding_.size()) {
        return exception_pdu(fc, 2);
      }
      for (std::size_t i = 0; i < write_quantity; ++i) {
        holding_[write_address + i] = be16_at(req, 10 + 2 * i);
      }
      ByteWriter w;
      w.u8(fc).u8(2u * read_quantity);
      for (std::size_t i = 0; i < read_quantity; ++i) w.be16(holding_[read_address + i]);
      return w.take();
    }
    case 43:
      return device_identification(req);
    default:
      return exception_pdu(fc, 1);
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
  stats_.count("modbus", "request", fc, function_name(fc));
  const Micros answered = tcp_.send(Side::Server, adu(tid, unit, response), sent + latency);
  if (response[0] & 0x80u) {
    char detail[80];
    std::snprintf(detail, sizeof detail, "exception %02u %s", static_cast<unsigned>(response[1]),
                  exception_name(response[1]).c_str());
    stats_.count("modbus", "exception", fc, function_name(fc), detail);
  } else {
    stats_.count("modbus", "response", fc, function_name(fc));
  }
  return answered;
}

}  // namespace otscope::pcapgen::modbus
