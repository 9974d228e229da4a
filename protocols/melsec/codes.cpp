#include "protocols/melsec/codes.h"

namespace otscope::melsec {

namespace {

struct Entry {
  std::uint16_t code;
  std::string_view name;
  OpClass op;
};
constexpr Entry kCommands[] = {
    {cmd::kReadCpuModel, "Read CPU Model Name", OpClass::Identification},
    {cmd::kBatchRead, "Batch Read", OpClass::Read},
    {cmd::kRandomRead, "Random Read", OpClass::Read},
    {0x0406, "Batch Read Multiple Blocks", OpClass::Read},
    {0x0613, "Read Buffer Memory", OpClass::Read},
    {0x0601, "Read Intelligent Module Buffer", OpClass::Read},
    {0x0619, "Loopback Test", OpClass::Diagnostic},
    {0x0801, "Register Monitor", OpClass::Read},
    {0x0802, "Execute Monitor", OpClass::Read},
    {cmd::kRemoteRun, "Remote RUN", OpClass::ModeChange},
    {cmd::kRemoteStop, "Remote STOP", OpClass::ModeChange},
    {cmd::kRemotePause, "Remote PAUSE", OpClass::ModeChange},
    {cmd::kRemoteLatchClear, "Remote Latch Clear", OpClass::Configuration},
    {cmd::kRemoteReset, "Remote RESET", OpClass::Restart},
    {cmd::kBatchWrite, "Batch Write", OpClass::Write},
    {cmd::kRandomWrite, "Random Write", OpClass::Write},
    {0x1406, "Batch Write Multiple Blocks", OpClass::Write},
    {0x1613, "Write Buffer Memory", OpClass::Write},
    {0x1601, "Write Intelligent Module Buffer", OpClass::Write},
    {0x1617, "Clear Error", OpClass::Diagnostic},
    {cmd::kRemoteUnlock, "Remote Password Unlock", OpClass::Authentication},
    {cmd::kRemoteLock, "Remote Password Lock", OpClass::Authentication},
    {0x1810, "Read Directory/File", OpClass::File},
    {0x1811, "Search Directory/File", OpClass::File},
    {0x1820, "New File", OpClass::File},
    {0x1822, "Delete File", OpClass::File},
    {0x1827, "Open File", OpClass::File},
    {0x1828, "Read File", OpClass::File},
    {0x1829, "Write File", OpClass::File},
    {0x182A, "Close File", OpClass::File},
};

struct Name {
  std::uint16_t code;
  std::string_view name;
};
constexpr Name kDevices[] = {
    {0x90, "M"},  {0x91, "SM"}, {0x92, "L"},  {0x93, "F"},  {0x94, "V"},  {0x98, "S"},
    {0x9C, "X"},  {0x9D, "Y"},  {0xA0, "B"},  {0xA1, "SB"}, {0xA8, "D"},  {0xA9, "SD"},
    {0xAF, "R"},  {0xB0, "ZR"}, {0xB4, "W"},  {0xB5, "SW"}, {0xC0, "TC"}, {0xC1, "TS"},
    {0xC2, "TN"}, {0xC3, "CC"}, {0xC4, "CS"}, {0xC5, "CN"}, {0xCC, "Z"},
};
constexpr Name kEndCodes[] = {
    {0x0000, "Normal completion"},
    {0xC050, "ASCII data that cannot be converted"},
    {0xC051, "Too many points"},
    {0xC056, "Request beyond the device range"},
    {0xC059, "Command or subcommand not supported"},
    {0xC05B, "Device cannot be accessed"},
    {0xC05C, "Request content error"},
    {0xC061, "Request data length mismatch"},
    {0xC06F, "Communication data code mismatch"},
    {0xC0B5, "Data the CPU cannot handle"},
    {0xC201, "Remote password locked"},
    {0xC204, "Not the device that holds the remote password"},
};

}  // namespace

std::optional<CodeInfo> command(std::uint16_t code) {
  for (const Entry& e : kCommands)
    if (e.code == code) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

std::string_view device_name(std::uint8_t code) {
  for (const Name& n : kDevices)
    if (n.code == code) return n.name;
  return {};
}

std::string_view end_code_name(std::uint16_t code) {
  for (const Name& n : kEndCodes)
    if (n.code == code) return n.name;
  return {};
}

}  // namespace otscope::melsec
