// The one code table of Mitsubishi MELSEC communication (MC protocol) / SLMP: commands with
// their names and operation classes, device codes, end codes.
//
// Sources: Mitsubishi Electric, *MELSEC Communication Protocol Reference Manual* (SH-080008:
// 3E/4E frames, commands and subcommands, device codes) and *SLMP Reference Manual*
// (SH-080956ENG).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::melsec {

/// The ports MC protocol / SLMP servers are commonly set to (none is fixed by the manuals).
inline constexpr std::uint16_t kPort = 5007;

namespace cmd {
inline constexpr std::uint16_t kReadCpuModel = 0x0101;
inline constexpr std::uint16_t kBatchRead = 0x0401;
inline constexpr std::uint16_t kRandomRead = 0x0403;
inline constexpr std::uint16_t kBatchWrite = 0x1401;
inline constexpr std::uint16_t kRandomWrite = 0x1402;
inline constexpr std::uint16_t kRemoteRun = 0x1001;
inline constexpr std::uint16_t kRemoteStop = 0x1002;
inline constexpr std::uint16_t kRemotePause = 0x1003;
inline constexpr std::uint16_t kRemoteLatchClear = 0x1005;
inline constexpr std::uint16_t kRemoteReset = 0x1006;
inline constexpr std::uint16_t kRemoteUnlock = 0x1630;
inline constexpr std::uint16_t kRemoteLock = 0x1631;
}  // namespace cmd

struct CodeInfo {
  std::string_view name;
  OpClass op = OpClass::Other;
};

std::optional<CodeInfo> command(std::uint16_t code);
/// A device code's name ("D", "M", "X", ...) in the Q/L (1-byte) binary form, "" when unknown.
std::string_view device_name(std::uint8_t code);
/// An end code's name, "" when unknown.
std::string_view end_code_name(std::uint16_t code);

}  // namespace otscope::melsec
