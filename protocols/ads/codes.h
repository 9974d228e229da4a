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
inline constexpr std::uint16_t kUdpPort = 48899;

/// The UDP (48899) discovery and route service of the TwinCAT router: its magic cookie, the
/// services (the response sets bit 31) and the tags of their tag/length/value list.
inline constexpr std::uint32_t kUdpCookie = 0x71146603;
inline constexpr std::uint32_t kUdpResponse = 0x80000000;
namespace udp {
inline constexpr std::uint32_t kServerInfo = 1;
inline constexpr std::uint32_t kAddRoute = 6;
inline constexpr std::uint16_t kTagPassword = 0x0002;
inline constexpr std::uint16_t kTagVersion = 0x0003;
inline constexpr std::uint16_t kTagHostname = 0x0005;
inline constexpr std::uint16_t kTagRouteName = 0x000C;
}  // namespace udp
/// The `function` of a UDP service message: kUdpFunctionBase | the service (server info 0x20001
/// = 131073, add route 0x20006 = 131078).
inline constexpr std::uint32_t kUdpFunctionBase = 0x20000;

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

/// A UDP (48899) service, nullopt when unknown.
std::optional<CodeInfo> udp_service(std::uint32_t service);
/// An ADS command, nullopt when the specification defines none with this id.
std::optional<CodeInfo> command(std::uint16_t id);
/// An ADS state's name ("RUN", "STOP", "CONFIG", ...), "" when unknown.
std::string_view state_name(std::uint16_t state);
/// An ADS return code's name, "" when unknown.
std::string_view error_name(std::uint32_t code);
/// What an ADS return code says, for detection.
ExceptionKind error_kind(std::uint32_t code);

}  // namespace otscope::ads
