#include "protocols/modbus/codes.h"

#include <array>

namespace otscope::modbus {
namespace {

constexpr std::array kPublicFunctions = {
    FunctionInfo{1, "Read Coils", OpClass::Read, FunctionKind::Public},
    FunctionInfo{2, "Read Discrete Inputs", OpClass::Read, FunctionKind::Public},
    FunctionInfo{3, "Read Holding Registers", OpClass::Read, FunctionKind::Public},
    FunctionInfo{4, "Read Input Registers", OpClass::Read, FunctionKind::Public},
    FunctionInfo{5, "Write Single Coil", OpClass::Write, FunctionKind::Public},
    FunctionInfo{6, "Write Single Register", OpClass::Write, FunctionKind::Public},
    FunctionInfo{7, "Read Exception Status", OpClass::Diagnostic, FunctionKind::Public},
    FunctionInfo{8, "Diagnostics", OpClass::Diagnostic, FunctionKind::Public},
    FunctionInfo{11, "Get Comm Event Counter", OpClass::Diagnostic, FunctionKind::Public},
    FunctionInfo{12, "Get Comm Event Log", OpClass::Diagnostic, FunctionKind::Public},
    FunctionInfo{15, "Write Multiple Coils", OpClass::Write, FunctionKind::Public},
    FunctionInfo{16, "Write Multiple Registers", OpClass::Write, FunctionKind::Public},
    FunctionInfo{17, "Report Server ID", OpClass::Identification, FunctionKind::Public},
    FunctionInfo{20, "Read File Record", OpClass::File, FunctionKind::Public},
    FunctionInfo{21, "Write File Record", OpClass::File, FunctionKind::Public},
    FunctionInfo{22, "Mask Write Register", OpClass::Write, FunctionKind::Public},
    // 23 writes before it reads: the write is what matters for detection.
    FunctionInfo{23, "Read/Write Multiple Registers", OpClass::Write, FunctionKind::Public},
    FunctionInfo{24, "Read FIFO Queue", OpClass::Read, FunctionKind::Public},
    // The class of 43 depends on the MEI type: see mei_type_op().
    FunctionInfo{43, "Encapsulated Interface Transport", OpClass::Other, FunctionKind::Public},
};

constexpr bool is_user_defined(std::uint8_t f) {
  return (f >= 65 && f <= 72) || (f >= 100 && f <= 110);
}

}  // namespace

// Every code without the exception bit, looked up by index (decoding asks once per message).
constinit const std::array<FunctionInfo, 128> kFunctionTable = [] {
  std::array<FunctionInfo, 128> t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto f = static_cast<std::uint8_t>(i);
    if (f == 0) {
      t[i] = {0, "Invalid Function", OpClass::Other, FunctionKind::Invalid};
    } else if (is_user_defined(f)) {
      t[i] = {f, "User-Defined Function", OpClass::Other, FunctionKind::UserDefined};
    } else {
      t[i] = {f, "Reserved Function", OpClass::Other, FunctionKind::Reserved};
    }
  }
  for (const FunctionInfo& info : kPublicFunctions) t[info.code] = info;
  return t;
}();

std::string_view exception_name(std::uint8_t code) {
  switch (code) {
    case 1:
      return "Illegal Function";
    case 2:
      return "Illegal Data Address";
    case 3:
      return "Illegal Data Value";
    case 4:
      return "Server Device Failure";
    case 5:
      return "Acknowledge";
    case 6:
      return "Server Device Busy";
    case 7:
      return "Negative Acknowledge";  // from the older PI-MBUS-300 reference
    case 8:
      return "Memory Parity Error";
    case 10:
      return "Gateway Path Unavailable";
    case 11:
      return "Gateway Target Device Failed to Respond";
    default:
      return "Unassigned Exception Code";
  }
}

std::string_view diagnostic_name(std::uint16_t sub_function) {
  switch (sub_function) {
    case 0x00:
      return "Return Query Data";
    case 0x01:
      return "Restart Communications Option";
    case 0x02:
      return "Return Diagnostic Register";
    case 0x03:
      return "Change ASCII Input Delimiter";
    case 0x04:
      return "Force Listen Only Mode";
    case 0x0A:
      return "Clear Counters and Diagnostic Register";
    case 0x0B:
      return "Return Bus Message Count";
    case 0x0C:
      return "Return Bus Communication Error Count";
    case 0x0D:
      return "Return Bus Exception Error Count";
    case 0x0E:
      return "Return Server Message Count";
    case 0x0F:
      return "Return Server No Response Count";
    case 0x10:
      return "Return Server NAK Count";
    case 0x11:
      return "Return Server Busy Count";
    case 0x12:
      return "Return Bus Character Overrun Count";
    case 0x14:
      return "Clear Overrun Counter and Flag";
    // Defined by the older PI-MBUS-300 reference; reserved in V1.1b3 but still met in the field.
    case 0x15:
      return "Get/Clear Modbus Plus Statistics";
    default:
      return "Reserved Sub-function";
  }
}

bool diagnostic_is_defined(std::uint16_t sub_function) {
  return diagnostic_name(sub_function) != "Reserved Sub-function";
}

bool diagnostic_changes_state(std::uint16_t sub_function) {
  return sub_function == 0x01 || sub_function == 0x04 || sub_function == 0x0A ||
         sub_function == 0x14;
}

std::string_view mei_type_name(std::uint8_t mei_type) {
  switch (mei_type) {
    case kMeiCanOpenGeneralReference:
      return "CANopen General Reference";
    case kMeiReadDeviceIdentification:
      return "Read Device Identification";
    default:
      return "Reserved MEI Type";
  }
}

OpClass mei_type_op(std::uint8_t mei_type) {
  return mei_type == kMeiReadDeviceIdentification ? OpClass::Identification : OpClass::Other;
}

std::string_view read_device_id_code_name(std::uint8_t code) {
  switch (code) {
    case 1:
      return "basic";
    case 2:
      return "regular";
    case 3:
      return "extended";
    case 4:
      return "individual";
    default:
      return "invalid";
  }
}

std::string_view device_id_object_name(std::uint8_t object_id) {
  switch (object_id) {
    case 0x00:
      return "VendorName";
    case 0x01:
      return "ProductCode";
    case 0x02:
      return "MajorMinorRevision";
    case 0x03:
      return "VendorUrl";
    case 0x04:
      return "ProductName";
    case 0x05:
      return "ModelName";
    case 0x06:
      return "UserApplicationName";
    default:
      return object_id < 0x80 ? "Reserved Object" : "Private Object";
  }
}

std::string_view device_id_identity_field(std::uint8_t object_id) {
  switch (object_id) {
    case 0x00:
      return "vendor";
    case 0x01:
      return "product_code";
    case 0x02:
      return "firmware";
    case 0x03:
      return "vendor_url";
    case 0x04:
      return "product";
    case 0x05:
      return "model";
    case 0x06:
      return "user_application";
    default:
      return {};
  }
}

}  // namespace otscope::modbus
