// S7comm over ISO-on-TCP (RFC 1006): TPKT, COTP connection and data TPDUs, the S7 header and
// the parameter/data blocks of the job, ack-data and user-data PDUs the scenarios use. ROSCTRs,
// functions, groups, SZL ids, PI services, areas and return codes are the decoder's own
// (protocols/s7/codes.h, protocols/s7/tpkt.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pcaps/generator/byte_writer.h"
#include "protocols/s7/codes.h"
#include "protocols/s7/tpkt.h"

namespace otscope::pcapgen::s7 {

// The protocol's code table and TPKT/COTP constants (Rosctr, fn::kReadVar, group::kCpu,
// szl::kModuleIdentification, area::kDataBlocks, CotpType, ...) are used by name in the
// generator's S7 namespace.
using namespace ::otscope::s7;

inline constexpr std::uint16_t kPort = 102;

Bytes tpkt(std::span<const std::uint8_t> cotp);
/// COTP CR with calling/called TSAPs and TPDU size 1024.
Bytes cotp_connection_request(std::uint16_t src_ref, std::uint16_t calling_tsap,
                              std::uint16_t called_tsap);
Bytes cotp_connection_confirm(std::uint16_t dst_ref, std::uint16_t src_ref,
                              std::uint16_t calling_tsap, std::uint16_t called_tsap);
/// COTP DT (last data unit) carrying one S7 PDU.
Bytes cotp_data(std::span<const std::uint8_t> s7_pdu);

/// S7 header + parameter + data. Ack-data carries error class and code (0, 0 = success).
Bytes pdu(Rosctr rosctr, std::uint16_t pdu_ref, std::span<const std::uint8_t> param,
          std::span<const std::uint8_t> data);

Bytes setup_communication_param(std::uint16_t max_amq, std::uint16_t pdu_length);

/// One S7-ANY variable address: `length` bytes at `byte_address` of `area` (DB number for DBs).
struct VarAddress {
  std::uint8_t area = area::kDataBlocks;
  std::uint16_t db = 0;
  std::uint32_t byte_address = 0;
  std::uint16_t length = 0;
};
Bytes var_param(std::uint8_t function, std::span<const VarAddress> items);
/// Ack-data parameter of read/write var: function and item count.
Bytes var_ack_param(std::uint8_t function, std::size_t items);
/// Read-var ack data: return code success, transport size BYTE/WORD/DWORD (length in bits),
/// value, fill.
Bytes read_var_ack_data(const std::vector<Bytes>& values);
/// Write-var job data: the values to write (transport size BYTE/WORD/DWORD, length in bits).
Bytes write_var_data(const std::vector<Bytes>& values);
/// Write-var ack data: one success return code per item.
Bytes write_var_ack_data(std::size_t items);

// User data: CPU functions / read SZL.
Bytes szl_request_param(std::uint8_t sequence);
Bytes szl_request_data(std::uint16_t szl_id, std::uint16_t index);
Bytes szl_response_param(std::uint8_t sequence);
Bytes szl_response_data(std::uint16_t szl_id, std::uint16_t index, std::uint16_t record_length,
                        const std::vector<Bytes>& records);

/// PLC STOP (function 0x29) with PI service P_PROGRAM.
Bytes plc_stop_param();
/// PLC control (PI service, function 0x28): the service with its parameter block.
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
