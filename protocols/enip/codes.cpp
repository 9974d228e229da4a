#include "protocols/enip/codes.h"

#include <algorithm>
#include <iterator>

namespace otscope::enip {

namespace {

template <class Code>
struct Entry {
  Code code;
  std::string_view name;
  OpClass op;
};

template <class Code, std::size_t N>
std::optional<CodeInfo> find(const Entry<Code> (&table)[N], Code code) {
  for (const Entry<Code>& e : table)
    if (e.code == code) return CodeInfo{e.name, e.op};
  return std::nullopt;
}

template <class Code>
struct Name {
  Code code;
  std::string_view name;
};

template <class Code, std::size_t N>
std::string_view find_name(const Name<Code> (&table)[N], Code code) {
  const auto it = std::lower_bound(std::begin(table), std::end(table), code,
                                   [](const Name<Code>& n, Code c) { return n.code < c; });
  return it != std::end(table) && it->code == code ? it->name : std::string_view();
}

constexpr Entry<std::uint16_t> kCommands[] = {
    {cmd::kNop, "NOP", OpClass::Session},
    {cmd::kListServices, "List Services", OpClass::Identification},
    {cmd::kListIdentity, "List Identity", OpClass::Identification},
    {cmd::kListInterfaces, "List Interfaces", OpClass::Identification},
    {cmd::kRegisterSession, "Register Session", OpClass::Session},
    {cmd::kUnRegisterSession, "Unregister Session", OpClass::Session},
    {cmd::kSendRRData, "Send RR Data", OpClass::Other},
    {cmd::kSendUnitData, "Send Unit Data", OpClass::Other},
    {cmd::kIndicateStatus, "Indicate Status", OpClass::Other},
    {cmd::kCancel, "Cancel", OpClass::Session},
};

constexpr Name<std::uint16_t> kItems[] = {
    {item::kNullAddress, "Null Address"},           {item::kListIdentity, "CIP Identity"},
    {item::kConnectedAddress, "Connected Address"}, {item::kConnectedData, "Connected Data"},
    {item::kUnconnectedData, "Unconnected Data"},   {item::kListServices, "List Services Response"},
    {item::kSockaddrOT, "Socket Address O->T"},     {item::kSockaddrTO, "Socket Address T->O"},
    {item::kSequencedAddress, "Sequenced Address"},
};

constexpr Entry<std::uint8_t> kCommonServices[] = {
    {svc::kGetAttributesAll, "Get Attributes All", OpClass::Read},
    {svc::kSetAttributesAll, "Set Attributes All", OpClass::Write},
    {svc::kGetAttributeList, "Get Attribute List", OpClass::Read},
    {svc::kSetAttributeList, "Set Attribute List", OpClass::Write},
    {svc::kReset, "Reset", OpClass::Restart},
    {svc::kStart, "Start", OpClass::ModeChange},
    {svc::kStop, "Stop", OpClass::ModeChange},
    {svc::kCreate, "Create", OpClass::Configuration},
    {svc::kDelete, "Delete", OpClass::Configuration},
    {svc::kMultipleServicePacket, "Multiple Service Packet", OpClass::Other},
    {svc::kApplyAttributes, "Apply Attributes", OpClass::Configuration},
    {svc::kGetAttributeSingle, "Get Attribute Single", OpClass::Read},
    {svc::kSetAttributeSingle, "Set Attribute Single", OpClass::Write},
    {0x11, "Find Next Object Instance", OpClass::Read},
    {0x14, "Error Response", OpClass::Other},
    {svc::kRestore, "Restore", OpClass::Configuration},
    {svc::kSave, "Save", OpClass::Configuration},
    {0x17, "No Operation", OpClass::Diagnostic},
    {0x18, "Get Member", OpClass::Read},
    {svc::kSetMember, "Set Member", OpClass::Write},
    {0x1A, "Insert Member", OpClass::Write},
    {0x1B, "Remove Member", OpClass::Write},
    {0x1C, "Group Sync", OpClass::Other},
};

constexpr Entry<std::uint8_t> kConnectionManagerServices[] = {
    {svc::kForwardClose, "Forward Close", OpClass::Session},
    {svc::kUnconnectedSend, "Unconnected Send", OpClass::Other},
    {svc::kForwardOpen, "Forward Open", OpClass::Session},
    {0x56, "Get Connection Data", OpClass::Diagnostic},
    {0x57, "Search Connection Data", OpClass::Diagnostic},
    {0x5A, "Get Connection Owner", OpClass::Diagnostic},
    {svc::kLargeForwardOpen, "Large Forward Open", OpClass::Session},
};

constexpr Entry<std::uint8_t> kFileServices[] = {
    {svc::kInitiateUpload, "Initiate Upload", OpClass::Program},
    {svc::kInitiateDownload, "Initiate Download", OpClass::Program},
    {0x4D, "Initiate Partial Read", OpClass::File},
    {0x4E, "Initiate Partial Write", OpClass::File},
    {0x4F, "Upload Transfer", OpClass::Program},
    {0x50, "Download Transfer", OpClass::Program},
    {0x51, "Clear File", OpClass::Program},
};

// Logix tag services, addressed by a symbolic path or to the Symbol/Template objects.
constexpr Entry<std::uint8_t> kTagServices[] = {
    {0x4C, "Read Tag", OpClass::Read},
    {0x4D, "Write Tag", OpClass::Write},
    {0x4E, "Read Modify Write Tag", OpClass::Write},
    {0x52, "Read Tag Fragmented", OpClass::Read},
    {0x53, "Write Tag Fragmented", OpClass::Write},
    {0x55, "Get Instance Attribute List", OpClass::Read},
};

constexpr Entry<std::uint8_t> kControllerServices[] = {
    {svc::kControllerLock, "Lock/Unlock Controller", OpClass::Authentication},
};

constexpr Entry<std::uint8_t> kPcccServices[] = {
    {svc::kExecutePccc, "Execute PCCC", OpClass::Other},
};

constexpr Name<std::uint32_t> kClasses[] = {
    {0x01, "Identity"},
    {0x02, "Message Router"},
    {0x03, "DeviceNet"},
    {0x04, "Assembly"},
    {0x05, "Connection"},
    {0x06, "Connection Manager"},
    {0x07, "Register"},
    {0x08, "Discrete Input Point"},
    {0x09, "Discrete Output Point"},
    {0x0A, "Analog Input Point"},
    {0x0B, "Analog Output Point"},
    {0x0E, "Presence Sensing"},
    {0x0F, "Parameter"},
    {0x10, "Parameter Group"},
    {0x12, "Group"},
    {0x1D, "Discrete Input Group"},
    {0x1E, "Discrete Output Group"},
    {0x28, "Motor Data"},
    {0x29, "Control Supervisor"},
    {0x2A, "AC/DC Drive"},
    {0x2B, "Acknowledge Handler"},
    {0x37, "File"},
    {0x43, "Time Sync"},
    {0x44, "Modbus"},
    {0x48, "QoS"},
    {0x67, "PCCC"},
    {0x6B, "Symbol"},
    {0x6C, "Template"},
    {0x8E, "Controller"},
    {0xA1, "Nonvolatile Storage"},
    {0xF4, "Port"},
    {0xF5, "TCP/IP Interface"},
    {0xF6, "Ethernet Link"},
};

constexpr Name<std::uint8_t> kGeneralStatus[] = {
    {0x00, "Success"},
    {0x01, "Connection failure"},
    {0x02, "Resource unavailable"},
    {0x03, "Invalid parameter value"},
    {0x04, "Path segment error"},
    {0x05, "Path destination unknown"},
    {0x06, "Partial transfer"},
    {0x07, "Connection lost"},
    {0x08, "Service not supported"},
    {0x09, "Invalid attribute value"},
    {0x0A, "Attribute list error"},
    {0x0B, "Already in requested mode/state"},
    {0x0C, "Object state conflict"},
    {0x0D, "Object already exists"},
    {0x0E, "Attribute not settable"},
    {0x0F, "Privilege violation"},
    {0x10, "Device state conflict"},
    {0x11, "Reply data too large"},
    {0x12, "Fragmentation of a primitive value"},
    {0x13, "Not enough data"},
    {0x14, "Attribute not supported"},
    {0x15, "Too much data"},
    {0x16, "Object does not exist"},
    {0x17, "Service fragmentation sequence not in progress"},
    {0x18, "No stored attribute data"},
    {0x19, "Store operation failure"},
    {0x1A, "Routing failure, request packet too large"},
    {0x1B, "Routing failure, response packet too large"},
    {0x1C, "Missing attribute list entry data"},
    {0x1D, "Invalid attribute value list"},
    {0x1E, "Embedded service error"},
    {0x1F, "Vendor specific error"},
    {0x20, "Invalid parameter"},
    {0x21, "Write-once value or medium already written"},
    {0x22, "Invalid reply received"},
    {0x23, "Buffer overflow"},
    {0x24, "Message format error"},
    {0x25, "Key failure in path"},
    {0x26, "Path size invalid"},
    {0x27, "Unexpected attribute in list"},
    {0x28, "Invalid member ID"},
    {0x29, "Member not settable"},
    {0x2A, "Group 2 only server general failure"},
    {0x2B, "Unknown Modbus error"},
    {0x2C, "Attribute not gettable"},
};

// The ODVA vendor id list: the vendors an OT network commonly holds.
constexpr Name<std::uint16_t> kVendors[] = {
    {1, "Rockwell Automation/Allen-Bradley"},
    {2, "Namco Controls Corp."},
    {3, "Honeywell Inc."},
    {4, "Parker Hannifin Corp."},
    {5, "Rockwell Automation/Reliance Electric"},
    {7, "SMC Corporation"},
    {8, "Molex Incorporated"},
    {10, "Advanced Micro Controls Inc. (AMCI)"},
    {11, "ASCO Pneumatic Controls"},
    {12, "Banner Engineering Corp."},
    {13, "Belden Wire & Cable Company"},
    {16, "Daniel Woodhead Co."},
    {26, "Festo"},
    {37, "Yaskawa Electric America"},
    {40, "WAGO Corporation"},
    {43, "Balluff"},
    {44, "Yaskawa America, Inc."},
    {45, "Eurotherm by Schneider Electric"},
    {46, "ABB, Inc."},
    {47, "Omron Corporation"},
    {48, "TURCK"},
    {50, "Real Time Automation"},
    {56, "Softing"},
    {57, "Pepperl+Fuchs"},
    {58, "Spectrum Controls, Inc."},
    {68, "Eaton Electrical"},
    {71, "Toshiba Corporation"},
    {74, "Hitachi, Ltd."},
    {75, "ABB Robotics"},
    {77, "Rockwell Software, Inc."},
    {81, "IXXAT Automation GmbH"},
    {82, "Mitsubishi Electric Automation, Inc."},
    {83, "OPTO 22"},
    {90, "HMS Networks"},
    {94, "Advantech Corporation"},
    {95, "Square D Company"},
    {97, "Danfoss Drives A/S"},
    {108, "Beckhoff Automation"},
    {109, "National Instruments"},
    {121, "KUKA Deutschland GmbH"},
    {143, "GE Industrial Systems"},
    {145, "Siemens Energy & Automation/Drives"},
    {159, "IDEC Corporation"},
    {161, "Mitsubishi Electric Corporation"},
    {171, "Denso Wave Incorporated"},
    {176, "Red Lion"},
    {181, "Pilz GmbH & Co KG"},
    {209, "Contemporary Controls"},
    {216, "Panasonic Industrial Devices SUNX Co., Ltd."},
    {243, "Schneider Electric"},
    {248, "Eaton Industries GmbH (formerly Moeller GmbH)"},
    {250, "Yokogawa Electric Corporation"},
    {255, "Bosch Rexroth"},
    {257, "Control Techniques PLC"},
    {259, "LS ELECTRIC"},
    {283, "Hilscher GmbH"},
    {287, "Bosch Rexroth AG"},
    {309, "ProSoft Technology"},
    {315, "SEW Eurodrive GmbH"},
    {319, "Fuji Electric Group"},
    {322, "ifm electronic gmbh"},
    {326, "Intelligent Platforms, LLC."},
    {344, "KEBA Industrial Automation GmbH"},
    {345, "Endress + Hauser"},
    {356, "FANUC Robotics America"},
    {367, "Keyence Corporation"},
    {443, "Vacon Plc"},
    {562, "Phoenix Contact"},
};

// Device profiles (Vol. 1, chapter 6).
constexpr Name<std::uint16_t> kDeviceTypes[] = {
    {0x00, "Generic Device (deprecated)"},
    {0x02, "AC Drive"},
    {0x03, "Motor Overload"},
    {0x04, "Limit Switch"},
    {0x05, "Inductive Proximity Switch"},
    {0x06, "Photoelectric Sensor"},
    {0x07, "General Purpose Discrete I/O"},
    {0x09, "Resolver"},
    {0x0C, "Communications Adapter"},
    {0x0E, "Programmable Logic Controller"},
    {0x10, "Position Controller"},
    {0x13, "DC Drive"},
    {0x15, "Contactor"},
    {0x16, "Motor Starter"},
    {0x17, "Soft Start"},
    {0x18, "Human-Machine Interface"},
    {0x1A, "Mass Flow Controller"},
    {0x1B, "Pneumatic Valve"},
    {0x1C, "Vacuum Pressure Gauge"},
    {0x1D, "Process Control Value"},
    {0x1E, "Residual Gas Analyzer"},
    {0x1F, "DC Power Generator"},
    {0x20, "RF Power Generator"},
    {0x21, "Turbomolecular Vacuum Pump"},
    {0x22, "Encoder"},
    {0x23, "Safety Discrete I/O Device"},
    {0x24, "Fluid Flow Controller"},
    {0x25, "CIP Motion Drive"},
    {0x26, "CompoNet Repeater"},
    {0x27, "Mass Flow Controller, Enhanced"},
    {0x28, "CIP Modbus Device"},
    {0x29, "CIP Modbus Translator"},
    {0x2A, "Safety Analog I/O Device"},
    {0x2B, "Generic Device (keyable)"},
    {0x2C, "Managed Switch"},
    {0x32, "ControlNet Physical Layer Component"},
};

constexpr Name<std::uint8_t> kIdentityStates[] = {
    {0, "Nonexistent"},
    {1, "Device Self Testing"},
    {2, "Standby"},
    {3, "Operational"},
    {4, "Major Recoverable Fault"},
    {5, "Major Unrecoverable Fault"},
    {255, "Default for Get Attributes All"},
};

template <class Code, std::size_t N>
constexpr bool sorted(const Name<Code> (&table)[N]) {
  return std::is_sorted(std::begin(table), std::end(table),
                        [](const Name<Code>& a, const Name<Code>& b) { return a.code < b.code; });
}
static_assert(sorted(kItems) && sorted(kClasses) && sorted(kGeneralStatus) && sorted(kVendors) &&
                  sorted(kDeviceTypes) && sorted(kIdentityStates),
              "name tables are searched by bisection");

}  // namespace

std::optional<CodeInfo> encapsulation_command(std::uint16_t code) {
  return find(kCommands, code);
}

std::string_view item_name(std::uint16_t type) {
  return find_name(kItems, type);
}

std::optional<CodeInfo> cip_service(std::uint8_t service, std::uint32_t object_class,
                                    bool symbolic) {
  service &= static_cast<std::uint8_t>(~kResponseBit);
  if (service < 0x4B) return find(kCommonServices, service);
  if (symbolic || object_class == cls::kSymbol || object_class == cls::kTemplate)
    return find(kTagServices, service);
  switch (object_class) {
    case cls::kConnectionManager:
      return find(kConnectionManagerServices, service);
    case cls::kFile:
      return find(kFileServices, service);
    case cls::kController:
      return find(kControllerServices, service);
    case cls::kPccc:
      return find(kPcccServices, service);
    default:
      return std::nullopt;
  }
}

std::string_view pccc_mode_name(std::uint8_t function, std::uint8_t mode) {
  if (function == kPcccSetCpuMode) {
    if (mode == 0x01) return "PROGRAM";
    if (mode == 0x02) return "RUN";
    return {};
  }
  if (function == kPcccChangeMode) {
    switch (mode) {
      case 0x01:
        return "PROGRAM";
      case 0x06:
        return "RUN";
      case 0x07:
        return "TEST continuous";
      case 0x08:
        return "TEST single scan";
      case 0x09:
        return "TEST debug";
      default:
        return {};
    }
  }
  return {};
}

std::string_view class_name(std::uint32_t object_class) {
  return find_name(kClasses, object_class);
}

std::string_view general_status_name(std::uint8_t status) {
  return find_name(kGeneralStatus, status);
}

ExceptionKind general_status_kind(std::uint8_t status) {
  switch (status) {
    case 0x00:
      return ExceptionKind::None;
    case 0x08:
      return ExceptionKind::UnsupportedFunction;
    case 0x04:
    case 0x05:
    case 0x14:
    case 0x16:
    case 0x26:
      return ExceptionKind::BadAddress;
    default:
      return ExceptionKind::Other;
  }
}

std::string_view vendor_name(std::uint16_t vendor_id) {
  return find_name(kVendors, vendor_id);
}

std::string_view device_type_name(std::uint16_t device_type) {
  return find_name(kDeviceTypes, device_type);
}

std::string_view identity_state_name(std::uint8_t state) {
  return find_name(kIdentityStates, state);
}

}  // namespace otscope::enip
