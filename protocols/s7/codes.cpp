#include "protocols/s7/codes.h"

#include <algorithm>
#include <array>

namespace otscope::s7 {

namespace {

template <typename Key>
struct Named {
  Key code;
  std::string_view name;
};

template <typename Key>
struct NamedOp {
  Key code;
  std::string_view name;
  OpClass op;
};

template <typename Table, typename Key>
std::string_view find_name(const Table& table, Key code) {
  for (const auto& e : table)
    if (e.code == code) return e.name;
  return {};
}

// ---------------------------------------------------------------------------------------------

constexpr auto kErrorClasses = std::to_array<Named<std::uint8_t>>({
    {0x00, "No error"},
    {0x81, "Application relationship"},
    {0x82, "Object definition"},
    {0x83, "No resources available"},
    {0x84, "Error on service processing"},
    {0x85, "Error on supplies"},
    {0x87, "Access error"},
});

// Error codes of headers (class << 8 | code), user-data parameters and block control. Sorted for
// binary search (checked below).
constexpr auto kErrorCodes = std::to_array<Named<std::uint16_t>>({
    {0x0000, "No error"},
    {0x0110, "Invalid block number"},
    {0x0111, "Invalid request length"},
    {0x0112, "Invalid parameter"},
    {0x0113, "Invalid block type"},
    {0x0114, "Block not found"},
    {0x0115, "Block already exists"},
    {0x0116, "Block is write-protected"},
    {0x0117, "Block or operating system update too large"},
    {0x0118, "Invalid block number"},
    {0x0119, "Incorrect password entered"},
    {0x011A, "PG resource error"},
    {0x011B, "PLC resource error"},
    {0x011C, "Protocol error"},
    {0x011D, "Too many blocks (module-related restriction)"},
    {0x011E, "No connection to the database, or S7DOS handle invalid"},
    {0x011F, "Result buffer too small"},
    {0x0120, "End of block list"},
    {0x0140, "Insufficient memory available"},
    {0x0141, "Job cannot be processed for lack of resources"},
    {0x8001, "Service not possible while the block is in its current state"},
    {0x8003, "Error while transferring the block"},
    {0x8100, "Service unknown to the remote module"},
    {0x8104, "Service not implemented on the module, or frame error"},
    {0x8204, "Type specification of the object is inconsistent"},
    {0x8205, "A copied block already exists and is not linked"},
    {0x8301, "Insufficient memory, or storage medium not accessible"},
    {0x8302, "Too few resources available"},
    {0x8304, "No further parallel upload possible"},
    {0x8305, "Function not available"},
    {0x8306, "Insufficient work memory"},
    {0x8307, "Not enough retentive work memory"},
    {0x8401, "Invalid service sequence"},
    {0x8402, "Service cannot execute in the state of the addressed object"},
    {0x8404, "The function cannot be performed"},
    {0x8405, "Remote block is disabled"},
    {0x8500, "Wrong frames"},
    {0x8503, "Service cancelled prematurely"},
    {0x8701, "Error addressing the object (e.g. area length error)"},
    {0x8702, "Service not supported by the module"},
    {0x8703, "Access to object refused"},
    {0x8704, "Object damaged"},
    {0xD001, "Illegal job number"},
    {0xD002, "Illegal job variant"},
    {0xD003, "Debugging function not supported by the module"},
    {0xD004, "Illegal job status"},
    {0xD005, "Illegal job termination"},
    {0xD006, "Illegal link disconnection ID"},
    {0xD007, "Illegal number of buffer elements"},
    {0xD008, "Illegal scan rate"},
    {0xD009, "Illegal number of executions"},
    {0xD00A, "Illegal trigger event"},
    {0xD00B, "Illegal trigger condition"},
    {0xD011, "Block in the call path does not exist"},
    {0xD012, "Wrong address in block"},
    {0xD014, "Block being deleted or overwritten"},
    {0xD015, "Illegal tag address"},
    {0xD016, "Test jobs not possible because of errors in the user program"},
    {0xD017, "Illegal trigger number"},
    {0xD025, "Invalid path"},
    {0xD026, "Illegal access type"},
    {0xD027, "This number of data blocks is not permitted"},
    {0xD031, "Internal protocol error"},
    {0xD032, "Wrong result buffer length"},
    {0xD033, "Wrong job length"},
    {0xD03F, "Coding error in the parameter section"},
    {0xD041, "Illegal status list ID"},
    {0xD042, "Illegal tag address"},
    {0xD043, "Referenced job not found"},
    {0xD044, "Illegal tag value"},
    {0xD045, "Exiting the ODIS control is not allowed in HOLD"},
    {0xD046, "Illegal measuring stage during run-time measurement"},
    {0xD047, "Illegal hierarchy in 'Read job list'"},
    {0xD048, "Illegal deletion ID in 'Delete job'"},
    {0xD049, "Invalid substitute ID in 'Replace job'"},
    {0xD04A, "Error executing 'program status'"},
    {0xD05F, "Coding error in the data section"},
    {0xD061, "No memory space for the job"},
    {0xD062, "Job list full"},
    {0xD063, "Trigger event occupied"},
    {0xD064, "Not enough memory for one result buffer element"},
    {0xD065, "Not enough memory for several result buffer elements"},
    {0xD066, "Run-time measurement timer occupied by another job"},
    {0xD067, "Too many 'modify tag' jobs active"},
    {0xD081, "Function not permitted in the current mode"},
    {0xD082, "Cannot exit HOLD mode"},
    {0xD0A1, "Function not permitted at the current protection level"},
    {0xD0A2, "A function that modifies memory is running"},
    {0xD0A3, "Too many 'modify tag' jobs active on the I/O"},
    {0xD0A4, "Forcing has already been established"},
    {0xD0A5, "Referenced job not found"},
    {0xD0A6, "Job cannot be disabled or enabled"},
    {0xD0A7, "Job cannot be deleted"},
    {0xD0A8, "Job cannot be replaced"},
    {0xD0A9, "Job cannot be read"},
    {0xD0AA, "Time limit exceeded in processing"},
    {0xD0AB, "Invalid job parameters"},
    {0xD0AC, "Invalid job data"},
    {0xD0AD, "Operating mode already set"},
    {0xD0AE, "Job was set up over a different connection"},
    {0xD0C1, "Error while accessing the tags"},
    {0xD0C2, "Change to STOP/HOLD mode"},
    {0xD0C3, "Error while accessing the tags; mode change to STOP/HOLD"},
    {0xD0C4, "Timeout during run-time measurement"},
    {0xD0C5, "Block stack display inconsistent (blocks deleted or reloaded)"},
    {0xD0C6, "Job deleted because the jobs it referenced were deleted"},
    {0xD0C7, "Job deleted because STOP mode was exited"},
    {0xD0C8, "'Block status' aborted: test job and running program inconsistent"},
    {0xD0C9, "Status area exited by resetting OB90"},
    {0xD0CA, "Status range exited by resetting OB90, with tag read error"},
    {0xD0CB, "Output disable for the peripheral outputs activated again"},
    {0xD0CC, "Debugging data restricted by the time limit"},
    {0xD201, "Syntax error in block name"},
    {0xD202, "Syntax error in function parameters"},
    {0xD205, "Linked block already exists in RAM"},
    {0xD206, "Linked block already exists in EPROM"},
    {0xD208, "Maximum number of copied (not linked) blocks exceeded"},
    {0xD209, "At least one of the given blocks not found on the module"},
    {0xD20A, "Too many blocks to link in one job"},
    {0xD20B, "Too many blocks to delete in one job"},
    {0xD20C, "OB cannot be copied: its priority class does not exist"},
    {0xD20D, "SDB cannot be interpreted"},
    {0xD20E, "No (further) block available"},
    {0xD20F, "Module-specific maximum block size exceeded"},
    {0xD210, "Invalid block number"},
    {0xD212, "Incorrect header attribute (run-time relevant)"},
    {0xD213, "Too many SDBs"},
    {0xD216, "Invalid user program: reset the module"},
    {0xD217, "Protection level in module properties not permitted"},
    {0xD218, "Incorrect attribute (active/passive)"},
    {0xD219, "Incorrect block lengths"},
    {0xD21A, "Incorrect local data length or write-protection code"},
    {0xD21B, "Module cannot compress, or compression interrupted"},
    {0xD21D, "Illegal volume of dynamic project data"},
    {0xD21E, "Unable to assign parameters to a module (FM, CP)"},
    {0xD220, "Invalid programming language"},
    {0xD221, "System data for connections or routing not valid"},
    {0xD222, "Global data definition contains invalid parameters"},
    {0xD223, "Error in communication instance DB, or too many instance DBs"},
    {0xD224, "SCAN system data block contains invalid parameters"},
    {0xD225, "DP system data block contains invalid parameters"},
    {0xD226, "Structural error in a block"},
    {0xD230, "Structural error in a block"},
    {0xD231, "Loaded OB cannot be copied: its priority class does not exist"},
    {0xD232, "Illegal block number in a loaded block"},
    {0xD234, "Block exists twice in the memory medium or the job"},
    {0xD235, "Block contains an incorrect checksum"},
    {0xD236, "Block does not contain a checksum"},
    {0xD237, "Block with the same time stamp already exists on the CPU"},
    {0xD238, "A specified block is not a DB"},
    {0xD239, "A specified DB is not available linked in load memory"},
    {0xD23A, "A specified DB differs considerably from its copied, linked variant"},
    {0xD240, "Coordination rules violated"},
    {0xD241, "Function not permitted at the current protection level"},
    {0xD242, "Protection violation while processing F blocks"},
    {0xD250, "Update and module ID or version do not match"},
    {0xD251, "Incorrect sequence of operating system components"},
    {0xD252, "Checksum error"},
    {0xD253, "No executable loader; update only with a memory card"},
    {0xD254, "Storage error in operating system"},
    {0xD280, "Error compiling block in S7-300 CPU"},
    {0xD2A1, "Another block function or a trigger on a block is active"},
    {0xD2A2, "A trigger is active on a block"},
    {0xD2A3, "Block not active, occupied, or marked for deletion"},
    {0xD2A4, "Block already being processed by another block function"},
    {0xD2A6, "User program cannot be saved and changed at the same time"},
    {0xD2A7, "Block is 'unlinked' or not processed"},
    {0xD2A8, "An active debugging function prevents assigning CPU parameters"},
    {0xD2A9, "New parameters are being assigned to the CPU"},
    {0xD2AA, "New parameters are being assigned to the modules"},
    {0xD2AB, "Dynamic configuration limits are being changed"},
    {0xD2AC, "An activate/deactivate assignment (SFC 12) prevents the process"},
    {0xD2B0, "Error while configuring in RUN (CiR)"},
    {0xD2C0, "Maximum number of technological objects exceeded"},
    {0xD2C1, "Same technology data block already exists"},
    {0xD2C2, "Downloading user program or hardware configuration not possible"},
    {0xD401, "Information function unavailable"},
    {0xD402, "Information function unavailable"},
    {0xD403, "Service already logged on/off"},
    {0xD404, "Maximum number of nodes reached"},
    {0xD405, "Service not supported or syntax error in function parameters"},
    {0xD406, "Required information currently unavailable"},
    {0xD407, "Diagnostics error"},
    {0xD408, "Update aborted"},
    {0xD409, "Error on DP bus"},
    {0xD601, "Syntax error in function parameter"},
    {0xD602, "Incorrect password entered"},
    {0xD603, "Connection already legitimized"},
    {0xD604, "Connection already enabled"},
    {0xD605, "Legitimization impossible: password does not exist"},
    {0xD801, "At least one tag address is invalid"},
    {0xD802, "Specified job does not exist"},
    {0xD803, "Illegal job status"},
    {0xD804, "Illegal cycle time"},
    {0xD805, "No more cyclic read jobs can be set up"},
    {0xD806, "Referenced job cannot perform the requested function in its state"},
    {0xD807, "Function aborted due to overload"},
    {0xDC01, "Date and/or time invalid"},
    {0xE201, "CPU is already the master"},
    {0xE202, "Connect and update impossible: different user program in flash module"},
    {0xE203, "Connect and update impossible: different firmware"},
    {0xE204, "Connect and update impossible: different memory configuration"},
    {0xE205, "Connect/update aborted: synchronization error"},
    {0xE206, "Connect/update denied: coordination violation"},
    {0xEF01, "Error at ID2: only 00H permitted in job"},
    {0xEF02, "Error at ID2: set of resources does not exist"},
});
static_assert(std::is_sorted(kErrorCodes.begin(), kErrorCodes.end(),
                             [](const auto& a, const auto& b) { return a.code < b.code; }));

constexpr auto kJobFunctions = std::to_array<NamedOp<std::uint8_t>>({
    {fn::kCpuServices, "CPU services", OpClass::Other},
    {0x01, "Mode transition", OpClass::ModeChange},
    {fn::kReadVar, "Read Var", OpClass::Read},
    {fn::kWriteVar, "Write Var", OpClass::Write},
    {fn::kRequestDownload, "Request download", OpClass::Program},
    {fn::kDownloadBlock, "Download block", OpClass::Program},
    {fn::kDownloadEnded, "Download ended", OpClass::Program},
    {fn::kStartUpload, "Start upload", OpClass::Program},
    {fn::kUpload, "Upload", OpClass::Program},
    {fn::kEndUpload, "End upload", OpClass::Program},
    {fn::kPiService, "PI-Service", OpClass::Program},
    {fn::kPlcStop, "PLC Stop", OpClass::ModeChange},
    {fn::kSetupCommunication, "Setup communication", OpClass::Session},
});

constexpr auto kItemReturnCodes = std::to_array<Named<std::uint8_t>>({
    {0x00, "Reserved"},
    {0x01, "Hardware error"},
    {0x03, "Accessing the object not allowed"},
    {0x05, "Invalid address"},
    {0x06, "Data type not supported"},
    {0x07, "Data type inconsistent"},
    {0x0A, "Object does not exist"},
    {0xFF, "Success"},
});

struct ItemSize {
  std::uint8_t code;
  std::string_view name;
  std::uint32_t bytes;
};
constexpr auto kItemTransportSizes = std::to_array<ItemSize>({
    {1, "BIT", 1},
    {2, "BYTE", 1},
    {3, "CHAR", 1},
    {4, "WORD", 2},
    {5, "INT", 2},
    {6, "DWORD", 4},
    {7, "DINT", 4},
    {8, "REAL", 4},
    {9, "DATE", 2},
    {10, "TOD", 4},
    {11, "TIME", 4},
    {12, "S5TIME", 2},
    {15, "DATE_AND_TIME", 8},
    {28, "COUNTER", 2},
    {29, "TIMER", 2},
    {30, "IEC TIMER", 4},
    {31, "IEC COUNTER", 4},
    {32, "HS COUNTER", 4},
});

constexpr auto kDataTransportSizes = std::to_array<Named<std::uint8_t>>({
    {0x00, "NULL"},
    {0x03, "BIT"},
    {0x04, "BYTE/WORD/DWORD"},
    {0x05, "INTEGER"},
    {0x06, "DINTEGER"},
    {0x07, "REAL"},
    {0x09, "OCTET STRING"},
    {0x11, "NCK ADDRESS1"},
    {0x12, "NCK ADDRESS2"},
});

constexpr auto kAreas = std::to_array<Named<std::uint8_t>>({
    {0x01, "RECORD"},
    {0x03, "SI200"},
    {0x05, "SF200"},
    {0x06, "AI200"},
    {0x07, "AO200"},
    {area::kPeripheral, "P"},
    {area::kInputs, "I"},
    {area::kOutputs, "Q"},
    {area::kFlags, "M"},
    {area::kDataBlocks, "DB"},
    {area::kInstanceDataBlocks, "DI"},
    {0x86, "L"},
    {0x87, "V"},
    {area::kCounters, "C"},
    {area::kTimers, "T"},
    {0x1E, "C200"},
    {0x1F, "T200"},
});

constexpr auto kSyntaxIds = std::to_array<Named<std::uint8_t>>({
    {0x10, "S7ANY"},
    {0x11, "ParameterShort"},
    {0x12, "ParameterExtended"},
    {0x13, "PBC-R_ID"},
    {0x15, "ALARM_LOCKFREE"},
    {0x16, "ALARM_IND"},
    {0x19, "ALARM_ACK"},
    {0x1A, "ALARM_QUERYREQ"},
    {0x1C, "NOTIFY_IND"},
    {0x82, "NCK"},
    {0x83, "NCK_M"},
    {0x84, "NCK_I"},
    {0xA2, "DRIVEESANY"},
    {0xB0, "DBREAD"},
    {0xB2, "1200SYM"},
});

// Block types as their two ASCII characters.
constexpr auto kBlockTypes = std::to_array<Named<std::uint16_t>>({
    {0x3038, "OB"},
    {0x3039, "CMod"},
    {0x3041, "DB"},
    {0x3042, "SDB"},
    {0x3043, "FC"},
    {0x3044, "SFC"},
    {0x3045, "FB"},
    {0x3046, "SFB"},
});

constexpr auto kPiServices = std::to_array<PiServiceInfo>({
    {"P_PROGRAM", "Start the PLC program", OpClass::ModeChange, false},
    {"_INSE", "Insert (activate) blocks", OpClass::Program, true},
    {"_INS2", "Insert (activate) blocks", OpClass::Program, true},
    {"_DELE", "Delete blocks", OpClass::Program, true},
    {"_MODU", "Copy RAM to ROM", OpClass::Program, false},
    {"_GARB", "Compress PLC memory", OpClass::Program, false},
    {"_EXEC", "Execute block", OpClass::Program, false},
    {"_N_LOGIN_", "NC login", OpClass::Authentication, false},
    {"_N_LOGOUT", "NC logout", OpClass::Authentication, false},
    {"_N_NEWPWD", "NC new password", OpClass::Authentication, false},
    {"_N_F_DELE", "NC delete file", OpClass::File, false},
    {"_N_F_COPY", "NC copy file", OpClass::File, false},
    {"_N_F_OPEN", "NC open file", OpClass::File, false},
    {"_N_SELECT", "NC select program for execution", OpClass::Program, false},
    {"_N_CANCEL", "NC cancel alarm", OpClass::Other, false},
});

constexpr auto kGroups = std::to_array<Named<std::uint8_t>>({
    {group::kModeTransition, "Mode transition"},
    {group::kProgrammer, "Programmer commands"},
    {group::kCyclic, "Cyclic services"},
    {group::kBlock, "Block functions"},
    {group::kCpu, "CPU functions"},
    {group::kSecurity, "Security"},
    {group::kPbc, "PBC BSEND/BRECV"},
    {group::kTime, "Time functions"},
    {group::kNcProgramming, "NC programming"},
});

struct UserDataEntry {
  std::uint8_t group;
  std::uint8_t sub;
  std::string_view name;
  OpClass op;
};
constexpr auto kUserData = std::to_array<UserDataEntry>({
    // Mode transition pushes: the subfunction is the mode the CPU entered.
    {group::kModeTransition, 0x00, "Mode transition: STOP", OpClass::ModeChange},
    {group::kModeTransition, 0x01, "Mode transition: Warm restart", OpClass::ModeChange},
    {group::kModeTransition, 0x02, "Mode transition: RUN", OpClass::ModeChange},
    {group::kModeTransition, 0x03, "Mode transition: Hot restart", OpClass::ModeChange},
    {group::kModeTransition, 0x04, "Mode transition: HOLD", OpClass::ModeChange},
    {group::kModeTransition, 0x06, "Mode transition: Cold restart", OpClass::ModeChange},
    {group::kModeTransition, 0x09, "Mode transition: RUN_R (H-system redundant)",
     OpClass::ModeChange},
    {group::kModeTransition, 0x0B, "Mode transition: LINK-UP", OpClass::ModeChange},
    {group::kModeTransition, 0x0C, "Mode transition: UPDATE", OpClass::ModeChange},
    // Programmer commands (test and installation functions): monitoring reads, modify/force
    // writes, and the breakpoint/HOLD and memory-reset commands that change the CPU's state.
    {group::kProgrammer, 0x01, "Block status", OpClass::Diagnostic},
    {group::kProgrammer, 0x02, "Variable status", OpClass::Read},
    {group::kProgrammer, 0x03, "Output ISTACK", OpClass::Diagnostic},
    {group::kProgrammer, 0x04, "Output BSTACK", OpClass::Diagnostic},
    {group::kProgrammer, 0x05, "Output LSTACK", OpClass::Diagnostic},
    {group::kProgrammer, 0x06, "Time measurement from to", OpClass::Diagnostic},
    {group::kProgrammer, 0x07, "Force selection", OpClass::Diagnostic},
    {group::kProgrammer, 0x08, "Modify variable", OpClass::Write},
    {group::kProgrammer, 0x09, "Force", OpClass::Write},
    {group::kProgrammer, 0x0A, "Breakpoint", OpClass::ModeChange},
    {group::kProgrammer, 0x0B, "Exit HOLD", OpClass::ModeChange},
    {group::kProgrammer, 0x0C, "Memory reset", OpClass::Program},
    {group::kProgrammer, 0x0D, "Disable job", OpClass::Diagnostic},
    {group::kProgrammer, 0x0E, "Enable job", OpClass::Diagnostic},
    {group::kProgrammer, 0x0F, "Delete job", OpClass::Diagnostic},
    {group::kProgrammer, 0x10, "Read job list", OpClass::Diagnostic},
    {group::kProgrammer, 0x11, "Read job", OpClass::Diagnostic},
    {group::kProgrammer, 0x12, "Replace job", OpClass::Diagnostic},
    {group::kProgrammer, 0x13, "Block status v2", OpClass::Diagnostic},
    {group::kProgrammer, 0x16, "Flash LED", OpClass::Diagnostic},
    // Cyclic services: the PLC pushes variable values without a request per value.
    {group::kCyclic, 0x01, "Cyclic transfer", OpClass::Read},
    {group::kCyclic, 0x04, "Unsubscribe", OpClass::Read},
    {group::kCyclic, 0x05, "Change driven transfer", OpClass::Read},
    {group::kCyclic, 0x07, "Change driven transfer modify", OpClass::Read},
    {group::kCyclic, 0x08, "RDREC", OpClass::Read},
    // Block functions: what is loaded on the PLC (reconnaissance).
    {group::kBlock, sub::kListBlocks, "List blocks", OpClass::Identification},
    {group::kBlock, sub::kListBlocksOfType, "List blocks of type", OpClass::Identification},
    {group::kBlock, sub::kBlockInfo, "Get block info", OpClass::Identification},
    // CPU functions: SZL reads and the alarm/message services.
    {group::kCpu, sub::kReadSzl, "Read SZL", OpClass::Identification},
    {group::kCpu, 0x02, "Message service", OpClass::Diagnostic},
    {group::kCpu, sub::kDiagnosticMessage, "Diagnostic message", OpClass::Unsolicited},
    {group::kCpu, 0x05, "ALARM_8 indication", OpClass::Unsolicited},
    {group::kCpu, 0x06, "NOTIFY indication", OpClass::Unsolicited},
    {group::kCpu, 0x07, "ALARM_8 lock", OpClass::Configuration},
    {group::kCpu, 0x08, "ALARM_8 unlock", OpClass::Configuration},
    {group::kCpu, 0x09, "SCAN indication", OpClass::Unsolicited},
    {group::kCpu, 0x0B, "ALARM ack", OpClass::Other},
    {group::kCpu, 0x0C, "ALARM ack indication", OpClass::Unsolicited},
    {group::kCpu, 0x0D, "ALARM lock indication", OpClass::Unsolicited},
    {group::kCpu, 0x0E, "ALARM unlock indication", OpClass::Unsolicited},
    {group::kCpu, 0x10, "AR_SEND indication", OpClass::Unsolicited},
    {group::kCpu, 0x11, "ALARM_SQ indication", OpClass::Unsolicited},
    {group::kCpu, 0x12, "ALARM_S indication", OpClass::Unsolicited},
    {group::kCpu, 0x13, "ALARM query", OpClass::Diagnostic},
    {group::kCpu, 0x16, "NOTIFY_8 indication", OpClass::Unsolicited},
    {group::kSecurity, sub::kPassword, "PLC password", OpClass::Authentication},
    {group::kPbc, 0x01, "BSEND/BRECV", OpClass::Other},
    {group::kTime, sub::kReadClock, "Read clock", OpClass::Time},
    {group::kTime, sub::kSetClock, "Set clock", OpClass::Time},
    {group::kTime, sub::kReadClockFollowing, "Read clock (following)", OpClass::Time},
    {group::kTime, sub::kSetClock2, "Set clock", OpClass::Time},
    // NC programming (Sinumerik file transfer).
    {group::kNcProgramming, 0x01, "NC request download", OpClass::Program},
    {group::kNcProgramming, 0x02, "NC download block", OpClass::Program},
    {group::kNcProgramming, 0x03, "NC continue download", OpClass::Program},
    {group::kNcProgramming, 0x04, "NC download ended", OpClass::Program},
    {group::kNcProgramming, 0x06, "NC start upload", OpClass::Program},
    {group::kNcProgramming, 0x07, "NC upload", OpClass::Program},
    {group::kNcProgramming, 0x08, "NC continue upload", OpClass::Program},
});

constexpr auto kModeTransitions = std::to_array<Named<std::uint8_t>>({
    {0x00, "STOP"},
    {0x01, "Warm restart"},
    {0x02, "RUN"},
    {0x03, "Hot restart"},
    {0x04, "HOLD"},
    {0x06, "Cold restart"},
    {0x09, "RUN_R (H-system redundant)"},
    {0x0B, "LINK-UP"},
    {0x0C, "UPDATE"},
});

constexpr auto kSzlLists = std::to_array<Named<std::uint8_t>>({
    {0x00, "List of all SZL IDs"},
    {0x11, "Module identification"},
    {0x12, "CPU characteristics"},
    {0x13, "User memory areas"},
    {0x14, "System areas"},
    {0x15, "Block types"},
    {0x16, "Priority classes"},
    {0x17, "Permitted SDBs"},
    {0x18, "Maximum S7-300 I/O configuration"},
    {0x19, "Status of the module LEDs"},
    {0x1C, "Component identification"},
    {0x21, "Interrupt / error assignment"},
    {0x22, "Interrupt status"},
    {0x23, "Priority classes"},
    {0x24, "Modes"},
    {0x25, "Process image partitions and OBs"},
    {0x31, "Communication capability parameters"},
    {0x32, "Communication status data"},
    {0x33, "Device logon list"},
    {0x37, "Ethernet details of a module"},
    {0x71, "H CPU group information"},
    {0x74, "Status of the module LEDs"},
    {0x75, "Switched DP slaves in the H system"},
    {0x81, "Start information list"},
    {0x82, "Start event list"},
    {0x90, "DP master system information"},
    {0x91, "Module status information"},
    {0x92, "Rack / station status information"},
    {0x94, "Rack / station status information"},
    {0x95, "Extended DP master system information"},
    {0x96, "Module status information, PROFINET IO and PROFIBUS DP"},
    {0xA0, "Diagnostic buffer"},
    {0xB1, "Module diagnostic information (record 0)"},
    {0xB2, "Module diagnostic information (record 1, geographical address)"},
    {0xB3, "Module diagnostic information (record 1, logical address)"},
    {0xB4, "Diagnostic data of a DP slave"},
});

constexpr auto kSzlModes = std::to_array<Named<std::uint8_t>>({
    {0x1, "STOP (update)"},
    {0x2, "STOP (memory reset)"},
    {0x3, "STOP (self initialization)"},
    {0x4, "STOP (internal)"},
    {0x5, "STARTUP (complete restart)"},
    {0x7, "STARTUP (restart)"},
    {0x8, "RUN"},
    {0xA, "HOLD"},
    {0xD, "DEFECTIVE"},
});

constexpr auto kS7plusOpcodes = std::to_array<Named<std::uint8_t>>({
    {s7p::kRequest, "Request"},
    {s7p::kResponse, "Response"},
    {s7p::kNotification, "Notification"},
    {s7p::kResponse2, "Response"},
});

constexpr auto kS7plusFunctions = std::to_array<NamedOp<std::uint16_t>>({
    {0x04B1, "Error", OpClass::Other},
    {s7p::kExplore, "Explore", OpClass::Identification},
    {s7p::kCreateObject, "CreateObject", OpClass::Program},
    {s7p::kDeleteObject, "DeleteObject", OpClass::Program},
    {s7p::kSetVariable, "SetVariable", OpClass::Write},
    {s7p::kGetVariable, "GetVariable", OpClass::Read},
    {0x0506, "AddLink", OpClass::Configuration},
    {0x051A, "RemoveLink", OpClass::Configuration},
    {0x0524, "GetLink", OpClass::Read},
    {s7p::kSetMultiVariables, "SetMultiVariables", OpClass::Write},
    {s7p::kGetMultiVariables, "GetMultiVariables", OpClass::Read},
    {0x0556, "BeginSequence", OpClass::Program},
    {0x0560, "EndSequence", OpClass::Program},
    {s7p::kInvoke, "Invoke", OpClass::Control},
    {0x057C, "SetVarSubStreamed", OpClass::Write},
    {0x0586, "GetVarSubStreamed", OpClass::Read},
    {0x0590, "GetVariablesAddress", OpClass::Read},
    {0x059A, "Abort", OpClass::Session},
    {0x05A9, "Error", OpClass::Other},
    {0x05B3, "InitSsl", OpClass::Session},
});

}  // namespace

std::string_view rosctr_name(std::uint8_t rosctr) {
  switch (rosctr) {
    case 1:
      return "Job";
    case 2:
      return "Ack";
    case 3:
      return "Ack_Data";
    case 7:
      return "Userdata";
    default:
      return {};
  }
}

std::string_view error_class_name(std::uint8_t error_class) {
  std::string_view name = find_name(kErrorClasses, error_class);
  return name.empty() ? "Unknown error class" : name;
}

std::string_view error_code_name(std::uint16_t code) {
  auto it = std::lower_bound(kErrorCodes.begin(), kErrorCodes.end(), code,
                             [](const auto& e, std::uint16_t c) { return e.code < c; });
  if (it != kErrorCodes.end() && it->code == code) return it->name;
  return {};
}

std::optional<CodeInfo> job_function(std::uint8_t code) {
  for (const auto& e : kJobFunctions)
    if (e.code == code) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

std::string_view item_return_code_name(std::uint8_t code) {
  std::string_view name = find_name(kItemReturnCodes, code);
  return name.empty() ? "Unknown return code" : name;
}

std::string_view item_transport_size_name(std::uint8_t size) {
  return find_name(kItemTransportSizes, size);
}

std::uint32_t item_element_bytes(std::uint8_t size) {
  for (const auto& e : kItemTransportSizes)
    if (e.code == size) return e.bytes;
  return 0;
}

std::string_view data_transport_size_name(std::uint8_t size) {
  return find_name(kDataTransportSizes, size);
}

bool data_length_in_bits(std::uint8_t size) {
  return size == 0x03 || size == 0x04 || size == 0x05;
}

std::string_view area_short_name(std::uint8_t area_code) {
  return find_name(kAreas, area_code);
}

std::string_view syntax_id_name(std::uint8_t syntax_id) {
  return find_name(kSyntaxIds, syntax_id);
}

std::string_view block_type_name(std::uint8_t first, std::uint8_t second) {
  return find_name(kBlockTypes, static_cast<std::uint16_t>(first << 8 | second));
}

const PiServiceInfo* pi_service(std::string_view service) {
  for (const auto& e : kPiServices)
    if (e.service == service) return &e;
  return nullptr;
}

std::string_view userdata_group_name(std::uint8_t group) {
  std::string_view name = find_name(kGroups, group);
  return name.empty() ? "Unknown group" : name;
}

std::optional<CodeInfo> userdata_function(std::uint8_t group, std::uint8_t subfunction) {
  for (const auto& e : kUserData)
    if (e.group == group && e.sub == subfunction) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

CodeInfo unknown_userdata_function(std::uint8_t group) {
  switch (group) {
    case group::kModeTransition:
      return {"Mode transition: unknown mode", OpClass::ModeChange};
    case group::kProgrammer:
      return {"Programmer command (unknown)", OpClass::Other};
    case group::kCyclic:
      return {"Cyclic service (unknown)", OpClass::Read};
    case group::kBlock:
      return {"Block function (unknown)", OpClass::Identification};
    case group::kCpu:
      return {"CPU function (unknown)", OpClass::Other};
    case group::kSecurity:
      return {"Security function (unknown)", OpClass::Authentication};
    case group::kTime:
      return {"Time function (unknown)", OpClass::Time};
    default:
      return {"Unknown user-data function", OpClass::Other};
  }
}

std::string_view mode_transition_name(std::uint8_t mode) {
  return find_name(kModeTransitions, mode);
}

std::string_view szl_list_name(std::uint16_t szl_id) {
  std::string_view name = find_name(kSzlLists, static_cast<std::uint8_t>(szl_id & 0xFF));
  return name.empty() ? "Unknown partial list" : name;
}

std::string_view szl_mode_name(std::uint8_t mode) {
  return find_name(kSzlModes, mode);
}

std::string_view s7plus_opcode_name(std::uint8_t opcode) {
  return find_name(kS7plusOpcodes, opcode);
}

std::optional<CodeInfo> s7plus_function(std::uint16_t code) {
  for (const auto& e : kS7plusFunctions)
    if (e.code == code) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

}  // namespace otscope::s7
