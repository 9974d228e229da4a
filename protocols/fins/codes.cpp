#include "protocols/fins/codes.h"

namespace otscope::fins {

namespace {

struct Entry {
  std::uint16_t code;
  std::string_view name;
  OpClass op;
};

constexpr Entry kCommands[] = {
    {fn::kMemoryAreaRead, "Memory Area Read", OpClass::Read},
    {fn::kMemoryAreaWrite, "Memory Area Write", OpClass::Write},
    {fn::kMemoryAreaFill, "Memory Area Fill", OpClass::Write},
    {fn::kMultipleMemoryAreaRead, "Multiple Memory Area Read", OpClass::Read},
    {fn::kMemoryAreaTransfer, "Memory Area Transfer", OpClass::Write},
    {0x0201, "Parameter Area Read", OpClass::Read},
    {fn::kParameterAreaWrite, "Parameter Area Write", OpClass::Configuration},
    {fn::kParameterAreaClear, "Parameter Area Clear", OpClass::Configuration},
    {fn::kProgramAreaProtect, "Program Area Protect", OpClass::Authentication},
    {fn::kProgramAreaProtectClear, "Program Area Protect Clear", OpClass::Authentication},
    {fn::kProgramAreaRead, "Program Area Read", OpClass::Program},
    {fn::kProgramAreaWrite, "Program Area Write", OpClass::Program},
    {fn::kProgramAreaClear, "Program Area Clear", OpClass::Program},
    {fn::kRun, "Run", OpClass::ModeChange},
    {fn::kStop, "Stop", OpClass::ModeChange},
    {fn::kControllerDataRead, "Controller Data Read", OpClass::Identification},
    {0x0502, "Connection Data Read", OpClass::Identification},
    {0x0601, "Controller Status Read", OpClass::Diagnostic},
    {0x0620, "Cycle Time Read", OpClass::Diagnostic},
    {0x0701, "Clock Read", OpClass::Time},
    {fn::kClockWrite, "Clock Write", OpClass::Time},
    {0x0801, "Loopback Test", OpClass::Diagnostic},
    {0x0802, "Broadcast Test Results Read", OpClass::Diagnostic},
    {0x0803, "Broadcast Test Data Send", OpClass::Diagnostic},
    {0x0920, "Message Read/Clear", OpClass::Diagnostic},
    {0x0C01, "Access Right Acquire", OpClass::Session},
    {0x0C02, "Access Right Forced Acquire", OpClass::Session},
    {0x0C03, "Access Right Release", OpClass::Session},
    {fn::kErrorClear, "Error Clear", OpClass::Diagnostic},
    {0x2102, "Error Log Read", OpClass::Diagnostic},
    {fn::kErrorLogClear, "Error Log Clear", OpClass::Diagnostic},
    {0x2201, "File Name Read", OpClass::File},
    {0x2202, "Single File Read", OpClass::File},
    {0x2203, "Single File Write", OpClass::File},
    {fn::kFileMemoryFormat, "File Memory Format", OpClass::File},
    {fn::kFileDelete, "File Delete", OpClass::File},
    {0x2207, "File Copy", OpClass::File},
    {0x2208, "File Name Change", OpClass::File},
    {0x220A, "Memory Area-File Transfer", OpClass::File},
    {0x220B, "Parameter Area-File Transfer", OpClass::File},
    {fn::kProgramAreaFileTransfer, "Program Area-File Transfer", OpClass::Program},
    {0x2215, "Create/Delete Directory", OpClass::File},
    {fn::kForcedSetReset, "Forced Set/Reset", OpClass::Write},
    {0x2302, "Forced Set/Reset Cancel", OpClass::Write},
};

struct Name {
  std::uint32_t code;
  std::string_view name;
};

constexpr Name kTcpCommands[] = {
    {0, "Node Address Data Send (client)"},
    {1, "Node Address Data Send (server)"},
    {2, "Frame Send"},
    {3, "Frame Send Error Notification"},
    {6, "Connection Confirmation"},
};

// CS/CJ memory area designations (W342, 5-2-2).
constexpr Name kAreas[] = {
    {0x02, "DM bit"},
    {0x09, "TK bit"},
    {0x30, "CIO bit"},
    {0x31, "WR bit"},
    {0x32, "HR bit"},
    {0x33, "AR bit"},
    {0x46, "TK"},
    {0x82, "DM"},
    {0x89, "TK status"},
    {0xB0, "CIO"},
    {0xB1, "WR"},
    {0xB2, "HR"},
    {0xB3, "AR"},
    {0xBC, "IR"},
    {0xDC, "DR"},
    {0x81, "TIM/CNT PV"},
    {0x01, "TIM/CNT status"},
    {0x98, "EM current bank"},
};

constexpr Name kEndCodes[] = {
    {0x00, "Normal completion"},
    {0x01, "Local node error"},
    {0x02, "Destination node error"},
    {0x03, "Communications controller error"},
    {0x04, "Not executable"},
    {0x05, "Routing error"},
    {0x10, "Command format error"},
    {0x11, "Parameter error"},
    {0x20, "Read not possible"},
    {0x21, "Write not possible"},
    {0x22, "Not executable in current mode"},
    {0x23, "No such device"},
    {0x24, "Cannot start/stop"},
    {0x25, "Unit error"},
    {0x26, "Command error"},
    {0x30, "Access right error"},
    {0x40, "Abort"},
};

std::string_view find_name(const auto& table, std::uint32_t code) {
  for (const Name& n : table)
    if (n.code == code) return n.name;
  return {};
}

}  // namespace

std::optional<CodeInfo> command(std::uint16_t code) {
  for (const Entry& e : kCommands)
    if (e.code == code) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

std::string_view tcp_command_name(std::uint32_t code) {
  return find_name(kTcpCommands, code);
}

std::string_view memory_area_name(std::uint8_t code) {
  return find_name(kAreas, code);
}

std::string_view end_code_name(std::uint8_t main_code) {
  return find_name(kEndCodes, main_code & 0x7F);
}

}  // namespace otscope::fins
