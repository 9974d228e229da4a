// The one code table of Beckhoff ADS/AMS: command ids, ADS states, ADS return codes, and the
// reserved index groups named in summaries.
//
// Source: Beckhoff Information System, *ADS specification* (TC3 ADS: AMS/TCP header, AMS header,
// ADS commands, ADS state, ADS return codes).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::ads {

inline constexpr std::uint16_t kTcpPort = 48898;

namespace cmd {
inline constexpr std::uint16_t kReadDeviceInfo = 1;
inline constexpr std::uint16_t kRead = 2;
inline constexpr std::uint16_t kWrite = 3;
inline constexpr std::uint16_t kReadState = 4;
inline constexpr std::uint16_t kWriteControl = 5;
inline constexpr std::uint16_t kAddNotification = 6;
inline constexpr std::uint16_t kDeleteNotification = 7;
inline constexpr std::uint16_t kNotification = 8;
inline constexpr std::uint16_t kReadWrite = 9;
}  // namespace cmd

/// ADS states (ADSSTATE).
namespace state {
inline constexpr std::uint16_t kReset = 2;
inline constexpr std::uint16_t kStart = 4;
inline constexpr std::uint16_t kRun = 5;
inline constexpr std::uint16_t kStop = 6;
inline constexpr std::uint16_t kShutdown = 12;
inline constexpr std::uint16_t kConfig = 15;
inline constexpr std::uint16_t kReconfig = 16;
}  // namespace state

struct CodeInfo {
  std::string_view name;
  OpClass op = OpClass::Other;
};

/// An ADS command, nullopt when the specification defines none with this id.
std::optional<CodeInfo> command(std::uint16_t id);
/// An ADS state's name ("RUN", "STOP", "CONFIG", ...), "" when unknown.
std::string_view state_name(std::uint16_t state);
/// An ADS return code's name, "" when unknown.
std::string_view error_name(std::uint32_t code);
/// What an ADS return code says, for detection.
ExceptionKind error_kind(std::uint32_t code);

}  // namespace otscope::ads
