// The one code table of OMRON FINS: command codes (MRC/SRC) with their names and operation
// classes, memory area codes, end (response) codes, FINS/TCP header commands.
//
// Sources: OMRON, *FINS Commands Reference Manual* (W227) and *CS/CJ/CP/NSJ Series
// Communications Commands Reference Manual* (W342): command list (section 5), memory area
// designations, end codes; FINS/TCP header (W421, Ethernet unit, section 7).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::fins {

inline constexpr std::uint16_t kPort = 9600;

/// Command codes as MRC << 8 | SRC.
namespace fn {
inline constexpr std::uint16_t kMemoryAreaRead = 0x0101;
inline constexpr std::uint16_t kMemoryAreaWrite = 0x0102;
inline constexpr std::uint16_t kMemoryAreaFill = 0x0103;
inline constexpr std::uint16_t kMultipleMemoryAreaRead = 0x0104;
inline constexpr std::uint16_t kMemoryAreaTransfer = 0x0105;
inline constexpr std::uint16_t kParameterAreaWrite = 0x0202;
inline constexpr std::uint16_t kParameterAreaClear = 0x0203;
inline constexpr std::uint16_t kProgramAreaProtect = 0x0304;
inline constexpr std::uint16_t kProgramAreaProtectClear = 0x0305;
inline constexpr std::uint16_t kProgramAreaRead = 0x0306;
inline constexpr std::uint16_t kProgramAreaWrite = 0x0307;
inline constexpr std::uint16_t kProgramAreaClear = 0x0308;
inline constexpr std::uint16_t kRun = 0x0401;
inline constexpr std::uint16_t kStop = 0x0402;
inline constexpr std::uint16_t kControllerDataRead = 0x0501;
inline constexpr std::uint16_t kClockWrite = 0x0702;
inline constexpr std::uint16_t kErrorClear = 0x2101;
inline constexpr std::uint16_t kErrorLogClear = 0x2103;
inline constexpr std::uint16_t kFileMemoryFormat = 0x2204;
inline constexpr std::uint16_t kFileDelete = 0x2205;
inline constexpr std::uint16_t kProgramAreaFileTransfer = 0x220C;
inline constexpr std::uint16_t kForcedSetReset = 0x2301;
}  // namespace fn

/// The `function` of a FINS/TCP header message that carries no FINS frame (node address
/// exchange, errors): kTcpFunctionBase | the FINS/TCP command.
inline constexpr std::uint32_t kTcpFunctionBase = 0x10000;

struct CodeInfo {
  std::string_view name;
  OpClass op = OpClass::Other;
};

/// A FINS command (MRC << 8 | SRC), nullopt when the manuals define none with this code.
std::optional<CodeInfo> command(std::uint16_t code);
/// A FINS/TCP header command's name ("" when unknown): 0 node address data send (client), 1
/// (server), 2 frame send, 3 frame send error notification, 6 connection confirmation.
std::string_view tcp_command_name(std::uint32_t code);
/// A memory area code's name ("DM", "CIO bit", ...), "" when unknown.
std::string_view memory_area_name(std::uint8_t code);
/// The main end code's name (MRES, without the relay error bit), "" when unknown.
std::string_view end_code_name(std::uint8_t main_code);

}  // namespace otscope::fins
