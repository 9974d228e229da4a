// Modbus/TCP as the generator writes it (Modbus Application Protocol v1.1b3, Messaging on TCP/IP
// v1.0b): request PDU encoders, a server model that answers them like a PLC or gateway does, and
// a client session that carries both over one TCP connection and counts what was written.
// Function, exception and sub-function codes and their names are the decoder's own
// (protocols/modbus/codes.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pcaps/generator/byte_writer.h"
#include "pcaps/generator/protocol_stats.h"
#include "pcaps/generator/sim_time.h"
#include "pcaps/generator/tcp_conversation.h"
#include "protocols/modbus/codes.h"

namespace otscope::pcapgen::modbus {

// The protocol's code table (FunctionCode, ExceptionCode, function_info, exception_name, ...) is
// used by name in the generator's Modbus namespace.
using namespace ::otscope::modbus;

inline constexpr std::uint16_t kPort = 502;

// Request PDUs (function code + data).
Bytes read_bits_or_registers(FunctionCode fc, std::uint16_t address, std::uint16_t quantity);
Bytes write_single_coil(std::uint16_t address, bool on);
Bytes write_single_register(std::uint16_t address, std::uint16_t value);
Bytes write_multiple_coils(std::uint16_t address, const std::vector<bool>& values);
Bytes write_multiple_registers(std::uint16_t address, std::span<const std::uint16_t> values);
Bytes mask_write_register(std::uint16_t address, std::uint16_t and_mask, std::uint16_t or_mask);
Bytes read_write_multiple_registers(std::uint16_t read_address, std::uint16_t read_quantity,
                                    std::uint16_t write_address,
                                    std::span<const std::uint16_t> values);
/// 43 / MEI 14: the objects `read_code` selects, from `object_id` on.
Bytes read_device_identification(ReadDeviceIdCode read_code, DeviceIdObjectId object_id);
/// 8: one diagnostics sub-function and its data field.
Bytes diagnostics(DiagnosticSubFunction sub_function, std::uint16_t data);
/// Any function code with arbitrary data (scanners, serial-line-only functions).
Bytes raw_pdu(std::uint8_t fc, std::span<const std::uint8_t> data);

/// MBAP header + PDU.
Bytes adu(std::uint16_t transaction_id, std::uint8_t unit_id, std::span<const std::uint8_t> pdu);

struct DeviceIdentity {
  std::string vendor_name;       // object 0x00
  std::string product_code;      // 0x01
  std::string revision;          // 0x02
  std::string vendor_url;        // 0x03
  std::string product_name;      // 0x04
  std::string model_name;        // 0x05
  std::string user_application;  // 0x06
};

/// A Modbus server's data model and function support. Answers request PDUs with the response
/// (or exception) PDU a real device would send, and keeps written values.
class Device {
 public:
  Device(DeviceIdentity identity, std::vector<FunctionCode> supported_functions,
         std::uint16_t registers, std::uint16_t bits);

  Bytes respond(std::span<const std::uint8_t> request);

  std::uint16_t& holding(std::uint16_t address) { return holding_.at(address); }
  std::uint16_t& input(std::uint16_t address) { return input_.at(address); }
  void set_coil(std::uint16_t address, bool on) { coils_.at(address) = on; }
  void set_discrete(std::uint16_t address, bool on) { discrete_.at(address) = on; }

 private:
  bool supports(std::uint8_t fc) const;
  Bytes read_bits(std::uint8_t fc, const std::vector<bool>& table,
                  std::span<const std::uint8_t> req);
  Bytes read_registers(std::uint8_t fc, const std::vector<std::uint16_t>& table,
                       std::span<const std::uint8_t> req);
  Bytes device_identification(std::span<const std::uint8_t> req);

  DeviceIdentity identity_;
  std::vector<FunctionCode> supported_;
  std::vector<std::uint16_t> holding_;
  std::vector<std::uint16_t> input_;
  std::vector<bool> coils_;
  std::vector<bool> discrete_;
};

/// An exception response PDU.
Bytes exception_pdu(std::uint8_t fc, ExceptionCode code);

/// A Modbus/TCP client on one TCP connection (the client side of `tcp`).
class ClientSession {
 public:
  ClientSession(TcpConversation& tcp, ProtocolStats& stats, std::uint16_t first_transaction);

  /// Request at `t`; `server` answers after `latency`. Returns the time of the response.
  Micros transact(Micros t, std::uint8_t unit, std::span<const std::uint8_t> request,
                  Device& server, Micros latency);
  /// Request at `t` with a given response PDU (gateway timeouts and similar).
  Micros transact_with(Micros t, std::uint8_t unit, std::span<const std::uint8_t> request,
                       std::span<const std::uint8_t> response, Micros latency);

  TcpConversation& tcp() { return tcp_; }

 private:
  TcpConversation& tcp_;
  ProtocolStats& stats_;
  std::uint16_t next_transaction_;
};

}  // namespace otscope::pcapgen::modbus
