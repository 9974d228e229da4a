#include "protocols/profinet/codes.h"

#include <array>
#include <string>

namespace otscope::profinet {
namespace {

struct Range {
  std::uint16_t first, last;
  FrameKindInfo info;
};
// IEC 61158-6-10, FrameID ranges.
constexpr Range kRanges[] = {
    {0x0000, 0x00FF, {FrameKind::TimeSync, 0x0000, "PTCP time synchronisation"}},
    {0x0100, 0x7FFF, {FrameKind::CyclicClass3, 0x0100, "RT class 3 cyclic data"}},
    {0x8000, 0xBFFF, {FrameKind::CyclicClass2, 0x8000, "RT class 2 cyclic data"}},
    {0xC000, 0xFBFF, {FrameKind::CyclicClass1, 0xC000, "RT class 1 cyclic data"}},
    {0xFC00, 0xFCFF, {FrameKind::AlarmHigh, 0xFC01, "Alarm (high priority)"}},
    {0xFE00, 0xFEFB, {FrameKind::AlarmLow, 0xFE01, "Alarm (low priority)"}},
    {0xFEFC, 0xFEFC, {FrameKind::DcpHello, 0xFEFC, "DCP Hello"}},
    {0xFEFD, 0xFEFD, {FrameKind::DcpGetSet, 0xFEFD, "DCP Get/Set"}},
    {0xFEFE, 0xFEFE, {FrameKind::DcpIdentifyRequest, 0xFEFE, "DCP Identify request"}},
    {0xFEFF, 0xFEFF, {FrameKind::DcpIdentifyResponse, 0xFEFF, "DCP Identify response"}},
    {0xFF00, 0xFF3F, {FrameKind::TimeSync, 0xFF00, "PTCP announce, follow-up and delay"}},
    {0xFF40, 0xFF8F, {FrameKind::Fragment, 0xFF40, "Fragmented frame"}},
};
const FrameKindInfo kReserved{FrameKind::Reserved, 0xFD00, "Reserved frame id"};

// The CM interfaces share all fields of their UUID but the last byte of the first field.
constexpr std::array<std::uint8_t, 16> kPnioUuid = {0xDE, 0xA0, 0x00, 0x00, 0x6C, 0x97, 0x11, 0xD1,
                                                    0x82, 0x71, 0x00, 0xA0, 0x24, 0x42, 0xDF, 0x7D};

}  // namespace

const FrameKindInfo& frame_kind(std::uint16_t frame_id) {
  for (const Range& r : kRanges)
    if (frame_id >= r.first && frame_id <= r.last) return r.info;
  return kReserved;
}

std::string_view dcp_service_name(std::uint8_t service) {
  switch (service) {
    case 3:
      return "Get";
    case 4:
      return "Set";
    case 5:
      return "Identify";
    case 6:
      return "Hello";
    default:
      return "Unknown DCP service";
  }
}

OpClass dcp_service_op(std::uint8_t service) {
  switch (service) {
    case 3:
      return OpClass::Read;
    case 4:
      return OpClass::Write;
    case 5:
    case 6:
      return OpClass::Identification;
    default:
      return OpClass::Other;
  }
}

std::string dcp_block_name(std::uint8_t option, std::uint8_t sub) {
  switch (option) {
    case dcp_option::kIp:
      if (sub == dcp_ip::kMac) return "IP/MAC address";
      if (sub == dcp_ip::kParameter) return "IP/IP parameter";
      if (sub == dcp_ip::kFullSuite) return "IP/Full IP suite";
      break;
    case dcp_option::kDevice:
      switch (sub) {
        case dcp_device::kVendor:
          return "Device/Type of station";
        case dcp_device::kNameOfStation:
          return "Device/NameOfStation";
        case dcp_device::kDeviceId:
          return "Device/Device ID";
        case dcp_device::kRole:
          return "Device/Device role";
        case dcp_device::kOptions:
          return "Device/Device options";
        case dcp_device::kAlias:
          return "Device/Alias name";
        case dcp_device::kInstance:
          return "Device/Device instance";
        case dcp_device::kOemDeviceId:
          return "Device/OEM device ID";
        default:
          break;
      }
      break;
    case dcp_option::kDhcp:
      return "DHCP/" + std::to_string(sub);
    case dcp_option::kControl:
      switch (sub) {
        case dcp_control::kStart:
          return "Control/Start transaction";
        case dcp_control::kEnd:
          return "Control/End transaction";
        case dcp_control::kSignal:
          return "Control/Signal";
        case dcp_control::kResponse:
          return "Control/Response";
        case dcp_control::kFactoryReset:
          return "Control/Factory reset";
        case dcp_control::kResetToFactory:
          return "Control/Reset to factory";
        default:
          break;
      }
      break;
    case dcp_option::kInitiative:
      return "Device initiative";
    case dcp_option::kAll:
      return "All";
    default:
      break;
  }
  return std::to_string(option) + "/" + std::to_string(sub);
}

std::string dcp_device_roles(std::uint8_t bits) {
  static constexpr std::string_view kNames[] = {"IO-Device", "IO-Controller", "IO-Multidevice",
                                                "IO-Supervisor"};
  std::string out;
  for (int i = 0; i < 4; ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : ", ") + std::string(kNames[i]);
  return out;
}

PnioInterface pnio_interface(const std::uint8_t uuid[16]) {
  for (int i = 0; i < 16; ++i)
    if (i != 3 && uuid[i] != kPnioUuid[i]) return PnioInterface::None;
  switch (uuid[3]) {
    case 1:
      return PnioInterface::Device;
    case 2:
      return PnioInterface::Controller;
    case 3:
      return PnioInterface::Supervisor;
    case 4:
      return PnioInterface::ParameterServer;
    default:
      return PnioInterface::None;
  }
}

std::string_view pnio_interface_name(PnioInterface i) {
  switch (i) {
    case PnioInterface::Device:
      return "PNIO device";
    case PnioInterface::Controller:
      return "PNIO controller";
    case PnioInterface::Supervisor:
      return "PNIO supervisor";
    case PnioInterface::ParameterServer:
      return "PNIO parameter server";
    case PnioInterface::None:
      break;
  }
  return "not PNIO";
}

std::string_view pnio_operation_name(std::uint16_t opnum) {
  switch (opnum) {
    case pnio_op::kConnect:
      return "Connect";
    case pnio_op::kRelease:
      return "Release";
    case pnio_op::kRead:
      return "Read";
    case pnio_op::kWrite:
      return "Write";
    case pnio_op::kControl:
      return "Control";
    case pnio_op::kReadImplicit:
      return "Read Implicit";
    default:
      return "Unknown PNIO operation";
  }
}

OpClass pnio_operation_op(std::uint16_t opnum) {
  switch (opnum) {
    case pnio_op::kConnect:
    case pnio_op::kRelease:
      return OpClass::Session;
    case pnio_op::kRead:
    case pnio_op::kReadImplicit:
      return OpClass::Read;
    case pnio_op::kWrite:
      return OpClass::Write;
    case pnio_op::kControl:
      return OpClass::Control;
    default:
      return OpClass::Other;
  }
}

std::string_view rpc_packet_type_name(std::uint8_t ptype) {
  static constexpr std::string_view kNames[] = {"Request", "Ping",   "Response",  "Fault",
                                                "Working", "Nocall", "Reject",    "Ack",
                                                "Cancel",  "Fack",   "Cancel ack"};
  return ptype < std::size(kNames) ? kNames[ptype] : "Unknown";
}

}  // namespace otscope::profinet
