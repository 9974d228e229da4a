// S7comm over ISO-on-TCP (RFC 1006): TPKT, COTP connection and data TPDUs, the S7 header and
// the parameter/data blocks of the job, ack-data and user-data PDUs the scenarios use.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pcaps/generator/byte_writer.h"

namespace otscope::pcapgen::s7 {

inline constexpr std::uint16_t kPort = 102;

inline constexpr std::uint8_t kJob = 0x01;
inline constexpr std::uint8_t kAckData = 0x03;
inline constexpr std::uint8_t kUserData = 0x07;

inline constexpr std::uint8_t kFuncReadVar = 0x04;
inline constexpr std::uint8_t kFuncWriteVar = 0x05;
inline constexpr std::uint8_t kFuncRequestDownload = 0x1A;
inline constexpr std::uint8_t kFuncDownloadBlock = 0x1B;
inline constexpr std::uint8_t kFuncDownloadEnded = 0x1C;
inline constexpr std::uint8_t kFuncPlcControl = 0x28;
inline constexpr std::uint8_t kFuncPlcStop = 0x29;
inline constexpr std::uint8_t kFuncSetupCommunication = 0xF0;

inline constexpr std::uint8_t kAreaInputs = 0x81;
inline constexpr std::uint8_t kAreaOutputs = 0x82;
inline constexpr std::uint8_t kAreaFlags = 0x83;  // M (Merker)
inline constexpr std::uint8_t kAreaDataBlocks = 0x84;

std::string function_name(std::uint8_t function);

Bytes tpkt(std::span<const std::uint8_t> cotp);
/// COTP CR with calling/called TSAPs and TPDU size 1024.
Bytes cotp_connection_request(std::uint16_t src_ref, std::uint16_t calling_tsap,
                              std::uint16_t called_tsap);
Bytes cotp_connection_confirm(std::uint16_t dst_ref, std::uint16_t src_ref,
                              std::uint16_t calling_tsap, std::uint16_t called_tsap);
/// COTP DT (last data unit) carrying one S7 PDU.
Bytes cotp_data(std::span<const std::uint8_t> s7_pdu);

/// S7 header + parameter + data. Ack-data carries error class and code (0, 0 = success).
Bytes pdu(std::uint8_t rosctr, std::uint16_t pdu_ref, std::span<const std::uint8_t> param,
          std::span<const std::uint8_t> data);

Bytes setup_communication_param(std::uint16_t max_amq, std::uint16_t pdu_length);

/// One S7-ANY variable address: `length` bytes at `byte_address` of `area` (DB number for DBs).
struct VarAddress {
  std::uint8_t area = kAreaDataBlocks;
  std::uint16_t db = 0;
  std::uint32_t byte_address = 0;
  std::uint16_t length = 0;
};
Bytes var_param(std::uint8_t function, std::span<const VarAddress> items);
/// Ack-data parameter of read/write var: function and item count.
Bytes var_ack_param(std::uint8_t function, std::size_t items);
/// Read-var ack data: return code 0xFF, transport size BYTE/WORD (length in bits), value, fill.
Bytes read_var_ack_data(const std::vector<Bytes>& values);
/// Write-var job data: the values to write (transport size BYTE/WORD, length in bits).
Bytes write_var_data(const std::vector<Bytes>& values);
/// Write-var ack data: one 0xFF (success) per item.
Bytes write_var_ack_data(std::size_t items);

// User data: CPU functions / read SZL.
Bytes szl_request_param(std::uint8_t sequence);
Bytes szl_request_data(std::uint16_t szl_id, std::uint16_t index);
Bytes szl_response_param(std::uint8_t sequence);
Bytes szl_response_data(std::uint16_t szl_id, std::uint16_t index, std::uint16_t record_length,
                        const std::vector<Bytes>& records);

/// PLC STOP (function 0x29) with PI service "P_PROGRAM".
Bytes plc_stop_param();
/// PLC control (function 0x28): PI service with its parameter block.
Bytes pi_service_param(std::span<const std::uint8_t> parameter_block, std::string_view service);
/// "_INSE"/"_DELE" parameter block: block count, a reserved byte, then 8-character names such
/// as "0800001P" (OB 1, passive file system).
Bytes block_list_parameter(std::span<const std::string> block_names);
/// Block file name "_0800001P": type "08" OB / "0A" DB / "0C" FC / "0E" FB, number, filesystem.
std::string block_file_name(std::string_view type_code, unsigned number);

Bytes request_download_param(std::string_view file_name, std::size_t load_memory_length,
                             std::size_t mc7_length);
Bytes download_block_param(std::string_view file_name);
Bytes download_block_ack_param(bool more_follows);
Bytes download_block_ack_data(std::span<const std::uint8_t> chunk);
Bytes download_ended_param(std::string_view file_name);
/// The one-byte parameter of an ack-data to a control job (0x1A, 0x1C, 0x28, 0x29).
Bytes function_ack_param(std::uint8_t function);

}  // namespace otscope::pcapgen::s7
