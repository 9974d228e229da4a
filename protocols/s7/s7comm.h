// S7comm PDU decoding (protocol id 0x32): the header of every ROSCTR, the job functions with
// their parameters and data (setup communication, read/write variable items, block up/download,
// PI services, PLC stop) and the user-data parameter and data header. A pure function over one
// whole PDU: every length from the wire is checked against the bytes actually there, and a PDU
// that cannot be decoded yields a specific S7Error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/s7/codes.h"

namespace otscope::s7 {

enum class S7Error : std::uint8_t {
  None,
  TooShort,       // fewer bytes than the header of its ROSCTR
  BadProtocolId,  // first byte is not 0x32
  UnknownRosctr,
  LengthMismatch,         // parameter + data lengths run past the PDU
  MissingFunction,        // Job or Ack_Data without a parameter
  BadSetupCommunication,  // setup parameter shorter than 8 bytes
  TruncatedItem,          // a variable specification runs past the parameter
  TruncatedDataItem,      // a data item (value or return code) runs past the data part
  BadBlockControl,        // up/download parameter or file name runs past the parameter
  BadPiService,           // PI service lengths run past the parameter
  UserDataParamTooShort,  // user-data parameter shorter than 8 bytes
  UserDataTruncated,      // user-data data header or its length runs past the data part
};
/// Stable anomaly suffix, e.g. "length_mismatch" (reported as "s7comm.length_mismatch").
std::string_view s7_error_kind(S7Error e);

struct S7Header {
  std::uint8_t rosctr = 0;
  std::uint16_t redundancy_id = 0;
  std::uint16_t pdu_ref = 0;
  std::uint16_t param_length = 0;
  std::uint16_t data_length = 0;
  /// Ack and Ack_Data headers carry an error class and code.
  bool has_error_fields = false;
  std::uint8_t error_class = 0;
  std::uint8_t error_code = 0;
  std::uint16_t error() const { return static_cast<std::uint16_t>(error_class << 8 | error_code); }
};

/// One area of a DBREAD specification (S7-400): bytes of one data block.
struct DbReadArea {
  std::uint8_t length = 0;
  std::uint16_t db = 0;
  std::uint16_t start = 0;
};

/// One variable specification of a Read/Write Var job.
struct VarSpec {
  std::uint8_t syntax_id = 0;
  std::vector<DbReadArea> db_reads;  // syntax DBREAD
  bool s7any = false;                // the fields below are set for S7ANY addresses only
  std::uint8_t transport_size = 0;
  std::uint16_t count = 0;
  std::uint16_t db = 0;
  std::uint8_t area = 0;
  /// byte << 3 | bit for memory areas; the counter or timer number for C and T.
  std::uint32_t address = 0;
};

/// One item of the data part of a Read Var response or a Write Var job.
struct DataItem {
  std::uint8_t return_code = 0;
  std::uint8_t transport_size = 0;
  std::uint32_t byte_length = 0;
};

/// A PLC block named on the wire as type (two ASCII characters), 5 digits and a file system.
struct BlockId {
  std::string type;  // "DB", "OB", ...; the raw characters (made printable) when unknown
  std::uint32_t number = 0;
  char file_system = 0;  // 'P' passive, 'A' active, 'B' both; 0 when absent
  /// "DB1"
  std::string text() const { return type + std::to_string(number); }
};
/// Parses "0A00001P" (8 bytes) or "0A00001" (7 bytes, no file system).
bool parse_block_id(Bytes bytes, BlockId& out);

/// Parameters of the block up/download functions 0x1A..0x1F.
struct BlockControl {
  std::uint8_t status = 0;
  std::uint32_t upload_id = 0;
  bool has_block = false;
  BlockId block;
  std::string file_name;         // printable, when the file name is not a block name
  std::uint16_t error_code = 0;  // Download ended / End upload jobs
  bool has_lengths = false;      // Request download: lengths the PG announces
  std::uint32_t load_memory_length = 0;
  std::uint32_t mc7_length = 0;
  std::uint32_t block_bytes = 0;  // block data carried (Download block / Upload Ack_Data)
  std::string upload_length;      // Start upload Ack_Data: total length as the PLC writes it
};

/// A PI service call (PLC control 0x28, PLC stop 0x29).
struct PiCall {
  std::string service;   // printable, e.g. "_INSE", "P_PROGRAM"
  std::string argument;  // printable rendering of the parameter block, e.g. "C " or "DB1"
  std::vector<BlockId> blocks;
  /// "_INSE(DB1)", "P_PROGRAM(\"C \")", "_GARB()"
  std::string text() const;
};

struct SetupCommunication {
  std::uint16_t max_amq_calling = 0;
  std::uint16_t max_amq_called = 0;
  std::uint16_t pdu_length = 0;
};

/// The parameter and data header of a user-data PDU. The payload (after the 4-byte data header)
/// is left to the group-specific decoders, after multi-part reassembly.
struct UserDataHeader {
  std::uint8_t method = 0;  // 0x11 request, 0x12 response, 0x00 mode transition
  std::uint8_t type = 0;    // high nibble of the type/group byte: 0 push, 4 request, 8 response
  std::uint8_t group = 0;   // low nibble
  std::uint8_t subfunction = 0;
  std::uint8_t sequence = 0;
  bool extended = false;  // carries the data unit reference, last-unit flag and error code
  std::uint8_t data_unit_ref = 0;
  bool last_data_unit = true;
  std::uint16_t error_code = 0;
  bool has_data = false;
  std::uint8_t return_code = 0;
  std::uint8_t transport_size = 0;
  Bytes payload;
};

enum class UserDataKind : std::uint8_t { Push, Request, Response };
UserDataKind userdata_kind(std::uint8_t type);

struct S7Pdu {
  S7Header header;
  Bytes parameter;
  Bytes data;
  /// Job and Ack_Data: the job function (first parameter byte).
  std::uint8_t function = 0;
  std::uint8_t item_count = 0;
  std::vector<VarSpec> items;              // Read/Write Var job
  std::vector<DataItem> data_items;        // Read Var Ack_Data, Write Var job
  std::vector<std::uint8_t> return_codes;  // Write Var Ack_Data
  SetupCommunication setup;
  BlockControl block;
  PiCall pi;
  UserDataHeader userdata;
};

/// Decodes one whole S7comm PDU (the TSDU after COTP). Views in `out` point into `pdu`.
S7Error decode_s7comm(Bytes pdu, S7Pdu& out);

}  // namespace otscope::s7
