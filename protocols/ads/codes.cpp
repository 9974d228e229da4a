#include "protocols/ads/codes.h"

namespace otscope::ads {

namespace {

struct Entry {
  std::uint16_t id;
  std::string_view name;
  OpClass op;
};
constexpr Entry kCommands[] = {
    {cmd::kReadDeviceInfo, "Read Device Info", OpClass::Identification},
    {cmd::kRead, "Read", OpClass::Read},
    {cmd::kWrite, "Write", OpClass::Write},
    {cmd::kReadState, "Read State", OpClass::Diagnostic},
    {cmd::kWriteControl, "Write Control", OpClass::ModeChange},
    {cmd::kAddNotification, "Add Device Notification", OpClass::Session},
    {cmd::kDeleteNotification, "Delete Device Notification", OpClass::Session},
    {cmd::kNotification, "Device Notification", OpClass::Unsolicited},
    {cmd::kReadWrite, "Read Write", OpClass::Write},
};

struct Name {
  std::uint32_t code;
  std::string_view name;
};
constexpr Name kStates[] = {
    {0, "INVALID"},   {1, "IDLE"},         {2, "RESET"},         {3, "INIT"},
    {4, "START"},     {5, "RUN"},          {6, "STOP"},          {7, "SAVECFG"},
    {8, "LOADCFG"},   {9, "POWERFAILURE"}, {10, "POWERGOOD"},    {11, "ERROR"},
    {12, "SHUTDOWN"}, {13, "SUSPEND"},     {14, "RESUME"},       {15, "CONFIG"},
    {16, "RECONFIG"}, {17, "STOPPING"},    {18, "INCOMPATIBLE"}, {19, "EXCEPTION"},
};
constexpr Name kErrors[] = {
    {0x0000, "No error"},
    {0x0001, "Internal error"},
    {0x0006, "Target port not found"},
    {0x0007, "Target machine not found"},
    {0x0700, "General device error"},
    {0x0701, "Service is not supported by the server"},
    {0x0702, "Invalid index group"},
    {0x0703, "Invalid index offset"},
    {0x0704, "Reading or writing not permitted"},
    {0x0705, "Parameter size not correct"},
    {0x0706, "Invalid data values"},
    {0x0707, "Device is not ready to operate"},
    {0x0708, "Device is busy"},
    {0x070A, "Out of memory"},
    {0x070B, "Invalid parameter values"},
    {0x070C, "Not found (files, ...)"},
    {0x0710, "Symbol not found"},
    {0x0712, "Device is in invalid state"},
    {0x0719, "Access denied"},
    {0x071A, "License not found"},
    {0x0745, "Timeout"},
};

}  // namespace

std::optional<CodeInfo> udp_service(std::uint32_t service) {
  switch (service & ~kUdpResponse) {
    case udp::kServerInfo:
      return CodeInfo{"UDP Server Info", OpClass::Identification};
    case udp::kAddRoute:
      return CodeInfo{"UDP Add Route", OpClass::Configuration};
    default:
      return std::nullopt;
  }
}

std::optional<CodeInfo> command(std::uint16_t id) {
  for (const Entry& e : kCommands)
    if (e.id == id) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

std::string_view state_name(std::uint16_t s) {
  for (const Name& n : kStates)
    if (n.code == s) return n.name;
  return {};
}

std::string_view error_name(std::uint32_t code) {
  for (const Name& n : kErrors)
    if (n.code == code) return n.name;
  return {};
}

ExceptionKind error_kind(std::uint32_t code) {
  switch (code) {
    case 0:
      return ExceptionKind::None;
    case 0x0701:
      return ExceptionKind::UnsupportedFunction;
    case 0x0702:
    case 0x0703:
    case 0x0710:
      return ExceptionKind::BadAddress;
    case 0x0006:
    case 0x0007:
      return ExceptionKind::Unreachable;
    default:
      return ExceptionKind::Other;
  }
}

}  // namespace otscope::ads
