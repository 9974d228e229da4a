// The one S7 code table: ROSCTR, job functions, error classes and codes, item return codes,
// transport sizes, areas, block types, user-data groups and subfunctions, SZL lists, PI services,
// S7comm-plus opcodes and functions. Every name and OpClass the decoder, the session, detection
// and the console show for S7 comes from here.
// Facts from Siemens' SIMATIC documentation (system status lists, error codes) as collected by the
// Wireshark S7comm dissector (value tables printed by `tshark -G values`) and the public
// S7CommPlusDriver function/opcode lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::s7 {

/// Protocol identifiers carried right after COTP.
inline constexpr std::uint8_t kS7commId = 0x32;
inline constexpr std::uint8_t kS7commPlusId = 0x72;

/// A code's display name and the kind of operation it performs.
struct CodeInfo {
  std::string_view name;
  OpClass op = OpClass::Other;
};

// ---------------------------------------------------------------------------------------------
// S7comm header

enum class Rosctr : std::uint8_t { Job = 1, Ack = 2, AckData = 3, UserData = 7 };
/// "Job", "Ack", "Ack_Data", "Userdata"; empty for codes that are not a ROSCTR.
std::string_view rosctr_name(std::uint8_t rosctr);

/// Header error class (byte 10 of an Ack/Ack_Data header); "Unknown error class" otherwise.
std::string_view error_class_name(std::uint8_t error_class);
/// Error code as class << 8 | code from a header, or the 16-bit code of a user-data parameter
/// or a block-control parameter. Empty when the code is not in the table.
std::string_view error_code_name(std::uint16_t code);

// ---------------------------------------------------------------------------------------------
// Job functions (the first parameter byte of Job and Ack_Data PDUs)

namespace fn {
inline constexpr std::uint8_t kCpuServices = 0x00;
inline constexpr std::uint8_t kReadVar = 0x04;
inline constexpr std::uint8_t kWriteVar = 0x05;
inline constexpr std::uint8_t kRequestDownload = 0x1A;
inline constexpr std::uint8_t kDownloadBlock = 0x1B;
inline constexpr std::uint8_t kDownloadEnded = 0x1C;
inline constexpr std::uint8_t kStartUpload = 0x1D;
inline constexpr std::uint8_t kUpload = 0x1E;
inline constexpr std::uint8_t kEndUpload = 0x1F;
inline constexpr std::uint8_t kPiService = 0x28;
inline constexpr std::uint8_t kPlcStop = 0x29;
inline constexpr std::uint8_t kSetupCommunication = 0xF0;
}  // namespace fn

/// Known job functions; nullopt for codes outside the table.
std::optional<CodeInfo> job_function(std::uint8_t code);
/// Entry used for a job function code outside the table.
inline constexpr CodeInfo kUnknownJobFunction{"Unknown function", OpClass::Other};

/// MessageEvent::function of an Ack PDU whose Job was not seen (an Ack carries no function code
/// of its own). Outside the 8-bit job space and the 0x1xxxx user-data space.
inline constexpr std::uint32_t kAckWithoutJob = 0x200;
inline constexpr CodeInfo kAckWithoutJobInfo{"Ack (job not seen)", OpClass::Other};

// ---------------------------------------------------------------------------------------------
// Read/Write Var items

/// Item return codes: 0x00 (reserved) in write-var job data, 0xFF success in responses.
namespace return_code {
inline constexpr std::uint8_t kReserved = 0x00;
inline constexpr std::uint8_t kSuccess = 0xFF;
}  // namespace return_code
/// Item return code in read/write responses: 0xFF success, 0x0A object does not exist, ...
std::string_view item_return_code_name(std::uint8_t code);
/// Transport sizes of a parameter item.
namespace item_size {
inline constexpr std::uint8_t kByte = 0x02;
}  // namespace item_size
/// Transport size of a parameter item (BIT, BYTE, WORD, ..., COUNTER, TIMER).
std::string_view item_transport_size_name(std::uint8_t size);
/// Bytes one element of a parameter transport size occupies; 1 for BIT (the byte touched);
/// 0 when the size is unknown.
std::uint32_t item_element_bytes(std::uint8_t size);
/// Transport sizes of a data item.
namespace data_size {
inline constexpr std::uint8_t kByteWordDword = 0x04;
inline constexpr std::uint8_t kOctetString = 0x09;
}  // namespace data_size
/// Transport size of a data item (BIT, BYTE/WORD/DWORD, INTEGER, REAL, OCTET STRING, ...).
std::string_view data_transport_size_name(std::uint8_t size);
/// Data-item transport sizes whose length field counts bits instead of bytes.
bool data_length_in_bits(std::uint8_t size);

/// Memory areas of an S7ANY address.
namespace area {
inline constexpr std::uint8_t kPeripheral = 0x80;
inline constexpr std::uint8_t kInputs = 0x81;
inline constexpr std::uint8_t kOutputs = 0x82;
inline constexpr std::uint8_t kFlags = 0x83;
inline constexpr std::uint8_t kDataBlocks = 0x84;
inline constexpr std::uint8_t kInstanceDataBlocks = 0x85;
inline constexpr std::uint8_t kCounters = 0x1C;
inline constexpr std::uint8_t kTimers = 0x1D;
}  // namespace area
/// Short area name as used in address spaces: "P", "I", "Q", "M", "DB", "DI", "C", "T", ...;
/// empty when unknown.
std::string_view area_short_name(std::uint8_t area_code);
/// Address syntax of a variable specification: "S7ANY", "DBREAD", "1200SYM", ...
std::string_view syntax_id_name(std::uint8_t syntax_id);
inline constexpr std::uint8_t kSyntaxS7Any = 0x10;
inline constexpr std::uint8_t kSyntaxDbRead = 0xB0;

/// Block type written as two ASCII characters ("0A" = DB); empty when unknown.
std::string_view block_type_name(std::uint8_t first, std::uint8_t second);

// ---------------------------------------------------------------------------------------------
// PI services (PLC control, function 0x28; PLC stop 0x29 names P_PROGRAM too)

struct PiServiceInfo {
  std::string_view service;      // as on the wire: "_INSE", "P_PROGRAM", ...
  std::string_view description;  // what it does
  OpClass op = OpClass::Other;
  bool block_list = false;  // its parameter is a list of blocks (type, number, file system)
};
namespace pi {
inline constexpr std::string_view kProgram = "P_PROGRAM";  // start the PLC program
inline constexpr std::string_view kInsert = "_INSE";       // insert (activate) blocks
}  // namespace pi
/// Known PI services; nullptr otherwise.
const PiServiceInfo* pi_service(std::string_view service);

// ---------------------------------------------------------------------------------------------
// User-data

/// MessageEvent::function of a user-data PDU: 0x10000 | group << 8 | subfunction. The group is
/// the low nibble of the type/group byte, so request, response and push of one service share one
/// code (and one operation).
inline constexpr std::uint32_t userdata_function_code(std::uint8_t group, std::uint8_t sub) {
  return 0x10000u | std::uint32_t{group} << 8 | sub;
}

namespace group {
inline constexpr std::uint8_t kModeTransition = 0x0;
inline constexpr std::uint8_t kProgrammer = 0x1;
inline constexpr std::uint8_t kCyclic = 0x2;
inline constexpr std::uint8_t kBlock = 0x3;
inline constexpr std::uint8_t kCpu = 0x4;
inline constexpr std::uint8_t kSecurity = 0x5;
inline constexpr std::uint8_t kPbc = 0x6;
inline constexpr std::uint8_t kTime = 0x7;
inline constexpr std::uint8_t kNcProgramming = 0xF;
}  // namespace group

namespace sub {
inline constexpr std::uint8_t kReadSzl = 0x01;
inline constexpr std::uint8_t kListBlocks = 0x01;
inline constexpr std::uint8_t kListBlocksOfType = 0x02;
inline constexpr std::uint8_t kBlockInfo = 0x03;
inline constexpr std::uint8_t kDiagnosticMessage = 0x03;
inline constexpr std::uint8_t kPassword = 0x01;
inline constexpr std::uint8_t kReadClock = 0x01;
inline constexpr std::uint8_t kSetClock = 0x02;
inline constexpr std::uint8_t kReadClockFollowing = 0x03;
inline constexpr std::uint8_t kSetClock2 = 0x04;
inline constexpr std::uint8_t kForce = 0x09;        // programmer group
inline constexpr std::uint8_t kMemoryReset = 0x0C;  // programmer group
}  // namespace sub

/// "CPU functions", "Block functions", ...; "Unknown group" otherwise.
std::string_view userdata_group_name(std::uint8_t group);
/// Known (group, subfunction) pairs; for the mode-transition group the subfunction is the new
/// mode. nullopt otherwise.
std::optional<CodeInfo> userdata_function(std::uint8_t group, std::uint8_t subfunction);
/// Entry for a subfunction outside the table, by group.
CodeInfo unknown_userdata_function(std::uint8_t group);
/// Mode named by a mode-transition push ("STOP", "RUN", ...); empty when unknown.
std::string_view mode_transition_name(std::uint8_t mode);

// ---------------------------------------------------------------------------------------------
// System status lists (SZL)

/// SZL IDs.
namespace szl {
inline constexpr std::uint16_t kModuleIdentification = 0x0011;
inline constexpr std::uint16_t kComponentIdentification = 0x001C;
}  // namespace szl
/// Name of the partial list an SZL ID selects (its low byte): "Module identification", ...
std::string_view szl_list_name(std::uint16_t szl_id);
/// Operating mode in SZL 0x0424 (low nibble of bzu-id): "RUN", "STOP (internal)", ...;
/// empty when unknown.
std::string_view szl_mode_name(std::uint8_t mode);

// ---------------------------------------------------------------------------------------------
// S7comm-plus

namespace s7p {
inline constexpr std::uint8_t kRequest = 0x31;
inline constexpr std::uint8_t kResponse = 0x32;
inline constexpr std::uint8_t kNotification = 0x33;
inline constexpr std::uint8_t kResponse2 = 0x02;

inline constexpr std::uint16_t kExplore = 0x04BB;
inline constexpr std::uint16_t kCreateObject = 0x04CA;
inline constexpr std::uint16_t kDeleteObject = 0x04D4;
inline constexpr std::uint16_t kSetVariable = 0x04F2;
inline constexpr std::uint16_t kGetVariable = 0x04FC;
inline constexpr std::uint16_t kSetMultiVariables = 0x0542;
inline constexpr std::uint16_t kGetMultiVariables = 0x054C;
inline constexpr std::uint16_t kInvoke = 0x056B;

/// Object id of the CPU execution unit: writing its operating-state attribute changes the mode.
inline constexpr std::uint32_t kCpuExecUnitObject = 52;
}  // namespace s7p

/// "Request", "Response", "Notification"; empty when unknown.
std::string_view s7plus_opcode_name(std::uint8_t opcode);
/// Known S7comm-plus function codes (the OpClass is the default; the session refines
/// CreateObject, DeleteObject, SetVariable and SetMultiVariables by their target).
std::optional<CodeInfo> s7plus_function(std::uint16_t code);
inline constexpr CodeInfo kUnknownS7plusFunction{"Unknown function", OpClass::Other};

/// MessageEvent::function for S7comm-plus PDUs without a function code: opcode << 16, so a
/// notification (0x330000) or an unreadable PDU never collides with a real function code.
inline constexpr std::uint32_t s7plus_opcode_only_function(std::uint8_t opcode) {
  return std::uint32_t{opcode} << 16;
}
inline constexpr CodeInfo kS7plusNotification{"Notification", OpClass::Unsolicited};
inline constexpr CodeInfo kS7plusUnreadable{"Unreadable PDU (encrypted or unknown opcode)",
                                            OpClass::Other};

}  // namespace otscope::s7
