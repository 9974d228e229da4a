// PROFINET code tables: frame id ranges of the real-time layer, DCP services, options and
// suboptions, and the PROFINET IO context-management RPC interfaces and operations.
//
// Facts from IEC 61158-6-10 (PROFINET IO application layer protocol) and IEC 61784-2: frame id
// ranges (table "FrameID range"), the DCP PDU (ServiceID, ServiceType, Xid, ResponseDelay,
// DCPDataLength, blocks of Option, Suboption, DCPBlockLength, BlockInfo or BlockQualifier), and
// the CM interfaces of DCE/RPC (UUIDs DEA0000x-6C97-11D1-8271-00A02442DF7D, operations Connect,
// Release, Read, Write, Control, Read Implicit).
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::profinet {

inline constexpr std::uint16_t kEthertype = 0x8892;

/// What a frame id says a real-time frame is.
enum class FrameKind : std::uint8_t {
  TimeSync,      // PTCP synchronisation, announce, follow-up, delay
  CyclicClass3,  // isochronous (IRT) cyclic data
  CyclicClass2,  // RT class 2 cyclic data
  CyclicClass1,  // RT class 1 cyclic data (the usual I/O data)
  AlarmHigh,
  AlarmLow,
  DcpHello,
  DcpGetSet,
  DcpIdentifyRequest,
  DcpIdentifyResponse,
  Fragment,
  Reserved,
};

struct FrameKindInfo {
  FrameKind kind;
  /// The first frame id of the range: the function code a frame of this kind is counted under.
  std::uint16_t first;
  std::string_view name;
};

/// The kind of a frame id, with the first id of its range and its name.
const FrameKindInfo& frame_kind(std::uint16_t frame_id);
inline bool is_dcp(FrameKind k) {
  return k == FrameKind::DcpHello || k == FrameKind::DcpGetSet ||
         k == FrameKind::DcpIdentifyRequest || k == FrameKind::DcpIdentifyResponse;
}

/// DCP ServiceID.
enum class DcpService : std::uint8_t { Get = 3, Set = 4, Identify = 5, Hello = 6 };
std::string_view dcp_service_name(std::uint8_t service);
OpClass dcp_service_op(std::uint8_t service);

/// DCP ServiceType: bit 0 says response, bit 2 "not supported".
inline constexpr std::uint8_t kDcpResponse = 0x01;
inline constexpr std::uint8_t kDcpNotSupported = 0x04;

/// DCP options and the suboptions this decoder names.
namespace dcp_option {
inline constexpr std::uint8_t kIp = 1;
inline constexpr std::uint8_t kDevice = 2;
inline constexpr std::uint8_t kDhcp = 3;
inline constexpr std::uint8_t kControl = 5;
inline constexpr std::uint8_t kInitiative = 6;
inline constexpr std::uint8_t kAll = 0xFF;
}  // namespace dcp_option
namespace dcp_ip {
inline constexpr std::uint8_t kMac = 1;
inline constexpr std::uint8_t kParameter = 2;
inline constexpr std::uint8_t kFullSuite = 3;
}  // namespace dcp_ip
namespace dcp_device {
inline constexpr std::uint8_t kVendor = 1;  // "type of station", manufacturer specific
inline constexpr std::uint8_t kNameOfStation = 2;
inline constexpr std::uint8_t kDeviceId = 3;
inline constexpr std::uint8_t kRole = 4;
inline constexpr std::uint8_t kOptions = 5;
inline constexpr std::uint8_t kAlias = 6;
inline constexpr std::uint8_t kInstance = 7;
inline constexpr std::uint8_t kOemDeviceId = 8;
}  // namespace dcp_device
namespace dcp_control {
inline constexpr std::uint8_t kStart = 1;
inline constexpr std::uint8_t kEnd = 2;
inline constexpr std::uint8_t kSignal = 3;
inline constexpr std::uint8_t kResponse = 4;
inline constexpr std::uint8_t kFactoryReset = 5;
inline constexpr std::uint8_t kResetToFactory = 6;
}  // namespace dcp_control

/// "IP/IP parameter", "Device/NameOfStation", "Control/Factory reset", "3/9".
std::string dcp_block_name(std::uint8_t option, std::uint8_t suboption);

/// The roles of DeviceRoleDetails: "IO-Device", "IO-Controller", "IO-Multidevice",
/// "IO-Supervisor", joined by ", ".
std::string dcp_device_roles(std::uint8_t bits);

/// PROFINET IO context management over DCE/RPC.
enum class PnioInterface : std::uint8_t { None, Device, Controller, Supervisor, ParameterServer };
/// The interface a DCE/RPC interface UUID (as 16 bytes in wire order for its data representation,
/// already put into big-endian field order) names.
PnioInterface pnio_interface(const std::uint8_t uuid[16]);
std::string_view pnio_interface_name(PnioInterface i);
std::string_view pnio_operation_name(std::uint16_t opnum);
OpClass pnio_operation_op(std::uint16_t opnum);
namespace pnio_op {
inline constexpr std::uint16_t kConnect = 0;
inline constexpr std::uint16_t kRelease = 1;
inline constexpr std::uint16_t kRead = 2;
inline constexpr std::uint16_t kWrite = 3;
inline constexpr std::uint16_t kControl = 4;
inline constexpr std::uint16_t kReadImplicit = 5;
}  // namespace pnio_op
/// DCE/RPC connectionless packet types.
std::string_view rpc_packet_type_name(std::uint8_t ptype);

}  // namespace otscope::profinet
